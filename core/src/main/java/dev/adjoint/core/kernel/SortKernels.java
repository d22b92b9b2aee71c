package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
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

    /**
     * The distinct values of x (all elements, flattened) in ascending order, padded with {@code fill} to
     * {@code size}, of x's dtype: NumPy's {@code unique} order and equality ({@code -0.0 == 0.0}, the first
     * occurrence's sign kept; every NaN one value, last).
     *
     * @throws IllegalArgumentException when x holds more than {@code size} distinct values
     */
    public static Tensor uniqueValues(Tensor x, int size, double fill) {
        int[] first = distinct(x, size).first();
        if (x.dtype().isFloating()) {
            double[] xd = TensorInternals.doubles(x);
            double[] values = new double[size];
            Arrays.fill(values, fill);
            for (int g = 0; g < first.length; g++) {
                values[g] = xd[first[g]];
            }
            return TensorInternals.adopt(x.dtype(), Shape.of(size), values);
        }
        Integers.Reader xl = Integers.reader(x);
        long[] exact = new long[size];
        Arrays.fill(exact, (long) fill); // an integer the dtype holds: checked when the node was built
        for (int g = 0; g < first.length; g++) {
            exact[g] = xl.get(first[g]);
        }
        return Tensor.ofLongs(Shape.of(size), exact).cast(x.dtype());
    }

    /** For each element of x, the INT64 position of its value among {@link #uniqueValues}, of x's shape. */
    public static Tensor uniqueInverse(Tensor x, int size) {
        return TensorInternals.adoptStorage(x.shape(), distinct(x, size).inverse());
    }

    /** The flat index of the first occurrence of each distinct value, ascending, and each element's group. */
    private record Distinct(int[] first, long[] inverse) {
    }

    private static Distinct distinct(Tensor x, int size) {
        int n = x.shape().size();
        boolean floating = x.dtype().isFloating();
        double[] xd = floating ? TensorInternals.doubles(x) : null;
        Integers.Reader xl = floating ? null : Integers.reader(x);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Comparator<Integer> ascending = floating ? (p, q) -> compare(xd[p], xd[q])
                : (p, q) -> Long.compare(xl.get(p), xl.get(q));
        Arrays.sort(order, ascending);
        long[] inverse = new long[n];
        int[] first = new int[n];
        int groups = 0;
        for (int t = 0; t < n; t++) {
            if (t == 0 || ascending.compare(order[t - 1], order[t]) != 0) {
                first[groups++] = order[t];
            }
            inverse[order[t]] = groups - 1;
        }
        if (groups > size) {
            throw new IllegalArgumentException("unique: x must hold at most size = " + size + " distinct values, got "
                    + groups + " in " + x.shape() + "; pass a larger size");
        }
        return new Distinct(Arrays.copyOf(first, groups), inverse);
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
