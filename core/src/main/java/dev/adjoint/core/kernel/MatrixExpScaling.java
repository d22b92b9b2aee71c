package dev.adjoint.core.kernel;

/**
 * The Padé degree m and the number s of squarings with which {@link DenseMatrixExp} approximates {@code e^A} by
 * {@code r_m(A / 2^s)^(2^s)}: Al-Mohy and Higham (2009), Algorithm 5.1, with exact norms of the powers.
 *
 * <p>The backward error of {@code r_m(X)} is {@code h(X) = log(e^{-X} r_m(X))}, an odd series
 * {@code Σ_{k>=2m+1} c_k X^k} (odd because {@code r_m(-x) = 1 / r_m(x)}). θ_m is the largest η at which
 * {@code Σ |c_k| η^{k-1} <= 2⁻⁵³} (Higham 2005, Table 2.3). Bounding {@code ‖X^{k-1}‖} by {@code ‖X‖^{k-1}}
 * gives the classical rule {@code ‖X‖₁ <= θ_m}; but every even power {@code X^{2j}} with {@code j >= 2} is a
 * product of copies of {@code X^4} and {@code X^6} ({@code j = 2a + 3b}), so
 * {@code ‖X^{2j}‖ <= max(d_4, d_6)^{2j}} with {@code d_p = ‖X^p‖^{1/p}}, and likewise with {@code (d_6, d_8)}
 * for {@code j >= 6} and {@code (d_8, d_10)} for {@code j >= 12}. These η are at most {@code ‖X‖₁} and much
 * smaller for a non-normal X, whose norm overstates its powers' growth: fewer squarings, less rounding error.
 *
 * <p>The guard ℓ adds squarings when the leading error term, evaluated in floating point on {@code |X|}, is not
 * negligible: {@code ℓ = max(⌈log2(α / u) / (2m)⌉, 0)} with
 * {@code α = |c_{2m+1}| ‖|X|^{2m+1}‖₁ / ‖X‖₁} and {@code |c_{2m+1}| = (m!)² / ((2m)! (2m+1)!)}. The number of
 * squarings never exceeds the classical {@code ⌈log2(‖A‖₁ / θ_13)⌉}, which the gradient's block matrix
 * {@code [[B, E], [0, B]]} takes (with the classical degree: the smallest m with {@code ‖A‖₁ <= θ_m}).
 *
 * @param degree the Padé degree m: 3, 5, 7, 9 or 13
 * @param squarings the number s of squarings, {@code >= 0}
 */
record MatrixExpScaling(int degree, int squarings) {

    /** The degrees tried, in order, and their bounds θ_m (Higham 2005, Table 2.3, for double precision). */
    private static final int[] DEGREES = {3, 5, 7, 9, 13};
    private static final double[] THETA = {1.495585217958292e-2, 2.539398330063230e-1, 9.504178996162932e-1,
        2.097847961257068e0, 5.371920351148152e0};
    private static final int UNIT_ROUNDOFF_BITS = 53;

    /**
     * The degree and squarings for the row-major {@code n × n} matrix X (finite), given its powers
     * {@code even = {I, X², X⁴, X⁶}}.
     */
    static MatrixExpScaling choose(double[] x, int n, double[][] even) {
        double norm = DenseMatrixExp.normOne(x, n);
        double theta13 = THETA[THETA.length - 1];
        int classical = norm > theta13 ? ceilLog2(norm / theta13) : 0;
        if (isFrechetBlock(x, n)) {
            int degree = 0;
            while (degree < DEGREES.length - 1 && !(norm <= THETA[degree])) {
                degree++;
            }
            return new MatrixExpScaling(DEGREES[degree], classical);
        }
        double[] x4 = even[2];
        double[] x6 = even[3];
        double d6 = root(x6, n, 6);
        double eta1 = Math.max(root(x4, n, 4), d6);
        for (int k = 0; k < 2; k++) {
            if (eta1 <= THETA[k] && ell(x, n, DEGREES[k], 0) == 0) {
                return new MatrixExpScaling(DEGREES[k], 0);
            }
        }
        double d8 = root(DenseMatrixExp.product(x4, x4, n), n, 8);
        double eta3 = Math.max(d6, d8);
        for (int k = 2; k < 4; k++) {
            if (eta3 <= THETA[k] && ell(x, n, DEGREES[k], 0) == 0) {
                return new MatrixExpScaling(DEGREES[k], 0);
            }
        }
        double d10 = root(DenseMatrixExp.product(x4, x6, n), n, 10);
        double eta5 = Math.min(eta3, Math.max(d8, d10));
        if (!Double.isFinite(eta5)) { // the powers overflowed: the classical rule only
            return new MatrixExpScaling(13, classical);
        }
        int s = eta5 > theta13 ? ceilLog2(eta5 / theta13) : 0;
        s += ell(x, n, 13, s);
        return new MatrixExpScaling(13, Math.min(s, classical));
    }

    /**
     * Whether X is {@code [[B, E], [0, B]]}, the block whose exponential's upper-right block is the Fréchet derivative
     * (matrixExp's gradient builds it). Its E block is accurate relative to its own size only with the classical
     * count of squarings: the norms of the powers let fewer squarings pass (right for B, whose backward error they
     * bound), and a gradient of an 8 × 8 non-normal matrix lost 400 times the accuracy (7,815 units of roundoff
     * against 20, a reviewer's measurement against mpmath).
     */
    private static boolean isFrechetBlock(double[] x, int n) {
        if (n % 2 != 0 || n == 0) {
            return false;
        }
        int h = n / 2;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                if (x[(h + i) * n + j] != 0 || x[i * n + j] != x[(h + i) * n + h + j]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code ⌈log2 ratio⌉} for {@code ratio > 1}. */
    private static int ceilLog2(double ratio) {
        int exponent = Math.getExponent(ratio);
        return ratio == Math.scalb(1.0, exponent) ? exponent : exponent + 1;
    }

    /** {@code d_p = ‖P‖₁^{1/p}} for the power {@code P = X^p}. */
    private static double root(double[] power, int n, int p) {
        return Math.pow(DenseMatrixExp.normOne(power, n), 1.0 / p);
    }

    /** ℓ for {@code 2^-s X} at degree m: the squarings to add so that the leading error term stays below u. */
    private static int ell(double[] x, int n, int m, int s) {
        double norm = DenseMatrixExp.normOne(x, n);
        double log2Power = log2NormOfAbsPower(x, n, 2 * m + 1);
        if (norm == 0 || log2Power == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        double log2Alpha = log2LeadingCoefficient(m) + log2Power - (double) s * (2 * m + 1)
                - (Math.log(norm) / Math.log(2) - s);
        return Math.max((int) Math.ceil((log2Alpha + UNIT_ROUNDOFF_BITS) / (2 * m)), 0);
    }

    /** {@code log2 |c_{2m+1}| = log2((m!)² / ((2m)! (2m+1)!))}. */
    private static double log2LeadingCoefficient(int m) {
        double c = 1;
        for (int i = m + 1; i <= 2 * m; i++) {
            c /= (double) i * i; // m! / (2m)!, twice
        }
        return Math.log(c / (2 * m + 1)) / Math.log(2);
    }

    /**
     * {@code log2 ‖|X|^k‖₁}: the largest entry of the row vector {@code 1ᵀ |X|^k} (|X| is nonnegative, so that
     * is the largest column sum), kept as a power of two times a vector near 1 so that it cannot overflow.
     */
    private static double log2NormOfAbsPower(double[] x, int n, int k) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0);
        double log2 = 0;
        for (int t = 0; t < k; t++) {
            double[] w = new double[n];
            double max = 0;
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += v[i] * Math.abs(x[i * n + j]);
                }
                w[j] = sum;
                max = Math.max(max, sum);
            }
            if (max == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            int exponent = Math.getExponent(max);
            for (int j = 0; j < n; j++) {
                w[j] = Math.scalb(w[j], -exponent);
            }
            log2 += exponent;
            v = w;
        }
        double max = 0;
        for (double value : v) {
            max = Math.max(max, value);
        }
        return log2 + Math.log(max) / Math.log(2);
    }
}
