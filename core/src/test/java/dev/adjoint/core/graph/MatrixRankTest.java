package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * matrixRank gives PyTorch's ranks (printed by PyTorch 1.13: {@code torch.linalg.matrix_rank}, with its default
 * tolerance and with {@code atol}, {@code rtol}), as INT64 of the leading shape, and has no gradient.
 */
class MatrixRankTest {

    /** Singular values 17.41, 0.875, 0.197 ({@code torch.linalg.svdvals}). */
    private static final Tensor FULL = Tensor.of(Shape.of(3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 10);

    private static Tensor eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0);
    }

    private static long[] rank(Tensor value) {
        Tensor r = eval(value, Node::matrixRank);
        assertEquals(DType.INT64, r.dtype());
        return r.toLongArray();
    }

    @Test
    void ranksArePyTorchs() {
        assertArrayEquals(new long[] {3}, rank(FULL));
        assertArrayEquals(new long[] {1}, rank(Tensor.of(Shape.of(2, 2), 1, 2, 2, 4)));
        assertArrayEquals(new long[] {0}, rank(Tensor.zeros(Shape.of(2, 3))));
        Tensor batch = Tensor.of(Shape.of(3, 2, 2), 1, 2, 3, 4, 1, 2, 2, 4, 0, 0, 0, 0);
        assertArrayEquals(new long[] {2, 1, 0}, rank(batch));
        assertEquals(Shape.of(3), eval(batch, Node::matrixRank).shape());
        Tensor tall = Tensor.of(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        assertArrayEquals(new long[] {2}, rank(tall));
        assertArrayEquals(new long[] {2}, eval(tall, x -> x.transpose().matrixRank()).toLongArray());
        assertArrayEquals(new long[] {0, 0}, rank(Tensor.zeros(Shape.of(2, 0, 3))));
    }

    /** diag(1, 1e-10, 1e-17): the default tolerance is max(m, n) ε s_max, ε of the dtype. */
    @Test
    void theDefaultToleranceFollowsTheDtype() {
        double[] diagonal = {1, 0, 0, 0, 1e-10, 0, 0, 0, 1e-17};
        assertArrayEquals(new long[] {2}, rank(Tensor.of(Shape.of(3, 3), diagonal)));
        assertArrayEquals(new long[] {1}, rank(Tensor.of(DType.FLOAT32, Shape.of(3, 3), diagonal)));
    }

    @Test
    void explicitTolerancesArePyTorchs() {
        assertArrayEquals(new long[] {2}, eval(FULL, x -> x.matrixRank(0.5, 0)).toLongArray());
        assertArrayEquals(new long[] {1}, eval(FULL, x -> x.matrixRank(1.0, 0)).toLongArray());
        assertArrayEquals(new long[] {2}, eval(FULL, x -> x.matrixRank(0, 0.05)).toLongArray());
        assertArrayEquals(new long[] {3}, eval(FULL, x -> x.matrixRank(0, 0.01)).toLongArray());
        assertArrayEquals(new long[] {1}, eval(FULL, x -> x.matrixRank(1.0, 0.01)).toLongArray()); // the larger
    }

    @Test
    void itHasNoGradient() {
        Node a = SourceOp.input("a", Shape.of(3, 3));
        rejects(IllegalArgumentException.class, () -> Autodiff.grad(a.matrixRank(), a),
                "grad: loss must be floating-point (f32 or f64), got i64[]");
        Node g = Autodiff.grad(a.matrixRank().cast(DType.FLOAT64).mul(a.sum()), a);
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3, 3, 3, 3},
                Function.of(List.of(a), List.of(g)).call(FULL).get(0).toDoubleArray(), 0.0); // rank times ones
    }

    @Test
    void badOperandsAreRefusedNamingTheOp() {
        rejects(IllegalArgumentException.class, () -> SourceOp.input("v", Shape.of(3)).matrixRank(),
                "matrixRank: operand must be matrices [..., m, n], got", "[3]");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("i", Shape.of(2, 2), DType.INT32).matrixRank(),
                "matrixRank", "i32");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("n", Shape.of(Shape.BATCH, 3)).matrixRank(),
                "matrixRank: the matrix dimensions must be concrete");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 2)).matrixRank(-1, 0),
                "matrixRank: atol must be finite and >= 0, got -1.0");
        rejects(IllegalArgumentException.class, () -> SourceOp.input("m", Shape.of(2, 2)).matrixRank(0,
                Double.NaN), "matrixRank: rtol must be finite and >= 0, got NaN");
    }
}
