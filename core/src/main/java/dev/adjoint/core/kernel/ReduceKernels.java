package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Reductions over a set of axes. The output has the input's shape with the reduced axes set to 1 (the
 * caller's {@code out} shape may drop them; the element order is the same).
 *
 * <p>When the reduced axes are one contiguous run (the common case: a batch axis, a class axis, everything),
 * the input is read as {@code [outer, r, inner]} and reduced over {@code r} without an offset table:
 * <ul>
 *   <li>{@code inner == 1} (rows): each row is summed by {@link ArrayOps#sum} in double with eight interleaved
 *       partial sums; a row of at least {@value ElementwiseKernels#PARALLEL_ELEMENTS}·2 elements is cut into
 *       fixed blocks summed in parallel and added in block order;</li>
 *   <li>{@code inner > 1} (columns): rows of length {@code inner} are added one after another in ascending
 *       order, in the tensor's precision, on the vector loops.</li>
 * </ul>
 * Any other axis set accumulates in double in row-major order of the input. In every case the order of
 * additions is fixed by the shapes alone, so results do not depend on the number of threads.
 */
public final class ReduceKernels {

    private ReduceKernels() {
    }

    /** {@code y = sum over axes of x}; of an integer or bool x, the INT64 sum ({@code IntegerReductions}). */
    public static Tensor sum(Tensor x, boolean[] reduced, Shape out) {
        if (!x.dtype().isFloating()) {
            return IntegerReductions.reduce(x, reduced, out, DType.INT64, IntegerReductions.Combine.SUM);
        }
        int[] run = contiguousRun(x.shape(), reduced);
        if (run != null) {
            return sumRun(x, run[0], run[1], run[2], out);
        }
        double[] xs = TensorInternals.doubles(x);
        int[] map = outputOffsets(x.shape(), reduced);
        double[] ys = new double[out.size()];
        for (int i = 0; i < xs.length; i++) {
            ys[map[i]] += xs[i];
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    private static Tensor sumRun(Tensor x, int outer, int r, int inner, Shape out) {
        ArrayOps ops = Kernels.OPS;
        float[] xf = TensorInternals.floats(x);
        if (inner == 1) {
            double[] ys = new double[outer];
            for (int o = 0; o < outer; o++) {
                ys[o] = xf != null ? sumRange(xf, null, o * r, r) : sumRange(null, TensorInternals.doubles(x), o * r,
                        r);
            }
            return TensorInternals.adopt(x.dtype(), out, ys);
        }
        if (xf != null) {
            float[] ys = new float[outer * inner];
            columnRanges((long) outer * r * inner, inner, (c0, width) -> {
                for (int o = 0; o < outer; o++) {
                    int yo = o * inner + c0;
                    for (int t = 0; t < r; t += rowsPerCall(width)) {
                        ops.addRows(xf, (o * r + t) * inner + c0, inner, Math.min(rowsPerCall(width), r - t), ys, yo,
                                width);
                    }
                }
            });
            return TensorInternals.adopt(out, ys);
        }
        double[] xs = TensorInternals.doubles(x);
        double[] ys = new double[outer * inner];
        columnRanges((long) outer * r * inner, inner, (c0, width) -> {
            for (int o = 0; o < outer; o++) {
                int yo = o * inner + c0;
                for (int t = 0; t < r; t += rowsPerCall(width)) {
                    ops.addRows(xs, (o * r + t) * inner + c0, inner, Math.min(rowsPerCall(width), r - t), ys, yo,
                            width);
                }
            }
        });
        return TensorInternals.adopt(DType.FLOAT64, out, ys);
    }

    /** Columns per range of {@link #columnRanges}, at least: whole vectors of every width. */
    static final int COLUMN_GRAIN = 16;

    /** A range of columns {@code [c0, c0 + width)}. */
    @FunctionalInterface
    interface ColumnRange {
        void sum(int c0, int width);
    }

    /**
     * Runs {@code body} over ranges of the {@code inner} columns, in parallel when there are enough values and
     * columns to share ({@link #COLUMN_GRAIN} or more per range), else over all of them at once. Each column is
     * summed by one task, row after row, so the ranges change no bit; on two threads the column sums of batch
     * normalization no longer leave one idle.
     */
    static void columnRanges(long values, int inner, ColumnRange body) {
        int pieces = values < 2L * ElementwiseKernels.PARALLEL_ELEMENTS || Parallel.threads() == 1 ? 1
                : Math.max(1, Math.min(2 * Parallel.threads(), inner / COLUMN_GRAIN));
        if (pieces == 1) {
            body.sum(0, inner);
            return;
        }
        Parallel.forEach(pieces, q -> {
            int c0 = rangeStart(q, pieces, inner);
            body.sum(c0, rangeStart(q + 1, pieces, inner) - c0);
        });
    }

    /**
     * The first column of range {@code q} of {@code pieces} over {@code inner} columns: a multiple of {@link
     * #COLUMN_GRAIN} (in long: {@code q·inner} passes 2^31 for tensors of 2^28 columns), {@code inner} for
     * {@code q = pieces}.
     */
    static int rangeStart(int q, int pieces, int inner) {
        return q >= pieces ? inner : (int) ((long) q * inner / pieces / COLUMN_GRAIN * COLUMN_GRAIN);
    }

    /**
     * Rows added per {@link ArrayOps#addRows} call: about 2,048 values, which stay in the L1 cache while each
     * vector of columns runs down them (the order of the additions does not depend on it); rows of no columns
     * (an empty output) add nothing, one per call.
     */
    private static int rowsPerCall(int inner) {
        return inner == 0 ? 1 : Math.max(1, 2048 / inner);
    }

    /** The sum of a range in fixed blocks (parallel for long ranges), partial sums added in block order. */
    static double sumRange(float[] f, double[] d, int from, int len) {
        ArrayOps ops = Kernels.OPS;
        int block = ElementwiseKernels.PARALLEL_ELEMENTS;
        if (len < 2 * block) {
            return f != null ? ops.sum(f, from, len) : ops.sum(d, from, len);
        }
        int blocks = (len + block - 1) / block;
        double[] partial = new double[blocks];
        Parallel.forEach(blocks, b -> {
            int at = from + b * block;
            int n = Math.min(block, len - b * block);
            partial[b] = f != null ? ops.sum(f, at, n) : ops.sum(d, at, n);
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /**
     * {@code [outer, r, inner]} when the reduced axes are one contiguous run of axes (or there are none to
     * reduce, r = 1), else null.
     */
    static int[] contiguousRun(Shape shape, boolean[] reduced) {
        int[] dims = shape.dims();
        int first = -1;
        int last = -1;
        for (int a = 0; a < dims.length; a++) {
            if (reduced[a]) {
                if (first < 0) {
                    first = a;
                } else if (last != a - 1) {
                    return null;
                }
                last = a;
            }
        }
        if (first < 0) {
            first = dims.length;
            last = dims.length - 1;
        }
        int outer = 1;
        int r = 1;
        int inner = 1;
        for (int a = 0; a < dims.length; a++) {
            if (a < first) {
                outer *= dims[a];
            } else if (a <= last) {
                r *= dims[a];
            } else {
                inner *= dims[a];
            }
        }
        return new int[] {outer, r, inner};
    }

    /**
     * {@code y = max over axes of x} (or min when {@code max} is false); NaN propagates. Integers and bools keep
     * their dtype ({@code IntegerReductions}).
     */
    public static Tensor extremum(Tensor x, boolean[] reduced, Shape out, boolean max) {
        if (!x.dtype().isFloating()) {
            return IntegerReductions.reduce(x, reduced, out, x.dtype(),
                    max ? IntegerReductions.Combine.MAX : IntegerReductions.Combine.MIN);
        }
        double[] xs = TensorInternals.doubles(x);
        int[] run = contiguousRun(x.shape(), reduced);
        double[] ys = new double[out.size()];
        Arrays.fill(ys, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        if (run != null) {
            int r = run[1];
            int inner = run[2];
            for (int o = 0; o < run[0]; o++) {
                for (int t = 0; t < r; t++) {
                    int base = (o * r + t) * inner;
                    for (int j = 0; j < inner; j++) {
                        int yo = o * inner + j;
                        ys[yo] = max ? Math.max(ys[yo], xs[base + j]) : Math.min(ys[yo], xs[base + j]);
                    }
                }
            }
            return TensorInternals.adopt(x.dtype(), out, ys);
        }
        int[] map = outputOffsets(x.shape(), reduced);
        for (int i = 0; i < xs.length; i++) {
            int o = map[i];
            ys[o] = max ? Math.max(ys[o], xs[i]) : Math.min(ys[o], xs[i]);
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /**
     * {@code y = m + log sum exp(x - m)} with {@code m = max x} over the axes: never overflows. All entries
     * -inf gives -inf; any +inf gives +inf; any NaN gives NaN.
     */
    public static Tensor logSumExp(Tensor x, boolean[] reduced, Shape out) {
        double[] xs = TensorInternals.doubles(x);
        int[] run = contiguousRun(x.shape(), reduced);
        int[] map = run != null && run[2] == 1 ? null : outputOffsets(x.shape(), reduced);
        int rowLength = run == null ? 0 : run[1];
        int n = out.size();
        double[] max = new double[n];
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        boolean[] nan = new boolean[n];
        for (int i = 0; i < xs.length; i++) {
            int o = map == null ? i / rowLength : map[i];
            if (Double.isNaN(xs[i])) {
                nan[o] = true;
            } else {
                max[o] = Math.max(max[o], xs[i]);
            }
        }
        double[] sum = new double[n];
        for (int i = 0; i < xs.length; i++) {
            int o = map == null ? i / rowLength : map[i];
            if (!Double.isInfinite(max[o])) {
                sum[o] += StrictMath.exp(xs[i] - max[o]);
            }
        }
        double[] ys = new double[n];
        for (int o = 0; o < n; o++) {
            ys[o] = nan[o] ? Double.NaN : Double.isInfinite(max[o]) ? max[o] : max[o] + StrictMath.log(sum[o]);
        }
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /** For each input element, the flat offset of its output element. */
    static int[] outputOffsets(Shape in, boolean[] reduced) {
        int[] dims = in.dims();
        int[] kept = dims.clone();
        for (int a = 0; a < dims.length; a++) {
            if (reduced[a]) {
                kept[a] = 1;
            }
        }
        int[] strides = Strides.rowMajor(kept);
        for (int a = 0; a < dims.length; a++) {
            if (reduced[a]) {
                strides[a] = 0;
            }
        }
        return Strides.offsets(dims, strides);
    }
}
