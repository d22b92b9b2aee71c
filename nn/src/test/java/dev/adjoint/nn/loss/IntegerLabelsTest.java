package dev.adjoint.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.metric.SparseTopKCategoricalAccuracy;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * The sparse losses and metrics take integer labels, as Keras users pass them, and give exactly what they give
 * for the same labels held in floats (the legacy, still accepted); bool labels and labels out of range are
 * refused with the row named.
 */
class IntegerLabelsTest {

    private static final Tensor LOGITS = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(6, 4), -2, 2);
    private static final long[] LABELS = {3, 0, 1, 1, 2, 0};

    private static Tensor value(BiFunction<Node, Node, Node> f, Tensor labels) {
        Node y = SourceOp.input("y", labels.shape().with(0, Shape.BATCH), labels.dtype());
        Node z = SourceOp.input("z", Shape.of(Shape.BATCH, 4), DType.FLOAT32);
        return Function.of(List.of(y, z), List.of(f.apply(y, z))).call(labels, LOGITS).get(0);
    }

    private static void sameForIntegerAndFloatLabels(String what, BiFunction<Node, Node, Node> f) {
        Tensor longs = Tensor.ofLongs(Shape.of(6), LABELS);
        for (Shape shape : new Shape[] {Shape.of(6), Shape.of(6, 1)}) {
            Tensor reference = value(f, longs.cast(DType.FLOAT32).reshape(shape));
            for (DType dtype : new DType[] {DType.INT64, DType.INT32, DType.FLOAT64}) {
                Tensor v = value(f, longs.cast(dtype).reshape(shape));
                assertTrue(v.sameValues(reference), what + " with " + dtype + shape + " labels: " + v + " vs "
                        + reference);
            }
        }
    }

    @Test
    void sparseLossesAndMetricsGiveTheSameValuesForIntegerLabels() {
        sameForIntegerAndFloatLabels("cross-entropy from logits", new SparseCategoricalCrossEntropy(true)::apply);
        sameForIntegerAndFloatLabels("cross-entropy from probabilities",
                (y, z) -> new SparseCategoricalCrossEntropy(false).apply(y, z.softmax(-1)));
        Metric accuracy = new SparseCategoricalAccuracy();
        sameForIntegerAndFloatLabels("accuracy", accuracy::apply);
        Metric top2 = new SparseTopKCategoricalAccuracy(2);
        sameForIntegerAndFloatLabels("top-2 accuracy", top2::apply);
    }

    @Test
    void boolLabelsAndLabelsOutOfRangeAreRefused() {
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH), DType.BOOL);
        Node z = SourceOp.input("z", Shape.of(Shape.BATCH, 4), DType.FLOAT32);
        IllegalArgumentException bool = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossEntropy(true).apply(y, z));
        assertTrue(bool.getMessage().startsWith("SparseCategoricalCrossEntropy: yTrue must be integer (i32 or i64;"),
                bool.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossEntropy(true).checkTargets(Tensor.ofLongs(Shape.of(3), 0, 4, 1),
                        Shape.of(Shape.BATCH, 4)));
        assertEquals("SparseCategoricalCrossEntropy: yTrue must hold integer class labels in [0, 4), got 4 at row 1",
                range.getMessage());
    }

    /**
     * Over a sequence ({@code [N, T, C]} scores, {@code [N, T]} labels) float labels are read as indices, as for
     * {@code [N, C]}: an integer value gives its class, 1.5 or -0.5 is an error at evaluation (it was truncated).
     */
    @Test
    void sequenceLabelsThatAreNotClassesAreAnErrorAtEvaluation() {
        Tensor scores = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(1, 2, 3), -2, 2);
        Node y = SourceOp.input("y", Shape.of(1, 2));
        Node z = SourceOp.input("z", Shape.of(1, 2, 3));
        for (boolean fromLogits : new boolean[] {true, false}) {
            Function loss = Function.of(List.of(y, z), List.of(new SparseCategoricalCrossEntropy(fromLogits).apply(y,
                    fromLogits ? z : z.softmax(-1))));
            Tensor ints = Tensor.ofLongs(Shape.of(1, 2), 1, 2);
            Node yi = SourceOp.input("yi", Shape.of(1, 2), DType.INT64);
            Tensor expected = Function.of(List.of(yi, z), List.of(new SparseCategoricalCrossEntropy(fromLogits)
                    .apply(yi, fromLogits ? z : z.softmax(-1)))).call(ints, scores).get(0);
            assertTrue(expected.sameValues(loss.call(Tensor.of(Shape.of(1, 2), 1, 2), scores).get(0)));
            for (double bad : new double[] {1.5, -0.5, 3}) {
                IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                        () -> loss.call(Tensor.of(Shape.of(1, 2), 1, bad), scores));
                assertTrue(e.getMessage().contains("[0, 3)"), e.getMessage());
            }
        }
    }
}
