package dev.adjoint.core.kernel;

/**
 * Solves {@code op(T)·X = B} for one triangular {@code n × n} matrix {@code T} and {@code B} of {@code n × k},
 * in place on B, {@code op(T)} being {@code T} or {@code Tᵀ}. Only the triangle of T that the system uses is
 * read; with a unit diagonal its diagonal is not read either (taken as ones).
 *
 * <p>Every case reduces to one: a lower-triangular system solved forwards. {@code op(T)} is copied as a lower
 * triangle {@code E}: as it is when it is lower triangular, and with rows and columns reversed
 * ({@code E = J·op(T)·J}, {@code J} the reversal) when it is upper triangular, in which case the rows of B are
 * reversed before and after. The forward solve halves the rows recursively, so that almost all the work is
 * one large GEMM per level ({@code B_2 -= E_21 X_1}), and solves blocks of up to {@value #BLOCK} rows by
 * substitution; sums run in a fixed order and the result does not depend on the thread count.
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

    /**
     * Solves {@code op(T)·X = B} in place on {@code B}, T ({@code n × n}, rows {@code ldt} apart) having no zero
     * on its diagonal (see {@link #zeroDiagonal}).
     */
    static void solve(double[] t, int to, int ldt, int n, boolean lower, boolean transpose, boolean unitDiagonal,
            double[] b, int bo, int k) {
        boolean effectiveLower = lower != transpose;
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                // E[i][j] = op(T)[i][j] for a lower op(T), op(T)[n-1-i][n-1-j] for an upper one
                int r = effectiveLower ? i : n - 1 - i;
                int c = effectiveLower ? j : n - 1 - j;
                e[i * n + j] = transpose ? t[to + c * ldt + r] : t[to + r * ldt + c];
            }
        }
        if (!effectiveLower) {
            reverseRows(b, bo, n, k);
        }
        solveLower(e, n, 0, n, unitDiagonal, b, bo, k);
        if (!effectiveLower) {
            reverseRows(b, bo, n, k);
        }
    }

    /**
     * Solves {@code E[r0:r1, r0:r1] X = B[r0:r1]} for a lower-triangular E, the contributions of rows before
     * {@code r0} already subtracted: recursively by halves, {@code X_1 = E_11⁻¹ B_1},
     * {@code B_2 -= E_21 X_1} (one GEMM), {@code X_2 = E_22⁻¹ B_2}, and by substitution below {@value #BLOCK} rows.
     */
    private static void solveLower(double[] e, int n, int r0, int r1, boolean unitDiagonal, double[] b, int bo,
            int k) {
        if (r1 - r0 <= BLOCK) {
            for (int i = r0; i < r1; i++) {
                int row = bo + i * k;
                for (int p = r0; p < i; p++) {
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
            return;
        }
        int mid = r0 + (r1 - r0) / 2;
        solveLower(e, n, r0, mid, unitDiagonal, b, bo, k);
        int h = r1 - mid;
        int w = mid - r0;
        double[] block = new double[h * w];
        for (int i = 0; i < h; i++) {
            System.arraycopy(e, (mid + i) * n + r0, block, i * w, w);
        }
        double[] product = new double[h * k];
        // the solved rows r0..mid of X are contiguous in B
        Kernels.GEMM.gemm(false, false, h, k, w, block, 0, b, bo + r0 * k, product, 0);
        for (int i = 0; i < h * k; i++) {
            b[bo + mid * k + i] -= product[i];
        }
        solveLower(e, n, mid, r1, unitDiagonal, b, bo, k);
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
