package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Matrix products {@code C = op(A)·op(B)}, {@code op(X)} being {@code X} or its transpose over the last two
 * axes: 2-D, batched with equal leading dimensions, batched {@code A} with a shared 2-D {@code B}, and a shared
 * 2-D {@code A} with batched {@code B}.
 *
 * <p>Each matrix product runs on the GEMM chosen by {@link Kernels} (a packed Vector-API GEMM, or the portable
 * one), in the tensors' own precision: float32 stays float32 (accumulated with fused multiply-adds in float),
 * float64 stays float64. Every element is accumulated over k in a fixed order, so results do not depend on the
 * number of threads. A transposed operand is read in place by the GEMM's packing: no transposed copy is made.
 */
public final class MatmulKernels {

    private MatmulKernels() {
    }

    /**
     * {@code C[..., i, j] = sum_k A[..., i, k] B[..., k, j]}, where {@code A} and {@code B} have the same leading
     * dimensions, or one of them is 2-D and shared by every matrix of the other.
     */
    public static Tensor matmul(Tensor a, Tensor b, Shape out) {
        return matmul(a, false, b, false, out);
    }

    /**
     * {@code C = op(A)·op(B)}: with {@code transA}, A's matrices are stored {@code [k, m]} and used transposed;
     * with {@code transB}, B's are stored {@code [n, k]}. {@code out} is {@code [..., m, n]}.
     */
    public static Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB, Shape out) {
        int ra = a.rank();
        int m = out.dim(out.rank() - 2);
        int n = out.dim(out.rank() - 1);
        int k = transA ? a.shape().dim(ra - 2) : a.shape().dim(ra - 1);
        int batches = 1;
        for (int axis = 0; axis < out.rank() - 2; axis++) {
            batches *= out.dim(axis);
        }
        boolean shared = b.rank() == 2;
        boolean sharedA = a.rank() == 2 && !shared;
        if (shared && !transA && batches > 1) {
            // [..., m, k] · [k, n] is one [batches·m, k] · [k, n] product: one larger GEMM, one packing of B
            m *= batches;
            batches = 1;
        }
        GemmKernel gemm = Kernels.GEMM;
        if (a.dtype() == DType.FLOAT32) {
            float[] as = TensorInternals.floats(a);
            float[] bs = TensorInternals.floats(b);
            float[] cs = BufferPool.floatsForOverwrite(out.size()); // the GEMM overwrites C
            for (int p = 0; p < batches; p++) {
                gemm.gemm(transA, transB, m, n, k, as, sharedA ? 0 : p * m * k, bs, shared ? 0 : p * k * n, cs,
                        p * m * n);
            }
            return TensorInternals.adopt(out, cs);
        }
        double[] as = TensorInternals.doubles(a);
        double[] bs = TensorInternals.doubles(b);
        double[] cs = BufferPool.doublesForOverwrite(out.size());
        for (int p = 0; p < batches; p++) {
            gemm.gemm(transA, transB, m, n, k, as, sharedA ? 0 : p * m * k, bs, shared ? 0 : p * k * n, cs,
                    p * m * n);
        }
        return TensorInternals.adopt(DType.FLOAT64, out, cs);
    }
}
