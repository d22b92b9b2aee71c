package dev.adjoint.core.kernel;

import static dev.adjoint.core.kernel.ChannelsLast.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Max pooling, its pick and its scatter (also through a ReLU's gradient mask) give the bits of a naive reference
 * on every path: the windows that tile
 * the input ({@link TiledMaxPool}, on the Vector API and in plain Java) and the general path, float32 and
 * float64, on random geometry with one and two spatial axes (odd sizes, cells outside every window, channels
 * that are and are not multiples of the vector length), strides other than the pool size and padding (which
 * take the general path), values with many ties, NaNs and signed zeros, cotangents with -0.0 and NaN, and on
 * one thread as on several.
 */
class TiledMaxPoolTest {

    private static final double[] VALUES = {0.0, -0.0, 1.0, -1.0, 2.0, Double.NaN};

    /** One pooling: geometry and operands. */
    private record Case(DType dtype, Shape xs, Shape ys, int[] k, int[] strides, int[] before, Tensor x, Tensor u,
            Tensor g) {
        @Override
        public String toString() {
            return dtype + " " + xs + " -> " + ys + " k " + Arrays.toString(k) + " strides " + Arrays.toString(strides)
                    + " before " + Arrays.toString(before);
        }
    }

    /** A random case whose windows tile the input when {@code tiled}, else any geometry (maybe tiling too). */
    private static Case draw(SplittableRandom random, int trial, boolean tiled) {
        DType dtype = trial % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
        int d = 1 + random.nextInt(2);
        int lanes = dtype == DType.FLOAT32 ? 16 : 8;
        int c = trial % 3 == 0 ? lanes * (1 + random.nextInt(2)) : 1 + random.nextInt(trial % 3 == 1 ? 40 : 5);
        int n = 1 + random.nextInt(3);
        int[] in = new int[d];
        int[] out = new int[d];
        int[] k = new int[d];
        int[] strides = new int[d];
        int[] before = new int[d];
        for (int a = 0; a < d; a++) {
            k[a] = tiled && trial % 3 == 0 ? 2 : 1 + random.nextInt(3); // 2 x 2 windows have a path of their own
            in[a] = k[a] + random.nextInt(8);
            if (tiled) {
                strides[a] = k[a];
                out[a] = in[a] / k[a];
            } else {
                strides[a] = 1 + random.nextInt(3);
                before[a] = random.nextInt(k[a]);
                int after = random.nextInt(k[a]);
                out[a] = (in[a] + before[a] + after - k[a]) / strides[a] + 1;
            }
        }
        Shape xs = shape(n, in, c);
        Shape ys = shape(n, out, c);
        boolean ties = trial % 4 != 3;
        return new Case(dtype, xs, ys, k, strides, before, values(random, dtype, xs, ties),
                values(random, dtype, xs, false), values(random, dtype, ys, ties));
    }

    /** Values from a few (ties, signed zeros, NaN) or uniform in [-1, 1) with a few NaN and -0.0. */
    private static Tensor values(SplittableRandom random, DType dtype, Shape s, boolean few) {
        double[] v = new double[s.size()];
        for (int i = 0; i < v.length; i++) {
            int r = random.nextInt(50);
            v[i] = few ? VALUES[random.nextInt(VALUES.length)]
                    : r == 0 ? Double.NaN : r == 1 ? -0.0 : random.nextDouble(-1, 1);
        }
        return Tensor.of(dtype, s, v);
    }


    /** max, pick and scatter by the library's entry points. */
    private static List<Tensor> library(Case t) {
        return List.of(PoolKernels.maxPool(t.x, t.k, t.strides, t.before, t.ys),
                PoolKernels.maxPoolPick(t.x, t.u, t.k, t.strides, t.before, t.ys),
                PoolKernels.maxPoolScatter(t.x, t.g, t.k, t.strides, t.before, t.xs),
                PoolKernels.maxPoolScatter(t.x, t.g, t.k, t.strides, t.before, t.xs, true));
    }

    @Test
    void everyPathGivesTheBitsOfTheNaiveReference() {
        SplittableRandom random = new SplittableRandom(21);
        int tiledCases = 0;
        for (int trial = 0; trial < 160; trial++) {
            Case t = draw(random, trial, trial % 2 == 0 || trial % 5 == 0);
            List<Tensor> expected = naive(t);
            List<Tensor> general = List.of(PoolKernels.generalPick(t.x, t.x, t.k, t.strides, t.before, t.ys),
                    PoolKernels.generalPick(t.x, t.u, t.k, t.strides, t.before, t.ys),
                    PoolKernels.generalScatter(t.x, t.g, t.k, t.strides, t.before, t.xs));
            assertSame(expected.subList(0, 3), general, "general path, " + t);
            assertSame(expected, library(t), "library, " + t);
            if (TiledMaxPool.applies(t.xs, t.k, t.strides, t.before, t.ys)) {
                tiledCases++;
                for (WindowMax step : new WindowMax[] {Kernels.windowMax(), WindowMax.SCALAR}) {
                    List<Tensor> tiled = List.of(TiledMaxPool.max(t.x, t.k, t.ys, step),
                            TiledMaxPool.pick(t.x, t.u, t.k, t.ys, step),
                            TiledMaxPool.scatter(t.x, t.g, t.k, t.xs, step, false),
                            TiledMaxPool.scatter(t.x, t.g, t.k, t.xs, step, true));
                    String kind = step == WindowMax.SCALAR ? "scalar" : "vector";
                    assertSame(expected, tiled, "tiled windows, " + kind + ", " + t);
                }
            }
        }
        assertTrue(tiledCases >= 60, "tiled cases: " + tiledCases);
    }

    @Test
    void onlyWindowsThatTileTheInputTakeTheTiledPath() {
        Shape x = Shape.of(2, 7, 7, 8);
        assertTrue(TiledMaxPool.applies(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, Shape.of(2, 3, 3, 8)));
        assertFalse(TiledMaxPool.applies(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0}, Shape.of(2, 4, 4, 8)),
                "same padding clips the last window");
        assertFalse(TiledMaxPool.applies(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0}, Shape.of(2, 3, 3, 8)),
                "overlapping windows");
        assertFalse(TiledMaxPool.applies(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {1, 1}, Shape.of(2, 4, 4, 8)),
                "padding before");
        assertFalse(TiledMaxPool.applies(Shape.of(1, 4, 4, 4, 2), new int[] {2, 2, 2}, new int[] {2, 2, 2},
                new int[] {0, 0, 0}, Shape.of(1, 2, 2, 2, 2)), "three spatial axes");
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        SplittableRandom random = new SplittableRandom(22);
        for (int trial = 0; trial < 4; trial++) {
            // many blocks of output rows: 6 images of 32 x 30 x 64
            DType dtype = trial % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            Shape xs = Shape.of(6, 32, 30, 64);
            Shape ys = Shape.of(6, 16, 15, 64);
            int[] two = {2, 2};
            Case t = new Case(dtype, xs, ys, two, two, new int[2], values(random, dtype, xs, trial > 1),
                    values(random, dtype, xs, false), values(random, dtype, ys, false));
            List<Tensor> parallel = library(t);
            List<List<Tensor>> sequential = new ArrayList<>();
            // a kernel called from inside a parallel task runs its own tasks one after another on that thread
            Parallel.forEach(2, task -> {
                if (task == 0) {
                    sequential.add(library(t));
                }
            });
            assertSame(parallel, sequential.get(0), "1 thread against " + Parallel.threads() + ", " + t);
            assertSame(naive(t), parallel, "reference, " + t);
        }
    }

    @Test
    void theScatterTurnsANegativeZeroCotangentIntoPositiveZeroAsZerosPlusGDo() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Shape xs = Shape.of(1, 2, 2, 32);
            Shape ys = Shape.of(1, 1, 1, 32);
            double[] g = new double[32];
            Arrays.fill(g, -0.0);
            Tensor x = Tensor.of(dtype, xs, new double[xs.size()]);
            Tensor z = PoolKernels.maxPoolScatter(x, Tensor.of(dtype, ys, g), new int[] {2, 2}, new int[] {2, 2},
                    new int[2], xs);
            for (int i = 0; i < z.size(); i++) {
                assertEquals(0L, Double.doubleToRawLongBits(z.flat(i)), dtype + " element " + i);
            }
        }
    }

    private static void assertSame(List<Tensor> expected, List<Tensor> actual, String what) {
        String[] names = {"max", "pick", "scatter", "scatter through a ReLU's mask"};
        for (int i = 0; i < expected.size(); i++) {
            Tensor e = expected.get(i);
            Tensor a = actual.get(i);
            assertEquals(e.shape(), a.shape(), names[i] + " shape, " + what);
            if (e.dtype() == DType.FLOAT32) {
                assertArrayEquals(bits((float[]) TensorInternals.storage(e)),
                        bits((float[]) TensorInternals.storage(a)), names[i] + ", " + what);
            } else {
                assertArrayEquals(bits((double[]) TensorInternals.storage(e)),
                        bits((double[]) TensorInternals.storage(a)), names[i] + ", " + what);
            }
        }
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    /**
     * The rule as written: per window, its cells inside the input in row-major order, the first the best and a
     * cell replacing it when greater, or NaN over a number; max and pick read the best's position, the scatter
     * adds g there to zeros, in ascending output order.
     */
    private static List<Tensor> naive(Case t) {
        int d = t.xs.rank() - 2;
        int n = t.xs.dim(0);
        int c = t.xs.dim(d + 1);
        int in0 = d == 1 ? 1 : t.xs.dim(1);
        int in1 = t.xs.dim(d);
        int out0 = d == 1 ? 1 : t.ys.dim(1);
        int out1 = t.ys.dim(d);
        int k0 = d == 1 ? 1 : t.k[0];
        int k1 = t.k[d - 1];
        int s0 = d == 1 ? 1 : t.strides[0];
        int s1 = t.strides[d - 1];
        int b0 = d == 1 ? 0 : t.before[0];
        int b1 = t.before[d - 1];
        boolean f32 = t.dtype == DType.FLOAT32;
        double[] x = t.x.toDoubleArray();
        Object xsArray = TensorInternals.storage(t.x);
        Object us = TensorInternals.storage(t.u);
        Object gs = TensorInternals.storage(t.g);
        Object max = f32 ? new float[t.ys.size()] : new double[t.ys.size()];
        Object pick = f32 ? new float[t.ys.size()] : new double[t.ys.size()];
        Object scatter = f32 ? new float[t.xs.size()] : new double[t.xs.size()];
        for (int img = 0; img < n; img++) {
            for (int p = 0; p < out0; p++) {
                for (int q = 0; q < out1; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        int best = -1;
                        for (int t0 = 0; t0 < k0; t0++) {
                            for (int t1 = 0; t1 < k1; t1++) {
                                int i0 = p * s0 - b0 + t0;
                                int i1 = q * s1 - b1 + t1;
                                if (i0 < 0 || i0 >= in0 || i1 < 0 || i1 >= in1) {
                                    continue;
                                }
                                int cell = ((img * in0 + i0) * in1 + i1) * c + ch;
                                double v = x[cell];
                                double b = best < 0 ? 0 : x[best];
                                if (best < 0 || v > b || (Double.isNaN(v) && !Double.isNaN(b))) {
                                    best = cell;
                                }
                            }
                        }
                        int o = ((img * out0 + p) * out1 + q) * c + ch;
                        if (f32) {
                            ((float[]) max)[o] = ((float[]) xsArray)[best];
                            ((float[]) pick)[o] = ((float[]) us)[best];
                            ((float[]) scatter)[best] += ((float[]) gs)[o];
                        } else {
                            ((double[]) max)[o] = ((double[]) xsArray)[best];
                            ((double[]) pick)[o] = ((double[]) us)[best];
                            ((double[]) scatter)[best] += ((double[]) gs)[o];
                        }
                    }
                }
            }
        }
        // the scatter through a ReLU's gradient mask, as the unfused graph multiplies them: z · (x > 0 ? 1 : 0)
        double[] z = (f32 ? TensorInternals.adopt(t.xs, (float[]) scatter)
                : TensorInternals.adopt(DType.FLOAT64, t.xs, (double[]) scatter)).toDoubleArray();
        for (int i = 0; i < z.length; i++) {
            z[i] = z[i] * (x[i] > 0 ? 1.0 : 0.0);
        }
        Tensor rectified = Tensor.of(t.dtype, t.xs, z);
        return f32 ? List.of(TensorInternals.adopt(t.ys, (float[]) max), TensorInternals.adopt(t.ys, (float[]) pick),
                TensorInternals.adopt(t.xs, (float[]) scatter), rectified)
                : List.of(TensorInternals.adopt(DType.FLOAT64, t.ys, (double[]) max),
                        TensorInternals.adopt(DType.FLOAT64, t.ys, (double[]) pick),
                        TensorInternals.adopt(DType.FLOAT64, t.xs, (double[]) scatter), rectified);
    }
}
