package dev.adjoint.nn.loss;

import static dev.adjoint.nn.loss.LossFixture.tensor;
import static dev.adjoint.nn.loss.LossFixture.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.tensor.DType;
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
