package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.loss.Hinge;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import org.junit.jupiter.api.Test;
import java.util.List;

/** Symbolic batch size, gradients, lookup by name and errors. */
class MetricContractTest {

    private static final int C = 4;

    @Test
    void oneFunctionServesTwoBatchSizes() {
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH));
        Node oneHot = SourceOp.input("oneHot", Shape.of(Shape.BATCH, C));
        Node scores = SourceOp.input("scores", Shape.of(Shape.BATCH, C));
        Function f = Function.of(List.of(labels, oneHot, scores), List.of(
                new SparseCategoricalAccuracy().apply(labels, scores),
                new Accuracy().apply(oneHot, scores),
                new SparseTopKCategoricalAccuracy(2).apply(labels, scores),
                new TopKCategoricalAccuracy(2).apply(oneHot, scores)));
        for (int n : new int[] {3, 8}) {
            Tensor s = Tensor.uniform(Key.of(n), DType.FLOAT64, Shape.of(n, C), -1, 1);
            double[] l = new double[n];
            double[] h = new double[n * C];
            int top1 = 0;
            int top2 = 0;
            Key.Stream stream = Key.of(-n).stream();
            for (int i = 0; i < n; i++) {
                l[i] = stream.nextInt(C);
                h[i * C + (int) l[i]] = 1;
                int higher = 0;
                for (int c = 0; c < C; c++) {
                    higher += s.get(i, c) > s.get(i, (int) l[i]) ? 1 : 0;
                }
                top1 += higher == 0 ? 1 : 0;
                top2 += higher < 2 ? 1 : 0;
            }
            List<Tensor> out = f.call(Tensor.of(Shape.of(n), l), Tensor.of(Shape.of(n, C), h), s);
            assertEquals((double) top1 / n, out.get(0).item(), 1e-15, "N = " + n);
            assertEquals((double) top1 / n, out.get(1).item(), 1e-15);
            assertEquals((double) top2 / n, out.get(2).item(), 1e-15);
            assertEquals((double) top2 / n, out.get(3).item(), 1e-15);
        }
    }

    @Test
    void accuraciesHaveZeroGradient() {
        Node labels = SourceOp.input("labels", Shape.of(3));
        Node oneHot = SourceOp.input("oneHot", Shape.of(3, C));
        Node scores = SourceOp.input("scores", Shape.of(3, C));
        Tensor s = Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(3, C), -1, 1);
        List<Node> metrics = List.of(new Accuracy().apply(oneHot, scores),
                new SparseCategoricalAccuracy().apply(labels, scores),
                new TopKCategoricalAccuracy(2).apply(oneHot, scores),
                new SparseTopKCategoricalAccuracy(2).apply(labels, scores),
                new BinaryAccuracy().apply(oneHot, scores));
        for (Node m : metrics) {
            Node g = Autodiff.grad(m, scores);
            Tensor value = Function.of(List.of(labels, oneHot, scores), List.of(g))
                    .call(Tensor.vector(0, 1, 2), Tensor.zeros(Shape.of(3, C)), s).get(0);
            for (double v : value.toDoubleArray()) {
                assertEquals(0.0, v, m.toString());
            }
        }
    }

    @Test
    void errorMetricGradientsMatchCentralDifferences() {
        Property.forAll(Gens.shapes(1, 3, 4).flatMap(shape -> Gens.tensors(shape, Domain.AWAY_FROM_ZERO,
                DType.FLOAT64))).named("metric gradients").tries(20).check(d -> {
                    Node t = SourceOp.input("yTrue", d.shape());
                    Node p = SourceOp.input("yPred", d.shape());
                    Bindings at = Bindings.of(t, Tensor.zeros(d.shape())).and(p, d);
                    GradCheck.check(new MeanAbsoluteError().apply(t, p), List.of(t, p), at).assertPassed();
                    GradCheck.check(new MeanSquaredError().apply(t, p), List.of(t, p), at).assertPassed();
                });
    }

    @Test
    void byNameUsesKerasNamesAndDefaults() {
        assertEquals(new Accuracy(), Metrics.byName("accuracy"));
        assertEquals(new Accuracy(), Metrics.byName("categorical_accuracy"));
        assertEquals(new BinaryAccuracy(0.5), Metrics.byName("binary_accuracy"));
        assertEquals(new TopKCategoricalAccuracy(5), Metrics.byName("top_k_categorical_accuracy"));
        assertEquals(new SparseTopKCategoricalAccuracy(5), Metrics.byName("sparse_top_k_categorical_accuracy"));
        assertEquals(new MeanAbsoluteError(), Metrics.byName("mae"));
        assertEquals(new MeanSquaredError(), Metrics.byName("mse"));
        for (String name : Metrics.names()) {
            Metric metric = Metrics.byName(name);
            assertEquals(metric, Metrics.byName(metric.name()), name);
        }
        assertEquals("metric: unknown name, got 'auc'; known names: accuracy, binary_accuracy, categorical_accuracy,"
                + " mae, mean_absolute_error, mean_squared_error, mse, sparse_categorical_accuracy,"
                + " sparse_top_k_categorical_accuracy, top_k_categorical_accuracy",
                assertThrows(IllegalArgumentException.class, () -> Metrics.byName("auc")).getMessage());
    }

    @Test
    void accuracyForPicksTheAccuracyOfACrossEntropy() {
        assertEquals(new BinaryAccuracy(0.5), Metrics.accuracyFor(new BinaryCrossEntropy()));
        assertEquals(new BinaryAccuracy(0.0), Metrics.accuracyFor(new BinaryCrossEntropy(true)));
        assertEquals(new Accuracy(), Metrics.accuracyFor(new CategoricalCrossEntropy(true)));
        assertEquals(new SparseCategoricalAccuracy(), Metrics.accuracyFor(new SparseCategoricalCrossEntropy()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracyFor(new Hinge()));
        assertEquals("accuracyFor: loss must be a cross-entropy to choose binary, categorical or sparse accuracy,"
                + " got hinge; name the metric instead (binary_accuracy, accuracy, sparse_categorical_accuracy)",
                e.getMessage());
    }

    @Test
    void invalidParametersAndShapesAreRejected() {
        assertEquals("TopKCategoricalAccuracy: k must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(0)).getMessage());
        assertEquals("SparseTopKCategoricalAccuracy: k must be >= 1, got -2",
                assertThrows(IllegalArgumentException.class, () -> new SparseTopKCategoricalAccuracy(-2)).getMessage());
        assertEquals("BinaryAccuracy: threshold must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> new BinaryAccuracy(Double.NaN)).getMessage());
        Node scores = SourceOp.input("scores", Shape.of(Shape.BATCH, C));
        Node wrong = SourceOp.input("wrong", Shape.of(Shape.BATCH, C + 1));
        assertEquals("Accuracy: yTrue and yPred must have equal shapes, got [N, 5] and [N, 4]",
                assertThrows(IllegalArgumentException.class, () -> new Accuracy().apply(wrong, scores)).getMessage());
        assertEquals("SparseCategoricalAccuracy: yTrue must have shape [N] (integer labels) for yPred [N, 4], got"
                + " [N, 4]", assertThrows(IllegalArgumentException.class,
                        () -> new SparseCategoricalAccuracy().apply(scores, scores)).getMessage());
        Node sequence = SourceOp.input("sequence", Shape.of(Shape.BATCH, 3, C));
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH, 3));
        assertEquals("SparseTopKCategoricalAccuracy: yPred must have shape [N, C], got [N, 3, 4]",
                assertThrows(IllegalArgumentException.class,
                        () -> new SparseTopKCategoricalAccuracy(2).apply(labels, sequence)).getMessage());
        Node batchClasses = SourceOp.input("batchClasses", Shape.of(2, Shape.BATCH));
        assertEquals("Accuracy: the class axis must be concrete and non-empty, got [2, N]",
                assertThrows(IllegalArgumentException.class, () -> new Accuracy().apply(batchClasses, batchClasses))
                        .getMessage());
        for (String name : Metrics.names()) {
            assertEquals("yTrue is null", assertThrows(NullPointerException.class,
                    () -> Metrics.byName(name).apply(null, scores)).getMessage());
            assertEquals("yPred is null", assertThrows(NullPointerException.class,
                    () -> Metrics.byName(name).apply(scores, null)).getMessage());
        }
    }
}
