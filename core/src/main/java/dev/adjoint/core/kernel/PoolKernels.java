package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Arrays;

/**
 * Pooling over {@code d} spatial axes, channels last ({@code x : [N, s..., C]}, {@code y : [N, o..., C]}), per
 * channel over the window {@code W(o) = {o·stride - before + t : 0 <= t < k}} clipped to the input: padded cells
 * never enter a window.
 * <ul>
 *   <li>max: {@code y[o] = x[a(o)]}, where {@code a(o)} is the first position of {@code W(o)} in row-major
 *       window order holding the maximum (a NaN, if any: the first NaN, so NaN propagates as in PyTorch, whose
 *       gradient goes to a window's last NaN instead);</li>
 *   <li>the max's adjoint pair given x: {@code scatter} adds {@code g[o]} at {@code a(o)}, {@code pick} reads
 *       {@code u[a(o)]};</li>
 *   <li>average: {@code y[o] = sum_{i in W(o)} x[i] / |W(o)|}, summed in double in window order and rounded
 *       once; its adjoint adds {@code g[o] / |W(o)|} to every {@code i in W(o)}.</li>
 * </ul>
 * Max pooling whose windows tile the input (stride = pool size, no padding, one or two spatial axes) runs on
 * {@link TiledMaxPool}, with the same bits; other max poolings take the general path below, on a table of each
 * window's maximum per image. There images are the parallel tasks (each owns its slice of the result), so
 * results do not depend on the thread count.
 */
public final class PoolKernels {

    private PoolKernels() {
    }

    /** The windows of one pooling: per spatial axis, the input coordinate of each tap or -1. */
    private record Windows(int n, int c, int[] in, int[] out, int[] k, int[][] source, int inSize, int outSize,
            int taps) {
        static Windows of(Shape x, Shape y, int[] k, int[] strides, int[] before) {
            int d = x.rank() - 2;
            int[] in = Arrays.copyOfRange(x.dims(), 1, d + 1);
            int[] out = Arrays.copyOfRange(y.dims(), 1, d + 1);
            int[][] source = new int[d][];
            for (int a = 0; a < d; a++) {
                source[a] = new int[out[a] * k[a]];
                for (int p = 0; p < out[a]; p++) {
                    for (int t = 0; t < k[a]; t++) {
                        int i = p * strides[a] - before[a] + t;
                        source[a][p * k[a] + t] = i >= 0 && i < in[a] ? i : -1;
                    }
                }
            }
            return new Windows(x.dim(0), x.dim(d + 1), in, out, k, source, Patches.product(in),
                    Patches.product(out), Patches.product(k));
        }

        /**
         * The input positions (flat spatial indices, in row-major window order) of output position {@code o}'s
         * window, written to {@code cells}; returns how many.
         */
        int cells(int o, int[] coord, int[] tap, int[] cells) {
            int d = in.length;
            for (int a = d - 1; a >= 0; a--) {
                coord[a] = o % out[a];
                o /= out[a];
            }
            Arrays.fill(tap, 0);
            int count = 0;
            for (int t = 0; t < taps; t++) {
                int flat = 0;
                boolean inside = true;
                for (int a = 0; a < d && inside; a++) {
                    int s = source[a][coord[a] * k[a] + tap[a]];
                    inside = s >= 0;
                    flat = flat * in[a] + s;
                }
                if (inside) {
                    cells[count++] = flat;
                }
                for (int a = d - 1; a >= 0; a--) {
                    if (++tap[a] < k[a]) {
                        break;
                    }
                    tap[a] = 0;
                }
            }
            return count;
        }
    }

    /** {@code y[n, o, c] = max over the window}; see the class comment for ties and NaN. */
    public static Tensor maxPool(Tensor x, int[] k, int[] strides, int[] before, Shape out) {
        return tiled(x, x, k, strides, before, out) ? TiledMaxPool.max(x, k, out, Kernels.windowMax())
                : generalPick(x, x, k, strides, before, out);
    }

    /** {@code y[n, o, c] = u[n, a(o), c]}, {@code a(o)} the position of x's maximum in the window. */
    public static Tensor maxPoolPick(Tensor x, Tensor u, int[] k, int[] strides, int[] before, Shape out) {
        return tiled(x, u, k, strides, before, out) ? TiledMaxPool.pick(x, u, k, out, Kernels.windowMax())
                : generalPick(x, u, k, strides, before, out);
    }

    /**
     * Whether {@link TiledMaxPool} computes this pooling: its windows tile x, and x and the other operand are both
     * float32 or both float64.
     */
    private static boolean tiled(Tensor x, Tensor other, int[] k, int[] strides, int[] before, Shape pooled) {
        return x.dtype() == other.dtype() && (x.dtype() == DType.FLOAT32 || x.dtype() == DType.FLOAT64)
                && TiledMaxPool.applies(x.shape(), k, strides, before, pooled);
    }

    /** {@link #maxPoolPick} on the general path, for any windows: a table of each window's maximum per image. */
    static Tensor generalPick(Tensor x, Tensor u, int[] k, int[] strides, int[] before, Shape out) {
        Windows w = Windows.of(x.shape(), out, k, strides, before);
        boolean f32 = u.dtype() == DType.FLOAT32;
        Object us = TensorInternals.storage(u);
        Object ys = f32 ? BufferPool.floatsForOverwrite(out.size()) : BufferPool.doublesForOverwrite(out.size());
        Parallel.forEach(w.n, n -> {
            int[] arg = argmax(x, w, n);
            int base = n * w.inSize * w.c;
            int at = n * w.outSize * w.c;
            if (f32) {
                float[] src = (float[]) us;
                float[] dst = (float[]) ys;
                for (int e = 0; e < w.outSize * w.c; e++) {
                    dst[at + e] = src[base + arg[e]];
                }
            } else {
                double[] src = (double[]) us;
                double[] dst = (double[]) ys;
                for (int e = 0; e < w.outSize * w.c; e++) {
                    dst[at + e] = src[base + arg[e]];
                }
            }
        });
        return f32 ? TensorInternals.adopt(out, (float[]) ys)
                : TensorInternals.adopt(DType.FLOAT64, out, (double[]) ys);
    }

    /**
     * The adjoint of {@link #maxPoolPick} in {@code u}: zeros of x's shape {@code out} with {@code g[n, o, c]}
     * added at {@code [n, a(o), c]}, output positions in ascending order.
     */
    public static Tensor maxPoolScatter(Tensor x, Tensor g, int[] k, int[] strides, int[] before, Shape out) {
        return maxPoolScatter(x, g, k, strides, before, out, false);
    }

    /**
     * {@link #maxPoolScatter}, and when {@code rectified} times {@code [x > 0]} (1 or 0 per element, one rounding:
     * the mask of a ReLU's gradient, for a max pooling of a ReLU's output): {@code z[i] · [x[i] > 0]}. Windows
     * that tile x apply the factor at each maximum as they write it (every other element is +0.0 either way);
     * others multiply the scattered sums after the scatter.
     */
    public static Tensor maxPoolScatter(Tensor x, Tensor g, int[] k, int[] strides, int[] before, Shape out,
            boolean rectified) {
        if (tiled(x, g, k, strides, before, g.shape())) {
            return TiledMaxPool.scatter(x, g, k, out, Kernels.windowMax(), rectified);
        }
        Tensor z = generalScatter(x, g, k, strides, before, out);
        return rectified ? rectify(z, x) : z;
    }

    /** {@code z[i] = z[i] · [x[i] > 0]} in place, z owned by the caller. */
    private static Tensor rectify(Tensor z, Tensor x) {
        int n = z.size();
        float[] zf = TensorInternals.floats(z);
        if (zf != null) {
            float[] xf = TensorInternals.floats(x);
            for (int i = 0; i < n; i++) {
                zf[i] = zf[i] * (xf[i] > 0f ? 1f : 0f);
            }
            return z;
        }
        double[] zd = TensorInternals.doubles(z);
        double[] xd = TensorInternals.doubles(x);
        for (int i = 0; i < n; i++) {
            zd[i] = zd[i] * (xd[i] > 0.0 ? 1.0 : 0.0);
        }
        return z;
    }

    /** {@link #maxPoolScatter} on the general path, for any windows: zeros, then g added at each maximum. */
    static Tensor generalScatter(Tensor x, Tensor g, int[] k, int[] strides, int[] before, Shape out) {
        Windows w = Windows.of(x.shape(), g.shape(), k, strides, before);
        boolean f32 = g.dtype() == DType.FLOAT32;
        Object gs = TensorInternals.storage(g);
        Object zs = f32 ? BufferPool.floats(out.size()) : BufferPool.doubles(out.size());
        Parallel.forEach(w.n, n -> {
            int[] arg = argmax(x, w, n);
            int base = n * w.inSize * w.c;
            int at = n * w.outSize * w.c;
            if (f32) {
                float[] src = (float[]) gs;
                float[] dst = (float[]) zs;
                for (int e = 0; e < w.outSize * w.c; e++) {
                    dst[base + arg[e]] += src[at + e];
                }
            } else {
                double[] src = (double[]) gs;
                double[] dst = (double[]) zs;
                for (int e = 0; e < w.outSize * w.c; e++) {
                    dst[base + arg[e]] += src[at + e];
                }
            }
        });
        return f32 ? TensorInternals.adopt(out, (float[]) zs)
                : TensorInternals.adopt(DType.FLOAT64, out, (double[]) zs);
    }

    /**
     * For image {@code n}, per output element {@code (o, c)}: the offset {@code i·C + c} within the image of
     * the window's maximum (the first in window order; the first NaN if any). In this thread's scratch.
     */
    private static int[] argmax(Tensor x, Windows w, int n) {
        int c = w.c;
        int[] arg = Scratch.ints(0, w.outSize * c);
        int[] cells = Scratch.ints(1, w.taps);
        int[] coord = new int[w.in.length];
        int[] tap = new int[w.in.length];
        float[] xf = TensorInternals.floats(x);
        double[] xd = xf == null ? TensorInternals.doubles(x) : null;
        WindowMax step = Kernels.windowMax();
        boolean exact = xf == null || (long) w.inSize * c <= 1 << 24; // offsets exact in the element type
        float[] bestF = xf != null ? Scratch.floats(0, c) : null;
        float[] argF = xf != null ? Scratch.floats(1, c) : null;
        double[] bestD = xf == null ? Scratch.doubles(0, c) : null;
        double[] argD = xf == null ? Scratch.doubles(1, c) : null;
        int base = n * w.inSize * c;
        for (int o = 0; o < w.outSize; o++) {
            int count = w.cells(o, coord, tap, cells);
            int at = o * c;
            int first = cells[0] * c;
            if (!exact) {
                for (int ch = 0; ch < c; ch++) {
                    arg[at + ch] = first + ch;
                }
                for (int q = 1; q < count; q++) {
                    for (int ch = 0, cell = cells[q] * c; ch < c; ch++) {
                        float v = xf[base + cell + ch];
                        float b = xf[base + arg[at + ch]];
                        arg[at + ch] = v > b || (v != v && b == b) ? cell + ch : arg[at + ch];
                    }
                }
            } else if (xf != null) {
                System.arraycopy(xf, base + first, bestF, 0, c);
                for (int ch = 0; ch < c; ch++) {
                    argF[ch] = first + ch;
                }
                for (int q = 1; q < count; q++) {
                    step.challenge(xf, base + cells[q] * c, bestF, argF, cells[q] * c, c);
                }
                for (int ch = 0; ch < c; ch++) {
                    arg[at + ch] = (int) argF[ch];
                }
            } else {
                System.arraycopy(xd, base + first, bestD, 0, c);
                for (int ch = 0; ch < c; ch++) {
                    argD[ch] = first + ch;
                }
                for (int q = 1; q < count; q++) {
                    step.challenge(xd, base + cells[q] * c, bestD, argD, cells[q] * c, c);
                }
                for (int ch = 0; ch < c; ch++) {
                    arg[at + ch] = (int) argD[ch];
                }
            }
        }
        return arg;
    }

    /** {@code y[n, o, c] = sum_{i in W(o)} x[n, i, c] / |W(o)|}, in double, rounded once. */
    public static Tensor avgPool(Tensor x, int[] k, int[] strides, int[] before, Shape out) {
        Windows w = Windows.of(x.shape(), out, k, strides, before);
        double[] xs = TensorInternals.doubles(x);
        double[] ys = BufferPool.doublesForOverwriteFor(x.dtype(), out.size());
        int c = w.c;
        Parallel.forEach(w.n, n -> {
            int[] cells = Scratch.ints(1, w.taps);
            int[] coord = new int[w.in.length];
            int[] tap = new int[w.in.length];
            double[] sum = new double[c];
            for (int o = 0; o < w.outSize; o++) {
                int count = w.cells(o, coord, tap, cells);
                Arrays.fill(sum, 0.0);
                for (int q = 0; q < count; q++) {
                    int from = (n * w.inSize + cells[q]) * c;
                    for (int ch = 0; ch < c; ch++) {
                        sum[ch] += xs[from + ch];
                    }
                }
                int at = (n * w.outSize + o) * c;
                for (int ch = 0; ch < c; ch++) {
                    ys[at + ch] = sum[ch] / count;
                }
            }
        });
        return TensorInternals.adopt(x.dtype(), out, ys);
    }

    /**
     * The adjoint of {@link #avgPool}: zeros of x's shape {@code out} with {@code g[n, o, c] / |W(o)|} added
     * to every {@code [n, i, c]}, {@code i in W(o)}, output positions in ascending order, in double.
     */
    public static Tensor avgPoolGrad(Tensor g, int[] k, int[] strides, int[] before, Shape out) {
        Windows w = Windows.of(out, g.shape(), k, strides, before);
        double[] gs = TensorInternals.doubles(g);
        double[] zs = BufferPool.doublesFor(g.dtype(), out.size());
        int c = w.c;
        Parallel.forEach(w.n, n -> {
            int[] cells = Scratch.ints(1, w.taps);
            int[] coord = new int[w.in.length];
            int[] tap = new int[w.in.length];
            for (int o = 0; o < w.outSize; o++) {
                int count = w.cells(o, coord, tap, cells);
                int from = (n * w.outSize + o) * c;
                for (int q = 0; q < count; q++) {
                    int to = (n * w.inSize + cells[q]) * c;
                    for (int ch = 0; ch < c; ch++) {
                        zs[to + ch] += gs[from + ch] / count;
                    }
                }
            }
        });
        return TensorInternals.adopt(g.dtype(), out, zs);
    }
}
