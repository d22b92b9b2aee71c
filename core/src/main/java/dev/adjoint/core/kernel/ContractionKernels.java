package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * The general tensor contraction on the GEMM: {@code C[b, i, j] = sum_c A[b, i, c] B[b, c, j]}, where each of
 * {@code b} (batch), {@code i} (A's free axes), {@code j} (B's free axes) and {@code c} (contracted) stands for a
 * group of axes, flattened: {@code P} batches of an {@code M × K} by {@code K × N} product.
 *
 * <p>An operand whose axes are already stored as {@code (batch, free, contracted)} or
 * {@code (batch, contracted, free)} is read in place, the second one as a transposed GEMM operand; any other
 * operand is first copied into the first layout. So {@code Aᵀ·B} summed over leading axes (the weight
 * gradient of {@code x·W} for a batched {@code x}) is one GEMM over the flattened leading axes, with no copy.
 * The contracted pairs are taken in the order that reads the larger operand in place. Each element of C is
 * one chain of fused multiply-adds over the flattened contracted index in ascending order, in the element
 * type, as for every GEMM ({@link GemmKernel}): the bits do not depend on the thread count.
 */
public final class ContractionKernels {

    private ContractionKernels() {
    }

    /**
     * Contracts {@code a} and {@code b}: the axes {@code aBatch[i]} and {@code bBatch[i]} are paired as batch
     * axes, {@code aContracted[i]} and {@code bContracted[i]} summed over; {@code out} is
     * {@code [batch..., a's free axes..., b's free axes...]}, free axes in ascending order.
     */
    public static Tensor contract(Tensor a, Tensor b, int[] aBatch, int[] bBatch, int[] aContracted,
            int[] bContracted, Shape out) {
        int[] aFree = free(a.rank(), aBatch, aContracted);
        int[] bFree = free(b.rank(), bBatch, bContracted);
        int batches = product(a.shape(), aBatch);
        int m = product(a.shape(), aFree);
        int k = product(a.shape(), aContracted);
        int n = product(b.shape(), bFree);
        Layout layout = Layout.of(a.rank(), b.rank(), a.size() >= b.size(), aBatch, bBatch, aContracted,
                bContracted);
        Object as = layout.aInPlace() ? storage(a) : permuted(a, layout.aOrder());
        Object bs = layout.bInPlace() ? storage(b) : permuted(b, layout.bOrder());
        boolean transA = layout.transA();
        boolean transB = layout.transB();
        GemmKernel gemm = Kernels.GEMM;
        if (a.dtype() == DType.FLOAT32) {
            float[] x = (float[]) as;
            float[] y = (float[]) bs;
            float[] c = BufferPool.floatsForOverwrite(out.size());
            if (k == 0) {
                Arrays.fill(c, 0f);
            }
            for (int p = 0; p < batches && k > 0; p++) {
                gemm.gemm(transA, transB, m, n, k, x, p * m * k, y, p * k * n, c, p * m * n);
            }
            return TensorInternals.adopt(out, c);
        }
        double[] x = (double[]) as;
        double[] y = (double[]) bs;
        double[] c = BufferPool.doublesForOverwrite(out.size());
        if (k == 0) {
            Arrays.fill(c, 0.0);
        }
        for (int p = 0; p < batches && k > 0; p++) {
            gemm.gemm(transA, transB, m, n, k, x, p * m * k, y, p * k * n, c, p * m * n);
        }
        return TensorInternals.adopt(DType.FLOAT64, out, c);
    }

    /**
     * How the kernel reads the operands: each in place (as stored, transposed or not) or copied with its axes
     * in {@code (batch, free, contracted)} order.
     *
     * @param aOrder A's axes in the order the GEMM reads them
     * @param aInPlace whether A is read as stored
     * @param transA whether A is read as a transposed operand ({@code (batch, contracted, free)})
     * @param bOrder B's axes in the order the GEMM reads them
     * @param bInPlace whether B is read as stored
     * @param transB whether B is read as a transposed operand ({@code (batch, free, contracted)})
     */
    record Layout(int[] aOrder, boolean aInPlace, boolean transA, int[] bOrder, boolean bInPlace, boolean transB) {

        /**
         * The layout for operands of these ranks and axes; the contracted pairs are taken in A's stored order
         * when {@code aLarger}, else in B's, so that the larger operand is the one more likely read in place.
         */
        static Layout of(int aRank, int bRank, boolean aLarger, int[] aBatch, int[] bBatch, int[] aContracted,
                int[] bContracted) {
            int[] aFree = free(aRank, aBatch, aContracted);
            int[] bFree = free(bRank, bBatch, bContracted);
            int[] pairs = sortedPairs(aLarger ? aContracted : bContracted);
            int[] ac = pick(aContracted, pairs);
            int[] bc = pick(bContracted, pairs);
            boolean aMk = isIdentity(concat(aBatch, aFree, ac));
            boolean aKm = !aMk && isIdentity(concat(aBatch, ac, aFree));
            boolean bKn = isIdentity(concat(bBatch, bc, bFree));
            boolean bNk = !bKn && isIdentity(concat(bBatch, bFree, bc));
            return new Layout(aKm ? concat(aBatch, ac, aFree) : concat(aBatch, aFree, ac), aMk || aKm, aKm,
                    bNk ? concat(bBatch, bFree, bc) : concat(bBatch, bc, bFree), bKn || bNk, bNk);
        }
    }

    /** The axes of a rank-{@code rank} operand that are neither batch nor contracted, ascending. */
    public static int[] free(int rank, int[] batch, int[] contracted) {
        boolean[] used = new boolean[rank];
        for (int axis : batch) {
            used[axis] = true;
        }
        for (int axis : contracted) {
            used[axis] = true;
        }
        int[] free = new int[rank - batch.length - contracted.length];
        for (int axis = 0, i = 0; axis < rank; axis++) {
            if (!used[axis]) {
                free[i++] = axis;
            }
        }
        return free;
    }

    /**
     * The elements of {@code x} with its axes in {@code order}, as a scratch array ({@code float[]} or
     * {@code double[]}) of the caller's, not from the buffer pool: it dies with the call.
     */
    private static Object permuted(Tensor x, int[] order) {
        int[] dims = new int[order.length];
        int[] strides = x.shape().strides();
        int[] read = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            dims[i] = x.shape().dim(order[i]);
            read[i] = strides[order[i]];
        }
        int[] offsets = Strides.offsets(dims, read);
        float[] xf = TensorInternals.floats(x);
        if (xf != null) {
            float[] y = new float[offsets.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = xf[offsets[i]];
            }
            return y;
        }
        double[] xd = TensorInternals.doubles(x);
        double[] y = new double[offsets.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = xd[offsets[i]];
        }
        return y;
    }

    private static Object storage(Tensor x) {
        return x.dtype() == DType.FLOAT32 ? TensorInternals.floats(x) : TensorInternals.doubles(x);
    }

    /** The positions {@code 0..axes.length-1} ordered by the axis each holds. */
    private static int[] sortedPairs(int[] axes) {
        Integer[] order = new Integer[axes.length];
        for (int i = 0; i < axes.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(axes[x], axes[y]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    private static int[] pick(int[] axes, int[] positions) {
        int[] out = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = axes[positions[i]];
        }
        return out;
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }

    private static boolean isIdentity(int[] order) {
        for (int i = 0; i < order.length; i++) {
            if (order[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int product(Shape shape, int[] axes) {
        int p = 1;
        for (int axis : axes) {
            p *= shape.dim(axis);
        }
        return p;
    }
}
