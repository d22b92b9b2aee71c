package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Values against hand-computed expectations (many from the Keras 3 docstrings), in float64 and float32. */
class MetricValuesTest {

    static double value(Metric metric, Tensor yTrue, Tensor yPred) {
        Node t = SourceOp.input("yTrue", yTrue.shape(), yTrue.dtype());
        Node p = SourceOp.input("yPred", yPred.shape(), yPred.dtype());
        Node m = metric.apply(t, p);
        assertEquals(Shape.scalar(), m.shape());
        assertEquals(yPred.dtype(), m.dtype());
        return Evaluator.evaluate(m, Bindings.of(t, yTrue).and(p, yPred)).item();
    }

    private static Tensor matrix(DType dtype, int rows, int cols, double... data) {
        return Tensor.of(dtype, Shape.of(rows, cols), data);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void accuracyComparesArgmaxes(DType dtype) {
        // Keras: CategoricalAccuracy()([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]) = 0.5
        assertEquals(0.5, value(new CategoricalAccuracy(), matrix(dtype, 2, 3, 0, 0, 1, 0, 1, 0),
                matrix(dtype, 2, 3, 0.1, 0.9, 0.8, 0.05, 0.95, 0)));
        assertEquals(1.0, value(new CategoricalAccuracy(), matrix(dtype, 1, 3, 0, 0, 1),
                matrix(dtype, 1, 3, -5, -4, -3)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void accuracyTiesGoToTheFirstMaximalClassLikeKerasArgmax(DType dtype) {
        Tensor tied = matrix(dtype, 3, 3, 0.4, 0.4, 0.2, 0.4, 0.4, 0.2, 1, 1, 1);
        // labels 0, 1, 2: correct, wrong (class 0 comes first), wrong
        assertEquals(1.0 / 3, value(new CategoricalAccuracy(), matrix(dtype, 3, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1), tied),
                1e-7);
        assertEquals(1.0 / 3, value(new SparseCategoricalAccuracy(), Tensor.of(dtype, Shape.of(3), 0, 1, 2), tied),
                1e-7);
        // Constant outputs (e.g. a zero-initialized network) score the share of class-0 labels, not 100%.
        assertEquals(0.25, value(new SparseCategoricalAccuracy(), Tensor.of(dtype, Shape.of(4), 0, 1, 2, 1),
                Tensor.zeros(dtype, Shape.of(4, 3))));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void sparseCategoricalAccuracyComparesLabelsWithArgmax(DType dtype) {
        // Keras: SparseCategoricalAccuracy()([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]) = 0.5
        Tensor scores = matrix(dtype, 2, 3, 0.1, 0.6, 0.3, 0.05, 0.95, 0);
        assertEquals(0.5, value(new SparseCategoricalAccuracy(), matrix(dtype, 2, 1, 2, 1), scores));
        assertEquals(0.5, value(new SparseCategoricalAccuracy(), Tensor.of(dtype, Shape.of(2), 2, 1), scores));
        // [N, T, C] with labels [N, T]: averaged over all positions.
        Tensor sequence = Tensor.of(dtype, Shape.of(1, 2, 2), 0.9, 0.1, 0.3, 0.7);
        assertEquals(0.5, value(new SparseCategoricalAccuracy(), matrix(dtype, 1, 2, 0, 0), sequence));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void binaryAccuracyThresholdsStrictly(DType dtype) {
        // Keras: BinaryAccuracy()([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]) = 0.75
        assertEquals(0.75, value(new BinaryAccuracy(), matrix(dtype, 4, 1, 1, 1, 0, 0),
                matrix(dtype, 4, 1, 0.98, 1, 0, 0.6)));
        // 0.5 is not > 0.5: predicted 0.
        assertEquals(1.0, value(new BinaryAccuracy(), matrix(dtype, 1, 2, 0, 1), matrix(dtype, 1, 2, 0.5, 0.51)));
        // Logits with threshold 0.
        assertEquals(2.0 / 3, value(new BinaryAccuracy(0), matrix(dtype, 1, 3, 1, 0, 1), matrix(dtype, 1, 3, 3, -2,
                -0.1)), 1e-7);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void topKCountsClassesScoringStrictlyHigher(DType dtype) {
        // Keras: TopKCategoricalAccuracy(k=1)([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]) = 0.5
        Tensor oneHot = matrix(dtype, 2, 3, 0, 0, 1, 0, 1, 0);
        Tensor scores = matrix(dtype, 2, 3, 0.1, 0.9, 0.8, 0.05, 0.95, 0);
        assertEquals(0.5, value(new TopKCategoricalAccuracy(1), oneHot, scores));
        assertEquals(1.0, value(new TopKCategoricalAccuracy(2), oneHot, scores));
        assertEquals(1.0, value(new TopKCategoricalAccuracy(), oneHot, scores), "k = 5 > C");
        Tensor labels = Tensor.of(dtype, Shape.of(2), 2, 1);
        assertEquals(0.5, value(new SparseTopKCategoricalAccuracy(1), labels, scores));
        assertEquals(1.0, value(new SparseTopKCategoricalAccuracy(2), labels, scores));
        // Rank 4 of 4 for label 0 here: in the top 4, not the top 3.
        Tensor four = matrix(dtype, 1, 4, 0.1, 0.2, 0.3, 0.4);
        assertEquals(0.0, value(new SparseTopKCategoricalAccuracy(3), Tensor.of(dtype, Shape.of(1), 0), four));
        assertEquals(1.0, value(new SparseTopKCategoricalAccuracy(4), Tensor.of(dtype, Shape.of(1), 0), four));
        // A sequence [N, T, C]: every position counts once, as Keras's reshape to [-1, C]. Labels 2, 0 / 1, 2:
        // ranks 2, 3 / 1, 3 of 3, so 2 of 4 positions are in the top 2, and 1 of 4 in the top 1.
        Tensor sequence = Tensor.of(dtype, Shape.of(2, 2, 3), 0.1, 0.9, 0.8, 0.2, 0.3, 0.5, 0, 1, 0.5, 0.3, 0.2,
                0.1);
        Tensor sequenceLabels = Tensor.of(dtype, Shape.of(2, 2), 2, 0, 1, 2);
        assertEquals(0.5, value(new SparseTopKCategoricalAccuracy(2), sequenceLabels, sequence));
        assertEquals(0.25, value(new SparseTopKCategoricalAccuracy(1), sequenceLabels, sequence));
        Tensor sequenceOneHot = Tensor.of(dtype, Shape.of(2, 2, 3), 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertEquals(0.5, value(new TopKCategoricalAccuracy(2), sequenceOneHot, sequence));
        assertEquals(1.0, value(new TopKCategoricalAccuracy(3), sequenceOneHot, sequence));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void topKCountsTiesInTheTrueClassFavour(DType dtype) {
        // All tied: nothing scores strictly higher, so top-1 is correct for every label (unlike CategoricalAccuracy).
        Tensor tied = Tensor.zeros(dtype, Shape.of(3, 3));
        Tensor labels = Tensor.of(dtype, Shape.of(3), 0, 1, 2);
        assertEquals(1.0, value(new SparseTopKCategoricalAccuracy(1), labels, tied));
        assertEquals(1.0 / 3, value(new SparseCategoricalAccuracy(), labels, tied), 1e-7);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void errorMetricsAreTheLosses(DType dtype) {
        Tensor yTrue = matrix(dtype, 2, 2, 0, 1, 0, 0);
        Tensor yPred = matrix(dtype, 2, 2, 1, 1, 1, 0);
        assertEquals(0.5, value(new LossMetric(new MeanAbsoluteError()), yTrue, yPred));
        assertEquals(0.5, value(new LossMetric(new MeanSquaredError()), yTrue, yPred));
        assertEquals((0.25 + 4) / 2, value(new LossMetric(new MeanSquaredError()), matrix(dtype, 1, 2, 1, 2),
                matrix(dtype, 1, 2, 1.5, 0)));
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void rowsWithNanCountAsWrong(DType dtype) {
        Tensor scores = matrix(dtype, 2, 2, Double.NaN, 1, 0.2, 0.8);
        assertEquals(0.5, value(new SparseCategoricalAccuracy(), Tensor.of(dtype, Shape.of(2), 1, 1), scores));
        assertEquals(0.5, value(new CategoricalAccuracy(), matrix(dtype, 2, 2, 0, 1, 0, 1), scores));
    }

    /** A NaN score at the label is never in the top k (Keras's in_top_k on every backend), nor the argmax. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void aNaNScoreAtTheLabelIsNotInTheTopK(DType dtype) {
        Tensor scores = matrix(dtype, 2, 3, Double.NaN, 0.9, 0.1, 0.2, Double.NaN, 0.1);
        Tensor labels = Tensor.of(dtype, Shape.of(2), 0, 0);
        // row 0: the label's score is NaN; row 1: another class's NaN is not higher than the label's 0.2
        assertEquals(0.5, value(new SparseTopKCategoricalAccuracy(1), labels, scores));
        assertEquals(0.5, value(new SparseTopKCategoricalAccuracy(2), labels, scores));
        assertEquals(0.5, value(new TopKCategoricalAccuracy(1), matrix(dtype, 2, 3, 1, 0, 0, 1, 0, 0), scores));
        assertEquals(0.0, value(new SparseCategoricalAccuracy(), labels, scores), "a NaN row has no argmax");
    }

    /** Labels are checked when the metric is evaluated: one outside [0, C), or not an integer, is an error. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void sparseAccuracyRejectsALabelThatIsNotAClass(DType dtype) {
        Tensor scores = matrix(dtype, 2, 3, 0.1, 0.6, 0.3, 0.05, 0.95, 0);
        for (double bad : new double[] {3, 1.5, -1}) {
            IndexOutOfBoundsException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IndexOutOfBoundsException.class, () -> value(new SparseCategoricalAccuracy(),
                            Tensor.of(dtype, Shape.of(2), 1, bad), scores));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
        }
        Tensor sequenceScores = Tensor.of(dtype, Shape.of(1, 2, 3), 0.1, 0.6, 0.3, 0.05, 0.95, 0);
        assertEquals(0.5, value(new SparseCategoricalAccuracy(), Tensor.of(DType.INT64, Shape.of(1, 2), 1, 0),
                sequenceScores));
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> value(
                new SparseCategoricalAccuracy(), Tensor.of(DType.INT64, Shape.of(1, 2), 1, 3), sequenceScores));
    }
}
