package dev.adjoint.core.kernel;

/**
 * The exponential {@code e^A = Σ_k A^k / k!} of one {@code n × n} matrix, by scaling and squaring with a
 * diagonal Padé approximant: Higham (2005), "The scaling and squaring method for the matrix exponential
 * revisited", Algorithm 2.3.
 *
 * <p>The {@code [m/m]} Padé approximant is {@code r_m(A) = q_m(A)⁻¹ p_m(A)} with
 * {@code p_m(A) = Σ_{j=0}^{m} b_j A^j}, {@code q_m(A) = p_m(-A)} and {@code b_j ∝ (2m - j)! / (j! (m - j)!)}.
 * Writing {@code p_m(A) = V + U} with V the even powers and U the odd ones, {@code q_m(A) = V - U}, so one
 * LU solve {@code (V - U) X = V + U} gives {@code r_m(A)}. For {@code ‖A‖₁ <= θ_m} (the largest norm at which
 * the backward error of {@code r_m} is at most the unit roundoff 2⁻⁵³, Higham's Table 2.3) the smallest such
 * {@code m} of 3, 5, 7, 9 is used directly; otherwise {@code A / 2^s} with {@code s = ⌈log2(‖A‖₁ / θ_13)⌉}
 * is approximated at degree 13 and the result squared s times. Dividing by a power of two is exact.
 *
 * <p>For a triangular A the diagonal of {@code e^A} is {@code e^{a_ii}}: as Al-Mohy and Higham (2009) advise, it
 * is then set exactly after the approximation and after each squaring, so a diagonal A gives
 * {@code diag(e^{a_ii})} to the last bit of {@link Math#exp}, and a diagonal spanning many orders of magnitude
 * (which forces many squarings on the small entries) keeps every entry: {@code diag(-1e300, 1)} gives
 * {@code diag(0, e)}, not {@code diag(0, 1)}.
 */
final class DenseMatrixExp {

    /** The degrees tried, in order, and their norm bounds θ_m (Higham 2005, Table 2.3, for double precision). */
    private static final int[] DEGREES = {3, 5, 7, 9, 13};
    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};

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
        double norm = normOne(x, n);
        int degree = 0;
        while (degree < DEGREES.length - 1 && !(norm <= THETA[degree])) {
            degree++;
        }
        int s = 0;
        if (norm > THETA[THETA.length - 1]) {
            double ratio = norm / THETA[THETA.length - 1]; // > 1
            int exponent = Math.getExponent(ratio);
            s = ratio == Math.scalb(1.0, exponent) ? exponent : exponent + 1; // ⌈log2 ratio⌉
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.scalb(x[i], -s);
            }
        }
        double[] r = pade(x, n, DEGREES[degree]);
        boolean triangular = triangular(a, ao, n);
        for (int k = 0; k <= s; k++) {
            if (k > 0) {
                r = product(r, r, n);
            }
            for (int i = 0; triangular && i < n; i++) { // the exact diagonal of e^(2^(k-s) A)
                r[i * n + i] = Math.exp(Math.scalb(a[ao + i * n + i], k - s));
            }
        }
        System.arraycopy(r, 0, y, yo, n * n);
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

    /** {@code r_m(X) = (V - U)⁻¹ (V + U)}, the even and odd parts of {@code p_m(X)}. */
    private static double[] pade(double[] x, int n, int m) {
        double[] b = padeCoefficients(m);
        int half = m / 2;
        double[][] even = new double[(m < 13 ? half : 3) + 1][]; // X^0, X^2, ..., X^(2 half); X^6 at most for 13
        even[0] = identity(n);
        even[1] = product(x, x, n);
        for (int k = 2; k < even.length; k++) {
            even[k] = product(even[k - 1], even[1], n);
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
        DenseLu.factor(q, 0, n, rows); // q_m(X) is nonsingular for ‖X‖₁ <= θ_m (its eigenvalues are near 1)
        double[] r = new double[n * n];
        DenseLu.solve(q, 0, n, rows, p, 0, r, 0, n);
        return r;
    }

    /** {@code ‖X‖₁ = max_j Σ_i |x_ij|}, the largest absolute column sum. */
    private static double normOne(double[] x, int n) {
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
    private static double[] product(double[] a, double[] b, int n) {
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
