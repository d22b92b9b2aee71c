package dev.adjoint.nn.loss;

import static dev.adjoint.nn.loss.LossFixture.tensor;
import static dev.adjoint.nn.loss.LossFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Values against hand-computed expectations, in float64 and float32 graphs. Most cases are the examples of
 * the Keras 3 docstrings (their rounded results are also asserted, to 1e-3), so they pin Keras semantics.
 */
class LossValuesTest {

    private static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 1e-6 : 1e-12;
    }

    private static void assertLoss(double expected, double actual, DType dtype) {
        assertEquals(expected, actual, tolerance(dtype) * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void meanSquaredErrorAveragesSquaredErrors(DType dtype) {
        // Keras: MeanSquaredError()([[0, 1], [0, 0]], [[1, 1], [1, 0]]) = 0.5
        double l = value(new MeanSquaredError(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 1, 1, 1, 0));
        assertLoss(0.5, l, dtype);
        assertLoss((0.25 + 4 + 0.01) / 3, value(new MeanSquaredError(), tensor(dtype, 1, 3, 1, 2, 3),
                tensor(dtype, 1, 3, 1.5, 0, 3.1)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void meanAbsoluteErrorAveragesAbsoluteErrors(DType dtype) {
        double l = value(new MeanAbsoluteError(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 1, 1, 1, 0));
        assertLoss(0.5, l, dtype);
        assertLoss((0.5 + 2 + 0.25) / 3, value(new MeanAbsoluteError(), tensor(dtype, 1, 3, 1, 2, 3),
                tensor(dtype, 1, 3, 1.5, 0, 3.25)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void meanAbsolutePercentageErrorDividesByTheTargetWithKerasEpsilon(DType dtype) {
        // Keras: MeanAbsolutePercentageError()([[0, 1], [0, 0]], [[1, 1], [0, 0]]) = 250000000.0 (a zero target
        // divides by 1e-7)
        double l = value(new MeanAbsolutePercentageError(), tensor(dtype, 2, 2, 0, 1, 0, 0),
                tensor(dtype, 2, 2, 1, 1, 0, 0));
        assertEquals(2.5e8, l, 2.5e8 * (dtype == DType.FLOAT32 ? 1e-6 : 1e-12));
        assertLoss(100 * (0.5 / 2 + 1.0 / 4 + 0.5 / 0.5) / 3, value(new MeanAbsolutePercentageError(),
                tensor(dtype, 1, 3, 2, -4, 0.5), tensor(dtype, 1, 3, 1.5, -3, 1)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void meanSquaredLogarithmicErrorComparesLogsOfOnePlusTheClippedValues(DType dtype) {
        // Keras: MeanSquaredLogarithmicError()([[0, 1], [0, 0]], [[1, 1], [0, 0]]) = 0.12011322
        double l = value(new MeanSquaredLogarithmicError(), tensor(dtype, 2, 2, 0, 1, 0, 0),
                tensor(dtype, 2, 2, 1, 1, 0, 0));
        assertLoss(Math.pow(Math.log(2) - Math.log1p(1e-7), 2) / 4, l, dtype);
        assertEquals(0.12011322, l, 1e-7);
        // a negative prediction counts as 1e-7
        assertLoss(Math.pow(Math.log1p(1e-7) - Math.log(4), 2), value(new MeanSquaredLogarithmicError(),
                tensor(dtype, 1, 1, 3), tensor(dtype, 1, 1, -2)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void huberIsQuadraticInsideDeltaAndLinearOutside(DType dtype) {
        // Keras: Huber()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 0.155
        double l = value(new Huber(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss((0.18 + 0.18 + 0.08 + 0.18) / 4, l, dtype);
        assertEquals(0.155, l, 1e-3);
        // errors 0.5 (inside), -3 and 2.5 (outside delta = 1.5): 0.125, 1.5 (3 - 0.75), 1.5 (2.5 - 0.75)
        double outside = value(new Huber(1.5), tensor(dtype, 1, 3, 0, 0, 0), tensor(dtype, 1, 3, 0.5, -3, 2.5));
        assertLoss((0.125 + 1.5 * (3 - 0.75) + 1.5 * (2.5 - 0.75)) / 3, outside, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryCrossEntropyFromProbabilities(DType dtype) {
        // Keras: BinaryCrossentropy()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 0.815
        double l = value(new BinaryCrossEntropy(), tensor(dtype, 2, 2, 0, 1, 0, 0),
                tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss(-(3 * Math.log(0.4) + Math.log(0.6)) / 4, l, dtype);
        assertEquals(0.815, l, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryCrossEntropyClipsProbabilitiesToEpsilon(DType dtype) {
        // p = 0 for y = 1 and p = 1 for y = 0: each term is -ln(eps) (up to the dtype's rounding of 1 - eps).
        double l = value(new BinaryCrossEntropy(), tensor(dtype, 1, 2, 1, 0), tensor(dtype, 1, 2, 0, 1));
        double upper = dtype.round(1 - Losses.EPSILON);
        double expected = (-Math.log(dtype.round(Losses.EPSILON)) - Math.log(1 - upper)) / 2;
        assertEquals(expected, l, 1e-5 * expected);
        assertEquals(-Math.log(1e-7), l, dtype == DType.FLOAT32 ? 0.2 : 1e-6);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryCrossEntropyFromLogits(DType dtype) {
        // Keras: BinaryCrossentropy(from_logits=True)([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]) = 0.865
        Tensor yTrue = Tensor.of(dtype, Shape.of(4), 0, 1, 0, 0);
        Tensor yPred = Tensor.of(dtype, Shape.of(4), -18.6, 0.51, 2.94, -12.8);
        double l = value(new BinaryCrossEntropy(true), yTrue, yPred);
        double expected = (Math.log1p(Math.exp(-18.6)) + Math.log1p(Math.exp(-0.51)) + Math.log1p(Math.exp(2.94))
                + Math.log1p(Math.exp(-12.8))) / 4;
        assertLoss(expected, l, dtype);
        assertEquals(0.865, l, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryCrossEntropyAcceptsSoftTargets(DType dtype) {
        double y = 0.25;
        double z = 1.5;
        double p = 1 / (1 + Math.exp(-z));
        double expected = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
        assertLoss(expected, value(new BinaryCrossEntropy(true), Tensor.of(dtype, Shape.of(1), y),
                Tensor.of(dtype, Shape.of(1), z)), dtype);
        assertLoss(expected, value(new BinaryCrossEntropy(false), Tensor.of(dtype, Shape.of(1), y),
                Tensor.of(dtype, Shape.of(1), p)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalCrossEntropyFromProbabilities(DType dtype) {
        // Keras: CategoricalCrossentropy()([[0, 1, 0], [0, 0, 1]], [[.05, .95, 0], [.1, .8, .1]]) = 1.177
        double l = value(new CategoricalCrossEntropy(), tensor(dtype, 2, 3, 0, 1, 0, 0, 0, 1),
                tensor(dtype, 2, 3, 0.05, 0.95, 0, 0.1, 0.8, 0.1));
        assertLoss(-(Math.log(0.95) + Math.log(0.1)) / 2, l, dtype);
        assertEquals(1.177, l, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalCrossEntropyRenormalizesProbabilitiesLikeKeras(DType dtype) {
        // A row summing to 2 is divided by its sum first: q = [0.25, 0.75].
        double l = value(new CategoricalCrossEntropy(), tensor(dtype, 1, 2, 0, 1), tensor(dtype, 1, 2, 0.5, 1.5));
        assertLoss(-Math.log(0.75), l, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalCrossEntropyFromLogitsIsMinusLogSoftmaxOfTheLabel(DType dtype) {
        double[] z = {1, 2, 3, -1, 0, 4};
        double l = value(new CategoricalCrossEntropy(true), tensor(dtype, 2, 3, 0, 0, 1, 0.5, 0.5, 0),
                tensor(dtype, 2, 3, z));
        double lse0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
        double lse1 = Math.log(Math.exp(-1) + Math.exp(0) + Math.exp(4));
        double soft = -(0.5 * (-1 - lse1) + 0.5 * (0 - lse1));
        assertLoss(((lse0 - 3) + soft) / 2, l, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalCrossEntropyAveragesOverNonClassAxes(DType dtype) {
        // [2 examples, 2 steps, 2 classes]: four per-position losses, averaged.
        Tensor yTrue = Tensor.of(dtype, Shape.of(2, 2, 2), 1, 0, 0, 1, 1, 0, 1, 0);
        Tensor yPred = Tensor.of(dtype, Shape.of(2, 2, 2), 0.5, 0.5, 0.2, 0.8, 0.9, 0.1, 0.4, 0.6);
        double expected = -(Math.log(0.5) + Math.log(0.8) + Math.log(0.9) + Math.log(0.4)) / 4;
        assertLoss(expected, value(new CategoricalCrossEntropy(), yTrue, yPred), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void sparseCategoricalCrossEntropyEqualsTheOneHotForm(DType dtype) {
        // Keras: SparseCategoricalCrossentropy()([1, 2], [[.05, .95, 0], [.1, .8, .1]]) = 1.177
        Tensor probabilities = tensor(dtype, 2, 3, 0.05, 0.95, 0, 0.1, 0.8, 0.1);
        double l = value(new SparseCategoricalCrossEntropy(), Tensor.of(dtype, Shape.of(2), 1, 2), probabilities);
        assertLoss(-(Math.log(0.95) + Math.log(0.1)) / 2, l, dtype);
        assertEquals(1.177, l, 1e-3);
        double keras = value(new SparseCategoricalCrossEntropy(), Tensor.of(dtype, Shape.of(2, 1), 1, 2),
                probabilities);
        assertEquals(l, keras, 0.0, "labels [N, 1] are accepted like [N]");
        Tensor logits = tensor(dtype, 2, 3, 1, 2, 3, -1, 0, 4);
        assertLoss(value(new CategoricalCrossEntropy(true), tensor(dtype, 2, 3, 0, 1, 0, 1, 0, 0), logits),
                value(new SparseCategoricalCrossEntropy(true), Tensor.of(dtype, Shape.of(2), 1, 0), logits), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void hingeConvertsZeroOneLabels(DType dtype) {
        // Keras: Hinge()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 1.3 (labels become [[-1, 1], [-1, -1]])
        double l = value(new Hinge(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss((1.6 + 0.6 + 1.4 + 1.6) / 4, l, dtype);
        assertEquals(1.3, l, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void hingeUsesMinusOneOneLabelsAsGiven(DType dtype) {
        // 1 - y p = [1 - 2, 1 - 0.25, 1 + 0.5, 1 - 3] -> [0, 0.75, 1.5, 0]
        double l = value(new Hinge(), tensor(dtype, 2, 2, 1, 1, -1, -1), tensor(dtype, 2, 2, 2, 0.25, 0.5, -3));
        assertLoss((0.75 + 1.5) / 4, l, dtype);
        // A batch of all-1 labels is binary, and 2 * 1 - 1 = 1 leaves it unchanged.
        assertLoss(0.5 / 2, value(new Hinge(), tensor(dtype, 1, 2, 1, 1), tensor(dtype, 1, 2, 0.5, 2)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void squaredHingeSquaresTheMargins(DType dtype) {
        // Keras: SquaredHinge()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 1.86
        double l = value(new SquaredHinge(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss((2.56 + 0.36 + 1.96 + 2.56) / 4, l, dtype);
        assertEquals(1.86, l, 1e-3);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void labelsOfAnotherDtypeAreCast(DType dtype) {
        DType other = dtype == DType.FLOAT64 ? DType.FLOAT32 : DType.FLOAT64;
        double l = value(new MeanSquaredError(), tensor(other, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 1, 1, 1, 0));
        assertLoss(0.5, l, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void klDivergenceSumsOverTheLastAxisWithBothClippedToEpsilonAndOne(DType dtype) {
        // Keras: KLDivergence()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 0.458
        // row 0: p = [1e-7, 1] (0 clipped up), q = [0.6, 0.4]: 1e-7 ln(1e-7 / 0.6) + 1 ln(1 / 0.4) = 0.916289...
        // row 1: p = [1e-7, 1e-7]: 1e-7 (ln(1e-7 / 0.4) + ln(1e-7 / 0.6)) = -3.08e-6; the mean of both rows
        double e = 1e-7;
        double row0 = e * Math.log(e / 0.6) + Math.log(1 / 0.4);
        double row1 = e * (Math.log(e / 0.4) + Math.log(e / 0.6));
        double l = value(new KLDivergence(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss((row0 + row1) / 2, l, dtype);
        assertEquals(0.458, l, 1e-3);
        // soft targets [0.25, 0.75] against [0.5, 0.5]: 0.25 ln(0.5) + 0.75 ln(1.5) = -0.173287 + 0.304099 = 0.130812
        assertLoss(0.25 * Math.log(0.5) + 0.75 * Math.log(1.5), value(new KLDivergence(),
                tensor(dtype, 1, 2, 0.25, 0.75), tensor(dtype, 1, 2, 0.5, 0.5)), dtype);
        // equal distributions: 0
        assertLoss(0, value(new KLDivergence(), tensor(dtype, 1, 3, 0.2, 0.3, 0.5), tensor(dtype, 1, 3, 0.2, 0.3, 0.5)),
                dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void poissonIsTheRateMinusTheCountTimesTheLogOfTheRate(DType dtype) {
        // Keras: Poisson()([[0, 1], [0, 0]], [[1, 1], [0, 0]]) = 0.5
        // terms: 1 - 0, 1 - 1 ln(1 + 1e-7), 0 - 0 ln(1e-7), 0 - 0: (2 - ln(1 + 1e-7)) / 4
        double l = value(new Poisson(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 1, 1, 0, 0));
        assertLoss((2 - Math.log1p(1e-7)) / 4, l, dtype);
        assertEquals(0.5, l, 1e-3);
        // counts [2, 3], rates [0.5, 4]: (0.5 - 2 ln 0.5) + (4 - 3 ln 4) = 1.886294 + (-0.158883), halved
        assertLoss((0.5 - 2 * Math.log(0.5 + 1e-7) + 4 - 3 * Math.log(4 + 1e-7)) / 2, value(new Poisson(),
                tensor(dtype, 1, 2, 2, 3), tensor(dtype, 1, 2, 0.5, 4)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logCoshIsTheMeanLogOfTheHyperbolicCosineOfTheErrors(DType dtype) {
        // Keras: LogCosh()([[0, 1], [0, 0]], [[1, 1], [0, 0]]) = 0.108: one error of 1, ln(cosh(1)) = 0.433781 / 4
        double l = value(new LogCosh(), tensor(dtype, 2, 2, 0, 1, 0, 0), tensor(dtype, 2, 2, 1, 1, 0, 0));
        assertLoss(Math.log(Math.cosh(1)) / 4, l, dtype);
        assertEquals(0.108, l, 1e-3);
        // errors 0.5, -2 and 3: ln cosh is even, 0.120115 + 1.325003 + 2.309397, over 3
        assertLoss((Math.log(Math.cosh(0.5)) + Math.log(Math.cosh(2)) + Math.log(Math.cosh(3))) / 3,
                value(new LogCosh(), tensor(dtype, 1, 3, 1, 2, -1), tensor(dtype, 1, 3, 1.5, 0, 2)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void cosineSimilarityIsMinusTheCosineAlongTheAxis(DType dtype) {
        // Keras: CosineSimilarity(axis=1)([[0, 1], [1, 1]], [[1, 0], [1, 1]]) = -0.5: cosines 0 and 1, negated, mean
        double l = value(new CosineSimilarity(1), tensor(dtype, 2, 2, 0, 1, 1, 1), tensor(dtype, 2, 2, 1, 0, 1, 1));
        assertLoss(-0.5, l, dtype);
        assertEquals(l, value(new CosineSimilarity(), tensor(dtype, 2, 2, 0, 1, 1, 1), tensor(dtype, 2, 2, 1, 0, 1, 1)),
                0.0, "axis 1 is the last axis -1 here");
        // [3, 4] and [4, 3]: (12 + 12) / (5 * 5) = 0.96, whatever the lengths ([40, 30] is the same direction)
        assertLoss(-0.96, value(new CosineSimilarity(), tensor(dtype, 1, 2, 3, 4), tensor(dtype, 1, 2, 40, 30)), dtype);
        // opposite directions: 1
        assertLoss(1, value(new CosineSimilarity(), tensor(dtype, 1, 2, 1, -2), tensor(dtype, 1, 2, -0.5, 1)), dtype);
        // [1, 2, 2]: along axis 1 the vectors are the columns, along -1 the rows
        Tensor yTrue = Tensor.of(dtype, Shape.of(1, 2, 2), 1, 0, 0, 1);
        Tensor yPred = Tensor.of(dtype, Shape.of(1, 2, 2), 1, 2, 3, 4);
        // columns: (1, 0).(1, 3) / sqrt(10) and (0, 1).(2, 4) / sqrt(20); rows: (1, 0).(1, 2) / sqrt(5), 4 / 5
        assertLoss(-(1 / Math.sqrt(10) + 4 / Math.sqrt(20)) / 2, value(new CosineSimilarity(1), yTrue, yPred), dtype);
        assertLoss(-(1 / Math.sqrt(5) + 0.8) / 2, value(new CosineSimilarity(-1), yTrue, yPred), dtype);
        // Keras 3 floors the norm at 1e-7 (Keras 2's l2_normalize floored its square at 1e-12): a prediction of
        // norm 5e-7 is a unit vector (Keras 2: half of one), one of norm 5e-8 half of one
        assertLoss(-1, value(new CosineSimilarity(), tensor(dtype, 1, 2, 1, 0), tensor(dtype, 1, 2, 5e-7, 0)), dtype);
        assertLoss(-0.5, value(new CosineSimilarity(), tensor(dtype, 1, 2, 1, 0), tensor(dtype, 1, 2, 5e-8, 0)),
                dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalHingeComparesTheTrueScoreWithTheBestOther(DType dtype) {
        // Keras: CategoricalHinge()([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]) = 1.4
        // row 0: pos = 0.4, neg = max(0.6, 0) = 0.6: 0.6 - 0.4 + 1 = 1.2; row 1: pos = 0, neg = 0.6: 1.6
        double l = value(new CategoricalHinge(), tensor(dtype, 2, 2, 0, 1, 0, 0),
                tensor(dtype, 2, 2, 0.6, 0.4, 0.4, 0.6));
        assertLoss((1.2 + 1.6) / 2, l, dtype);
        assertEquals(1.4, l, 1e-3);
        // a margin of 2.3 > 1 gives 0 (0.2 - 2.5 + 1 < 0); a wrong lead of 0.4 gives 1.4 (0.9 - 0.5 + 1)
        assertLoss((0 + 1.4) / 2, value(new CategoricalHinge(), tensor(dtype, 2, 3, 0, 0, 1, 1, 0, 0),
                tensor(dtype, 2, 3, 0.2, -1, 2.5, 0.5, 0.9, -2)), dtype);
    }

    /** Over no classes the hinge is 0, as Keras's (its max over nothing is -inf, and relu(-inf + 1) = 0). */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalHingeOverNoClassesIsZero(DType dtype) {
        assertEquals(0.0, value(new CategoricalHinge(), tensor(dtype, 2, 0), tensor(dtype, 2, 0)));
    }

    /** The new losses against their formulas written out element by element, on random values. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void theKerasLossesMatchTheirFormulasElementByElement(DType dtype) {
        int n = 5;
        int c = 4;
        double[] t = Tensor.uniform(Key.of(11), DType.FLOAT64, Shape.of(n, c), 0, 1).toDoubleArray();
        double[] p = Tensor.uniform(Key.of(12), DType.FLOAT64, Shape.of(n, c), 0, 1).toDoubleArray();
        double[] z = Tensor.normal(Key.of(13), DType.FLOAT64, Shape.of(n, c), 0, 3).toDoubleArray();
        double kld = 0;
        double poisson = 0;
        double logCosh = 0;
        double cosine = 0;
        double hinge = 0;
        for (int i = 0; i < n; i++) {
            double dot = 0;
            double tt = 0;
            double zz = 0;
            double pos = 0;
            double neg = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                int k = i * c + j;
                double a = Math.min(Math.max(t[k], 1e-7), 1);
                double b = Math.min(Math.max(p[k], 1e-7), 1);
                kld += a * Math.log(a / b);
                poisson += p[k] - t[k] * Math.log(p[k] + 1e-7);
                logCosh += Math.log(Math.cosh(z[k] - t[k]));
                dot += t[k] * z[k];
                tt += t[k] * t[k];
                zz += z[k] * z[k];
                pos += t[k] * z[k];
                neg = Math.max(neg, (1 - t[k]) * z[k]);
            }
            cosine -= dot / Math.sqrt(tt) / Math.sqrt(zz);
            hinge += Math.max(neg - pos + 1, 0);
        }
        Tensor yTrue = tensor(dtype, n, c, t);
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        assertEquals(kld / n, value(new KLDivergence(), yTrue, tensor(dtype, n, c, p)), tol);
        assertEquals(poisson / (n * c), value(new Poisson(), yTrue, tensor(dtype, n, c, p)), tol);
        assertEquals(logCosh / (n * c), value(new LogCosh(), yTrue, tensor(dtype, n, c, z)), tol);
        assertEquals(cosine / n, value(new CosineSimilarity(), yTrue, tensor(dtype, n, c, z)), tol);
        assertEquals(hinge / n, value(new CategoricalHinge(), yTrue, tensor(dtype, n, c, z)), tol);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void categoricalLabelSmoothingMovesEachTargetTowardsOneOverTheClassCount(DType dtype) {
        // ls = 0.3, C = 3: [0, 1, 0] becomes [0.1, 0.8, 0.1] (y 0.7 + 0.1); the loss is the cross-entropy against it
        double[] z = {1, 2, -0.5};
        double lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(-0.5));
        double expected = -(0.1 * (1 - lse) + 0.8 * (2 - lse) + 0.1 * (-0.5 - lse));
        Tensor yTrue = tensor(dtype, 1, 3, 0, 1, 0);
        assertLoss(expected, value(new CategoricalCrossEntropy(true, 0.3), yTrue, tensor(dtype, 1, 3, z)), dtype);
        // from probabilities, q = [0.2, 0.5, 0.3]: -(0.1 ln 0.2 + 0.8 ln 0.5 + 0.1 ln 0.3)
        assertLoss(-(0.1 * Math.log(0.2) + 0.8 * Math.log(0.5) + 0.1 * Math.log(0.3)), value(
                new CategoricalCrossEntropy(false, 0.3), yTrue, tensor(dtype, 1, 3, 0.2, 0.5, 0.3)), dtype);
        // it equals the unsmoothed loss of the smoothed targets
        assertLoss(value(new CategoricalCrossEntropy(true), tensor(dtype, 1, 3, 0.1, 0.8, 0.1), tensor(dtype, 1, 3, z)),
                value(new CategoricalCrossEntropy(true, 0.3), yTrue, tensor(dtype, 1, 3, z)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryLabelSmoothingSqueezesTargetsTowardsOneHalf(DType dtype) {
        // ls = 0.2: 1 becomes 0.9 and 0 becomes 0.1 (y 0.8 + 0.1); logits 1.5 and -0.5
        double z0 = 1.5;
        double z1 = -0.5;
        double term0 = Math.log1p(Math.exp(-z0)) + (1 - 0.9) * z0; // softplus(z) - y z = log1p(e^-z) + (1 - y) z
        double term1 = Math.log1p(Math.exp(-z1)) + (1 - 0.1) * z1;
        Tensor yTrue = Tensor.of(dtype, Shape.of(2), 1, 0);
        assertLoss((term0 + term1) / 2, value(new BinaryCrossEntropy(true, 0.2), yTrue,
                Tensor.of(dtype, Shape.of(2), z0, z1)), dtype);
        // from probabilities 0.7 and 0.4: -(0.9 ln 0.7 + 0.1 ln 0.3) and -(0.1 ln 0.4 + 0.9 ln 0.6)
        double expected = (-(0.9 * Math.log(0.7) + 0.1 * Math.log(0.3)) - (0.1 * Math.log(0.4) + 0.9 * Math.log(0.6)))
                / 2;
        assertLoss(expected, value(new BinaryCrossEntropy(false, 0.2), yTrue, Tensor.of(dtype, Shape.of(2), 0.7, 0.4)),
                dtype);
        // ls = 1: every target is 0.5
        assertLoss(value(new BinaryCrossEntropy(true), Tensor.of(dtype, Shape.of(2), 0.5, 0.5),
                Tensor.of(dtype, Shape.of(2), z0, z1)), value(new BinaryCrossEntropy(true, 1), yTrue,
                        Tensor.of(dtype, Shape.of(2), z0, z1)), dtype);
    }

    /** Label smoothing 0, the default, adds no op: the graph and the value are the ones without it, bit for bit. */
    @org.junit.jupiter.api.Test
    void labelSmoothingZeroLeavesTheGraphAsItWas() {
        dev.adjoint.core.graph.Node t = dev.adjoint.core.graph.SourceOp.input("t", Shape.of(Shape.BATCH, 3));
        dev.adjoint.core.graph.Node p = dev.adjoint.core.graph.SourceOp.input("p", Shape.of(Shape.BATCH, 3));
        for (boolean fromLogits : new boolean[] {true, false}) {
            for (Loss[] pair : new Loss[][] {
                {new CategoricalCrossEntropy(fromLogits), new CategoricalCrossEntropy(fromLogits, 0)},
                {new BinaryCrossEntropy(fromLogits), new BinaryCrossEntropy(fromLogits, 0)}}) {
                dev.adjoint.core.graph.Node plain = pair[0].apply(t, p);
                dev.adjoint.core.graph.Node zero = pair[1].apply(t, p);
                assertEquals(GraphPrinter.print(plain), GraphPrinter.print(zero), pair[1].toString());
                assertEquals(nodeCount(plain), nodeCount(zero), pair[1].toString());
                dev.adjoint.core.graph.Node smoothed = pair[1] instanceof CategoricalCrossEntropy
                        ? new CategoricalCrossEntropy(fromLogits, 0.1).apply(t, p)
                        : new BinaryCrossEntropy(fromLogits, 0.1).apply(t, p);
                assertTrue(nodeCount(smoothed) > nodeCount(plain), "smoothing adds y * (1 - ls) + c");
            }
        }
        Tensor y = tensor(DType.FLOAT32, 2, 3, 0, 1, 0, 1, 0, 0);
        Tensor q = tensor(DType.FLOAT32, 2, 3, 0.2, 0.7, 0.1, 0.5, 0.3, 0.2);
        for (Loss[] pair : new Loss[][] {{new CategoricalCrossEntropy(), new CategoricalCrossEntropy(false, 0)},
            {new BinaryCrossEntropy(), new BinaryCrossEntropy(false, 0)}}) {
            assertEquals(Double.doubleToRawLongBits(value(pair[0], y, q)), Double.doubleToRawLongBits(value(pair[1], y,
                    q)));
        }
    }

    /** The nodes of a graph, each counted once. */
    private static int nodeCount(dev.adjoint.core.graph.Node root) {
        java.util.Set<dev.adjoint.core.graph.Node> seen = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<dev.adjoint.core.graph.Node> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
        while (!todo.isEmpty()) {
            dev.adjoint.core.graph.Node node = todo.pop();
            if (seen.add(node)) {
                todo.addAll(node.inputs());
            }
        }
        return seen.size();
    }

    /** Cross-entropies' targets are probabilities: 0, 1 and smoothed labels pass, others are named by row. */
    @org.junit.jupiter.api.Test
    void crossEntropyTargetsOutsideZeroOneAreRejectedWithTheirRow() {
        BinaryCrossEntropy bce = new BinaryCrossEntropy(true);
        bce.checkTargets(Tensor.of(Shape.of(4, 1), 0, 1, 0.05, 0.95), Shape.of(Shape.BATCH, 1));
        for (double bad : new double[] {2, -0.5, Double.NaN}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> bce.checkTargets(Tensor.of(Shape.of(3, 1), 0, 1, bad), Shape.of(Shape.BATCH, 1)));
            org.junit.jupiter.api.Assertions.assertEquals("BinaryCrossEntropy: yTrue must hold probabilities in [0, 1],"
                    + " got " + bad + " at row 2", e.getMessage());
        }
        CategoricalCrossEntropy cce = new CategoricalCrossEntropy(true);
        cce.checkTargets(Tensor.of(Shape.of(2, 2), 0, 1, 0.1, 0.9), Shape.of(Shape.BATCH, 2));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> cce.checkTargets(Tensor.of(Shape.of(2, 2), 0, 1, 2, -1), Shape.of(Shape.BATCH, 2)));
        org.junit.jupiter.api.Assertions.assertEquals("CategoricalCrossEntropy: yTrue must hold probabilities in"
                + " [0, 1], got 2.0 at row 1", e.getMessage());
    }
}
