package dev.adjoint.core.kernel;

/**
 * Solves {@code op(T)·X = B} for one triangular {@code n × n} matrix {@code T} and {@code B} of {@code n × k},
 * in place on B, {@code op(T)} being {@code T} or {@code Tᵀ}. Only the triangle of T that the system uses is
 * read; with a unit diagonal its diagonal is not read either (taken as ones).
 *
 * <p>Every case reduces to one: a lower-triangular system solved forwards. {@code op(T)} is copied as a lower
 * triangle {@code E}: as it is when it is lower triangular, and with rows and columns reversed
 * ({@code E = J·op(T)·J}, {@code J} the reversal) when it is upper triangular, in which case the rows of B are
 * reversed before and after. The forward solve runs by blocks of {@value #BLOCK} rows:
 * {@code X_I = E_II⁻¹ (B_I - E_[I, <I] · X_<I)}, the product on the GEMM, the small triangular solve by
 * substitution, so sums run in a fixed order and the result does not depend on the thread count.
 */
final class DenseTriangular {

    static final int BLOCK = 48;

    private DenseTriangular() {
    }

    /** The first row whose diagonal element is zero, or -1; always -1 with a unit diagonal. */
    static int zeroDiagonal(double[] t, int to, int n, boolean unitDiagonal) {
        for (int i = 0; !unitDiagonal && i < n; i++) {
            if (t[to + i * n + i] == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Solves {@code op(T)·X = B} in place on {@code B}; T must have no zero on its diagonal (see {@link #zeroDiagonal}). */
    static void solve(double[] t, int to, int n, boolean lower, boolean transpose, boolean unitDiagonal,
            double[] b, int bo, int k) {
        boolean effectiveLower = lower != transpose;
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                // E[i][j] = op(T)[i][j] for a lower op(T), op(T)[n-1-i][n-1-j] for an upper one
                int r = effectiveLower ? i : n - 1 - i;
                int c = effectiveLower ? j : n - 1 - j;
                e[i * n + j] = transpose ? t[to + c * n + r] : t[to + r * n + c];
            }
        }
        if (!effectiveLower) {
            reverseRows(b, bo, n, k);
        }
        solveLower(e, n, unitDiagonal, b, bo, k);
        if (!effectiveLower) {
            reverseRows(b, bo, n, k);
        }
    }

    private static void solveLower(double[] e, int n, boolean unitDiagonal, double[] b, int bo, int k) {
        double[] block = new double[Math.min(n, BLOCK) * n];
        double[] product = new double[Math.min(n, BLOCK) * k];
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(n, i0 + BLOCK);
            int h = i1 - i0;
            if (i0 > 0) {
                for (int i = 0; i < h; i++) {
                    System.arraycopy(e, (i0 + i) * n, block, i * i0, i0);
                }
                // the solved rows 0..i0 of X are contiguous in B
                Kernels.GEMM.gemm(false, false, h, k, i0, block, 0, b, bo, product, 0);
                for (int i = 0; i < h * k; i++) {
                    b[bo + i0 * k + i] -= product[i];
                }
            }
            for (int i = i0; i < i1; i++) {
                int row = bo + i * k;
                for (int p = i0; p < i; p++) {
                    double eip = e[i * n + p];
                    int solved = bo + p * k;
                    for (int j = 0; j < k; j++) {
                        b[row + j] -= eip * b[solved + j];
                    }
                }
                if (!unitDiagonal) {
                    double d = e[i * n + i];
                    for (int j = 0; j < k; j++) {
                        b[row + j] /= d;
                    }
                }
            }
        }
    }

    private static void reverseRows(double[] b, int bo, int n, int k) {
        double[] tmp = new double[k];
        for (int i = 0, j = n - 1; i < j; i++, j--) {
            System.arraycopy(b, bo + i * k, tmp, 0, k);
            System.arraycopy(b, bo + j * k, b, bo + i * k, k);
            System.arraycopy(tmp, 0, b, bo + j * k, k);
        }
    }
}
