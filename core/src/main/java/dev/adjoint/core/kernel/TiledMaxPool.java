package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Max pooling whose windows tile the input: one or two spatial axes, channels last, stride equal to the pool size
 * on every axis, no padding before, and every window inside the input ({@code o_a·k_a <= s_a}). One axis is read
 * as two with {@code s0 = o0 = k0 = 1}. Window {@code (p, q)} of {@code x : [N, s0, s1, C]} holds the cells
 * {@code (p·k0 + t0, q·k1 + t1)}, {@code 0 <= t < k}, so every cell lies in one window at most, and with
 * {@code a(p, q)} the window's first maximum (the first NaN if any; see {@link WindowMax}):
 * <ul>
 *   <li>max: {@code y[n, p, q, c] = x[n, a(p, q), c]};</li>
 *   <li>pick: {@code y[n, p, q, c] = u[n, a(p, q), c]};</li>
 *   <li>scatter: {@code z[n, i, c] = 0 + g[n, p, q, c]} at {@code i = a(p, q)} and {@code +0.0} at every other
 *       cell, in a window or not: the zeros with g added of {@link PoolKernels}'s general path, each element
 *       written once.</li>
 * </ul>
 * These are the general path's bits. Each window's taps are read straight from x, in row order, and its
 * maximum's position stays in registers: no table of offsets, no second pass. The parallel tasks are blocks of
 * output rows {@code (n, p)} of a size that depends on the problem only, each writing its own rows of the
 * result, so results do not depend on the thread count.
 */
final class TiledMaxPool {

    /** About this many input elements per task. */
    private static final int BLOCK_ELEMENTS = 1 << 15;

    /** A range {@code [from, to)} of an array, to clear. */
    @FunctionalInterface
    private interface Range {
        void clear(int from, int to);
    }

    /** The geometry as two spatial axes. */
    private record Tiles(int n, int c, int in0, int in1, int out0, int out1, int k0, int k1) {
        /** Elements of one input row {@code (n, i0)}. */
        int row() {
            return in1 * c;
        }

        /** Output rows {@code (n, p)}. */
        int rows() {
            return n * out0;
        }

        /** Output rows per task. */
        int rowsPerTask() {
            return Math.max(1, BLOCK_ELEMENTS / Math.max(1, k0 * row()));
        }

        int tasks() {
            return (rows() + rowsPerTask() - 1) / rowsPerTask();
        }

        /** The offset of output row r's first window in x: image {@code r / o0}, input row {@code (r mod o0)·k0}. */
        int inputAt(int r) {
            return ((r / out0) * in0 + (r % out0) * k0) * row();
        }

        /**
         * The ranges of the input that output row r's windows do not cover and a gradient must zero, each given
         * to {@code zero} as {@code [from, to)}: the columns right of the last window in each of its k0 input
         * rows, and, after an image's last output row, the input rows below its windows.
         */
        void uncovered(int r, Range zero) {
            int at = inputAt(r);
            int covered = out1 * k1 * c;
            if (covered < row()) {
                for (int t0 = 0; t0 < k0; t0++) {
                    zero.clear(at + t0 * row() + covered, at + (t0 + 1) * row());
                }
            }
            if (r % out0 == out0 - 1) {
                zero.clear(at + k0 * row(), (r / out0 + 1) * in0 * row());
            }
        }

        static Tiles of(Shape x, int[] k, Shape y) {
            int d = x.rank() - 2;
            return d == 1
                    ? new Tiles(x.dim(0), x.dim(2), 1, x.dim(1), 1, y.dim(1), 1, k[0])
                    : new Tiles(x.dim(0), x.dim(3), x.dim(1), x.dim(2), y.dim(1), y.dim(2), k[0], k[1]);
        }
    }

    private TiledMaxPool() {
    }

    /**
     * Whether the windows of pooling x (shape {@code x}) to {@code y} with sizes k, strides and padding before
     * tile it: one or two spatial axes, {@code strides = k}, {@code before = 0}, every window inside, and float32
     * tap numbers exact ({@code k0·k1 <= 2^24}).
     */
    static boolean applies(Shape x, int[] k, int[] strides, int[] before, Shape y) {
        int d = x.rank() - 2;
        if (d < 1 || d > 2 || x.size() == 0 || y.size() == 0) {
            return false;
        }
        long taps = 1;
        for (int a = 0; a < d; a++) {
            if (strides[a] != k[a] || before[a] != 0 || (long) y.dim(a + 1) * k[a] > x.dim(a + 1)) {
                return false;
            }
            taps *= k[a];
        }
        return taps <= 1 << 24;
    }

    /** {@code y[n, o, c] = x[n, a(o), c]}. */
    static Tensor max(Tensor x, int[] k, Shape out, WindowMax step) {
        Tiles t = Tiles.of(x.shape(), k, out);
        int row = t.row();
        int per = t.rowsPerTask();
        int rows = t.rows();
        int width = t.out1 * t.c;
        float[] xf = TensorInternals.floats(x);
        if (xf != null) {
            float[] y = BufferPool.floatsForOverwrite(out.size());
            Parallel.forEach(t.tasks(), b -> {
                for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                    step.maxRow(xf, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, y, r * width);
                }
            });
            return TensorInternals.adopt(out, y);
        }
        double[] xd = TensorInternals.doubles(x);
        double[] y = BufferPool.doublesForOverwrite(out.size());
        Parallel.forEach(t.tasks(), b -> {
            for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                step.maxRow(xd, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, y, r * width);
            }
        });
        return TensorInternals.adopt(DType.FLOAT64, out, y);
    }

    /** {@code y[n, o, c] = u[n, a(o), c]}, u of x's shape and dtype. */
    static Tensor pick(Tensor x, Tensor u, int[] k, Shape out, WindowMax step) {
        Tiles t = Tiles.of(x.shape(), k, out);
        int row = t.row();
        int per = t.rowsPerTask();
        int rows = t.rows();
        int width = t.out1 * t.c;
        float[] xf = TensorInternals.floats(x);
        if (xf != null) {
            float[] uf = TensorInternals.floats(u);
            float[] y = BufferPool.floatsForOverwrite(out.size());
            Parallel.forEach(t.tasks(), b -> {
                for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                    step.pickRow(xf, uf, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, y, r * width);
                }
            });
            return TensorInternals.adopt(out, y);
        }
        double[] xd = TensorInternals.doubles(x);
        double[] ud = TensorInternals.doubles(u);
        double[] y = BufferPool.doublesForOverwrite(out.size());
        Parallel.forEach(t.tasks(), b -> {
            for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                step.pickRow(xd, ud, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, y, r * width);
            }
        });
        return TensorInternals.adopt(DType.FLOAT64, out, y);
    }

    /**
     * {@code z} of x's shape: {@code 0 + g[n, o, c]} at {@code [n, a(o), c]}, {@code +0.0} elsewhere. Each task
     * also zeroes its rows' cells outside every window: the columns past {@code o1·k1}, and after an image's last
     * output row the input rows past {@code o0·k0}. When {@code rectified}, the value at a maximum is multiplied by
     * {@code [max > 0]} ({@link WindowMax#scatterRow(float[], float[], int, int, int, int, int, int, float[], int,
     * boolean)}).
     */
    static Tensor scatter(Tensor x, Tensor g, int[] k, Shape out, WindowMax step, boolean rectified) {
        Tiles t = Tiles.of(x.shape(), k, g.shape());
        int row = t.row();
        int per = t.rowsPerTask();
        int rows = t.rows();
        int width = t.out1 * t.c;
        float[] xf = TensorInternals.floats(x);
        if (xf != null) {
            float[] gf = TensorInternals.floats(g);
            float[] z = BufferPool.floatsForOverwrite(out.size());
            Parallel.forEach(t.tasks(), b -> {
                for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                    step.scatterRow(xf, gf, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, z, r * width, rectified);
                    t.uncovered(r, (from, to) -> Arrays.fill(z, from, to, 0f));
                }
            });
            return TensorInternals.adopt(out, z);
        }
        double[] xd = TensorInternals.doubles(x);
        double[] gd = TensorInternals.doubles(g);
        double[] z = BufferPool.doublesForOverwrite(out.size());
        Parallel.forEach(t.tasks(), b -> {
            for (int r = b * per, end = Math.min(rows, r + per); r < end; r++) {
                step.scatterRow(xd, gd, t.inputAt(r), row, t.k0, t.k1, t.out1, t.c, z, r * width, rectified);
                t.uncovered(r, (from, to) -> Arrays.fill(z, from, to, 0.0));
            }
        });
        return TensorInternals.adopt(DType.FLOAT64, out, z);
    }
}
