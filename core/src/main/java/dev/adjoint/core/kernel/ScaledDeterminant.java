package dev.adjoint.core.kernel;

/**
 * Determinants and cofactor matrices of matrices whose entries span float64's range, where the plain formulas
 * under- or overflow although the result is representable: the determinant of {@code diag(1e-200, 1e-200, 1e200)}
 * is 1e-200, but the running product of its pivots passes through 1e-400 and ends at 0; the cofactor of a
 * {@code 1 × 1} matrix is 1, but {@code det(A) · A⁻ᵀ} of {@code [[1e-310]]} is {@code 1e-310 · inf}.
 *
 * <p>Products are carried as a mantissa in {@code [1, 2)} and a separate binary exponent, rounded once at the
 * end ({@link #product}). Cofactors are computed from the equilibrated matrix {@code B = Dr A Dc}, with
 * {@code Dr = diag(2^r_i)} and {@code Dc = diag(2^c_j)} chosen so that each row, then each column, of B has its
 * largest magnitude in {@code [1, 2)}: the scaling is exact, and from {@code A = Dr⁻¹ B Dc⁻¹},
 * <pre>
 *   cof(A)_ij = det(A) (A⁻ᵀ)_ij = cof(B)_ij · 2^(r_i + c_j - Σr - Σc),
 * </pre>
 * where {@code cof(B)} is of moderate size whenever B is well conditioned, and the power of two is applied last.
 */
final class ScaledDeterminant {

    /** Beyond this, a binary exponent gives 0 or infinity whatever the mantissa. */
    private static final long SATURATED = 4_000;

    private ScaledDeterminant() {
    }

    /** {@code m · 2^e}, correctly rounded (to 0 or infinity when out of range). */
    static double scaled(double m, long e) {
        return Math.scalb(m, (int) Math.max(-SATURATED, Math.min(SATURATED, e)));
    }

    /**
     * {@code sign · Π_i lu[i, i]} of the {@code n × n} factors at {@code lu}, carried without under- or overflow
     * and rounded once; 0 when a factor is 0.
     *
     * @return {@code {mantissa, exponent}}: the product is {@code mantissa · 2^exponent}
     */
    static double[] product(double sign, double[] lu, int n) {
        double m = sign;
        long e = 0;
        for (int i = 0; i < n && m != 0; i++) {
            double u = lu[i * n + i];
            if (u == 0) {
                return new double[] {0, 0};
            }
            int ue = BinaryScale.floorLog2(u);
            m *= Math.scalb(u, -ue);
            int me = BinaryScale.floorLog2(m);
            m = Math.scalb(m, -me);
            e += ue + me;
        }
        return new double[] {m, e};
    }

    /**
     * The row exponents {@code r} and column exponents {@code c} equilibrating the {@code n × n} matrix at
     * {@code x[o]} ({@code b_ij = a_ij 2^(r_i + c_j)}), written into {@code b}; false when a row is zero (A is
     * then singular and B is not written completely).
     */
    static boolean equilibrate(double[] x, int o, int n, double[] b, int[] r, int[] c) {
        for (int i = 0; i < n; i++) {
            double max = BinaryScale.largest(x, o + i * n, n);
            if (max == 0) {
                return false;
            }
            r[i] = -BinaryScale.floorLog2(max);
            for (int j = 0; j < n; j++) {
                b[i * n + j] = Math.scalb(x[o + i * n + j], r[i]);
            }
        }
        for (int j = 0; j < n; j++) {
            double max = 0;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, Math.abs(b[i * n + j]));
            }
            c[j] = max == 0 ? 0 : -BinaryScale.floorLog2(max);
            for (int i = 0; i < n; i++) {
                b[i * n + j] = Math.scalb(b[i * n + j], c[j]);
            }
        }
        return true;
    }
}
