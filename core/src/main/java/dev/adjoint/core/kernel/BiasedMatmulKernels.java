package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.List;

/**
 * A matrix product and a bias in one kernel, {@code C = op(A)·op(B) + 1 bᵀ}: {@code b : [n]} added to every
 * row of C, each element getting the exactly rounded sum of its finished dot product and {@code b_j}, so the
 * bits are those of {@link MatmulKernels#matmul} followed by the add.
 *
 * <p>When C is larger than {@link #BLOCK_BYTES}, its rows are computed in blocks of about that size (a block's
 * rows of {@code A · B} with the GEMM, then their bias), the blocks being the parallel tasks, with B packed
 * once for all of them ({@link HeldOperands}). Blocks are taken along the rows of a row-major A (2-D, or
 * batched with a shared B, which is one product of {@code batches·m} rows); a C of one block, or of another
 * layout, gets its bias after the product, in pieces on the kernel threads as an elementwise kernel would.
 */
public final class BiasedMatmulKernels {

    /**
     * The size of C above which the rows are computed in blocks of about this many bytes: small enough that a
     * block is still in L2 when its bias is added (on the Xeon measured, 2 MB of L2 per core). In the LSTM's
     * input projection (C = [28·64, 512], one thread, -XX:UseAVX=2) 256 KB blocks took 2.25 / 1.36 ms per product
     * (float64 / float32) against 2.33 / 1.52 with 1 MB blocks, the bias passes 0.44 / 0.34 ms against 0.62 /
     * 0.43; 64 KB blocks were no faster.
     */
    static final int BLOCK_BYTES = 1 << 18;

    private BiasedMatmulKernels() {
    }

    /**
     * {@code op(A)·op(B) + b}, shapes as in {@link MatmulKernels#matmul(Tensor, boolean, Tensor, boolean, Shape)}
     * with {@code b} of the operands' dtype holding n elements
     * ({@code [n]}, or {@code [1, ..., 1, n]}).
     */
    public static Tensor matmulBias(Tensor a, boolean transA, Tensor b, boolean transB, Tensor bias, Shape out) {
        int n = out.dim(out.rank() - 1);
        int rows = out.size() / Math.max(1, n); // every row of every matrix of C
        int elementBytes = a.dtype().byteSize();
        boolean rowBlocks = !transA && b.rank() == 2;
        int blocks = rowBlocks ? blocks((long) rows * n * elementBytes) : 1;
        if (blocks == 1) {
            Tensor c = MatmulKernels.matmul(a, transA, b, transB, out);
            Object cs = TensorInternals.storage(c);
            Object vs = TensorInternals.storage(bias);
            // C is in cache: its rows in pieces of about PARALLEL_ELEMENTS, on the kernel threads
            int pieces = (int) Math.min(rows, Math.max(1, (long) rows * n / ElementwiseKernels.PARALLEL_ELEMENTS));
            if (pieces == 0) { // no rows
                return c;
            }
            int per = (rows + pieces - 1) / pieces;
            Parallel.forEach(pieces, t -> addBias(cs, vs, Math.min(rows, t * per),
                    Math.min(rows, (t + 1) * per) - Math.min(rows, t * per), n));
            return c;
        }
        int k = a.shape().dim(a.rank() - 1);
        int per = (rows + blocks - 1) / blocks;
        GemmKernel gemm = Kernels.GEMM;
        Object as = TensorInternals.storage(a);
        Object bs = TensorInternals.storage(b);
        Object vs = TensorInternals.storage(bias);
        Object cs = BufferPool.forOverwrite(a.dtype(), out.size()); // every element is written by a block
        try (HeldOperands.Hold held = HeldOperands.hold(List.of(b))) {
            Parallel.forEach(blocks, t -> {
                int r0 = Math.min(rows, t * per);
                int count = Math.min(rows, r0 + per) - r0;
                if (count == 0) {
                    return;
                }
                if (as instanceof float[] af) {
                    gemm.gemm(false, transB, count, n, k, af, r0 * k, (float[]) bs, 0, (float[]) cs, r0 * n);
                } else {
                    double[] ad = (double[]) as;
                    gemm.gemm(false, transB, count, n, k, ad, r0 * k, (double[]) bs, 0, (double[]) cs, r0 * n);
                }
                addBias(cs, vs, r0, count, n);
            });
        }
        return TensorInternals.adoptStorage(out, cs);
    }

    /**
     * The number of row blocks for a C of {@code bytes}: 1 up to {@link #BLOCK_BYTES}, else a multiple of the
     * number of threads.
     */
    private static int blocks(long bytes) {
        if (bytes <= BLOCK_BYTES) {
            return 1;
        }
        int threads = Parallel.threads();
        long blocks = (bytes + BLOCK_BYTES - 1) / BLOCK_BYTES;
        return (int) ((blocks + threads - 1) / threads * threads);
    }

    /** {@code c[r, j] += b[j]} for the rows {@code r0 .. r0 + count - 1} of a row-major {@code c} with n columns. */
    private static void addBias(Object c, Object b, int r0, int count, int n) {
        if (c instanceof float[] cf) {
            float[] bf = (float[]) b;
            for (int r = r0; r < r0 + count; r++) {
                for (int j = 0, o = r * n; j < n; j++, o++) {
                    cf[o] += bf[j];
                }
            }
            return;
        }
        double[] cd = (double[]) c;
        double[] bd = (double[]) b;
        for (int r = r0; r < r0 + count; r++) {
            for (int j = 0, o = r * n; j < n; j++, o++) {
                cd[o] += bd[j];
            }
        }
    }
}
