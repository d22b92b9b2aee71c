package dev.adjoint.core.kernel;

/**
 * The eigendecomposition {@code A = V·diag(w)·Vᵀ} of one symmetric {@code n × n} matrix by the cyclic Jacobi
 * method, reading only the lower triangle of A.
 *
 * <p>A sweep visits every pair {@code p < q} in row order and, unless {@code |a_pq|} is negligible, applies the
 * rotation {@code J} in the {@code (p, q)} plane that zeroes it: {@code A ← Jᵀ A J}, {@code V ← V J}, with
 * {@code θ = (a_qq - a_pp) / 2a_pq}, {@code t = sign(θ) / (|θ| + sqrt(θ² + 1))} (the smaller rotation),
 * {@code c = 1 / sqrt(t² + 1)}, {@code s = t c}. An element is negligible when
 * {@code |a_pq| <= ε sqrt(|a_pp a_qq|)} or below {@code ε²} times the matrix's Frobenius norm; the method stops
 * after a sweep without a rotation (convergence is quadratic: a handful of sweeps). Jacobi's method computes
 * small eigenvalues to high relative accuracy and its eigenvectors are orthonormal to working precision.
 *
 * <p>Eigenvalues come out in ascending order (ties in the order of the diagonal), and each eigenvector's
 * sign is fixed so that its component of largest magnitude (the first of them on ties) is positive: the
 * decomposition is deterministic, and a smooth function of A where the eigenvalues are distinct. A matrix with
 * entries beyond {@code 2^±480} is decomposed scaled by a power of two ({@link BinaryScale}), so that the
 * Frobenius norm and the products {@code a_pp a_qq} stay in range.
 */
final class JacobiEigen {

    static final int MAX_SWEEPS = 100;
    private static final double EPS = 0x1p-53;

    private JacobiEigen() {
    }

    /**
     * Decomposes the symmetric matrix whose lower triangle is at {@code ao}: eigenvalues ascending into
     * {@code w} at {@code wo}, eigenvectors as the columns of {@code v} ({@code n × n} at {@code vo}).
     *
     * @return false when the sweeps did not converge (not seen for finite input)
     */
    static boolean decompose(double[] a, int ao, int n, double[] w, int wo, double[] v, int vo) {
        double[] s = new double[n * n];
        double largest = 0;
        for (int i = 0; i < n; i++) { // the lower triangle, row by row
            largest = Math.max(largest, BinaryScale.largest(a, ao + i * n, i + 1));
        }
        // decompose 2^-e A, exactly; also when small entries' squares then underflow: the rotations need the
        // Frobenius norm finite more than they need those squares (with it infinite, every a_pq was negligible)
        int e = BinaryScale.exponent(largest, largest);
        double frobenius = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x = Math.scalb(a[ao + i * n + j], -e);
                s[i * n + j] = x;
                s[j * n + i] = x;
                frobenius += (i == j ? 1 : 2) * x * x;
            }
        }
        double floor = EPS * EPS * Math.sqrt(frobenius);
        double[] vectors = new double[n * n];
        for (int i = 0; i < n; i++) {
            vectors[i * n + i] = 1;
        }
        boolean converged = false;
        for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
            converged = true;
            for (int p = 0; p < n - 1; p++) {
                for (int q = p + 1; q < n; q++) {
                    double apq = s[p * n + q];
                    double app = s[p * n + p];
                    double aqq = s[q * n + q];
                    if (Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq)) || Math.abs(apq) <= floor) {
                        continue;
                    }
                    converged = false;
                    rotate(s, vectors, n, p, q, apq, app, aqq);
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(s[x * n + x], s[y * n + y]));
        for (int c = 0; c < n; c++) {
            int from = order[c];
            w[wo + c] = Math.scalb(s[from * n + from], e);
            double sign = SignConvention.of(vectors, from, n, n);
            for (int r = 0; r < n; r++) {
                v[vo + r * n + c] = sign * vectors[r * n + from];
            }
        }
        return converged;
    }

    private static void rotate(double[] s, double[] vectors, int n, int p, int q, double apq, double app,
            double aqq) {
        double theta = (aqq - app) / (2 * apq);
        double t = Double.isInfinite(theta * theta) ? 1 / (2 * theta)
                : Math.copySign(1, theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double sn = t * c;
        for (int r = 0; r < n; r++) {
            double arp = s[r * n + p];
            double arq = s[r * n + q];
            s[r * n + p] = c * arp - sn * arq;
            s[r * n + q] = sn * arp + c * arq;
        }
        for (int r = 0; r < n; r++) {
            double apr = s[p * n + r];
            double aqr = s[q * n + r];
            s[p * n + r] = c * apr - sn * aqr;
            s[q * n + r] = sn * apr + c * aqr;
        }
        s[p * n + p] = app - t * apq;
        s[q * n + q] = aqq + t * apq;
        s[p * n + q] = 0;
        s[q * n + p] = 0;
        for (int r = 0; r < n; r++) {
            double vrp = vectors[r * n + p];
            double vrq = vectors[r * n + q];
            vectors[r * n + p] = c * vrp - sn * vrq;
            vectors[r * n + q] = sn * vrp + c * vrq;
        }
    }
}
