package dev.adjoint.core.kernel;

/**
 * The exponential {@code e^A = Σ_k A^k / k!} of one {@code n × n} matrix, by scaling and squaring with a
 * diagonal Padé approximant: Al-Mohy and Higham (2009), "A new scaling and squaring algorithm for the matrix
 * exponential", Algorithm 5.1, after a shift of the trace.
 *
 * <p>The {@code [m/m]} Padé approximant is {@code r_m(A) = q_m(A)⁻¹ p_m(A)} with
 * {@code p_m(A) = Σ_{j=0}^{m} b_j A^j}, {@code q_m(A) = p_m(-A)} and {@code b_j ∝ (2m - j)! / (j! (m - j)!)}.
 * Writing {@code p_m(A) = V + U} with V the even powers and U the odd ones, {@code q_m(A) = V - U}, so one
 * LU solve {@code (V - U) X = V + U} gives {@code r_m(A)}. The degree m of 3, 5, 7, 9, 13 and the number s of
 * squarings of {@code r_m(A / 2^s)} are chosen by {@link MatrixExpScaling}. Dividing by a power of two is exact.
 *
 * <p>Three guards keep the result's relative accuracy when its entries are near the ends of float64's range:
 * <ul>
 *   <li>{@code e^A = e^μ e^{A - μI}} with μ the mean of the diagonal (Higham 2005, section 2), so
 *       {@code 700 I + S} costs the squarings of S, not of a norm near 700;</li>
 *   <li>the squared matrix is kept as {@code 2^e R} with R's largest entry in [1, 2), rescaled exactly after
 *       each squaring: an intermediate power never overflows (or underflows) when the result does not;</li>
 *   <li>for a triangular A the diagonal of {@code e^A} is {@code e^{a_ii}}: as Al-Mohy and Higham advise, it is
 *       set exactly after the approximation and after each squaring, so a diagonal A gives
 *       {@code diag(e^{a_ii})} to the last bit of {@link Math#exp}, and a diagonal spanning many orders of
 *       magnitude keeps every entry: {@code diag(-1e300, 1)} gives {@code diag(0, e)}, not {@code diag(0, 1)}.</li>
 * </ul>
 */
final class DenseMatrixExp {

    /**
     * A bound on the binary exponent kept beside the squared matrix: past it every nonzero entry has overflowed
     * (or underflowed) anyway, and doubling it stays within an int.
     */
    private static final int EXPONENT_LIMIT = 1 << 20;

    private DenseMatrixExp() {
    }

    /**
     * {@code b_j = (2m - j)! / (j! (m - j)!)} for {@code j = 0..m}: the Padé numerator's coefficients up to a
     * common factor, exact as longs (at most {@code 26! / 13! ≈ 6.5e16} for m = 13) and rounded once to double.
     */
    static double[] padeCoefficients(int m) {
        double[] b = new double[m + 1];
        for (int j = 0; j <= m; j++) {
            long c = 1;
            for (long i = m - j + 1; i <= 2L * m - j; i++) {
                c *= i; // (2m - j)! / (m - j)!, a product of m factors
            }
            for (long i = 2; i <= j; i++) {
                c /= i; // exact: (2m - j)! / ((m - j)! j!) is an integer
            }
            b[j] = c;
        }
        return b;
    }

    /** {@code y[yo..] = e^A} for the row-major {@code n × n} matrix {@code A} at {@code a[ao..]} (finite). */
    static void exp(double[] a, int ao, int n, double[] y, int yo) {
        double[] x = new double[n * n];
        System.arraycopy(a, ao, x, 0, n * n);
        double shift = traceShift(x, n);
        double[] x2 = product(x, x, n);
        double[] x4 = product(x2, x2, n);
        double[][] even = {identity(n), x2, x4, product(x4, x2, n)}; // X^0, X^2, X^4, X^6
        MatrixExpScaling scaling = MatrixExpScaling.choose(x, n, even);
        int s = scaling.squarings();
        double[] diagonal = new double[n]; // the diagonal of the shifted A, before scaling
        for (int i = 0; i < n; i++) {
            diagonal[i] = x[i * n + i];
        }
        boolean finitePowers = Double.isFinite(maxAbs(even[3])) && Double.isFinite(maxAbs(even[2]));
        for (int i = 0; s > 0 && i < x.length; i++) { // X / 2^s and its powers X^(2k) / 2^(2ks), exactly
            x[i] = Math.scalb(x[i], -s);
            for (int k = 1; finitePowers && k < even.length; k++) {
                even[k][i] = Math.scalb(even[k][i], -2 * k * s);
            }
        }
        if (!finitePowers) { // the powers of the unscaled matrix overflowed: those of the scaled one
            even[1] = product(x, x, n);
            even[2] = product(even[1], even[1], n);
            even[3] = product(even[2], even[1], n);
        }
        boolean triangular = triangular(a, ao, n);
        double[] r = pade(x, n, scaling.degree(), even);
        int e = 0; // e^(2^(k-s) (A - μI)) = 2^e r
        for (int k = 0; k <= s; k++) {
            if (k > 0) {
                r = product(r, r, n);
                e = 2 * e;
            }
            for (int i = 0; triangular && i < n; i++) { // the exact diagonal of e^(2^(k-s) (A - μI))
                r[i * n + i] = Math.scalb(Math.exp(Math.scalb(diagonal[i], k - s)), -e);
            }
            int grown = Math.getExponent(maxAbs(r));
            if (grown > Double.MIN_EXPONENT && grown <= Double.MAX_EXPONENT) { // keep the entries near 1, exactly
                for (int i = 0; i < r.length; i++) {
                    r[i] = Math.scalb(r[i], -grown);
                }
                e = Math.max(-EXPONENT_LIMIT, Math.min(EXPONENT_LIMIT, e + grown));
            }
        }
        double factor = Math.exp(shift); // e^μ = 2^q m with m in [1, 2): normal by the choice of μ
        int q = Math.getExponent(factor);
        double m = Math.scalb(factor, -q);
        for (int i = 0; i < r.length; i++) {
            y[yo + i] = Math.scalb(r[i] * m, e + q);
        }
        for (int i = 0; triangular && i < n; i++) {
            y[yo + i * n + i] = Math.exp(a[ao + i * n + i]);
        }
    }

    /**
     * Subtracts {@code μI} from X and returns μ, the mean of its diagonal, when that lowers {@code ‖X‖₁} and
     * {@code e^μ} is a normal float64; otherwise returns 0 and leaves X as it is. Any μ is exact in
     * {@code e^A = e^μ e^{A - μI}} (μI commutes with A): the rounding of {@code a_ii - μ} perturbs A - μI by at
     * most {@code u |a_ii - μ|}, relative to its norm, not A's.
     */
    private static double traceShift(double[] x, int n) {
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += x[i * n + i];
        }
        double mu = trace / n;
        double factor = Math.exp(mu);
        if (n == 0 || !(factor >= Double.MIN_NORMAL && factor <= Double.MAX_VALUE)) {
            return 0;
        }
        double[] shifted = x.clone();
        for (int i = 0; i < n; i++) {
            shifted[i * n + i] -= mu;
        }
        if (!(normOne(shifted, n) < normOne(x, n))) {
            return 0;
        }
        System.arraycopy(shifted, 0, x, 0, x.length);
        return mu;
    }

    /** The largest {@code |x_i|}. */
    private static double maxAbs(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /** Whether the matrix is upper or lower triangular (diagonal included). */
    private static boolean triangular(double[] a, int ao, int n) {
        boolean upper = true;
        boolean lower = true;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                upper &= j >= i || a[ao + i * n + j] == 0;
                lower &= j <= i || a[ao + i * n + j] == 0;
            }
        }
        return upper || lower;
    }

    /**
     * {@code r_m(X) = (V - U)⁻¹ (V + U)}, the even and odd parts of {@code p_m(X)}, given {@code X^0, X^2, X^4,
     * X^6} ({@code X^8} is computed for m = 9).
     */
    private static double[] pade(double[] x, int n, int m, double[][] powers) {
        double[] b = padeCoefficients(m);
        int half = m / 2;
        double[][] even = new double[(m < 13 ? half : 3) + 1][]; // X^0, X^2, ..., X^(2 half); X^6 at most for 13
        for (int k = 0; k < even.length; k++) {
            even[k] = k < powers.length ? powers[k] : product(even[k - 1], even[1], n);
        }
        double[] u;
        double[] v;
        if (m < 13) { // U = X Σ_k b_{2k+1} X^{2k}, V = Σ_k b_{2k} X^{2k}
            double[] odd = new double[n * n];
            v = new double[n * n];
            for (int k = 0; k <= half; k++) {
                axpy(b[2 * k + 1], even[k], odd);
                axpy(b[2 * k], even[k], v);
            }
            u = product(x, odd, n);
        } else { // Higham's grouping: X^6 (b13 X^6 + b11 X^4 + b9 X^2) + b7 X^6 + ... + b1 I, and likewise V
            double[] inner = new double[n * n];
            double[] innerV = new double[n * n];
            for (int k = 1; k <= 3; k++) {
                axpy(b[2 * k + 7], even[k], inner);
                axpy(b[2 * k + 6], even[k], innerV);
            }
            double[] odd = product(even[3], inner, n);
            v = product(even[3], innerV, n);
            for (int k = 0; k <= 3; k++) {
                axpy(b[2 * k + 1], even[k], odd);
                axpy(b[2 * k], even[k], v);
            }
            u = product(x, odd, n);
        }
        double[] q = new double[n * n];
        double[] p = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            q[i] = v[i] - u[i];
            p[i] = v[i] + u[i];
        }
        int[] rows = new int[n];
        DenseLu.factor(q, 0, n, rows); // q_m(X) is nonsingular: its eigenvalues q_m(λ) are near 1 for |λ| <= θ_m
        double[] r = new double[n * n];
        DenseLu.solve(q, 0, n, rows, p, 0, r, 0, n);
        return r;
    }

    /** {@code ‖X‖₁ = max_j Σ_i |x_ij|}, the largest absolute column sum. */
    static double normOne(double[] x, int n) {
        double max = 0;
        for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Math.abs(x[i * n + j]);
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    /** {@code y += c X}. */
    private static void axpy(double c, double[] x, double[] y) {
        for (int i = 0; i < y.length; i++) {
            y[i] += c * x[i];
        }
    }

    /** The product {@code A B} of two {@code n × n} matrices, on the library's GEMM. */
    static double[] product(double[] a, double[] b, int n) {
        double[] c = new double[n * n];
        Kernels.gemmFor(n, false).gemm(false, false, n, n, n, a, 0, b, 0, c, 0);
        return c;
    }

    private static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }
}
