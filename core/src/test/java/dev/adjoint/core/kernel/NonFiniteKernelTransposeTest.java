package dev.adjoint.core.kernel;

import static dev.adjoint.core.kernel.ChannelsLast.shape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The transposed convolution (the input gradient of a convolution) with a kernel holding inf or NaN sums only the
 * terms that exist, as PyTorch 1.13's {@code conv_transpose} and conv input gradient do: taps that reach no
 * output position (padding, stride gaps) add nothing, where a zero-filled patch would add {@code 0·inf = NaN}.
 * The five cases a differential test against PyTorch found, on the vector tiles, on the GEMM and on the entry in
 * use; random geometry against a direct sum over the existing terms; and finite kernels left on the fast paths.
 */
class NonFiniteKernelTransposeTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** The kernel entries (tiles, GEMM, the one in use), each for float32 and float64. */
    private static List<Tensor> everyPath(Tensor y, Tensor w, int[] strides, int[] dilations, int[] before,
            int groups, Shape out) {
        ConvTiles tiles = Kernels.vectorConvTiles();
        assertNotNull(tiles, "the vector tiles did not load: " + Kernels.vectorProblem());
        List<Tensor> results = new ArrayList<>();
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor yc = y.cast(dtype);
            Tensor wc = w.cast(dtype);
            results.add(ConvKernels.convTranspose(tiles, yc, wc, strides, dilations, before, groups, out));
            results.add(ConvKernels.convTranspose(null, yc, wc, strides, dilations, before, groups, out));
            results.add(ConvKernels.convTranspose(yc, wc, strides, dilations, before, groups, out));
        }
        return results;
    }

    private static void assertEveryPath(double[] expected, Tensor y, Tensor w, int[] strides, int[] dilations,
            int[] before, int groups, Shape out) {
        String[] names = {"f32 tiles", "f32 GEMM", "f32 in use", "f64 tiles", "f64 GEMM", "f64 in use"};
        List<Tensor> results = everyPath(y, w, strides, dilations, before, groups, out);
        for (int p = 0; p < results.size(); p++) {
            Tensor r = results.get(p);
            assertEquals(out, r.shape(), names[p]);
            assertArrayEquals(expected, r.toDoubleArray(), names[p] + ": " + Arrays.toString(r.toDoubleArray()));
        }
    }

    /** conv(x : [1, 2, 1], w = {inf, 1}), valid padding, ȳ = 1: x̄ = [inf, 1] (the second tap has no output). */
    @Test
    void inputGradientOfAValidConvolution() {
        Tensor w = Tensor.of(Shape.of(2, 1, 1), INF, 1);
        Tensor ones = Tensor.ones(DType.FLOAT64, Shape.of(1, 1, 1));
        assertEveryPath(new double[] {INF, 1}, ones, w, new int[] {1}, new int[] {1}, new int[] {0}, 1,
                Shape.of(1, 2, 1));
    }

    /** conv_transpose1d(y = {1}, w = {inf, 1}) with the default geometry: [inf, 1]. */
    @Test
    void transposedConvolutionWithDefaultGeometry() {
        Tensor y = Tensor.of(Shape.of(1, 1, 1), 1);
        Tensor w = Tensor.of(Shape.of(2, 1, 1), INF, 1);
        assertEveryPath(new double[] {INF, 1}, y, w, new int[] {1}, new int[] {1}, new int[] {0}, 1,
                Shape.of(1, 2, 1));
    }

    /** x : [1, 3, 1], w = {NaN}, stride 2, ȳ = ones: the middle position, in the stride's gap, gets no term: 0. */
    @Test
    void aStrideGapGetsNoTerm() {
        Tensor w = Tensor.of(Shape.of(1, 1, 1), NAN);
        Tensor ones = Tensor.ones(DType.FLOAT64, Shape.of(1, 2, 1));
        assertEveryPath(new double[] {NAN, 0, NAN}, ones, w, new int[] {2}, new int[] {1}, new int[] {0}, 1,
                Shape.of(1, 3, 1));
    }

    /** x : [1, 2, 2, 1], w : [2, 2, 1, 1] = {inf, 1, 1, 1}, valid, ȳ = 1: x̄ = [[inf, 1], [1, 1]]. */
    @Test
    void twoSpatialAxes() {
        Tensor w = Tensor.of(Shape.of(2, 2, 1, 1), INF, 1, 1, 1);
        Tensor ones = Tensor.ones(DType.FLOAT64, Shape.of(1, 1, 1, 1));
        int[] one = {1, 1};
        assertEveryPath(new double[] {INF, 1, 1, 1}, ones, w, one, one, new int[] {0, 0}, 1, Shape.of(1, 2, 2, 1));
    }

    /** Depthwise: x : [1, 2, 2], w : [2, 1, 2] = {inf, inf, 1, 1}, two groups, ȳ = 1: [[inf, inf], [1, 1]]. */
    @Test
    void depthwise() {
        Tensor w = Tensor.of(Shape.of(2, 1, 2), INF, INF, 1, 1);
        Tensor ones = Tensor.ones(DType.FLOAT64, Shape.of(1, 1, 2));
        assertEveryPath(new double[] {INF, INF, 1, 1}, ones, w, new int[] {1}, new int[] {1}, new int[] {0}, 2,
                Shape.of(1, 2, 2));
    }

    /** A drawn transposed convolution: shapes, geometry and values, a kernel with or without non-finite values. */
    private record Case(Shape x, Tensor y, Tensor w, int[] strides, int[] dilations, int[] before, int groups) {
        static Case draw(SplittableRandom random, DType dtype, boolean nonFinite) {
            int d = 1 + random.nextInt(3);
            boolean depthwise = random.nextInt(3) == 0;
            int groups = depthwise ? 1 + random.nextInt(4) : 1 + random.nextInt(3);
            int cinG = depthwise ? 1 : 1 + random.nextInt(4);
            int coutG = 1 + random.nextInt(depthwise ? 4 : 5);
            int n = 1 + random.nextInt(2);
            int[] in = new int[d];
            int[] out = new int[d];
            int[] k = new int[d + 2];
            int[] strides = new int[d];
            int[] dilations = new int[d];
            int[] before = new int[d];
            for (int a = 0; a < d; a++) {
                k[a] = 1 + random.nextInt(3);
                strides[a] = 1 + random.nextInt(3);
                dilations[a] = 1 + random.nextInt(2);
                before[a] = random.nextInt(3);
                int after = random.nextInt(3);
                int extent = (k[a] - 1) * dilations[a] + 1;
                in[a] = Math.max(Math.max(1, extent - before[a] - after), 1 + random.nextInt(d == 3 ? 5 : 8));
                out[a] = (in[a] + before[a] + after - extent) / strides[a] + 1;
            }
            k[d] = cinG;
            k[d + 1] = coutG * groups;
            Shape ws = Shape.of(k);
            double[] wv = values(random, ws.size(), nonFinite ? 0.2 : 0);
            if (nonFinite && Arrays.stream(wv).allMatch(Double::isFinite)) {
                wv[random.nextInt(wv.length)] = random.nextBoolean() ? NAN : -INF;
            }
            Shape ys = shape(n, out, coutG * groups);
            Tensor y = Tensor.of(DType.FLOAT64, ys, values(random, ys.size(), 0)).cast(dtype);
            Tensor w = Tensor.of(DType.FLOAT64, ws, wv).cast(dtype);
            return new Case(shape(n, in, cinG * groups), y, w, strides, dilations, before, groups);
        }

        /** Values in [-1, 1], a tenth of them 0, and a share {@code special} of them inf, -inf or NaN. */
        private static double[] values(SplittableRandom random, int size, double special) {
            double[] v = new double[size];
            for (int i = 0; i < size; i++) {
                double u = random.nextDouble();
                v[i] = u < special ? new double[] {INF, -INF, NAN}[random.nextInt(3)]
                        : u < special + 0.1 ? 0 : random.nextDouble(-1, 1);
            }
            return v;
        }

        Tensor on(ConvTiles tiles) {
            return ConvKernels.convTranspose(tiles, y, w, strides, dilations, before, groups, x);
        }

        @Override
        public String toString() {
            return y.dtype() + " x " + x + " y " + y.shape() + " w " + w.shape() + " strides "
                    + Arrays.toString(strides) + " dilations " + Arrays.toString(dilations) + " before "
                    + Arrays.toString(before) + " groups " + groups;
        }
    }

    /**
     * x̄ summed directly in double, element by element: for each tap t (row-major) whose output position
     * {@code o = (i + before - t·dilation) / stride} exists (the division exact, o inside ȳ), for j ascending,
     * {@code s = fma(ȳ[n, o, group·coutG + j], w[t, c', group·coutG + j], s)} from +0. Returns {x̄, Σ|terms|}.
     */
    private static double[][] reference(Case c) {
        int d = c.strides.length;
        int n = c.x.dim(0);
        int cin = c.x.dim(d + 1);
        int cout = c.y.shape().dim(d + 1);
        int cinG = cin / c.groups;
        int coutG = cout / c.groups;
        int[] in = Arrays.copyOfRange(c.x.dims(), 1, d + 1);
        int[] out = Arrays.copyOfRange(c.y.shape().dims(), 1, d + 1);
        int[] k = Arrays.copyOfRange(c.w.shape().dims(), 0, d);
        double[] ys = c.y.toDoubleArray();
        double[] ws = c.w.toDoubleArray();
        double[] xBar = new double[c.x.size()];
        double[] magnitude = new double[c.x.size()];
        int inSize = Patches.product(in);
        int outSize = Patches.product(out);
        int taps = Patches.product(k);
        int[] o = new int[d];
        for (int e = 0; e < xBar.length; e++) {
            int ch = e % cin;
            int pos = e / cin % inSize;
            int b = e / cin / inSize;
            int grp = ch / cinG;
            double s = 0;
            double m = 0;
            for (int t = 0; t < taps; t++) {
                boolean exists = true;
                for (int a = d - 1, p = pos, q = t; a >= 0; a--) {
                    int shifted = p % in[a] + c.before[a] - q % k[a] * c.dilations[a];
                    o[a] = shifted >= 0 && shifted % c.strides[a] == 0 ? shifted / c.strides[a] : -1;
                    exists &= o[a] >= 0 && o[a] < out[a];
                    p /= in[a];
                    q /= k[a];
                }
                if (!exists) {
                    continue;
                }
                int flat = 0;
                for (int a = 0; a < d; a++) {
                    flat = flat * out[a] + o[a];
                }
                for (int j = 0; j < coutG; j++) {
                    double yv = ys[(b * outSize + flat) * cout + grp * coutG + j];
                    double wv = ws[(t * cinG + ch % cinG) * cout + grp * coutG + j];
                    s = Math.fma(yv, wv, s);
                    m += Math.abs(yv * wv);
                }
            }
            xBar[e] = s;
            magnitude[e] = m;
        }
        return new double[][] {xBar, magnitude};
    }

    private static String kind(double v) {
        return Double.isNaN(v) ? "NaN" : Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : "finite";
    }

    /**
     * Random geometry (1 to 3 spatial axes, strides, dilations, padding before and after, groups, depthwise with
     * channel multipliers) and kernels holding inf, -inf and NaN, on the tiles and on the GEMM: float64 gives the
     * direct sum's values (NaN for NaN); float32 gives the same kind (finite, inf, -inf, NaN) and close values.
     */
    @Test
    void nonFiniteKernelsSumTheExistingTermsOnly() {
        ConvTiles tiles = Kernels.vectorConvTiles();
        assertNotNull(tiles, "the vector tiles did not load: " + Kernels.vectorProblem());
        SplittableRandom random = new SplittableRandom(2026);
        for (int trial = 0; trial < 300; trial++) {
            DType dtype = trial % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32;
            Case c = Case.draw(random, dtype, true);
            double[][] ref = reference(c);
            for (Tensor r : new Tensor[] {c.on(tiles), c.on(null)}) {
                double[] got = r.toDoubleArray();
                for (int e = 0; e < got.length; e++) {
                    double want = ref[0][e];
                    String what = c + " element " + e + ": expected " + want + ", got " + got[e];
                    if (dtype == DType.FLOAT64) {
                        assertTrue(Double.compare(want, got[e]) == 0 || want == got[e], what);
                    } else {
                        assertEquals(kind(want), kind(got[e]), what);
                        assertTrue(!Double.isFinite(want) || Math.abs(got[e] - want) <= 1e-5 * ref[1][e], what);
                    }
                }
            }
        }
    }

    /**
     * Finite kernels keep the fast paths: on random geometry the tiles and the GEMM give the same bits, and the
     * exact path the same values (it differs at most in the sign of a zero); and where the two differ in that
     * sign, the entry gives the fast path's zero. There x̄[0] has one term, {@code -1e-30 · 1e-30}, which rounds
     * to -0, and a padding tap: the fast paths add its {@code 0·1} and end on +0, the exact path stays on -0.
     */
    @Test
    void finiteKernelsStayOnTheFastPaths() {
        ConvTiles tiles = Kernels.vectorConvTiles();
        assertNotNull(tiles, "the vector tiles did not load: " + Kernels.vectorProblem());
        SplittableRandom random = new SplittableRandom(17);
        for (int trial = 0; trial < 200; trial++) {
            Case c = Case.draw(random, trial % 2 == 0 ? DType.FLOAT64 : DType.FLOAT32, false);
            Tensor fast = c.on(tiles);
            assertTrue(fast.sameValues(c.on(null)), "tiles vs GEMM: " + c);
            double[] exact = exact(c).toDoubleArray();
            double[] got = fast.toDoubleArray();
            for (int e = 0; e < got.length; e++) {
                assertTrue(exact[e] == got[e], c + " element " + e + ": exact " + exact[e] + ", fast " + got[e]);
            }
        }
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double tiny = dtype == DType.FLOAT32 ? 1e-30 : 1e-200;
            Tensor y = Tensor.of(DType.FLOAT64, Shape.of(1, 1, 1), -tiny).cast(dtype);
            Tensor w = Tensor.of(DType.FLOAT64, Shape.of(2, 1, 1), tiny, 1).cast(dtype);
            Case c = new Case(Shape.of(1, 2, 1), y, w, new int[] {1}, new int[] {1}, new int[] {0}, 1);
            assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(exact(c).toDoubleArray()[0]),
                    "the exact path's x̄[0] " + dtype);
            for (Tensor r : new Tensor[] {c.on(tiles), c.on(null), ConvKernels.convTranspose(y, w, c.strides,
                    c.dilations, c.before, 1, c.x)}) {
                assertEquals(0L, Double.doubleToRawLongBits(r.toDoubleArray()[0]), "x̄[0] is +0 " + dtype);
            }
        }
    }

    /** The exact path alone on {@code c}. */
    private static Tensor exact(Case c) {
        int d = c.strides.length;
        int[] in = Arrays.copyOfRange(c.x.dims(), 1, d + 1);
        int[] out = Arrays.copyOfRange(c.y.shape().dims(), 1, d + 1);
        int[] k = Arrays.copyOfRange(c.w.shape().dims(), 0, d);
        Patches patches = Patches.transposed(in, out, k, c.strides, c.dilations, c.before);
        boolean f32 = c.y.dtype() == DType.FLOAT32;
        Object xs = f32 ? new float[c.x.size()] : new double[c.x.size()];
        ExactTransposedConv.rows(patches, storage(c.y), c.y.shape().dim(d + 1), storage(c.w), c.x.dim(d + 1),
                c.groups, xs, 0, c.x.dim(0) * patches.rowSize());
        return f32 ? Tensor.of(c.x, (float[]) xs) : Tensor.of(c.x, (double[]) xs);
    }

    private static Object storage(Tensor t) {
        return dev.adjoint.core.tensor.internal.TensorInternals.storage(t);
    }
}
