package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The movement ops follow NumPy's and PyTorch's conventions where both agree: a negative axis of a permutation counts
 * from the end, and {@code tril}/{@code triu} take every dtype. The expected values were printed by NumPy
 * ({@code np.transpose(x, axes)}, {@code np.tril}, {@code np.triu}).
 */
class MovementConventionsTest {

    private static Tensor eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0);
    }

    @Test
    void aNegativeAxisOfAPermutationCountsFromTheEnd() {
        Tensor x = Tensor.ofLongs(Shape.of(2, 3, 4), java.util.stream.LongStream.range(0, 24).toArray());
        Tensor y = eval(x, n -> n.permute(0, -1, 1));
        assertEquals(Shape.of(2, 4, 3), y.shape());
        assertArrayEquals(new long[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, 12, 16, 20, 13, 17, 21, 14, 18, 22, 15,
            19, 23}, y.toLongArray(), "np.transpose(x, (0, -1, 1))");
        Node a = SourceOp.input("a", Shape.of(2, 3));
        rejects(IllegalArgumentException.class, () -> a.permute(1, -1), "permute: axes must be a permutation of"
                + " 0..1, got [1, -1] for a : f64[2, 3]; a negative axis counts from the end");
        rejects(IllegalArgumentException.class, () -> a.permute(0, -3), "got [0, -3] for a : f64[2, 3]");
    }

    @Test
    void trilAndTriuTakeIntegersAndBoolsExactly() {
        Tensor m = Tensor.ofLongs(Shape.of(3, 4), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertArrayEquals(new long[] {0, 0, 0, 0, 5, 0, 0, 0, 9, 10, 0, 0}, eval(m, x -> x.tril(-1)).toLongArray());
        assertArrayEquals(new long[] {0, 2, 3, 4, 0, 0, 7, 8, 0, 0, 0, 12}, eval(m, x -> x.triu(1)).toLongArray());
        Tensor b = Tensor.ofBooleans(Shape.of(2, 3), true, false, true, true, true, false);
        assertArrayEquals(new boolean[] {true, false, false, true, true, false}, eval(b, Node::tril).toBooleanArray());
        assertArrayEquals(new boolean[] {false, false, true, false, false, false},
                eval(b, x -> x.triu(1)).toBooleanArray());
        Tensor big = Tensor.ofLongs(Shape.of(2, 2), (1L << 62) + 1, 3, 5, (1L << 62) + 3);
        assertArrayEquals(new long[] {(1L << 62) + 1, 0, 5, (1L << 62) + 3}, eval(big, Node::tril).toLongArray(),
                "int64 beyond 2^53 kept exactly");
    }
}
