package dev.adjoint.core.kernel;

/**
 * The reduced QR factorization {@code A = Q·R} of one {@code m × n} matrix by Householder reflections:
 * {@code k = min(m, n)}, {@code Q} is {@code m × k} with orthonormal columns, {@code R} is {@code k × n} upper
 * triangular with a <b>nonnegative diagonal</b>.
 *
 * <p>Step {@code j} reflects column {@code j} below the diagonal, {@code x = R[j:, j]}, onto
 * {@code beta·e_1} with {@code H = I - 2 v vᵀ / (vᵀv)}, {@code v = x - beta e_1} and
 * {@code beta = -sign(x_0) ‖x‖} (no cancellation in {@code v_0}); {@code Q} is {@code H_0 ⋯ H_{k-1}} applied
 * to the first {@code k} columns of the identity. Finally each row {@code i} of R with {@code R_ii < 0} and
 * column {@code i} of Q change sign, so that for a matrix of full rank the factorization is the unique one
 * with a positive diagonal (LAPACK, and so NumPy, leave the signs of the reflections). A Householder vector with
 * entries beyond {@code 2^±480} is first scaled by a power of two ({@link BinaryScale#unit}), which leaves H as it
 * is and keeps {@code vᵀv} in range (it overflowed for entries of 1e155, and underflowed for 1e-160).
 */
final class DenseQr {

    private DenseQr() {
    }

    /**
     * Factors {@code a} ({@code m × n} at {@code ao}, read only) into {@code q} ({@code m × k} at {@code qo})
     * and {@code r} ({@code k × n} at {@code ro}).
     */
    static void factor(double[] a, int ao, int m, int n, double[] q, int qo, double[] r, int ro) {
        int k = Math.min(m, n);
        double[] w = new double[m * n];
        System.arraycopy(a, ao, w, 0, m * n);
        double[] vs = new double[k * m];
        double[] vv = new double[k];
        double[] dots = new double[Math.max(n, k)];
        for (int j = 0; j < k; j++) {
            double norm = norm(w, j * n + j, n, m - j);
            if (norm == 0) {
                continue; // nothing to reflect: H_j = I
            }
            double x0 = w[j * n + j];
            double beta = x0 >= 0 ? -norm : norm;
            int v = j * m;
            for (int i = j; i < m; i++) {
                vs[v + i] = w[i * n + j];
            }
            vs[v + j] = x0 - beta;
            // H does not change with v's scale: one in range keeps vᵀv from overflowing or underflowing
            int e = BinaryScale.unit(BinaryScale.largest(vs, v + j, m - j));
            for (int i = j; e != 0 && i < m; i++) {
                vs[v + i] = Math.scalb(vs[v + i], -e);
            }
            double s = 0;
            for (int i = j; i < m; i++) {
                s += vs[v + i] * vs[v + i];
            }
            vv[j] = s;
            reflect(vs, v, s, w, n, j, m, j + 1, n, dots);
            w[j * n + j] = beta;
            for (int i = j + 1; i < m; i++) {
                w[i * n + j] = 0;
            }
        }
        java.util.Arrays.fill(q, qo, qo + m * k, 0.0);
        double[] qw = new double[m * k];
        for (int i = 0; i < k; i++) {
            qw[i * k + i] = 1;
        }
        for (int j = k - 1; j >= 0; j--) {
            if (vv[j] != 0) {
                reflect(vs, j * m, vv[j], qw, k, j, m, 0, k, dots);
            }
        }
        for (int i = 0; i < k; i++) {
            boolean flip = w[i * n + i] < 0;
            for (int c = 0; c < n; c++) {
                r[ro + i * n + c] = c < i ? 0.0 : flip ? -w[i * n + c] : w[i * n + c];
            }
            for (int row = 0; row < m; row++) {
                q[qo + row * k + i] = flip ? -qw[row * k + i] : qw[row * k + i];
            }
        }
    }

    /**
     * Applies {@code H = I - 2 v vᵀ / vv} to rows {@code from..to-1} and columns {@code c0..c1-1} of the
     * row-major matrix {@code x} of width {@code width}: {@code x -= v (2/vv) (vᵀ x)}, by rows.
     */
    private static void reflect(double[] vs, int v, double vv, double[] x, int width, int from, int to, int c0,
            int c1, double[] dots) {
        java.util.Arrays.fill(dots, c0, c1, 0.0);
        for (int i = from; i < to; i++) {
            double vi = vs[v + i];
            for (int c = c0; c < c1; c++) {
                dots[c] += vi * x[i * width + c];
            }
        }
        double scale = 2 / vv;
        for (int i = from; i < to; i++) {
            double f = scale * vs[v + i];
            for (int c = c0; c < c1; c++) {
                x[i * width + c] -= f * dots[c];
            }
        }
    }

    /** The 2-norm of {@code count} elements {@code x[o], x[o + stride], ...}, scaled against overflow. */
    static double norm(double[] x, int o, int stride, int count) {
        double max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, Math.abs(x[o + i * stride]));
        }
        if (max == 0) {
            return 0;
        }
        double s = 0;
        for (int i = 0; i < count; i++) {
            double y = x[o + i * stride] / max;
            s += y * y;
        }
        return max * Math.sqrt(s);
    }
}
