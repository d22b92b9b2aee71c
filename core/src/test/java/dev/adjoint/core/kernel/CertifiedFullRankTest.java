package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The QR route to the pseudo-inverse is taken only where full rank under the SVD rule
 * {@code s_i > rcond · s_max} is proved, and there it gives the Moore-Penrose inverse.
 */
class CertifiedFullRankTest {

    private static final double EPS = 0x1p-52;

    /** {@code U diag(s) Vᵀ} with random orthogonal U ({@code m × k}) and V ({@code n × k}), {@code k = s.length}. */
    private static double[] withSingularValues(int m, int n, double[] s, long seed) {
        int k = s.length;
        double[] u = orthonormalColumns(m, k, seed);
        double[] v = orthonormalColumns(n, k, seed + 1);
        double[] a = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < k; l++) {
                    sum += u[i * k + l] * s[l] * v[j * k + l];
                }
                a[i * n + j] = sum;
            }
        }
        return a;
    }

    private static double[] orthonormalColumns(int rows, int k, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] g = new double[rows * k];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextDouble(-1, 1);
        }
        double[] q = new double[rows * k];
        DenseQr.factor(g, 0, rows, k, q, 0, new double[k * k], 0);
        return q;
    }

    private static double[] r(double[] a, int m, int n) {
        double[] r = new double[n * n];
        DenseQr.factor(a, 0, m, n, new double[m * n], 0, r, 0);
        return r;
    }

    private static double[] product(double[] x, int m, int k, double[] y, int n) {
        double[] z = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int l = 0; l < k; l++) {
                for (int j = 0; j < n; j++) {
                    z[i * n + j] += x[i * k + l] * y[l * n + j];
                }
            }
        }
        return z;
    }

    private static double[] pinv(double[] a, int m, int n, double rcond) {
        Tensor t = Tensor.of(Shape.of(m, n), a);
        return LinalgKernels.pinv(t, rcond, Shape.of(n, m)).toDoubleArray();
    }

    /** The four Penrose conditions, each to {@code tolerance} relative to the larger side's norm. */
    private static void assertMoorePenrose(double[] a, double[] p, int m, int n, double tolerance) {
        double[] apa = product(product(a, m, n, p, m), m, m, a, n);
        double[] pap = product(product(p, n, m, a, n), n, n, p, m);
        double[] ap = product(a, m, n, p, m);
        double[] pa = product(p, n, m, a, n);
        double scaleA = DenseQr.norm(a, 0, 1, a.length);
        double scaleP = DenseQr.norm(p, 0, 1, p.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], apa[i], tolerance * scaleA, "A P A = A at " + i);
        }
        for (int i = 0; i < p.length; i++) {
            assertEquals(p[i], pap[i], tolerance * scaleP, "P A P = P at " + i);
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                assertEquals(ap[i * m + j], ap[j * m + i], tolerance, "A P symmetric at " + i + ", " + j);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(pa[i * n + j], pa[j * n + i], tolerance, "P A symmetric at " + i + ", " + j);
            }
        }
    }

    @Test
    void aWellConditionedMatrixIsCertifiedAndItsInverseIsMoorePenrose() {
        SplittableRandom random = new SplittableRandom(7);
        int[][] shapes = {{1, 1}, {5, 5}, {40, 40}, {60, 17}, {17, 60}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            double[] a = new double[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextDouble(-1, 1);
            }
            if (m >= n) {
                assertNotNull(CertifiedFullRank.inverse(r(a, m, n), 0, n, EPS * m), m + " x " + n + " certified");
            }
            assertMoorePenrose(a, pinv(a, m, n, EPS * Math.max(m, n)), m, n, 1e-11);
        }
    }

    /** Singular values 1 and 1e-20: rank 1 under the default rule, so no certificate, and the SVD drops 1e-20. */
    @Test
    void aNumericallyRankDeficientMatrixIsNotCertified() {
        double[] a = withSingularValues(6, 4, new double[] {1, 0.5, 0.25, 1e-20}, 11);
        assertNull(CertifiedFullRank.inverse(r(a, 6, 4), 0, 4, EPS * 6));
        double[] p = pinv(a, 6, 4, EPS * 6);
        // A⁺ of the rank-3 truncation has norm 1 / 0.25 at most; keeping 1e-20 would make it 1e20
        assertTrue(DenseQr.norm(p, 0, 1, p.length) < 10, "the tiny singular value was dropped");
    }

    /**
     * Singular values straddling the rule by little: s_min = 3 · rcond · s_max is kept by the SVD rule but its
     * certificate fails (the bounds are loose), so the SVD decides and keeps it; s_min = rcond · s_max / 3 is
     * dropped. Both through {@link LinalgKernels#pinv}: the certificate never changes what the rule keeps.
     */
    @Test
    void nearTheCutoffTheSvdRuleDecides() {
        double rcond = 1e-6;
        double[] kept = withSingularValues(5, 5, new double[] {1, 1, 1, 1, 3e-6}, 21);
        double[] pKept = pinv(kept, 5, 5, rcond);
        assertEquals(1 / 3e-6, DenseQr.norm(pKept, 0, 1, 25), 1e-3 / 3e-6, "the value above the cutoff is kept");
        double[] dropped = withSingularValues(5, 5, new double[] {1, 1, 1, 1, 3.3e-7}, 23);
        double[] pDropped = pinv(dropped, 5, 5, rcond);
        assertEquals(2, DenseQr.norm(pDropped, 0, 1, 25), 1e-9, "the value below the cutoff is dropped");
    }

    @Test
    void aZeroPivotOrAnOverflowingInverseIsNotCertified() {
        double[] singular = {1, 2, 0, 0}; // R = [[1, 2], [0, 0]]
        assertNull(CertifiedFullRank.inverse(singular, 0, 2, 0));
        double[] tiny = {1, 0, 0, 1e-320}; // R⁻¹ overflows
        assertNull(CertifiedFullRank.inverse(tiny, 0, 2, 0));
        double[] fine = {2, 1, 0, 4};
        double[] inverse = CertifiedFullRank.inverse(fine, 0, 2, 0);
        assertNotNull(inverse);
        assertEquals(0.5, inverse[0]);
        assertEquals(-0.125, inverse[1]);
        assertEquals(0.0, inverse[2]);
        assertEquals(0.25, inverse[3]);
    }
}
