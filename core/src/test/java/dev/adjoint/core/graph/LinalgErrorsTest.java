package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.kernel.LinalgException;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Matrices an op cannot take are known only from their values, so they are errors of the call: a
 * {@link LinalgException} (an {@link IllegalArgumentException}) from the op's kernel, naming the op, the
 * cause, the failing leading minor or pivot and the matrix of the batch (a NaN or infinity only where PyTorch
 * refuses one too: {@link LinalgNonFiniteTest}); and the call
 * leaves nothing changed: the arguments, the compiled function (with buffer reuse or anomaly detection) and
 * its next calls are as if it had not happened.
 */
class LinalgErrorsTest {

    private static Tensor matrix(double[][] rows) {
        return Tensor.matrix(rows);
    }

    private static LinalgException failure(UnaryOperator<Node> op, Tensor value) {
        Node x = SourceOp.input("a", value.shape(), value.dtype());
        Function f = Function.of(List.of(x), List.of(op.apply(x)));
        return assertThrows(LinalgException.class, () -> f.call(value));
    }

    @Test
    void choleskyNamesTheLeadingMinorThatIsNotPositive() {
        LinalgException e = failure(Node::cholesky, matrix(new double[][] {{4, 2, 0}, {2, 1, 0}, {0, 0, 1}}));
        assertEquals("cholesky: matrix must be positive definite, got a leading minor of order 2 (rows and columns"
                + " 0..1) that is not: its pivot is 0.0; add a small multiple of the identity (jitter), or check that"
                + " the matrix is symmetric positive definite", e.getMessage());
        assertEquals("cholesky", e.op());
        assertEquals(LinalgException.Cause.NOT_POSITIVE_DEFINITE, e.cause());
        assertEquals(1, e.index());
        assertArrayEquals(new int[0], e.matrix());
    }

    @Test
    void aFailingMatrixOfABatchIsNamedByItsIndex() {
        double[] data = new double[2 * 3 * 4];
        for (int p = 0; p < 6; p++) {
            data[p * 4] = 1;
            data[p * 4 + 3] = p == 4 ? -2 : 1; // matrix [1, 1] has a negative second pivot
        }
        LinalgException e = failure(Node::cholesky, Tensor.of(Shape.of(2, 3, 2, 2), data));
        assertArrayEquals(new int[] {1, 1}, e.matrix());
        assertEquals(1, e.index());
        assertTrue(e.getMessage().contains("its pivot is -2.0 in matrix [1, 1] of the batch;"), e.getMessage());
    }

    @Test
    void aNaNIsNamedWithItsPositionNotFactored() {
        for (UnaryOperator<Node> op : List.<UnaryOperator<Node>>of(Node::eigvalsh, Node::svdvals, Node::pinv)) {
            // cholesky, inverse, det, lu, triangularSolve: NaN, as PyTorch (LinalgNonFiniteTest)
            LinalgException e = failure(op, matrix(new double[][] {{2, 0}, {Double.NaN, 2}}));
            assertEquals(LinalgException.Cause.NOT_FINITE, e.cause());
            assertEquals(2, e.index());
            assertTrue(e.getMessage().startsWith(e.op() + ": matrix must be finite, got NaN at [1, 0]; "),
                    e.getMessage());
        }
    }

    @Test
    void solveAndInverseNameTheZeroPivot() {
        Tensor singular = matrix(new double[][] {{1, 2}, {2, 4}});
        LinalgException inverse = failure(Node::inverse, singular);
        assertEquals("inverse: matrix must be nonsingular, got a zero pivot in column 1 (LU with partial pivoting: no"
                + " nonzero element on or below the diagonal after elimination); its columns are linearly dependent",
                inverse.getMessage());
        assertEquals(LinalgException.Cause.SINGULAR, inverse.cause());
        assertEquals(1, inverse.index());
        Node b = SourceOp.constant(Tensor.ones(Shape.of(2)));
        LinalgException solve = failure(a -> a.solve(b), singular);
        assertEquals("solve", solve.op());
        assertEquals(1, solve.index());
    }

    /**
     * The gradient of slogdet needs {@code A⁻ᵀ}: at a singular matrix the error names it, not an inverse the user
     * never called (det's second derivative likewise: below).
     */
    @Test
    void theGradientOfSlogdetIsNamedWhenTheMatrixIsSingular() {
        Tensor singular = matrix(new double[][] {{1, 2}, {2, 4}});
        LinalgException slogdet = failure(a -> Autodiff.grad(a.slogdet().logAbsDet(), a), singular);
        assertEquals("gradient of slogdet (A⁻ᵀ)", slogdet.op());
        assertTrue(slogdet.getMessage().startsWith("gradient of slogdet (A⁻ᵀ): matrix must be nonsingular, got a"
                + " zero pivot in column 1"), slogdet.getMessage());
    }

    /**
     * The caller a record carries names errors only: records that compute the same are equal, so the compiler
     * still merges a user's inverse with the one inside slogdet's gradient (one LU factorization, not two).
     */
    @Test
    void theCallerDoesNotKeepEqualComputationsApart() {
        assertEquals(new SolveOp.Inverse(), new SolveOp.Inverse("gradient of slogdet (A⁻ᵀ)"));
        assertEquals(new SolveOp.TriangularSolve(false, false, false),
                new SolveOp.TriangularSolve(false, false, false, "gradient of qr (R⁻¹)"));
        assertEquals(new IndexOp.TakeAlongAxis(1).hashCode(), new IndexOp.TakeAlongAxis(1, "gatherAlongAxis")
                .hashCode());
        Node a = SourceOp.input("a", Shape.of(3, 3));
        Function f = Function.of(List.of(a), List.of(a.inverse(), Autodiff.grad(a.slogdet().logAbsDet(), a)));
        long inverses = 0;
        for (int s = 0; s < f.plan().size(); s++) {
            inverses += f.plan().step(s).op() instanceof SolveOp.Inverse ? 1 : 0;
        }
        assertEquals(1, inverses, f.explain());
    }

    /** QR's gradient solves with R, singular when A has lower rank: the error names the gradient of qr. */
    @Test
    void theGradientOfQrIsNamedWhenAHasLowerRank() {
        Tensor rankOne = matrix(new double[][] {{1, 2, 3}, {2, 4, 6}, {0, 0, 0}});
        for (UnaryOperator<Node> part : List.<UnaryOperator<Node>>of(a -> a.qr().q(), a -> a.qr().r())) {
            LinalgException e = failure(a -> Autodiff.grad(part.apply(a).sum(), a), rankOne);
            assertEquals("gradient of qr (R⁻¹)", e.op());
            assertTrue(e.getMessage().startsWith("gradient of qr (R⁻¹): matrix must be nonsingular, got a zero on the"
                    + " diagonal at row "), e.getMessage());
        }
    }

    @Test
    void aTriangularSolveNamesTheZeroOnTheDiagonalUnlessTheDiagonalIsUnit() {
        Tensor t = matrix(new double[][] {{1, 0, 0}, {5, 0, 0}, {1, 1, 1}});
        Node b = SourceOp.constant(Tensor.ones(Shape.of(3, 2)));
        LinalgException e = failure(x -> x.triangularSolve(b, true), t);
        assertEquals("triangularSolve: matrix must be nonsingular, got a zero on the diagonal at row 1; a triangular"
                + " matrix is singular exactly when its diagonal holds a zero", e.getMessage());
        Node x = SourceOp.input("t", Shape.of(3, 3));
        Tensor unit = Function.of(List.of(x), List.of(x.triangularSolve(b, true, false, true, true))).call(t).get(0);
        assertEquals(-4.0, unit.get(1, 0), "x_1 = 1 - 5 x_0 with a unit diagonal");
    }

    /** det and slogdet take singular matrices, as NumPy does: 0 and (0, -Infinity). */
    @Test
    void theDeterminantOfASingularMatrixIsZero() {
        Node a = SourceOp.input("a", Shape.of(2, 2));
        SolveOp.SignLogDet slogdet = a.slogdet();
        List<Tensor> out = Function.of(List.of(a), List.of(a.det(), slogdet.sign(), slogdet.logAbsDet()))
                .call(matrix(new double[][] {{1, 2}, {2, 4}}));
        assertEquals(0.0, out.get(0).item());
        assertEquals(0.0, out.get(1).item());
        assertEquals(Double.NEGATIVE_INFINITY, out.get(2).item());
    }

    @Test
    void anomalyDetectionNamesTheSingularMatrixBehindMinusInfinityInSlogdet() {
        Node a = SourceOp.input("a", Shape.of(2, 2));
        Function f = Function.of(List.of(a), List.of(a.slogdet().logAbsDet())).withAnomalyDetection();
        AnomalyException e = assertThrows(AnomalyException.class, () -> f.call(matrix(new double[][] {{1, 2}, {2,
                4}})));
        assertTrue(e.getMessage().contains("log |det| is -Infinity for 1 singular matrix(es) of"), e.getMessage());
    }

    /**
     * Its gradient is the cofactor matrix, defined at a singular matrix too (PyTorch's value): {@code [[4, -2],
     * [-2, 1]]} for {@code [[1, 2], [2, 4]]}, and for a rank-2 3 × 3 matrix the minors; the second derivative
     * needs the inverse, whose kernel then names the singular matrix, under the second derivative's name.
     */
    @Test
    void theDeterminantsGradientAtASingularMatrixIsTheCofactorMatrix() {
        Node a = SourceOp.input("a", Shape.of(2, 2));
        Node grad = Autodiff.grad(a.det(), a);
        assertArrayEquals(new double[] {4, -2, -2, 1}, Function.of(List.of(a), List.of(grad))
                .call(matrix(new double[][] {{1, 2}, {2, 4}})).get(0).toDoubleArray(), 1e-14);
        Node b = SourceOp.input("b", Shape.of(2, 3, 3));
        Tensor stack = Tensor.of(Shape.of(2, 3, 3), 1, 2, 3, 2, 4, 6, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertArrayEquals(new double[] {4, 4, -4, -2, -2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
                Function.of(List.of(b), List.of(Autodiff.grad(b.det().sum(), b))).call(stack).get(0).toDoubleArray(),
                1e-14);
        Node second = Autodiff.grad(grad.mul(grad).sum(), a);
        LinalgException e = assertThrows(LinalgException.class,
                () -> Function.of(List.of(a), List.of(second)).call(matrix(new double[][] {{1, 2}, {2, 4}})));
        assertEquals("second derivative of det (A⁻ᵀ)", e.op(), "named as what the user asked for");
    }

    /**
     * One compiled function (a Cholesky with its gradient, large enough for the buffer pool), called with a
     * good matrix, a bad one, and the good one again: the failure changes neither the arguments nor the next
     * call's bits, with buffer reuse, without it, and with anomaly detection.
     */
    @Test
    void aRejectedCallLeavesTheArgumentsAndTheFunctionUnchanged() {
        int n = 40;
        Node a = SourceOp.input("a", Shape.of(n, n));
        Node loss = a.cholesky().mul(a.cholesky()).sum();
        Node grad = Autodiff.grad(loss, a);
        Tensor good = Tensor.of(Shape.of(n, n), DenseMatrices.spd(5, n));
        double[] badData = DenseMatrices.spd(5, n);
        badData[30 * n + 30] = -1;
        Tensor bad = Tensor.of(Shape.of(n, n), badData);
        Function compiled = Function.of(List.of(a), List.of(loss, grad));
        for (Function f : List.of(compiled, compiled.withoutBufferReuse(), compiled.withAnomalyDetection())) {
            List<Tensor> before = f.call(good);
            LinalgException e = assertThrows(LinalgException.class, () -> f.call(bad));
            assertEquals(30, e.index());
            assertArrayEquals(badData, bad.toDoubleArray(), "the rejected argument is unchanged");
            List<Tensor> after = f.call(good);
            for (int i = 0; i < before.size(); i++) {
                assertTrue(before.get(i).sameValues(after.get(i)), "output " + i + " after the failure");
            }
            assertTrue(before.get(0).sameValues(compiled.call(good).get(0)));
        }
        assertArrayEquals(DenseMatrices.spd(5, n), good.toDoubleArray(), "the good argument is unchanged");
    }

    /** A constant singular matrix is not folded at compile time: the call reports it, as for an input. */
    @Test
    void compilingAConstantSingularMatrixDefersTheErrorToTheCall() {
        Node inverse = SourceOp.constant(matrix(new double[][] {{0, 0}, {0, 1}})).inverse();
        Function f = Function.of(List.of(), List.of(inverse));
        LinalgException e = assertThrows(LinalgException.class, () -> f.call());
        assertEquals("inverse", e.op());
        assertEquals(0, e.index());
    }

    @Test
    void theErrorIsAnIllegalArgumentExceptionForCallersThatCatchThose() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(), List.of(SourceOp.constant(matrix(new double[][] {{-1}})).cholesky()))
                        .call());
        assertTrue(e instanceof LinalgException);
    }

    @Test
    void float32MatricesAreCheckedLikeFloat64() {
        LinalgException e = failure(Node::cholesky, Tensor.of(DType.FLOAT32, Shape.of(2, 2), 1, 0, 0, -1));
        assertEquals(1, e.index());
    }
}
