package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Binary search of values in sorted lanes, PyTorch's {@code searchsorted} to the comparison: the search keeps
 * {@code [start, end)} and moves right while {@code !(sorted[mid] >= v)} (left) or {@code !(sorted[mid] > v)}
 * (right), so a NaN value lands at the end of its lane, and NaN in a lane (sorted last) is passed over as PyTorch's
 * search passes over it.
 */
public final class BucketKernels {

    private BucketKernels() {
    }

    /**
     * For each value, the INT64 position in its lane of {@code sorted} where it would be inserted: the lane is the
     * whole of a 1-D {@code sorted}, else the lane of {@code sorted}'s last axis with the value's leading indices.
     *
     * @param right the last suitable position (after equal elements) instead of the first
     */
    public static Tensor searchsorted(Tensor sorted, Tensor values, boolean right) {
        int m = sorted.shape().dim(sorted.rank() - 1);
        int k = values.rank() == 0 ? 1 : values.shape().dim(values.rank() - 1);
        boolean shared = sorted.rank() == 1;
        long[] out = (long[]) BufferPool.forOverwrite(DType.INT64, values.shape().size());
        if (sorted.dtype().isFloating()) {
            double[] s = TensorInternals.doubles(sorted);
            double[] v = TensorInternals.doubles(values);
            for (int i = 0; i < out.length; i++) {
                int base = shared ? 0 : (i / k) * m;
                double x = v[i];
                out[i] = insertion(m, right ? j -> !(s[base + j] > x) : j -> !(s[base + j] >= x));
            }
        } else {
            Integers.Reader s = Integers.reader(sorted);
            Integers.Reader v = Integers.reader(values);
            for (int i = 0; i < out.length; i++) {
                int base = shared ? 0 : (i / k) * m;
                long x = v.get(i);
                out[i] = insertion(m, right ? j -> s.get(base + j) <= x : j -> s.get(base + j) < x);
            }
        }
        return TensorInternals.adoptStorage(values.shape(), out);
    }

    /** The first position {@code p} in {@code [0, m]} where {@code before(p)} is false, the search moving right. */
    private static int insertion(int m, java.util.function.IntPredicate before) {
        int start = 0;
        int end = m;
        while (start < end) {
            int mid = start + ((end - start) >> 1);
            if (before.test(mid)) {
                start = mid + 1;
            } else {
                end = mid;
            }
        }
        return start;
    }
}
