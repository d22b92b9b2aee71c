package dev.adjoint.core.kernel;

/**
 * The Cholesky factorization {@code A = L·Lᵀ} of one symmetric positive-definite matrix, in place, reading
 * only the lower triangle of A (LAPACK's {@code 'L'}), by blocks of {@value #BLOCK} columns (right-looking):
 * <pre>
 *   for each block column J:   L_JJ = chol(A_JJ);   L_IJ = A_IJ · L_JJ⁻ᵀ  (the panel below, row by row);
 *                              A_II -= L_IJ · L_IJᵀ for the trailing blocks (lower part), on the GEMM
 * </pre>
 * Within a block, column {@code j} is {@code l_jj = sqrt(a_jj - sum_p l_jp²)} and
 * {@code l_ij = (a_ij - sum_p l_ip l_jp) / l_jj} over the block's earlier columns {@code p}. Every sum runs in
 * a fixed order, so the result is deterministic for any thread count. The upper triangle is set to zero.
 */
final class DenseCholesky {

    /** Columns per block: the trailing update, which holds almost all the work, runs on the GEMM. */
    static final int BLOCK = 48;

    private DenseCholesky() {
    }

    /**
     * Factors the {@code n × n} matrix at offset {@code o} in place.
     *
     * @param pivot receives the failing pivot {@code a_kk - sum_p l_kp²} when the factorization fails
     * @return -1, or the row {@code k} whose pivot is not positive: the leading minor of order {@code k + 1} is
     *     not positive definite (a NaN pivot counts as not positive)
     */
    static int factor(double[] a, int o, int n, double[] pivot) {
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int j1 = Math.min(n, j0 + BLOCK);
            for (int j = j0; j < j1; j++) {
                int rj = o + j * n;
                double d = a[rj + j];
                for (int p = j0; p < j; p++) {
                    d -= a[rj + p] * a[rj + p];
                }
                if (!(d > 0)) {
                    pivot[0] = d;
                    return j;
                }
                double ljj = Math.sqrt(d);
                a[rj + j] = ljj;
                for (int i = j + 1; i < n; i++) {
                    int ri = o + i * n;
                    double s = a[ri + j];
                    for (int p = j0; p < j; p++) {
                        s -= a[ri + p] * a[rj + p];
                    }
                    a[ri + j] = s / ljj;
                }
            }
            if (j1 < n) {
                trailingUpdate(a, o, n, j0, j1);
            }
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(a, o + i * n + i + 1, o + (i + 1) * n, 0.0);
        }
        return -1;
    }

    /** {@code A[j1:, j1:] -= L[j1:, j0:j1] · L[j1:, j0:j1]ᵀ} on and below the diagonal, one block column at a time. */
    private static void trailingUpdate(double[] a, int o, int n, int j0, int j1) {
        int r = n - j1;
        int b = j1 - j0;
        double[] panel = new double[r * b];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a, o + (j1 + i) * n + j0, panel, i * b, b);
        }
        double[] product = new double[r * Math.min(r, BLOCK)];
        for (int c0 = 0; c0 < r; c0 += BLOCK) {
            int c1 = Math.min(r, c0 + BLOCK);
            int w = c1 - c0;
            // rows c0.. of the panel times the transpose of its rows c0..c1: the block column's lower part
            Kernels.GEMM.gemm(false, true, r - c0, w, b, panel, c0 * b, panel, c0 * b, product, 0);
            for (int i = c0; i < r; i++) {
                int row = o + (j1 + i) * n + j1;
                int t = (i - c0) * w - c0;
                for (int c = c0; c < Math.min(c1, i + 1); c++) {
                    a[row + c] -= product[t + c];
                }
            }
        }
    }
}
