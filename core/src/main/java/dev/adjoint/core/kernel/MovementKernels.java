package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.List;

/** Kernels that move elements without arithmetic: permute, broadcast, slice, pad, concat, triangle. */
public final class MovementKernels {

    private MovementKernels() {
    }

    /** {@code y[i_perm[0], ..., i_perm[r-1]] = x[i_0, ..., i_{r-1}]}, i.e. axis a of y is axis perm[a] of x. */
    public static Tensor permute(Tensor x, int[] perm, Shape out) {
        int r = perm.length;
        boolean lastTwoSwapped = r >= 2 && perm[r - 2] == r - 1 && perm[r - 1] == r - 2;
        for (int a = 0; lastTwoSwapped && a < r - 2; a++) {
            lastTwoSwapped = perm[a] == a;
        }
        if (lastTwoSwapped) {
            return transposeLastTwo(x, out);
        }
        int[] inStrides = x.shape().strides();
        int[] readStrides = new int[perm.length];
        for (int a = 0; a < perm.length; a++) {
            readStrides[a] = inStrides[perm[a]];
        }
        // trailing axes left in place are contiguous runs in both x and y: one copy per run
        int kept = r;
        while (kept > 1 && perm[kept - 1] == kept - 1) {
            kept--;
        }
        if (kept < r) {
            return copyRuns(x, 0, readStrides, kept, out);
        }
        return gatherOffsets(x, Strides.offsets(out.dims(), readStrides), out);
    }

    /** Repeats {@code x} along its size-1 axes (and new leading axes) to {@code out}. */
    public static Tensor broadcastTo(Tensor x, Shape out) {
        Tensor fast = broadcastFast(x, out);
        if (fast != null) {
            return fast;
        }
        int lead = out.rank() - x.rank();
        int[] inStrides = x.shape().strides();
        int[] readStrides = new int[out.rank()];
        for (int a = 0; a < x.rank(); a++) {
            readStrides[lead + a] = x.shape().dim(a) == 1 ? 0 : inStrides[a];
        }
        return gatherOffsets(x, Strides.offsets(out.dims(), readStrides), out);
    }

    /** {@code y[i] = x[starts + i]} for the window of shape {@code out}. */
    public static Tensor slice(Tensor x, int[] starts, Shape out) {
        int[] strides = x.shape().strides();
        int base = 0;
        for (int a = 0; a < starts.length; a++) {
            base += starts[a] * strides[a];
        }
        int inner = innerAxes(out.dims(), x.shape().dims());
        if (inner < out.rank()) {
            return copyRuns(x, base, strides, inner, out);
        }
        int[] offsets = Strides.offsets(out.dims(), strides);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] += base;
        }
        return gatherOffsets(x, offsets, out);
    }

    /** Zeros of shape {@code out} (false for BOOL) with {@code x} written at {@code before} along each axis. */
    public static Tensor pad(Tensor x, int[] before, Shape out) {
        int[] outStrides = out.strides();
        int base = 0;
        for (int a = 0; a < before.length; a++) {
            base += before[a] * outStrides[a];
        }
        int inner = innerAxes(x.shape().dims(), out.dims());
        if (inner < out.rank()) {
            int run = run(x.shape().dims(), inner);
            int[] starts = Strides.offsets(java.util.Arrays.copyOf(x.shape().dims(), inner), outStrides);
            Object xs = TensorInternals.storage(x);
            Object ys = BufferPool.zeroed(x.dtype(), out.size());
            for (int o = 0; o < starts.length; o++) {
                System.arraycopy(xs, o * run, ys, base + starts[o], run);
            }
            return TensorInternals.adoptStorage(out, ys);
        }
        int[] offsets = Strides.offsets(x.shape().dims(), outStrides);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] += base;
        }
        Object ys = BufferPool.zeroed(x.dtype(), out.size());
        Storage.scatter(TensorInternals.storage(x), ys, offsets);
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The first axis j such that a window of shape {@code window} in an array of shape {@code whole} (same
     * rank) is contiguous from axis j on, each window row along j..r-1 being one run: the window spans the
     * whole of every axis after j. The rank when the last axis is empty (nothing to copy in runs).
     */
    private static int innerAxes(int[] window, int[] whole) {
        int r = window.length;
        if (r == 0 || window[r - 1] == 0) {
            return r;
        }
        int j = r - 1;
        while (j > 0 && window[j] == whole[j]) {
            j--;
        }
        return j;
    }

    /**
     * {@code y} of shape {@code out} whose axes {@code inner..} are contiguous runs in x: run o (o in row-major
     * order over y's axes before {@code inner}) is copied whole from {@code x} at {@code base + sum_a i_a ·
     * readStrides[a]}, with a table of one offset per run.
     */
    private static Tensor copyRuns(Tensor x, int base, int[] readStrides, int inner, Shape out) {
        int run = run(out.dims(), inner);
        int[] starts = Strides.offsets(java.util.Arrays.copyOf(out.dims(), inner),
                java.util.Arrays.copyOf(readStrides, inner));
        Object xs = TensorInternals.storage(x);
        Object ys = BufferPool.forOverwrite(x.dtype(), out.size());
        for (int o = 0; o < starts.length; o++) {
            System.arraycopy(xs, base + starts[o], ys, o * run, run);
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /** The number of elements of a window row over the axes {@code from..r-1}. */
    private static int run(int[] window, int from) {
        int run = 1;
        for (int a = from; a < window.length; a++) {
            run *= window[a];
        }
        return run;
    }

    /**
     * The triangular part of each matrix {@code x[..., :, :]}, of any dtype: {@code y_ij = x_ij} where {@code j - i
     * <= k} ({@code lower}) or {@code j - i >= k} (upper), 0 (false) elsewhere; the kept part of a row is one copy.
     */
    public static Tensor triangle(Tensor x, boolean lower, int k, Shape out) {
        int m = out.dim(-2);
        int n = out.dim(-1);
        int matrices = m * n == 0 ? 0 : out.size() / (m * n);
        Object xs = TensorInternals.storage(x);
        Object ys = BufferPool.zeroed(x.dtype(), out.size());
        for (int p = 0; p < matrices; p++) {
            for (int i = 0; i < m; i++) {
                int from = lower ? 0 : (int) Math.max(0, Math.min(n, (long) i + k));
                int to = lower ? (int) Math.max(0, Math.min(n, (long) i + k + 1)) : n;
                int row = (p * m + i) * n;
                if (to > from) {
                    System.arraycopy(xs, row + from, ys, row + from, to - from);
                }
            }
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /** The parts laid one after another along {@code axis}. */
    public static Tensor concat(List<Tensor> parts, int axis, Shape out) {
        Object ys = BufferPool.forOverwrite(parts.get(0).dtype(), out.size());
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= out.dim(a);
        }
        int outRow = out.size() / Math.max(1, outer);
        int written = 0;
        for (Tensor part : parts) {
            Object ps = TensorInternals.storage(part);
            int row = part.size() / Math.max(1, outer);
            for (int o = 0; o < outer; o++) {
                System.arraycopy(ps, o * row, ys, o * outRow + written, row);
            }
            written += row;
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * The common broadcasts without an offset table: a single element (a fill); {@code x} repeated whole
     * ({@code [n] -> [m, n]}, a bias); each element of {@code x} repeated ({@code [m, 1] -> [m, n]}, a row
     * statistic). Null for any other pattern.
     */
    private static Tensor broadcastFast(Tensor x, Shape out) {
        int lead = out.rank() - x.rank();
        int[] dims = new int[out.rank()];
        java.util.Arrays.fill(dims, 1);
        for (int a = 0; a < x.rank(); a++) {
            dims[lead + a] = x.shape().dim(a);
        }
        int n = x.size();
        int total = out.size();
        // pattern A: dims = [1, ..., 1, out[s..]]: x repeated `outer` times
        int s = 0;
        while (s < dims.length && dims[s] == 1 && out.dim(s) != 1) {
            s++;
        }
        boolean tailEqual = true;
        for (int a = s; a < dims.length; a++) {
            tailEqual &= dims[a] == out.dim(a);
        }
        if (n == 1 || tailEqual) {
            return repeat(x, out, n == 0 ? 0 : total / n, n, 1);
        }
        // pattern B: dims = [out[..e], 1, ..., 1]: each element repeated `inner` times
        int e = dims.length;
        while (e > 0 && dims[e - 1] == 1 && out.dim(e - 1) != 1) {
            e--;
        }
        boolean headEqual = true;
        for (int a = 0; a < e; a++) {
            headEqual &= dims[a] == out.dim(a);
        }
        if (headEqual) {
            return repeat(x, out, 1, n, n == 0 ? 0 : total / n);
        }
        return null;
    }

    /** {@code y[(o * n + i) * inner + j] = x[i]}. */
    private static Tensor repeat(Tensor x, Shape out, int outer, int n, int inner) {
        Object xs = TensorInternals.storage(x);
        Object ys = BufferPool.forOverwrite(x.dtype(), out.size());
        for (int o = 0; o < outer; o++) {
            if (inner == 1) {
                System.arraycopy(xs, 0, ys, o * n, n);
            } else {
                for (int i = 0; i < n; i++) {
                    int at = (o * n + i) * inner;
                    Storage.fill(ys, at, at + inner, xs, i);
                }
            }
        }
        return TensorInternals.adoptStorage(out, ys);
    }

    /**
     * {@code y[p, j, i] = x[p, i, j]} in 32 × 32 tiles, so both sides are read and written in cache lines
     * (float tensors; the others through an offset table).
     */
    private static Tensor transposeLastTwo(Tensor x, Shape out) {
        int r = x.rank();
        int rows = x.shape().dim(r - 2);
        int cols = x.shape().dim(r - 1);
        if (!x.dtype().isFloating()) {
            int[] strides = x.shape().strides();
            int[] read = strides.clone();
            read[r - 2] = strides[r - 1];
            read[r - 1] = strides[r - 2];
            return gatherOffsets(x, Strides.offsets(out.dims(), read), out);
        }
        int batches = rows * cols == 0 ? 0 : x.size() / (rows * cols);
        final int tile = 32;
        float[] xf = TensorInternals.floats(x);
        float[] yf = xf == null ? null : BufferPool.floatsForOverwrite(x.size());
        double[] xd = xf == null ? TensorInternals.doubles(x) : null;
        double[] yd = xf == null ? BufferPool.doublesForOverwrite(x.size()) : null;
        for (int p = 0; p < batches; p++) {
            int base = p * rows * cols;
            for (int i0 = 0; i0 < rows; i0 += tile) {
                for (int j0 = 0; j0 < cols; j0 += tile) {
                    int i1 = Math.min(rows, i0 + tile);
                    int j1 = Math.min(cols, j0 + tile);
                    for (int i = i0; i < i1; i++) {
                        for (int j = j0; j < j1; j++) {
                            if (yf != null) {
                                yf[base + j * rows + i] = xf[base + i * cols + j];
                            } else {
                                yd[base + j * rows + i] = xd[base + i * cols + j];
                            }
                        }
                    }
                }
            }
        }
        return yf != null ? TensorInternals.adopt(out, yf) : TensorInternals.adopt(x.dtype(), out, yd);
    }

    private static Tensor gatherOffsets(Tensor x, int[] offsets, Shape out) {
        Object ys = BufferPool.forOverwrite(x.dtype(), offsets.length);
        Storage.gather(TensorInternals.storage(x), offsets, ys);
        return TensorInternals.adoptStorage(out, ys);
    }
}
