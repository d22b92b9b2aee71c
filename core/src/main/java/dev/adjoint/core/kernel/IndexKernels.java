package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Kernels that read or write elements at computed positions: gather and its scatter-add adjoint, take along
 * an axis and its adjoint, PyTorch's scatter and scatter-add along an axis, one-hot encoding. Index tensors are
 * INT32 or INT64, or, as a legacy, hold integers in a float dtype; an index that is not an integer or lies
 * outside its axis is reported with its position in the index tensor and its value. Gather and its adjoint
 * take indices in {@code [-d, d)}, a negative one counted from the end as in NumPy's {@code take};
 * take-along-axis, its adjoint, PyTorch's scatters and one-hot take {@code [0, d)} only, since they carry class
 * labels, where {@code -1} is a mistake (an "ignore" label), not "the last class". Gather, take-along-axis and
 * the assigning scatter move values of any dtype; the adding scatters add floats.
 */
public final class IndexKernels {

    private IndexKernels() {
    }

    /**
     * {@code y[p, j, s] = x[p, idx[j], s]}: x is {@code pre+[d]+post}, y is {@code pre+idx.shape+post}; indices in
     * {@code [-d, d)} when {@code fromEnd} (a negative one counted from the end), else in {@code [0, d)}.
     */
    public static Tensor gather(Tensor x, Tensor idx, int axis, boolean fromEnd, Shape out) {
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        Object xs = TensorInternals.storage(x);
        double[] is = TensorInternals.doubles(idx);
        Object ys = BufferPool.forOverwrite(x.dtype(), out.size());
        int q = is.length;
        for (int j = 0; j < q; j++) {
            int k = fromEnd ? wrapIndex("gather", idx, is, j, d) : checkIndex("lookup", idx, is, j, d);
            for (int p = 0; p < outer; p++) {
                System.arraycopy(xs, (p * d + k) * inner, ys, (p * q + j) * inner, inner);
            }
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The adjoint of {@link #gather}: zeros of shape {@code out} with {@code src} added at the indices, read as
     * gather reads them; an index out of range is reported under {@code op} (scatterAdd, or the gradient of the
     * gather or lookup the user called).
     */
    public static Tensor scatterAdd(Tensor src, Tensor idx, int axis, boolean fromEnd, Shape out, String op) {
        int[] dims = out.dims();
        int d = dims[axis];
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        double[] ss = TensorInternals.doubles(src);
        double[] is = TensorInternals.doubles(idx);
        double[] ys = BufferPool.doublesFor(src.dtype(), out.size());
        int q = is.length;
        for (int j = 0; j < q; j++) {
            int k = fromEnd ? wrapIndex(op, idx, is, j, d) : checkIndex(op, idx, is, j, d);
            for (int p = 0; p < outer; p++) {
                int yo = (p * d + k) * inner;
                int so = (p * q + j) * inner;
                for (int s = 0; s < inner; s++) {
                    ys[yo + s] += ss[so + s];
                }
            }
        }
        return TensorInternals.adopt(src.dtype(), out, ys);
    }

    /**
     * {@code y[p, j, s] = x[p, idx[p, j, s], s]}: x is {@code pre+[d]+post}, idx and y are
     * {@code pre+[m]+post}. An index out of {@code [0, d)} is reported under {@code op}, the name the user
     * called (takeAlongAxis, gatherAlongAxis).
     */
    public static Tensor takeAlongAxis(Tensor x, Tensor idx, int axis, String op) {
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int m = idx.shape().dim(axis);
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        double[] is = TensorInternals.doubles(idx);
        int[] offsets = new int[is.length];
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < inner; s++) {
                    int at = (p * m + j) * inner + s;
                    offsets[at] = (p * d + checkIndex(op, idx, is, at, d)) * inner + s;
                }
            }
        }
        Object ys = BufferPool.forOverwrite(x.dtype(), is.length);
        Storage.gather(TensorInternals.storage(x), offsets, ys);
        return TensorInternals.adoptStorage(idx.shape(), ys);
    }

    /**
     * The adjoint of {@link #takeAlongAxis}: zeros of shape {@code out} with {@code src} added at idx; an index out
     * of range is reported under {@code op} (putAlongAxis, or the gradient of the takeAlongAxis the user called).
     */
    public static Tensor putAlongAxis(Tensor src, Tensor idx, int axis, Shape out, String op) {
        int[] dims = out.dims();
        int d = dims[axis];
        int m = idx.shape().dim(axis);
        int outer = product(dims, 0, axis);
        int inner = product(dims, axis + 1, dims.length);
        double[] ss = TensorInternals.doubles(src);
        double[] is = TensorInternals.doubles(idx);
        double[] ys = BufferPool.doublesFor(src.dtype(), out.size());
        for (int p = 0; p < outer; p++) {
            for (int j = 0; j < m; j++) {
                for (int s = 0; s < inner; s++) {
                    int at = (p * m + j) * inner + s;
                    int k = checkIndex(op, idx, is, at, d);
                    ys[(p * d + k) * inner + s] += ss[at];
                }
            }
        }
        return TensorInternals.adopt(src.dtype(), out, ys);
    }

    /**
     * PyTorch's {@code scatter_add}: a copy of x with {@code src[i]} added, for each position i of idx in
     * row-major order, at i with its coordinate along {@code axis} replaced by {@code idx[i]}; one addition after
     * the other in x's dtype, so repeated indices sum as {@code ((x + s_1) + s_2) + ...} whatever the thread count.
     * idx and src have x's rank and at most x's dimensions off the axis; indices in {@code [0, x.dim(axis))}.
     */
    public static Tensor scatterAddAlongAxis(Tensor x, Tensor idx, Tensor src, int axis) {
        int[] at = targets("scatterAddAlongAxis", x.shape(), idx, axis);
        Object ys = BufferPool.forOverwrite(x.dtype(), x.size());
        System.arraycopy(TensorInternals.storage(x), 0, ys, 0, x.size());
        if (ys instanceof float[] y) {
            float[] s = TensorInternals.floats(src);
            for (int i = 0; i < at.length; i++) {
                y[at[i]] += s[i];
            }
        } else {
            double[] y = (double[]) ys;
            double[] s = TensorInternals.doubles(src);
            for (int i = 0; i < at.length; i++) {
                y[at[i]] += s[i];
            }
        }
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /**
     * PyTorch's {@code scatter}: a copy of x (any dtype) with {@code src[i]} written at the positions of
     * {@link #scatterAddAlongAxis}, in row-major order of idx, so where indices repeat the last write wins.
     */
    public static Tensor scatterAlongAxis(Tensor x, Tensor idx, Tensor src, int axis) {
        int[] at = targets("scatterAlongAxis", x.shape(), idx, axis);
        Object ys = BufferPool.forOverwrite(x.dtype(), x.size());
        System.arraycopy(TensorInternals.storage(x), 0, ys, 0, x.size());
        Storage.scatter(TensorInternals.storage(src), ys, at);
        return TensorInternals.adoptStorage(x.shape(), ys);
    }

    /**
     * Which writes of {@link #scatterAlongAxis} into a target of {@code size} along {@code axis} survive: true at
     * position i of idx when no later position (in row-major order) writes the same element.
     */
    public static Tensor lastWrites(Tensor idx, int axis, int size) {
        Shape target = idx.shape().with(axis, size);
        int[] at = targets("scatterAlongAxis", target, idx, axis);
        boolean[] written = new boolean[target.size()];
        boolean[] last = new boolean[at.length];
        for (int i = at.length - 1; i >= 0; i--) {
            last[i] = !written[at[i]];
            written[at[i]] = true;
        }
        return TensorInternals.adoptStorage(idx.shape(), last);
    }

    /**
     * For each position i of idx (row-major), the flat offset in a tensor of shape x of i with its coordinate
     * along {@code axis} replaced by {@code idx[i]}, which is checked to lie in {@code [0, x.dim(axis))}.
     */
    private static int[] targets(String op, Shape x, Tensor idx, int axis) {
        int[] dims = idx.shape().dims();
        int[] strides = x.strides();
        int bound = x.dim(axis);
        double[] is = TensorInternals.doubles(idx);
        int[] at = new int[is.length];
        int[] coordinate = new int[dims.length];
        int base = 0;
        for (int i = 0; i < is.length; i++) {
            at[i] = base + checkIndex(op, idx, is, i, bound) * strides[axis];
            for (int a = dims.length - 1; a >= 0; a--) {
                int step = a == axis ? 0 : strides[a];
                if (++coordinate[a] < dims[a]) {
                    base += step;
                    break;
                }
                base -= (dims[a] - 1) * step;
                coordinate[a] = 0;
            }
        }
        return at;
    }

    /**
     * {@code y[..., c] = 1 if labels[...] == c else 0} (true and false for BOOL), for classes {@code 0 <= c < depth}.
     */
    public static Tensor oneHot(Tensor labels, int depth, DType dtype, Shape out) {
        double[] ls = TensorInternals.doubles(labels);
        Object ys = BufferPool.zeroed(dtype, out.size());
        Object one = TensorInternals.storage(Tensor.ones(dtype, Shape.of(1)));
        for (int i = 0; i < ls.length; i++) {
            System.arraycopy(one, 0, ys, i * depth + checkIndex("oneHot", labels, ls, i, depth), 1);
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The index at {@code flat} in {@code [-bound, bound)}, a negative one counted from the end (NumPy's
     * {@code take}): {@code -1} is the last element.
     */
    private static int wrapIndex(String op, Tensor idx, double[] values, int flat, int bound) {
        double v = values[flat];
        if (v < 0 && v >= -bound && v == Math.rint(v)) {
            return (int) v + bound;
        }
        if (v >= 0 && v < bound && v == Math.rint(v)) {
            return (int) v;
        }
        throw new IndexOutOfBoundsException(op + ": indices must be integers in [" + (-bound) + ", " + bound
                + ") (a negative one counts from the end), got " + describe(idx, v, flat) + " at position "
                + Arrays.toString(position(idx.shape(), flat)) + " of indices " + idx.shape());
    }

    private static String describe(Tensor idx, double v, int flat) {
        return idx.dtype().isFloating() ? Double.toString(v) : Long.toString(idx.flatLong(flat));
    }

    private static int checkIndex(String op, Tensor idx, double[] values, int flat, int bound) {
        double v = values[flat];
        int k = (int) v;
        if (k != v || k < 0 || k >= bound) {
            String value = idx.dtype().isFloating() ? Double.toString(v) : Long.toString(idx.flatLong(flat));
            throw new IndexOutOfBoundsException(op + ": indices must be integers in [0, " + bound + "), got "
                    + value + " at position " + Arrays.toString(position(idx.shape(), flat)) + " of indices "
                    + idx.shape());
        }
        return k;
    }

    private static int[] position(Shape shape, int flat) {
        int[] strides = shape.strides();
        int[] pos = new int[strides.length];
        for (int a = 0; a < strides.length; a++) {
            pos[a] = strides[a] == 0 ? 0 : flat / strides[a];
            flat -= pos[a] * strides[a];
        }
        return pos;
    }

    private static int product(int[] dims, int from, int to) {
        int p = 1;
        for (int a = from; a < to; a++) {
            p *= dims[a];
        }
        return p;
    }
}
