package dev.adjoint.core.kernel;

/**
 * The Cholesky factorization {@code A = L·Lᵀ} of one symmetric positive-definite matrix, in place, reading
 * only the lower triangle of A (LAPACK's {@code 'L'}). Recursive by halves, so that almost all the work runs on
 * the GEMM:
 * <pre>
 *   L_11 = chol(A_11);   L_21 = A_21 L_11⁻ᵀ (a triangular solve);   L_22 = chol(A_22 - L_21 L_21ᵀ)
 * </pre>
 * and blocks of up to {@value #BLOCK} columns directly: {@code l_jj = sqrt(a_jj - sum_p l_jp²)},
 * {@code l_ij = (a_ij - sum_p l_ip l_jp) / l_jj} over the block's earlier columns p. Every sum runs in a fixed
 * order, so the result is deterministic for any thread count. The upper triangle is set to zero.
 */
final class DenseCholesky {

    /** Columns factored directly; larger blocks are halved. */
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
        int k = factor(a, o, n, 0, n, pivot);
        if (k < 0) {
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(a, o + i * n + i + 1, o + (i + 1) * n, 0.0);
            }
        }
        return k;
    }

    /** Factors the diagonal block {@code [j0, j1)}, whose updates from the columns before j0 are applied. */
    private static int factor(double[] a, int o, int n, int j0, int j1, double[] pivot) {
        if (j1 - j0 <= BLOCK) {
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
                for (int i = j + 1; i < j1; i++) {
                    int ri = o + i * n;
                    double s = a[ri + j];
                    for (int p = j0; p < j; p++) {
                        s -= a[ri + p] * a[rj + p];
                    }
                    a[ri + j] = s / ljj;
                }
            }
            return -1;
        }
        int mid = j0 + (j1 - j0) / 2;
        int k = factor(a, o, n, j0, mid, pivot);
        if (k >= 0) {
            return k;
        }
        int h = mid - j0;
        int r = j1 - mid;
        // L_21 = A_21 L_11⁻ᵀ  <=>  L_11 L_21ᵀ = A_21ᵀ
        double[] rhs = new double[h * r];
        for (int i = 0; i < r; i++) {
            for (int c = 0; c < h; c++) {
                rhs[c * r + i] = a[o + (mid + i) * n + j0 + c];
            }
        }
        DenseTriangular.solve(a, o + j0 * n + j0, n, h, true, false, false, rhs, 0, r);
        for (int i = 0; i < r; i++) {
            for (int c = 0; c < h; c++) {
                a[o + (mid + i) * n + j0 + c] = rhs[c * r + i];
            }
        }
        trailingUpdate(a, o, n, j0, mid, j1);
        return factor(a, o, n, mid, j1, pivot);
    }

    /**
     * {@code A[mid:j1, mid:j1] -= L[mid:j1, j0:mid] · L[mid:j1, j0:mid]ᵀ} on and below the diagonal, one block
     * column at a time on the GEMM.
     */
    private static void trailingUpdate(double[] a, int o, int n, int j0, int mid, int j1) {
        int r = j1 - mid;
        int b = mid - j0;
        double[] panel = new double[r * b];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a, o + (mid + i) * n + j0, panel, i * b, b);
        }
        double[] product = new double[r * Math.min(r, BLOCK)];
        for (int c0 = 0; c0 < r; c0 += BLOCK) {
            int c1 = Math.min(r, c0 + BLOCK);
            int w = c1 - c0;
            // rows c0.. of the panel times the transpose of its rows c0..c1: the block column's lower part
            Kernels.GEMM.gemm(false, true, r - c0, w, b, panel, c0 * b, panel, c0 * b, product, 0);
            for (int i = c0; i < r; i++) {
                int row = o + (mid + i) * n + mid;
                int t = (i - c0) * w - c0;
                for (int c = c0; c < Math.min(c1, i + 1); c++) {
                    a[row + c] -= product[t + c];
                }
            }
        }
    }
}
