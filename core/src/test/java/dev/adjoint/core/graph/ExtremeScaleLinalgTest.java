package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * det, its gradient and the SVD of matrices whose entries span the double range, where a product or a square
 * under- or overflows although the result is representable. The references are exact: the determinant and the
 * cofactor matrix of a diagonal or 2 × 2 matrix are products of its entries, and the SVD of a diagonal matrix is
 * its sorted absolute diagonal (numpy.linalg.svd of diag(1, 1e-170) prints s = [1, 1e-170], U = V = I); NumPy's SVD of
 * another matrix is named where it is used. PyTorch
 * 1.13 gets several of these wrong ({@code torch.linalg.det} of diag(1e-200, 1e-200, 1e200) is 0 with a zero
 * gradient, of diag(1e200, 1e200) inf with a gradient of NaNs), so it is not the reference here.
 */
class ExtremeScaleLinalgTest {

    private static Tensor diag(double... d) {
        double[] data = new double[d.length * d.length];
        for (int i = 0; i < d.length; i++) {
            data[i * d.length + i] = d[i];
        }
        return Tensor.of(Shape.of(d.length, d.length), data);
    }

    /** {@code (det A, ∂det/∂A)} evaluated at {@code a}. */
    private static List<Tensor> detAndGradient(Tensor a) {
        Node x = SourceOp.input("a", a.shape());
        Node det = x.det();
        return Function.of(List.of(x), List.of(det, Autodiff.grad(det.sum(), x))).call(a);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], Math.abs(expected[i]) * 1e-14, what + " at " + i);
        }
    }

    @Test
    void detOfADiagonalWhosePartialProductsUnderflowIsTheProduct() {
        assertEquals(1e-200, detAndGradient(diag(1e-200, 1e-200, 1e200)).get(0).item(), 1e-214);
        assertEquals(1.0, detAndGradient(diag(1e-200, 1e-200, 1e200, 1e200)).get(0).item(), 1e-14);
    }

    @Test
    void gradientOfDetIsTheCofactorMatrixAcrossTheRange() {
        // cof(diag(d)) = diag(prod_{j != i} d_j)
        assertClose(diag(1, 1, 0).toDoubleArray(), detAndGradient(diag(1e-200, 1e-200, 1e200)).get(1)
                .toDoubleArray(), "diag(1e-200, 1e-200, 1e200)");
        assertClose(diag(1e200, 1e200, 1e-200, 1e-200).toDoubleArray(), detAndGradient(diag(1e-200, 1e-200, 1e200,
                1e200)).get(1).toDoubleArray(), "diag(1e-200, 1e-200, 1e200, 1e200)");
        // det overflows to inf, its gradient does not
        List<Tensor> big = detAndGradient(diag(1e200, 1e200));
        assertEquals(Double.POSITIVE_INFINITY, big.get(0).item());
        assertClose(diag(1e200, 1e200).toDoubleArray(), big.get(1).toDoubleArray(), "diag(1e200, 1e200)");
        // 1 × 1: the cofactor is 1 (the empty product) however small the entry, subnormal included
        assertClose(new double[] {1}, detAndGradient(Tensor.of(Shape.of(1, 1), 1e-310)).get(1).toDoubleArray(),
                "[[1e-310]]");
        // cof([[a, b], [c, d]]) = [[d, -c], [-b, a]], exact although det = 5e-320 is subnormal
        Tensor small = Tensor.of(Shape.of(2, 2), 2e-160, 1e-160, 1e-160, 3e-160);
        assertClose(new double[] {3e-160, -1e-160, -1e-160, 2e-160}, detAndGradient(small).get(1).toDoubleArray(),
                "1e-160 [[2, 1], [1, 3]]");
    }

    @Test
    void svdKeepsASingularValueWhoseSquareUnderflows() {
        for (boolean swapped : new boolean[] {false, true}) {
            Tensor a = swapped ? diag(1e-170, 1) : diag(1, 1e-170);
            DecompositionOp.SvdFactors f = SourceOp.constant(a).svd();
            List<Tensor> out = Function.of(List.of(), List.of(f.u(), f.s(), f.vh())).call();
            assertArrayEquals(new double[] {1, 1e-170}, out.get(1).toDoubleArray(), "s of " + a);
            double[] p = swapped ? new double[] {0, 1, 1, 0} : new double[] {1, 0, 0, 1};
            assertArrayEquals(p, out.get(0).toDoubleArray(), "U of " + a);
            assertArrayEquals(p, out.get(2).toDoubleArray(), "Vh of " + a);
        }
        Tensor s = Function.of(List.of(), List.of(SourceOp.constant(diag(3, 1e-170, 1e-300)).svdvals())).call()
                .get(0);
        assertArrayEquals(new double[] {3, 1e-170, 1e-300}, s.toDoubleArray());
        // a tiny column that is not orthogonal to the other: rotated with its cosine from the scaled columns
        // (numpy.linalg.svd: s = [1, 1e-170], U = I, Vh = [[1, 1e-170], [-1e-170, 1]])
        DecompositionOp.SvdFactors f = SourceOp.constant(Tensor.of(Shape.of(2, 2), 1, 1e-170, 0, 1e-170)).svd();
        List<Tensor> out = Function.of(List.of(), List.of(f.u(), f.s(), f.vh())).call();
        assertClose(new double[] {1, 1e-170}, out.get(1).toDoubleArray(), "s of [[1, 1e-170], [0, 1e-170]]");
        assertArrayEquals(new double[] {1, 0, 0, 1}, out.get(0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1, 0, 0, 1}, out.get(2).toDoubleArray(), 1e-15);
        assertEquals(1e-170, out.get(2).toDoubleArray()[1], 1e-184);
        assertEquals(-1e-170, out.get(2).toDoubleArray()[2], 1e-184);
    }
}
