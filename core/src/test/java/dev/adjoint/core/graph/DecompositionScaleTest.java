package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SVD, the symmetric eigendecomposition and QR are homogeneous: {@code 2^k A} has the vectors of A and its
 * values times {@code 2^k}, exactly, also where the squares of the entries leave float64's range (entries beyond
 * about 1e154 or below 1e-154). Before the kernels scaled such matrices ({@code BinaryScale}), 1e155 everywhere gave
 * singular values [1.41e155, 1.41e155] (PyTorch: [2e155, 0]) and QR a NaN, and entries of 1e-170 gave singular
 * values 0.
 */
class DecompositionScaleTest {

    private static double[] random(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextDouble(-1, 1);
        }
        return a;
    }

    private static double[] scaled(double[] a, int k) {
        double[] b = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.scalb(a[i], k);
        }
        return b;
    }

    /** Every output of the decompositions of the matrix {@code a} ({@code rows × cols}), flattened in order. */
    private static List<double[]> decompositions(double[] a, int rows, int cols) {
        Node x = SourceOp.input("x", Shape.of(rows, cols));
        DecompositionOp.SvdFactors svd = x.svd();
        DecompositionOp.QrFactors qr = x.qr();
        List<Node> out = List.of(svd.u(), svd.s(), svd.vh(), qr.q(), qr.r());
        if (rows == cols) {
            Node symmetric = x.add(x.transpose());
            DecompositionOp.EighFactors eigh = symmetric.eigh();
            out = List.of(svd.u(), svd.s(), svd.vh(), qr.q(), qr.r(), eigh.eigenvalues(), eigh.eigenvectors());
        }
        return Function.of(List.of(x), out).call(Tensor.of(Shape.of(rows, cols), a)).stream()
                .map(Tensor::toDoubleArray).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {-600, -540, -520, -490, 490, 520, 540, 600})
    void scalingByAPowerOfTwoScalesTheValuesAndKeepsTheVectorsExactly(int k) {
        int[][] shapes = {{2, 2}, {3, 3}, {5, 3}, {3, 5}, {6, 6}};
        for (int t = 0; t < shapes.length; t++) {
            int rows = shapes[t][0];
            int cols = shapes[t][1];
            double[] a = random(rows, cols, 31L * t + k);
            List<double[]> plain = decompositions(a, rows, cols);
            List<double[]> big = decompositions(scaled(a, k), rows, cols);
            String what = rows + " x " + cols + " scaled by 2^" + k;
            assertArrayEquals(plain.get(0), big.get(0), what + ": U");
            assertArrayEquals(scaled(plain.get(1), k), big.get(1), what + ": s");
            assertArrayEquals(plain.get(2), big.get(2), what + ": Vh");
            assertArrayEquals(plain.get(3), big.get(3), what + ": Q");
            assertArrayEquals(scaled(plain.get(4), k), big.get(4), what + ": R");
            if (rows == cols) {
                assertArrayEquals(scaled(plain.get(5), k), big.get(5), what + ": eigenvalues");
                assertArrayEquals(plain.get(6), big.get(6), what + ": eigenvectors");
            }
        }
    }

    /** d(sum s)/dA = U Vᵀ and d(sum w)/dA = I read the vectors only: the same bits at any power-of-two scale. */
    @Test
    void gradientsOfTheValuesAreTheSameAtHugeAndTinyScales() {
        Node x = SourceOp.input("x", Shape.of(3, 3));
        Node symmetric = x.add(x.transpose());
        List<Node> grads = List.of(dev.adjoint.core.autodiff.Autodiff.grad(x.svdvals().sum(), x),
                dev.adjoint.core.autodiff.Autodiff.grad(symmetric.eigvalsh().mul(symmetric.eigvalsh()).sum(), x));
        Function f = Function.of(List.of(x), grads);
        double[] a = random(3, 3, 5);
        List<Tensor> plain = f.call(Tensor.of(Shape.of(3, 3), a));
        for (int k : new int[] {-560, 560}) {
            List<Tensor> big = f.call(Tensor.of(Shape.of(3, 3), scaled(a, k)));
            assertArrayEquals(plain.get(0).toDoubleArray(), big.get(0).toDoubleArray(), "d sum s / dA at 2^" + k);
            // d sum w^2 / dA = 2 V diag(w) Vᵀ (symmetrized): scales with w
            assertArrayEquals(scaled(plain.get(1).toDoubleArray(), k), big.get(1).toDoubleArray(),
                    "d sum w^2 / dA at 2^" + k);
        }
    }

    @Test
    void aRankOneMatrixOfHugeEntriesHasOneSingularValueAndOneZeroEigenvalue() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Tensor big = Tensor.of(Shape.of(2, 2), 1e155, 1e155, 1e155, 1e155);
        List<Tensor> out = Function.of(List.of(x), List.of(x.svdvals(), x.eigvalsh(), x.qr().r())).call(big);
        double[] s = out.get(0).toDoubleArray();
        assertEquals(2e155, s[0], 4e140);
        assertEquals(0, s[1], 4e140);
        double[] w = out.get(1).toDoubleArray();
        assertEquals(0, w[0], 4e140);
        assertEquals(2e155, w[1], 4e140);
        double[] r = out.get(2).toDoubleArray(); // [sqrt 2, sqrt 2; 0, 0] 1e155
        assertEquals(Math.sqrt(2) * 1e155, r[0], 4e140);
        assertEquals(Math.sqrt(2) * 1e155, r[1], 4e140);
        assertEquals(0, r[3], 4e140);
    }

    @Test
    void tinyEntriesKeepTheirSingularValuesAndPseudoinverse() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Tensor tiny = Tensor.of(Shape.of(2, 2), 3e-170, 1e-170, 1e-170, 2e-170);
        List<Tensor> out = Function.of(List.of(x), List.of(x.svdvals(), x.pinv())).call(tiny);
        double[] s = out.get(0).toDoubleArray(); // (5 ± sqrt 5) / 2 e-170
        assertEquals((5 + Math.sqrt(5)) / 2 * 1e-170, s[0], 1e-184);
        assertEquals((5 - Math.sqrt(5)) / 2 * 1e-170, s[1], 1e-184);
        double[] p = out.get(1).toDoubleArray(); // [2, -1; -1, 3] / 5 e170
        double[] expected = {0.4e170, -0.2e170, -0.2e170, 0.6e170};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], p[i], 1e156, "pinv[" + i + "]");
        }
    }

    /** One huge entry among ordinary ones: scaling no further than needed keeps the ordinary ones' squares. */
    @Test
    void mixedScalesKeepTheOrdinaryValues() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Function values = Function.of(List.of(x), List.of(x.svdvals(), x.qr().r()));
        double[] s = values.call(Tensor.of(Shape.of(2, 2), 1e300, 0, 0, 1)).get(0).toDoubleArray();
        assertArrayEquals(new double[] {1e300, 1}, s);
        s = values.call(Tensor.of(Shape.of(2, 2), 3, 4, 1e200, 0)).get(0).toDoubleArray();
        assertEquals(1e200, s[0], 1e186);
        assertEquals(4, s[1], 1e-14); // |det| / s_0 = 4e200 / 1e200
        double[] r = values.call(Tensor.of(Shape.of(2, 2), 0.5, 1e300, 1, 0.5)).get(1).toDoubleArray();
        // column 0 has norm sqrt(1.25); R = [sqrt(1.25), 0.5e300 / sqrt(1.25); 0, 1e300 / sqrt(1.25)]
        assertEquals(Math.sqrt(1.25), r[0], 1e-15);
        assertEquals(0.5e300 / Math.sqrt(1.25), r[1], 1e285);
        assertEquals(1e300 / Math.sqrt(1.25), r[3], 1e285);
    }

    /**
     * Singular values closer than the smallest normal number are a tie at working precision: the coupling term of
     * the SVD's VJP is dropped there as at an exact tie, so a function of the values keeps its gradient U Vᵀ.
     */
    @Test
    void theValuesGradientStaysFiniteAtTinyNearlyTiedSingularValues() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Function f = Function.of(List.of(x), List.of(dev.adjoint.core.autodiff.Autodiff.grad(x.svdvals().sum(), x)));
        for (double[] d : new double[][] {{1e-300, Math.nextUp(1e-300)}, {3e-310, 1e-310}}) {
            double[] g = f.call(Tensor.of(Shape.of(2, 2), d[0], 0, 0, d[1])).get(0).toDoubleArray();
            assertArrayEquals(new double[] {1, 0, 0, 1}, g, "d sum s / dA at diag" + java.util.Arrays.toString(d));
        }
    }
}
