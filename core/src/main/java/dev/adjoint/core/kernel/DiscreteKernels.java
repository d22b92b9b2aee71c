package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Reductions with discrete results: {@code any} and {@code all} of bools over a set of axes, and the index of
 * the maximum or minimum along one axis ({@code argmax}, {@code argmin}) as INT64.
 */
public final class DiscreteKernels {

    private DiscreteKernels() {
    }

    /**
     * {@code y = OR (or AND when {@code all}) over the reduced axes of x}, a BOOL x; over an empty axis the
     * identity: false for any, true for all.
     */
    public static Tensor anyAll(Tensor x, boolean[] reduced, Shape out, boolean all) {
        boolean[] xs = TensorInternals.booleans(x);
        boolean[] ys = (boolean[]) BufferPool.forOverwrite(DType.BOOL, out.size());
        java.util.Arrays.fill(ys, all);
        int[] map = ReduceKernels.outputOffsets(x.shape(), reduced);
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] != all) {
                ys[map[i]] = !all;
            }
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The index along {@code axis} of the first maximum (or minimum, when {@code max} is false), as NumPy's
     * {@code argmax}: ties go to the first occurrence, and a NaN wins (the first NaN's index); integers are
     * compared exactly, bools as 1 and 0. The output is INT64, of {@code out}'s shape (x's without the axis,
     * or with it as size 1).
     *
     * @throws IllegalArgumentException when the axis is empty: an empty sequence has no maximum
     */
    public static Tensor argExtremum(Tensor x, int axis, Shape out, boolean max) {
        int[] dims = x.shape().dims();
        int d = dims[axis];
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= dims[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < dims.length; a++) {
            inner *= dims[a];
        }
        long[] ys = (long[]) BufferPool.forOverwrite(DType.INT64, out.size());
        if (d == 0 && ys.length > 0) {
            throw new IllegalArgumentException((max ? "argmax" : "argmin") + ": the axis must not be empty, got "
                    + x.shape() + " along axis " + axis + "; an empty sequence has no "
                    + (max ? "maximum" : "minimum"));
        }
        boolean floating = x.dtype().isFloating();
        double[] xd = floating ? TensorInternals.doubles(x) : null;
        Integers.Reader xl = floating ? null : Integers.reader(x);
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * d * inner + j;
                int best = 0;
                if (floating) {
                    double v = xd[base];
                    for (int t = 1; t < d && !Double.isNaN(v); t++) {
                        double w = xd[base + t * inner];
                        if (Double.isNaN(w) || (max ? w > v : w < v)) {
                            v = w;
                            best = t;
                        }
                    }
                } else {
                    long v = xl.get(base);
                    for (int t = 1; t < d; t++) {
                        long w = xl.get(base + t * inner);
                        if (max ? w > v : w < v) {
                            v = w;
                            best = t;
                        }
                    }
                }
                ys[o * inner + j] = best;
            }
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The histogram of the integers x over the bins {@code 0 .. length - 1}: {@code y_b = Σ_{i: x_i = b} w_i}, with
     * {@code w_i = 1} (an INT64 count) when {@code weights} is null, else summed in double in index order and rounded
     * once to the weights' dtype, of {@code out}'s shape {@code [length]}.
     *
     * @throws IllegalArgumentException naming the first value outside {@code [0, length)} and its position
     */
    public static Tensor bincount(Tensor x, Tensor weights, int length, Shape out) {
        Integers.Reader xs = Integers.reader(x);
        double[] w = weights == null ? null : TensorInternals.doubles(weights);
        double[] sums = new double[length];
        long[] counts = new long[length];
        int n = x.shape().size();
        for (int i = 0; i < n; i++) {
            long b = xs.get(i);
            if (b < 0 || b >= length) {
                throw new IllegalArgumentException("bincount: values must be integers in [0, " + length + ") (the"
                        + " number of bins), got " + b + " at position " + i + (b < 0 ? "; a negative value has no bin"
                        : "; pass a larger length, at least max(x) + 1"));
            }
            if (w == null) {
                counts[(int) b]++;
            } else {
                sums[(int) b] += w[i];
            }
        }
        if (w == null) {
            return TensorInternals.adoptStorage(out, counts);
        }
        return TensorInternals.adopt(weights.dtype(), out, sums);
    }
}
