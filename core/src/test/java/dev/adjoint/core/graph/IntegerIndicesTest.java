package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Indices and labels are integers: gather, takeAlongAxis, oneHot, pickPerRow and the fused cross-entropy take
 * INT32 and INT64 and give what they give for the same integers held in floats (the legacy, still accepted);
 * a float that is not an integer stays an error; values of any dtype can be gathered, int64 exactly.
 */
class IntegerIndicesTest {

    private static final Tensor SCORES = Tensor.uniform(Key.of(5), DType.FLOAT32, Shape.of(4, 3), -3, 3);
    private static final long[] LABELS = {2, 0, 1, 2};

    private static Tensor eval(BiFunction<Node, Node, Node> f, Tensor values, Tensor indices) {
        Node v = SourceOp.input("v", values.shape(), values.dtype());
        Node i = SourceOp.input("i", indices.shape(), indices.dtype());
        return Function.of(List.of(v, i), List.of(f.apply(v, i))).call(values, indices).get(0);
    }

    /** The same result for INT64, INT32 and float labels. */
    private static void sameForEveryIndexDtype(String what, BiFunction<Node, Node, Node> f) {
        Tensor longs = Tensor.ofLongs(Shape.of(4), LABELS);
        Tensor reference = eval(f, SCORES, longs.cast(DType.FLOAT32));
        for (DType dtype : new DType[] {DType.INT64, DType.INT32, DType.FLOAT64}) {
            Tensor y = eval(f, SCORES, longs.cast(dtype));
            assertTrue(y.sameValues(reference), what + " with " + dtype + " labels: " + y + " vs " + reference);
        }
    }

    @Test
    void indexOpsGiveTheSameResultForIntegerAndFloatIndices() {
        sameForEveryIndexDtype("gather", (v, i) -> v.gather(i, 0));
        sameForEveryIndexDtype("pickPerRow", Node::pickPerRow);
        sameForEveryIndexDtype("takeAlongAxis", (v, i) -> v.takeAlongAxis(i.unsqueeze(1), 1));
        sameForEveryIndexDtype("softmaxCrossEntropy", Node::softmaxCrossEntropy);
        sameForEveryIndexDtype("its gradient", (v, i) -> dev.adjoint.core.autodiff.Autodiff.grad(
                v.softmaxCrossEntropy(i).sum(), v));
        sameForEveryIndexDtype("oneHot", (v, i) -> i.oneHot(3, DType.FLOAT32));
    }

    @Test
    void oneHotTakesTheLabelsDtypeOrTheOneAsked() {
        Tensor labels = Tensor.ofInts(Shape.of(2), 1, 0);
        assertEquals("i32[2, 2] [[0, 1], [1, 0]]", eval((v, i) -> i.oneHot(2), labels, labels).toString());
        assertEquals("bool[2, 2] [[false, true], [true, false]]", eval((v, i) -> i.oneHot(2, DType.BOOL), labels,
                labels).toString());
    }

    @Test
    void valuesOfAnyDtypeAreGatheredExactly() {
        long big = (1L << 62) + 1;
        Tensor table = Tensor.ofLongs(Shape.of(3, 2), big, 1, 2, 3, 4, -big);
        Tensor rows = Tensor.ofInts(Shape.of(2), 2, 0);
        assertEquals("i64[2, 2] [[4, -4611686018427387905], [4611686018427387905, 1]]",
                eval((v, i) -> v.gather(i, 0), table, rows).toString());
        Tensor flags = Tensor.ofBooleans(Shape.of(2, 2), true, false, false, true);
        assertEquals("bool[2, 1] [[false], [true]]", eval((v, i) -> v.takeAlongAxis(i, 1), flags,
                Tensor.ofLongs(Shape.of(2, 1), 1, 1)).toString());
    }

    /**
     * lookup is gather along axis 0 for indices in [0, rows): the same values and gradients there, and a negative
     * index, which gather counts from the end, an error in the lookup and in its gradient's scatter-add.
     */
    @Test
    void lookupIsGatherWithoutIndicesCountedFromTheEnd() {
        Tensor rows = Tensor.ofLongs(Shape.of(2, 2), 3, 0, 0, 2);
        assertTrue(eval(IndexOp::lookup, SCORES, rows).sameValues(eval((v, i) -> v.gather(i, 0), SCORES, rows)));
        BiFunction<Node, Node, Node> lookupGradient = (v, i) -> dev.adjoint.core.autodiff.Autodiff.grad(
                IndexOp.lookup(v, i).square().sum(), v);
        assertTrue(eval(lookupGradient, SCORES, rows).sameValues(eval((v, i) -> dev.adjoint.core.autodiff.Autodiff
                .grad(v.gather(i, 0).square().sum(), v), SCORES, rows)));
        Tensor negative = Tensor.ofLongs(Shape.of(2, 2), 3, 0, -1, 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> eval(IndexOp::lookup, SCORES, negative));
        assertEquals("lookup: indices must be integers in [0, 4), got -1 at position [1, 0] of indices [2, 2]",
                e.getMessage());
        BiFunction<Node, Node, Node> gradientOnly = (v, i) -> dev.adjoint.core.autodiff.Autodiff.grad(
                IndexOp.lookup(v, i).sum(), v);
        IndexOutOfBoundsException inGradient = assertThrows(IndexOutOfBoundsException.class,
                () -> eval(gradientOnly, SCORES, negative));
        assertTrue(inGradient.getMessage().startsWith("gradient of lookup: indices must be integers in [0, 4), got -1"),
                "a function of the gradient only (the lookup's value unused) names the lookup, not its adjoint: "
                        + inGradient.getMessage());
        rejects(IllegalArgumentException.class, () -> IndexOp.lookup(SourceOp.scalar(1.0, DType.FLOAT64),
                SourceOp.input("i", Shape.of(2), DType.INT64)), "lookup: the table must have rows", "f64[]");
    }

    @Test
    void badIndicesAreReportedWithTheirPositionAndValue() {
        IndexOutOfBoundsException big = assertThrows(IndexOutOfBoundsException.class,
                () -> eval((v, i) -> v.gather(i, 0), SCORES, Tensor.ofLongs(Shape.of(2), 1, 4)));
        assertEquals("gather: indices must be integers in [-4, 4) (a negative one counts from the end), got 4 at"
                + " position [1] of indices [2]", big.getMessage());
        IndexOutOfBoundsException negative = assertThrows(IndexOutOfBoundsException.class,
                () -> eval((v, i) -> v.gather(i, 0), SCORES, Tensor.ofInts(Shape.of(1), -5)));
        assertTrue(negative.getMessage().contains("got -5 at position [0]"), negative.getMessage());
        assertEquals(eval((v, i) -> v.gather(i, 0), SCORES, Tensor.ofInts(Shape.of(2), 3, 0)).toString(),
                eval((v, i) -> v.gather(i, 0), SCORES, Tensor.ofInts(Shape.of(2), -1, -4)).toString(),
                "a negative index counts from the end");
        IndexOutOfBoundsException classLabel = assertThrows(IndexOutOfBoundsException.class,
                () -> eval((v, i) -> v.takeAlongAxis(i, 0), SCORES, Tensor.ofInts(Shape.of(1, 3), -1, 0, 0)));
        assertTrue(classLabel.getMessage().contains("in [0, 4), got -1"),
                "takeAlongAxis carries labels: -1 is an error, " + classLabel.getMessage());
        IndexOutOfBoundsException fraction = assertThrows(IndexOutOfBoundsException.class,
                () -> eval((v, i) -> v.gather(i, 0), SCORES, Tensor.vector(0.5)));
        assertTrue(fraction.getMessage().contains("got 0.5"), "a float label that is not an integer stays an error: "
                + fraction.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> eval(Node::softmaxCrossEntropy, SCORES, Tensor.vector(0, 1, 1.5, 2)));
        assertTrue(label.getMessage().contains("label 1.5 at row 2"), label.getMessage());
        Node v = SourceOp.input("v", Shape.of(4, 3));
        rejects(IllegalArgumentException.class, () -> v.gather(SourceOp.input("m", Shape.of(2), DType.BOOL), 0),
                "gather(0): indices must be integer (i32 or i64; f32 or f64 holding integers is accepted as a legacy),"
                        + " got bool; insert a cast, e.g. labels.cast(DType.INT64)");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(4, 3), DType.INT64)
                .softmaxCrossEntropy(SourceOp.input("y", Shape.of(4), DType.INT64)),
                "softmaxCrossEntropy: logits must be floating-point (f32 or f64), got i64");
    }
}
