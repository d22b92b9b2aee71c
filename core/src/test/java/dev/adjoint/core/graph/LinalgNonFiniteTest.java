package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.LinalgException;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A matrix holding a NaN or an infinity, per op as PyTorch 1.13 treats a NaN: det, slogdet, logdet, inverse, solve,
 * triangularSolve, cholesky, qr, lu (and luSolve from its factors) and matrixExp give NaN (that matrix's whole result;
 * the other matrices of a batch as without it), and so do their gradients; eigh, svd, pinv and lstsq, which PyTorch
 * refuses ({@code torch.linalg.svd: The algorithm failed to converge because the input matrix contained non-finite
 * values}), stay a {@link LinalgException} naming the op and the element.
 */
class LinalgNonFiniteTest {

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    /** {@code [[2, 1, 0], [1, 3, x], [0, 1, 4]]}: symmetric positive definite for {@code x = 1}. */
    private static Tensor matrix(double x) {
        return Tensor.matrix(new double[][] {{2, 1, 0}, {1, 3, x}, {0, 1, 4}});
    }

    /** The first output of {@code op} at {@code value}. */
    private static Tensor call(UnaryOperator<Node> op, Tensor value) {
        Node a = SourceOp.input("a", value.shape(), value.dtype());
        return Function.of(List.of(a), List.of(op.apply(a))).call(value).get(0);
    }

    private static void assertAllNaN(Tensor t, String what) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isNaN(v), what + ": " + java.util.Arrays.toString(t.toDoubleArray()));
        }
    }

    /**
     * {@code torch.linalg.det}, {@code torch.logdet}, {@code torch.linalg.slogdet(..).logabsdet} and
     * {@code torch.linalg.inv} of {@code [[2, 1, 0], [1, 3, nan], [0, 1, 4]]} are nan (all nine entries of the
     * inverse), {@code torch.linalg.solve(A, b)} too; so is each one's gradient ({@code X.grad} after
     * {@code backward()}: all nan). An infinity gives NaN as well (where PyTorch's LAPACK returns what its IEEE
     * arithmetic happens to give: {@code det} -inf, {@code inv} finite, for {@code x = inf}).
     */
    @Test
    void theDeterminantsInverseAndSolveOfANonFiniteMatrixAreNaNAndSoAreTheirGradients() {
        Node b = SourceOp.constant(Tensor.of(Shape.of(3), 1, 2, 3));
        List<UnaryOperator<Node>> ops = List.of(Node::det, Node::logdet, a -> a.slogdet().logAbsDet(),
                a -> a.slogdet().sign(), Node::inverse, a -> a.solve(b));
        for (double bad : new double[] {NAN, INF, -INF}) {
            for (UnaryOperator<Node> op : ops) {
                assertAllNaN(call(op, matrix(bad)), "value at x = " + bad);
                assertAllNaN(call(a -> Autodiff.grad(op.apply(a).sum(), a), matrix(bad)), "gradient at " + bad);
            }
        }
    }

    /**
     * {@code torch.linalg.cholesky} and {@code torch.linalg.qr} of a matrix with {@code nan} at {@code [0, 0]}:
     * L all nan on and below the diagonal, 0 above it; Q all nan, R nan on and above the diagonal, 0 below.
     * (With the NaN further in, PyTorch's LAPACK leaves the columns it factored before reaching it; Adjoint's
     * result is NaN throughout, which the README notes.) {@code torch.linalg.matrix_exp} of a matrix holding
     * {@code inf} is all nan; of one holding a nan, PyTorch 1.13 returns zeros (and a subnormal), a bug.
     */
    @Test
    void choleskyQrAndMatrixExpOfANonFiniteMatrixAreNaNWithTheFactorsTriangles() {
        Tensor a = Tensor.matrix(new double[][] {{NAN, 1, 0}, {1, 3, 1}, {0, 1, 4}});
        assertArrayEquals(new double[] {NAN, 0, 0, NAN, NAN, 0, NAN, NAN, NAN},
                call(Node::cholesky, a).toDoubleArray());
        assertAllNaN(call(x -> x.qr().q(), a), "Q");
        assertArrayEquals(new double[] {NAN, NAN, NAN, 0, NAN, NAN, 0, 0, NAN},
                call(x -> x.qr().r(), a).toDoubleArray());
        for (double bad : new double[] {NAN, INF, -INF}) {
            assertAllNaN(call(Node::matrixExp, matrix(bad)), "matrixExp at x = " + bad);
        }
        Tensor tall = Tensor.of(Shape.of(3, 2), 1, 2, 3, INF, 5, 6);
        assertArrayEquals(new double[] {NAN, NAN, 0, NAN}, call(x -> x.qr().r(), tall).toDoubleArray());
    }

    /**
     * {@code torch.linalg.lu_factor} of {@code [[nan, 1, 0], [1, 3, 2], [0, 1, 4]]}: pivots {@code [1, 2, 3]}
     * (P the identity), in float64 LU {@code [[nan, 1, 0], [nan, nan, nan], [nan, nan, nan]]} (U keeps its first
     * row), in float32 {@code [[nan, 1, 0], [0, 3, 2], [0, 0.333, 3.333]]}; Adjoint takes the pivots and the
     * permutation and makes the factors NaN throughout, as for any NaN or infinity (LAPACK's partial results depend
     * on where the NaN sits and on the dtype), so {@code luSolve} from them and the gradient of
     * {@code L.sum() + U.sum()} are all NaN.
     */
    @Test
    void theLuFactorsOfANonFiniteMatrixAreNaNWithNoRowExchanged() {
        Tensor a = Tensor.matrix(new double[][] {{NAN, 1, 0}, {1, 3, 2}, {0, 1, 4}});
        for (Tensor bad : List.of(a, matrix(NAN), matrix(INF), matrix(-INF))) {
            assertAllNaN(call(x -> x.luFactor().lu(), bad), "LU");
            assertArrayEquals(new double[] {1, 2, 3}, call(x -> x.luFactor().pivots(), bad).toDoubleArray());
            assertArrayEquals(new double[] {0, 1, 2}, call(x -> x.luFactor().permutation(), bad).toDoubleArray());
            assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, call(x -> x.lu().p(), bad).toDoubleArray());
            assertArrayEquals(new double[] {1, 0, 0, NAN, 1, 0, NAN, NAN, 1}, call(x -> x.lu().l(), bad)
                    .toDoubleArray());
            assertArrayEquals(new double[] {NAN, NAN, NAN, 0, NAN, NAN, 0, 0, NAN}, call(x -> x.lu().u(), bad)
                    .toDoubleArray());
            Node b = SourceOp.constant(Tensor.of(Shape.of(3, 1), 1, 1, 1));
            assertAllNaN(call(x -> LuOp.luSolve(x.luFactor(), b), bad), "luSolve");
            assertAllNaN(call(x -> Autodiff.grad(x.lu().l().sum().add(x.lu().u().sum()), x), bad), "lu's gradient");
        }
        // a tall and a wide matrix: the m x n factors NaN, pivots 1..min(m, n), float32 kept
        Tensor tall = Tensor.of(Shape.of(3, 2), 2, 1, 1, 3, NAN, 1).cast(DType.FLOAT32);
        assertAllNaN(call(x -> x.luFactor().lu(), tall), "tall LU");
        assertEquals(DType.FLOAT32, call(x -> x.luFactor().lu(), tall).dtype());
        assertArrayEquals(new double[] {1, 2}, call(x -> x.luFactor().pivots(), tall).toDoubleArray());
        Tensor wide = Tensor.of(Shape.of(2, 3), 2, 1, NAN, 1, 3, 1);
        assertArrayEquals(new double[] {NAN, NAN, NAN, 0, NAN, NAN}, call(x -> x.lu().u(), wide).toDoubleArray());
    }

    /**
     * {@code torch.linalg.solve_triangular(T, B, upper=False)} reads only T's lower triangle: with a nan above the
     * diagonal of {@code [[2, nan, 0], [1, 3, 0], [1, 1, 4]]} and {@code B = ones(3, 1)} it gives
     * {@code [0.5, 0.16666666666666666, 0.08333333333333334]}, and with {@code unitriangular=True} a nan on the
     * diagonal is not read either ({@code [1, 0, 0]} for {@code [[nan, 0, 0], [1, 3, 0], [1, 1, 4]]}). A nan in the
     * triangle read propagates (PyTorch's substitution leaves the rows before it finite; Adjoint's X is NaN
     * throughout), and so does the gradient: B's and T's (on T's triangle; 0 above it) all NaN.
     */
    @Test
    void theTriangularSolveOfANonFiniteTriangleIsNaNAndTheUnreadPartIsNotRead() {
        Node ones = SourceOp.constant(Tensor.of(Shape.of(3, 1), 1, 1, 1));
        Tensor above = Tensor.matrix(new double[][] {{2, NAN, 0}, {1, 3, 0}, {1, 1, 4}});
        assertArrayEquals(new double[] {0.5, 0.16666666666666666, 0.08333333333333334},
                call(t -> t.triangularSolve(ones, true), above).toDoubleArray());
        Tensor diagonal = Tensor.matrix(new double[][] {{NAN, 0, 0}, {1, 3, 0}, {1, 1, 4}});
        assertArrayEquals(new double[] {1, 0, 0},
                call(t -> t.triangularSolve(ones, true, false, true, true), diagonal).toDoubleArray());
        for (double bad : new double[] {NAN, INF, -INF}) {
            Tensor t = Tensor.matrix(new double[][] {{2, 0, 0}, {1, 3, 0}, {bad, 1, 4}});
            assertAllNaN(call(x -> x.triangularSolve(ones, true), t), "X at " + bad);
            assertAllNaN(call(x -> x.triangularSolve(ones, true, true, false, true), t), "Tᵀ X at " + bad);
            assertAllNaN(call(x -> x.triangularSolve(ones.transpose(), true, false, false, false), t), "X T");
            assertArrayEquals(new double[] {NAN, 0, 0, NAN, NAN, 0, NAN, NAN, NAN},
                    call(x -> Autodiff.grad(x.triangularSolve(ones, true).sum(), x), t).toDoubleArray());
            Node tNode = SourceOp.constant(t);
            assertAllNaN(call(b -> Autodiff.grad(tNode.triangularSolve(b, true).sum(), b),
                    Tensor.of(Shape.of(3, 1), 1, 2, 3)), "B's gradient at " + bad);
        }
    }

    /** In a batch, only the matrix holding the NaN gives NaN: the others' results are bit for bit the same. */
    @Test
    void theOtherMatricesOfABatchAreUnchanged() {
        double[] good = matrix(1).toDoubleArray();
        double[] data = new double[27];
        System.arraycopy(good, 0, data, 0, 9);
        double[] bad = {2, 1, 0, 1, 3, NAN, 0, NAN, 4}; // symmetric: cholesky reads the lower triangle
        System.arraycopy(bad, 0, data, 9, 9);
        System.arraycopy(good, 0, data, 18, 9);
        Tensor batch = Tensor.of(Shape.of(3, 3, 3), data);
        List<UnaryOperator<Node>> ops = List.of(Node::det, Node::inverse, Node::cholesky, Node::matrixExp,
                x -> x.qr().r(), x -> x.slogdet().logAbsDet(), x -> Autodiff.grad(x.det().sum(), x),
                x -> x.lu().u(), x -> x.luFactor().lu(), x -> x.triangularSolve(x, true));
        for (UnaryOperator<Node> op : ops) {
            double[] alone = call(op, matrix(1)).toDoubleArray();
            double[] all = call(op, batch).toDoubleArray();
            int size = alone.length;
            assertArrayEquals(alone, java.util.Arrays.copyOfRange(all, 0, size));
            assertArrayEquals(alone, java.util.Arrays.copyOfRange(all, 2 * size, 3 * size));
            for (int i = size; i < 2 * size; i++) {
                double v = all[i];
                assertTrue(Double.isNaN(v) || v == 0, "the NaN matrix's result holds only NaN and structural 0");
            }
            assertTrue(Double.isNaN(all[size]), "the NaN matrix's first entry");
        }
    }

    /**
     * PyTorch refuses a NaN in {@code torch.linalg.eigh}, {@code svd}, {@code svdvals}, {@code pinv} and
     * {@code lstsq} ({@code _LinAlgError}); so does Adjoint, naming the op and the element.
     */
    @Test
    void eighSvdPinvAndLstsqRefuseANonFiniteMatrixNamingTheElement() {
        Node b = SourceOp.constant(Tensor.of(Shape.of(3), 1, 2, 3));
        Tensor symmetric = Tensor.matrix(new double[][] {{2, 1, 0}, {1, 3, NAN}, {0, NAN, 4}});
        List<UnaryOperator<Node>> ops = List.of(Node::eigvalsh, x -> x.eigh().eigenvectors(), Node::svdvals,
                x -> x.svd().u(), Node::pinv, x -> x.lstsq(b));
        List<String> names = List.of("eigh", "eigh", "svd", "svd", "pinv", "lstsq"); // lstsq: the op called
        for (int i = 0; i < ops.size(); i++) {
            UnaryOperator<Node> op = ops.get(i);
            LinalgException e = assertThrows(LinalgException.class, () -> call(op, symmetric));
            assertEquals(LinalgException.Cause.NOT_FINITE, e.cause());
            assertEquals(names.get(i), e.op());
            boolean lower = names.get(i).equals("eigh"); // eigh reads the lower triangle, the others all of it
            assertEquals(lower ? 7 : 5, e.index());
            String expected = lower ? "at [2, 1]" : "at [1, 2]";
            assertTrue(e.getMessage().startsWith(e.op() + ": matrix must be finite, got NaN " + expected),
                    e.getMessage());
        }
    }
}
