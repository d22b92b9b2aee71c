package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code lstsq} is NumPy's minimum-norm least-squares solution ({@code numpy.linalg.lstsq(a, b, rcond=None)},
 * PyTorch's {@code gelsd} driver) for matrices of any rank, and {@code pinv} the Moore-Penrose pseudo-inverse
 * with PyTorch's tolerance: singular values at or below {@code ε · max(m, n) · s_max}, ε the dtype's, are zero.
 * The expected values are NumPy's, written as the exact fractions they round.
 */
class LeastSquaresTest {

    private static double[] lstsq(Tensor a, Tensor b) {
        Node x = SourceOp.input("a", a.shape(), a.dtype());
        Node y = SourceOp.input("b", b.shape(), b.dtype());
        return Function.of(List.of(x, y), List.of(x.lstsq(y))).call(a, b).get(0).toDoubleArray();
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    /** The columns are proportional: the minimizers form a line, and NumPy returns its point nearest 0. */
    @Test
    void aTallRankDeficientSystemHasNumpysMinimumNormSolution() {
        Tensor a = Tensor.matrix(new double[][] {{1, 2}, {2, 4}, {3, 6}});
        assertClose(new double[] {11.0 / 70, 22.0 / 70}, lstsq(a, Tensor.vector(1, 2, 2)), 1e-15);
    }

    @Test
    void aWideRankDeficientSystemHasNumpysMinimumNormSolution() {
        Tensor a = Tensor.matrix(new double[][] {{1, 2, 3}, {2, 4, 6}});
        assertClose(new double[] {3.0 / 70, 6.0 / 70, 9.0 / 70}, lstsq(a, Tensor.vector(1, 1)), 1e-15);
    }

    @Test
    void aSquareRankOneSystemWithSeveralRightHandSidesHasNumpysSolution() {
        Tensor a = Tensor.matrix(new double[][] {{1, -1, 2}, {2, -2, 4}, {3, -3, 6}});
        Tensor b = Tensor.matrix(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        double[] expected = {1.0 / 21, 5.0 / 84, -1.0 / 21, -5.0 / 84, 2.0 / 21, 5.0 / 42};
        assertClose(expected, lstsq(a, b), 1e-15);
    }

    @Test
    void theZeroMatrixHasTheZeroSolution() {
        assertClose(new double[] {0, 0}, lstsq(Tensor.zeros(Shape.of(3, 2)), Tensor.vector(1, 2, 3)), 0);
    }

    /** {@code diag(1, 0.05, 0.5)} with {@code rcond = 0.1}: the middle singular value is cut, as NumPy's rcond does. */
    @Test
    void singularValuesAtOrBelowRcondTimesTheLargestAreZero() {
        Node a = SourceOp.input("a", Shape.of(3, 3));
        Node b = SourceOp.input("b", Shape.of(3));
        Tensor diagonal = Tensor.matrix(new double[][] {{1, 0, 0}, {0, 0.05, 0}, {0, 0, 0.5}});
        List<Tensor> out = Function.of(List.of(a, b), List.of(a.lstsq(b, 0.1), a.pinv(0.1), a.pinv()))
                .call(diagonal, Tensor.vector(1, 1, 1));
        assertClose(new double[] {1, 0, 2}, out.get(0).toDoubleArray(), 1e-15);
        assertClose(new double[] {1, 0, 0, 0, 0, 0, 0, 0, 2}, out.get(1).toDoubleArray(), 1e-15);
        assertClose(new double[] {1, 0, 0, 0, 20, 0, 0, 0, 2}, out.get(2).toDoubleArray(), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> a.pinv(-1));
        assertThrows(IllegalArgumentException.class, () -> a.lstsq(b, Double.NaN));
    }

    /**
     * {@code [[1, 1/3], [3, 1]]} rounded to float32 has singular values 3.33 and 8.9e-9: above float64's cutoff,
     * below float32's ({@code 2 · 2⁻²³ · 3.33}), so in float32 it is the rank-1 matrix it was meant to be, and its
     * pseudo-inverse is PyTorch's float32 one, not the 1e8-sized inverse.
     */
    @Test
    void theCutoffUsesTheEpsilonOfTheDtype() {
        Node a = SourceOp.input("a", Shape.of(2, 2), DType.FLOAT32);
        Tensor value = Tensor.of(DType.FLOAT32, Shape.of(2, 2), 1, 1.0 / 3, 3, 1);
        double[] p = Function.of(List.of(a), List.of(a.pinv())).call(value).get(0).toDoubleArray();
        assertClose(new double[] {0.09, 0.27, 0.03, 0.09}, p, 1e-6);
    }

    /** Leading dimensions broadcast and a vector right-hand side is one vector, as for {@code solve}. */
    @Test
    void leadingDimensionsBroadcastAndTheMatrixDimensionsMayBeTheBatch() {
        Node a = SourceOp.input("a", Shape.of(2, 1, 5, 3));
        Node b = SourceOp.input("b", Shape.of(4, 5, 2));
        assertEquals(Shape.of(2, 4, 3, 2), a.lstsq(b).shape());
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node y = SourceOp.input("y", Shape.of(Shape.BATCH));
        assertEquals(Shape.of(3), x.lstsq(y).shape());
        assertThrows(IllegalArgumentException.class, () -> a.lstsq(SourceOp.input("c", Shape.of(4))));
        assertEquals("lstsq: leading dimensions must broadcast (equal or 1, aligned on the right), got a : f64[2, 1,"
                + " 5, 3] and c : f64[3, 4, 5, 2]", assertThrows(IllegalArgumentException.class,
                        () -> a.lstsq(SourceOp.input("c", Shape.of(3, 4, 5, 2)))).getMessage());
    }

    /**
     * At a rank-deficient matrix {@code A = X Y} ({@code X : 4 × 2}, {@code Y : 2 × 3}, rank 2) the gradient is
     * the derivative within the matrices of rank 2 (PyTorch's {@code pinv_backward}): differences in X and Y
     * stay on that set, so central differences check it, first and second order.
     */
    @Test
    void theGradientAtARankDeficientMatrixIsTheDerivativeAtConstantRank() {
        Node x = SourceOp.input("x", Shape.of(4, 2));
        Node y = SourceOp.input("y", Shape.of(2, 3));
        Node b = SourceOp.input("b", Shape.of(4));
        Node f = x.matmul(y).lstsq(b);
        Bindings at = Bindings.of(x, Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(4, 2), -1, 1))
                .and(y, Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(2, 3), -1, 1))
                .and(b, Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(4), -1, 1));
        GradCheck.check(f, List.of(x, y, b), at).assertPassed();
        GradCheck.checkSecondOrder(f, List.of(x, y, b), at, Key.of(4)).assertPassed();
    }
}
