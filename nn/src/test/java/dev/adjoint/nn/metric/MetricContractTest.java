package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.adjoint.nn.loss.MeanAbsoluteError;
import dev.adjoint.nn.loss.MeanSquaredError;
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
                new CategoricalAccuracy().apply(oneHot, scores),
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
        List<Node> metrics = List.of(new CategoricalAccuracy().apply(oneHot, scores),
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
                    GradCheck.check(Metrics.byName("mae").apply(t, p), List.of(t, p), at).assertPassed();
                    GradCheck.check(Metrics.byName("mse").apply(t, p), List.of(t, p), at).assertPassed();
                });
    }

    @Test
    void byNameUsesKerasNamesAndDefaults() {
        assertEquals(new Accuracy(), Metrics.byName("accuracy"));
        assertEquals(new CategoricalAccuracy(), Metrics.byName("categorical_accuracy"));
        assertEquals(new BinaryAccuracy(0.5), Metrics.byName("binary_accuracy"));
        assertEquals(new TopKCategoricalAccuracy(5), Metrics.byName("top_k_categorical_accuracy"));
        assertEquals(new SparseTopKCategoricalAccuracy(5), Metrics.byName("sparse_top_k_categorical_accuracy"));
        assertEquals(new LossMetric(new MeanAbsoluteError()), Metrics.byName("mean_absolute_error"));
        // an alias is reported under the name it was asked by, as Keras's compile names a string metric
        assertEquals(new NamedMetric("mae", new LossMetric(new MeanAbsoluteError())), Metrics.byName("mae"));
        assertEquals(new NamedMetric("mse", new LossMetric(new MeanSquaredError())), Metrics.byName("mse"));
        assertEquals(new NamedMetric("acc", new Accuracy()), Metrics.byName("acc"));
        for (String name : Metrics.names()) {
            Metric metric = Metrics.byName(name);
            assertEquals(metric, Metrics.byName(metric.name()), name);
            if (!(metric instanceof CountingMetric)) { // Keras's class names "Precision", "AUC": a counting
                // metric keeps its own name
                assertEquals(name, metric.name(), "reported under the name asked by");
            }
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Metrics.byName("acuracy")).getMessage()
                .startsWith("metric: unknown name, got 'acuracy'; known names: AUC, Accuracy, BCE, BinaryAccuracy, "));
    }

    @Test
    void accuracyResolvesFromTheLossAndTheOutputShapeAsKerasDoes() {
        Shape one = Shape.of(Shape.BATCH, 1);
        Shape ten = Shape.of(Shape.BATCH, 10);
        assertEquals(new Accuracy(Accuracy.Kind.BINARY, 0.5),
                new Accuracy().resolvedFor(new BinaryCrossEntropy(), one));
        assertEquals(new Accuracy(Accuracy.Kind.BINARY, 0.0),
                new Accuracy().resolvedFor(new BinaryCrossEntropy(true), ten), "multi-label logits");
        assertEquals(new Accuracy(Accuracy.Kind.BINARY, 0.5), new Accuracy().resolvedFor(new MeanSquaredError(), one));
        assertEquals(new Accuracy(Accuracy.Kind.SPARSE_CATEGORICAL, 0.5),
                new Accuracy().resolvedFor(new SparseCategoricalCrossEntropy(true), ten));
        assertEquals(new Accuracy(Accuracy.Kind.CATEGORICAL, 0.5),
                new Accuracy().resolvedFor(new CategoricalCrossEntropy(), ten));
        assertEquals(new Accuracy(Accuracy.Kind.CATEGORICAL, 0.5),
                new Accuracy().resolvedFor(new Hinge(), ten));
        Accuracy resolved = new Accuracy(Accuracy.Kind.BINARY, 0.3);
        assertEquals(resolved, resolved.resolvedFor(new SparseCategoricalCrossEntropy(), ten), "kept once resolved");
        assertEquals(List.of(new Accuracy(Accuracy.Kind.BINARY, 0.0), new LossMetric(new MeanSquaredError())),
                Metrics.resolvedFor(List.of(new Accuracy(), new LossMetric(new MeanSquaredError())),
                        new BinaryCrossEntropy(true), one));
    }

    @Test
    void unresolvedAccuracyPicksByShapesAloneOutsideCompile() {
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH));
        Node oneHot = SourceOp.input("oneHot", Shape.of(Shape.BATCH, 3));
        Node scores = SourceOp.input("scores", Shape.of(Shape.BATCH, 3));
        Node unit = SourceOp.input("unit", Shape.of(Shape.BATCH, 1));
        Node column = SourceOp.input("column", Shape.of(Shape.BATCH, 1));
        Function f = Function.of(List.of(labels, oneHot, scores, unit, column), List.of(
                new Accuracy().apply(labels, scores), new Accuracy().apply(oneHot, scores),
                new Accuracy().apply(column, unit)));
        Tensor s = Tensor.matrix(new double[][] {{0.1, 0.8, 0.1}, {0.6, 0.3, 0.1}});
        List<Tensor> out = f.call(Tensor.vector(1, 1), Tensor.matrix(new double[][] {{0, 1, 0}, {0, 1, 0}}), s,
                Tensor.matrix(new double[][] {{0.7}, {0.2}}), Tensor.matrix(new double[][] {{1}, {1}}));
        assertEquals(0.5, out.get(0).item(), "sparse");
        assertEquals(0.5, out.get(1).item(), "categorical");
        assertEquals(0.5, out.get(2).item(), "binary, threshold 0.5: 0.7 is 1, 0.2 is 0");
    }

    @Test
    void categoricalMetricsOverOneClassAreErrors() {
        Node unit = SourceOp.input("unit", Shape.of(Shape.BATCH, 1));
        Node labels = SourceOp.input("labels", Shape.of(Shape.BATCH));
        String hint = "a categorical metric needs a class axis of at least 2, got yPred [N, 1]; one output unit is a"
                + " binary problem: use binary_accuracy, or \"accuracy\", which compile resolves to it";
        assertEquals("CategoricalAccuracy: " + hint, assertThrows(IllegalArgumentException.class,
                () -> new CategoricalAccuracy().apply(unit, unit)).getMessage());
        assertEquals("SparseCategoricalAccuracy: " + hint, assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalAccuracy().apply(labels, unit)).getMessage());
        assertEquals("TopKCategoricalAccuracy: " + hint, assertThrows(IllegalArgumentException.class,
                () -> new TopKCategoricalAccuracy(1).apply(unit, unit)).getMessage());
        assertEquals("SparseTopKCategoricalAccuracy: " + hint, assertThrows(IllegalArgumentException.class,
                () -> new SparseTopKCategoricalAccuracy(1).apply(labels, unit)).getMessage());
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
        assertEquals("CategoricalAccuracy: yTrue and yPred must have equal shapes, got [N, 5] and [N, 4]",
                assertThrows(IllegalArgumentException.class, () -> new Accuracy().apply(wrong, scores)).getMessage());
        assertEquals("SparseCategoricalAccuracy: yTrue must have shape [N] (integer labels) for yPred [N, 4], got"
                + " [N, 4]; one-hot targets [N, 4] take CategoricalAccuracy (integer labels take"
                + " SparseCategoricalAccuracy)", assertThrows(IllegalArgumentException.class,
                        () -> new SparseCategoricalAccuracy().apply(scores, scores)).getMessage());
        Node vector = SourceOp.input("vector", Shape.of(Shape.BATCH));
        assertEquals("TopKCategoricalAccuracy: the class axis must be concrete and non-empty, got [N]",
                assertThrows(IllegalArgumentException.class,
                        () -> new TopKCategoricalAccuracy(2).apply(vector, vector)).getMessage());
        Node batchClasses = SourceOp.input("batchClasses", Shape.of(2, Shape.BATCH));
        assertEquals("CategoricalAccuracy: the class axis must be concrete and non-empty, got [2, N]",
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
