package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;

/**
 * Matrix products {@code C = A·B}: 2-D, batched with equal leading dimensions, and batched {@code A} with a
 * shared 2-D {@code B}. Accumulation is in double precision in a fixed order (over k ascending), so results
 * are deterministic.
 */
public final class MatmulKernels {

    private MatmulKernels() {
    }

    /**
     * {@code C[..., i, j] = sum_k A[..., i, k] B[..., k, j]}, where {@code B} either has the same leading
     * dimensions as {@code A} or is 2-D and shared by every matrix of {@code A}.
     */
    public static Tensor matmul(Tensor a, Tensor b, Shape out) {
        int ra = a.rank();
        int m = a.shape().dim(ra - 2);
        int k = a.shape().dim(ra - 1);
        int n = b.shape().dim(b.rank() - 1);
        int batches = 1;
        for (int axis = 0; axis < out.rank() - 2; axis++) {
            batches *= out.dim(axis);
        }
        boolean shared = b.rank() == 2;
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] cs = new double[out.size()];
        for (int p = 0; p < batches; p++) {
            gemm(as, p * m * k, bs, shared ? 0 : p * k * n, cs, p * m * n, m, k, n);
        }
        return TensorInternals.adopt(a.dtype(), out, cs);
    }

    /** {@code C[m, n] += A[m, k] · B[k, n]} on row-major blocks at the given offsets (i-k-j loop order). */
    static void gemm(double[] a, int ao, double[] b, int bo, double[] c, int co, int m, int k, int n) {
        double[] row = new double[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0.0);
            for (int p = 0; p < k; p++) {
                double aip = a[ao + i * k + p];
                int boff = bo + p * n;
                for (int j = 0; j < n; j++) {
                    row[j] += aip * b[boff + j];
                }
            }
            System.arraycopy(row, 0, c, co + i * n, n);
        }
    }
}
