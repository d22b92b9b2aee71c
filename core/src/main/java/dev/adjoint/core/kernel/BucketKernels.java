package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.function.IntUnaryOperator;

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
        return searchsorted(sorted, values, right, null);
    }

    /**
     * {@link #searchsorted(Tensor, Tensor, boolean)} in {@code sequence} as {@code sorter} (integers of its shape)
     * orders it: element j of a lane is the sequence's element {@code sorter[j]} of that lane; a null sorter reads
     * the sequence in place.
     *
     * @throws IndexOutOfBoundsException naming searchsorted and the first sorter index outside {@code [0, M)}
     */
    public static Tensor searchsorted(Tensor sequence, Tensor values, boolean right, Tensor sorter) {
        int m = sequence.shape().dim(sequence.rank() - 1);
        int k = values.rank() == 0 ? 1 : values.shape().dim(values.rank() - 1);
        boolean shared = sequence.rank() == 1;
        int[] order = order(sorter, sequence.shape().size(), m);
        long[] out = (long[]) BufferPool.forOverwrite(DType.INT64, values.shape().size());
        if (sequence.dtype().isFloating()) {
            double[] s = TensorInternals.doubles(sequence);
            double[] v = TensorInternals.doubles(values);
            for (int i = 0; i < out.length; i++) {
                int base = shared ? 0 : (i / k) * m;
                double x = v[i];
                IntUnaryOperator at = j -> base + (order == null ? j : order[base + j]);
                out[i] = insertion(m, right ? j -> !(s[at.applyAsInt(j)] > x) : j -> !(s[at.applyAsInt(j)] >= x));
            }
        } else {
            Integers.Reader s = Integers.reader(sequence);
            Integers.Reader v = Integers.reader(values);
            for (int i = 0; i < out.length; i++) {
                int base = shared ? 0 : (i / k) * m;
                long x = v.get(i);
                IntUnaryOperator at = j -> base + (order == null ? j : order[base + j]);
                out[i] = insertion(m, right ? j -> s.get(at.applyAsInt(j)) <= x : j -> s.get(at.applyAsInt(j)) < x);
            }
        }
        return TensorInternals.adoptStorage(values.shape(), out);
    }

    /** The sorter's {@code size} indices, each checked in {@code [0, m)}; null for no sorter. */
    private static int[] order(Tensor sorter, int size, int m) {
        if (sorter == null) {
            return null;
        }
        Integers.Reader r = Integers.reader(sorter);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            long j = r.get(i);
            if (j < 0 || j >= m) {
                throw new IndexOutOfBoundsException("searchsorted: the sorter's indices must be in [0, " + m
                        + "), got " + j + " at flat position " + i);
            }
            order[i] = (int) j;
        }
        return order;
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
