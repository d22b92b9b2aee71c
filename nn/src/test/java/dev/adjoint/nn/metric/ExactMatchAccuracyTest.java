package dev.adjoint.nn.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.loss.CategoricalCrossEntropy;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Sgd;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Metrics.byName("Accuracy")} is Keras's {@code keras.metrics.Accuracy}, the element-wise exact match; the
 * expected values are NumPy's {@code np.mean(y_true == y_pred)}.
 */
class ExactMatchAccuracyTest {

    private static Function metric(Metric m, Shape y, Shape p, boolean perStep) {
        Node t = SourceOp.input("y", y.with(0, Shape.BATCH));
        Node q = SourceOp.input("p", p.with(0, Shape.BATCH));
        return Function.of(List.of(t, q), List.of(perStep ? m.perStep(t, q) : m.apply(t, q)));
    }

    @Test
    void theClassNameGivesTheElementwiseExactMatchOfKerasMetricsAccuracy() {
        Metric m = Metrics.byName("Accuracy");
        assertEquals("Accuracy", m.name(), "logged under the name asked by");
        assertInstanceOf(ExactMatchAccuracy.class, Metrics.unnamed(m));
        assertInstanceOf(Accuracy.class, Metrics.byName("accuracy"), "the string keeps compile's resolved accuracy");
        Tensor y = Tensor.of(Shape.of(3, 2), 1, 2, 3, 4, 0, 0);
        Tensor p = Tensor.of(Shape.of(3, 2), 1, 2.5, 3, 4, 1, 0);
        // np.mean(y_true == y_pred) = 0.6666666666666666
        assertEquals(2.0 / 3, metric(m, y.shape(), p.shape(), false).call(y, p).get(0).item(), 1e-15);
        Tensor labels = Tensor.vector(0, 1, 2, 2);
        Tensor indices = Tensor.of(Shape.of(4, 1), 0, 1, 1, 2);
        // labels [N] against predictions [N, 1], squeezed as Keras does: np.mean(lt == lp[:, 0]) = 0.75
        assertEquals(0.75, metric(m, labels.shape(), indices.shape(), false).call(labels, indices).get(0).item(),
                1e-15);
        Tensor st = Tensor.of(Shape.of(2, 2, 2), 1, 0, 1, 1, 0, 0, 2, 2);
        Tensor sp = Tensor.of(Shape.of(2, 2, 2), 1, 1, 1, 1, 0, 0, 2, 0);
        // np.mean(st == sp, axis=-1) = [[0.5, 1], [1, 0.5]]
        assertArrayEquals(new double[] {0.5, 1, 1, 0.5},
                metric(m, st.shape(), sp.shape(), true).call(st, sp).get(0).toDoubleArray(), 1e-15);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> metric(m, Shape.of(3, 2), Shape.of(3, 3), false));
        assertEquals("ExactMatchAccuracy: yTrue and yPred must have equal shapes, got [N, 2] and [N, 3]",
                e.getMessage());
    }

    @Test
    void aModelCompiledWithItIsSavedAndLoaded(@TempDir Path dir) throws Exception {
        Sequential model = Blobs.classifier(1);
        // one-hot targets, which the exact match reads (sparse labels [N] against [N, 3] are refused at compile)
        model.compile(Sgd.defaults(), new CategoricalCrossEntropy(true), Metrics.byName("Accuracy"));
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.compilation(), loaded.compilation());
    }
}
