package dev.adjoint.core.kernel;

import static dev.adjoint.core.kernel.ChannelsLast.shape;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The direct convolution on the Vector API's register tiles and the products of packed patches on the GEMM in
 * use (the path without the Vector API, on the scalar GEMM under {@code -Dadjoint.kernels=scalar}) give the same
 * bits: forward, input gradient and filter gradient, float32 and
 * float64, on random geometry with edges (rows not a multiple of the tile's 6, channels not a multiple of its
 * width), strides, dilations, padding and groups, and blocks and chunks of more than one; with the 6 × 2 tile
 * alone and with the wide 6 × 4 tile where the channels allow it, on any CPU.
 */
class ConvPathsTest {

    @Test
    void directTilesAndGemmProductsGiveTheSameBits() {
        ConvTiles tiles = Kernels.vectorConvTiles();
        assertNotNull(tiles, "the vector tiles did not load: " + Kernels.vectorProblem());
        check(tiles, 12, false);
    }

    @Test
    void theNarrowTileAloneGivesTheSameBits() {
        assertNotNull(Kernels.vectorConvTiles(), "the vector tiles did not load: " + Kernels.vectorProblem());
        check(new VectorConvTiles(false), 13, false);
    }

    /** Channels that are multiples of the wide tile's four vectors on half the trials, so that it runs. */
    @Test
    void theWideTileGivesTheSameBits() {
        assertNotNull(Kernels.vectorConvTiles(), "the vector tiles did not load: " + Kernels.vectorProblem());
        VectorConvTiles wide = new VectorConvTiles(true);
        int w = wide.panelWidth(4 * FloatWideConvTiles.L, true);
        assertTrue(w == 4 * FloatWideConvTiles.L && wide.panelWidth(w + 1, true) == wide.width(true),
                "the wide tile is chosen for multiples of its width only");
        check(wide, 14, true);
    }

    /**
     * The filter gradient's two orientations (ȳ^T · P_x, and P_x^T · ȳ for few channels and fewer patch columns
     * than output channels), over several slices of rows and blocks, with channel counts that leave partial tiles
     * and panels, and with channel counts whose panels lie inside one tap's channels (copied as one run per row), on
     * both tiles: the same bits as the GEMM path.
     */
    @Test
    void theFilterGradientsOrientationsAndSlicesGiveTheSameBits() {
        assertNotNull(Kernels.vectorConvTiles(), "the vector tiles did not load: " + Kernels.vectorProblem());
        int[][] cases = { // n, h = w, c_in, c_out: P_x^T · ȳ; ȳ^T · P_x with few and with many channels
            {2, 21, 1, 32}, {3, 17, 2, 45}, {2, 19, 3, 2}, {2, 15, 16, 5}, {1, 40, 33, 70}, {4, 9, 7, 64},
            {2, 6, 128, 12}, {3, 5, 48, 7}}; // panels inside one tap's channels, from channel 0 and past it
        for (ConvTiles tiles : new ConvTiles[] {new VectorConvTiles(false), new VectorConvTiles(true)}) {
            for (int[] c : cases) {
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Shape xs = Shape.of(c[0], c[1], c[1], c[2]);
                    Shape ys = Shape.of(c[0], c[1], c[1], c[3]);
                    Shape ws = Shape.of(3, 3, c[2], c[3]);
                    Tensor x = Tensor.uniform(Key.of(c[2]), dtype, xs, -1, 1);
                    Tensor y = Tensor.uniform(Key.of(c[3]), dtype, ys, -1, 1);
                    int[] one = {1, 1};
                    Tensor direct = ConvKernels.convFilterGrad(tiles, x, y, one, one, one, 1, ws);
                    Tensor gemm = ConvKernels.convFilterGrad(null, x, y, one, one, one, 1, ws);
                    assertTrue(direct.sameValues(gemm),
                            dtype + " x " + xs + " w " + ws + " wide " + tiles.hasWideTile());
                }
            }
        }
    }

    /**
     * Sources of few channels, whose forward and filter gradient read a zero-padded copy of x ({@link
     * PaddedPatches}), and outputs of few channels, whose input gradient reads one of ȳ spread out by the strides:
     * more rows than one block holds (so blocks start inside an image), three spatial dimensions, padding before
     * and after of different sizes, strides and dilations, and a group's channels out of more, and output channels
     * in whole tiles (whose filter gradient reads both operands unpacked): the same bits as the GEMM path.
     */
    @Test
    void fewChannelsFromAPaddedCopyGiveTheSameBits() {
        assertNotNull(Kernels.vectorConvTiles(), "the vector tiles did not load: " + Kernels.vectorProblem());
        int[][] cases = { // d, n, size (every axis), c_in, c_out, groups, kernel, stride, dilation, before, after
            {2, 2, 200, 1, 5, 1, 3, 1, 1, 1, 1}, {2, 3, 150, 3, 7, 1, 3, 1, 1, 0, 2},
            {1, 1, 33, 2, 40, 1, 4, 2, 1, 2, 1}, {3, 2, 13, 1, 9, 1, 3, 1, 2, 2, 2},
            {2, 5, 21, 6, 12, 2, 3, 2, 1, 1, 0}, {2, 2, 17, 1, 70, 1, 5, 3, 1, 0, 0},
            {2, 2, 190, 16, 1, 1, 3, 1, 1, 1, 1}, {2, 3, 23, 9, 3, 1, 4, 3, 2, 3, 0},
            {3, 2, 11, 5, 2, 1, 3, 2, 1, 1, 1}, {1, 4, 40, 20, 6, 2, 5, 2, 2, 4, 1},
            // output channels in whole tiles of two vectors for every lane count: the filter gradient read unpacked
            // (PaddedFilterGradient), in many chunks of rows, patch columns not a multiple of the tile's 6
            {2, 2, 120, 1, 64, 1, 3, 1, 1, 1, 1}, {2, 3, 40, 6, 64, 2, 5, 2, 1, 2, 2},
            {3, 2, 12, 1, 32, 1, 3, 1, 2, 2, 2}, {1, 3, 90, 2, 96, 1, 7, 3, 1, 3, 3}};
        for (ConvTiles tiles : new ConvTiles[] {new VectorConvTiles(false), new VectorConvTiles(true)}) {
            for (int[] row : cases) {
                int[] c = java.util.Arrays.copyOfRange(row, 1, row.length);
                Geometry geo = Geometry.of(row[0], c[1], c[5], c[6], c[7], c[8], c[9], c[2] / c[4], c[3]);
                for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                    Shape xs = shape(c[0], geo.in, c[2]);
                    Shape ys = shape(c[0], geo.out, c[3]);
                    Shape ws = Shape.of(geo.k);
                    Tensor x = Tensor.uniform(Key.of(1), dtype, xs, -1, 1);
                    Tensor w = Tensor.uniform(Key.of(2), dtype, ws, -1, 1);
                    Tensor y = Tensor.uniform(Key.of(3), dtype, ys, -1, 1);
                    String what = dtype + " x " + xs + " w " + ws + " groups " + c[4] + " wide " + tiles.hasWideTile();
                    assertSameBits(tiles, x, w, y, geo.strides, geo.dilations, geo.before, c[4], what);
                }
            }
        }
    }

    /**
     * One input channel per group (depthwise, with channel multipliers 1 to 5, and a one-channel image), computed
     * along the channels: the same bits as the GEMM path in all three products, with strides, dilations and
     * padding, in one, two and three spatial dimensions.
     */
    @Test
    void oneInputChannelPerGroupGivesTheSameBits() {
        ConvTiles tiles = Kernels.vectorConvTiles();
        assertNotNull(tiles, "the vector tiles did not load: " + Kernels.vectorProblem());
        int[][] cases = { // d, n, size, c_in = groups, mult, kernel, stride, dilation, padding before
            {2, 2, 11, 5, 1, 3, 1, 1, 1}, {2, 3, 9, 4, 3, 3, 2, 1, 1}, {2, 1, 13, 1, 32, 3, 1, 1, 1},
            {1, 4, 17, 6, 2, 5, 1, 2, 2}, {2, 2, 8, 3, 1, 2, 2, 1, 0}, {1, 2, 30, 1, 7, 3, 3, 1, 0},
            {3, 2, 6, 5, 4, 3, 1, 1, 1}, {3, 1, 7, 3, 5, 2, 2, 2, 1}, {2, 2, 10, 13, 5, 3, 1, 1, 1}};
        for (int[] c : cases) {
            Geometry geo = Geometry.of(c[0], c[2], c[5], c[6], c[7], c[8], c[8], 1, c[3] * c[4]);
            for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Shape xs = shape(c[1], geo.in, c[3]);
                Shape ys = shape(c[1], geo.out, c[3] * c[4]);
                Shape ws = Shape.of(geo.k);
                Tensor x = Tensor.uniform(Key.of(1), dtype, xs, -1, 1);
                Tensor w = Tensor.uniform(Key.of(2), dtype, ws, -1, 1);
                Tensor y = Tensor.uniform(Key.of(3), dtype, ys, -1, 1);
                int g = c[3];
                assertSameBits(tiles, x, w, y, geo.strides, geo.dilations, geo.before, g,
                        dtype + " x " + xs + " w " + ws + " groups " + g);
            }
        }
    }

    private static void check(ConvTiles tiles, long seed, boolean wideChannels) {
        SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 40; trial++) {
            DType dtype = trial % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            int d = 1 + random.nextInt(2);
            int groups = 1 + random.nextInt(trial % 5 == 0 ? 3 : 1);
            int cinG = 1 + random.nextInt(trial < 4 ? 40 : 9);
            int coutG = 1 + random.nextInt(trial < 4 ? 70 : 40);
            if (wideChannels && trial % 4 < 2) { // the forward and filter gradient (cout), or the input gradient (cin)
                int lanes = 4 * (dtype == DType.FLOAT32 ? FloatWideConvTiles.L : DoubleWideConvTiles.L);
                coutG = lanes * (1 + random.nextInt(2));
                cinG = trial % 4 == 0 ? lanes : cinG;
            }
            int n = 1 + random.nextInt(trial < 4 ? 12 : 3);
            int[] in = new int[d];
            int[] k = new int[d];
            int[] strides = new int[d];
            int[] dilations = new int[d];
            int[] before = new int[d];
            int[] out = new int[d];
            for (int a = 0; a < d; a++) {
                k[a] = 1 + random.nextInt(3);
                strides[a] = 1 + random.nextInt(2);
                dilations[a] = 1 + random.nextInt(2);
                before[a] = random.nextInt(2);
                int extent = (k[a] - 1) * dilations[a] + 1;
                in[a] = Math.max(extent, 1 + random.nextInt(trial < 4 ? 24 : 9));
                out[a] = (in[a] + 2 * before[a] - extent) / strides[a] + 1;
            }
            Shape xs = shape(n, in, cinG * groups);
            Shape ys = shape(n, out, coutG * groups);
            int[] wd = new int[d + 2];
            System.arraycopy(k, 0, wd, 0, d);
            wd[d] = cinG;
            wd[d + 1] = coutG * groups;
            Shape ws = Shape.of(wd);
            Tensor x = Tensor.uniform(Key.of(trial), dtype, xs, -1, 1);
            Tensor w = Tensor.uniform(Key.of(trial + 100), dtype, ws, -1, 1);
            Tensor y = Tensor.uniform(Key.of(trial + 200), dtype, ys, -1, 1);
            String what = dtype + " x " + xs + " w " + ws + " strides " + java.util.Arrays.toString(strides)
                    + " dilations " + java.util.Arrays.toString(dilations) + " groups " + groups;
            assertSameBits(tiles, x, w, y, strides, dilations, before, groups, what);
        }
    }

    /** The forward, input gradient and filter gradient on {@code tiles} give the GEMM path's bits. */
    private static void assertSameBits(ConvTiles tiles, Tensor x, Tensor w, Tensor y, int[] strides, int[] dilations,
            int[] before, int groups, String what) {
        Shape xs = x.shape();
        Shape ys = y.shape();
        Shape ws = w.shape();
        assertTrue(ConvKernels.conv(tiles, x, w, strides, dilations, before, groups, ys)
                .sameValues(ConvKernels.conv(null, x, w, strides, dilations, before, groups, ys)), "forward " + what);
        assertTrue(ConvKernels.convTranspose(tiles, y, w, strides, dilations, before, groups, xs)
                .sameValues(ConvKernels.convTranspose(null, y, w, strides, dilations, before, groups, xs)),
                "input gradient " + what);
        assertTrue(ConvKernels.convFilterGrad(tiles, x, y, strides, dilations, before, groups, ws)
                .sameValues(ConvKernels.convFilterGrad(null, x, y, strides, dilations, before, groups, ws)),
                "filter gradient " + what);
    }

    /** The same size, window, stride, dilation and padding on each of {@code d} axes; the kernel's shape. */
    private record Geometry(int[] in, int[] out, int[] k, int[] strides, int[] dilations, int[] before) {
        static Geometry of(int d, int size, int kernel, int stride, int dilation, int before, int after, int cinG,
                int cout) {
            int extent = (kernel - 1) * dilation + 1;
            Geometry g = new Geometry(new int[d], new int[d], new int[d + 2], new int[d], new int[d], new int[d]);
            for (int a = 0; a < d; a++) {
                g.in[a] = size;
                g.out[a] = (size + before + after - extent) / stride + 1;
                g.k[a] = kernel;
                g.strides[a] = stride;
                g.dilations[a] = dilation;
                g.before[a] = before;
            }
            g.k[d] = cinG;
            g.k[d + 1] = cout;
            return g;
        }
    }
}
