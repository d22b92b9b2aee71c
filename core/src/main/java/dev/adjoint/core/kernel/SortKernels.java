package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Stable sorting along one axis. The order is NumPy's: ascending with NaN after every number (so NaN is the
 * largest value when descending, as in PyTorch), {@code -0.0} equal to {@code 0.0}, and equal elements in
 * their original order in both directions.
 */
public final class SortKernels {

    private SortKernels() {
    }

    /** For each lane along {@code axis}, the INT64 positions that sort it (stable), of x's shape. */
    public static Tensor argsort(Tensor x, int axis, boolean descending) {
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        boolean floating = x.dtype().isFloating();
        double[] xd = floating ? TensorInternals.doubles(x) : null;
        Integers.Reader xl = floating ? null : Integers.reader(x);
        long[] ys = (long[]) BufferPool.forOverwrite(DType.INT64, x.shape().size());
        int lanes = d == 0 ? 0 : ys.length / d;
        Integer[] order = new Integer[d];
        for (int lane = 0; lane < lanes; lane++) {
            int base = (lane / inner) * d * inner + lane % inner;
            int stride = inner;
            for (int t = 0; t < d; t++) {
                order[t] = t;
            }
            Comparator<Integer> ascending = floating
                    ? (p, q) -> compare(xd[base + p * stride], xd[base + q * stride])
                    : (p, q) -> Long.compare(xl.get(base + p * stride), xl.get(base + q * stride));
            Arrays.sort(order, descending ? ascending.reversed() : ascending);
            for (int t = 0; t < d; t++) {
                ys[base + t * inner] = order[t];
            }
        }
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /** NumPy's sort order: numbers by value ({@code -0.0 == 0.0}), NaN after all of them. */
    static int compare(double a, double b) {
        if (a < b) {
            return -1;
        }
        if (a > b) {
            return 1;
        }
        boolean nanA = Double.isNaN(a);
        return nanA == Double.isNaN(b) ? 0 : nanA ? 1 : -1;
    }
}
