package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The patches read from a zero-padded copy ({@link PaddedPatches}) are the patch matrix of {@link Patches}' table
 * (its value where an entry reads the source, 0 where it reads padding), element for element, forward (x) and
 * transposed (ȳ spread out by the strides): in one, two and
 * three spatial dimensions, with strides, dilations, padding before and after of different sizes (and none, where
 * the last window leaves a tail of the input unread), a group's channels out of more, and cursors started at any
 * row and moved on by any count.
 */
class PaddedPatchesTest {

    @Test
    void paddedPatchesAreThePatchMatrix() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 300; trial++) {
            int d = 1 + random.nextInt(3);
            int n = 1 + random.nextInt(3);
            int[] in = new int[d];
            int[] k = new int[d];
            int[] strides = new int[d];
            int[] dilations = new int[d];
            int[] before = new int[d];
            int[] out = new int[d];
            for (int a = 0; a < d; a++) {
                k[a] = 1 + random.nextInt(4);
                strides[a] = 1 + random.nextInt(3);
                dilations[a] = 1 + random.nextInt(2);
                before[a] = random.nextInt(k[a] + 1);
                int after = random.nextInt(k[a] + 1);
                int extent = (k[a] - 1) * dilations[a] + 1;
                in[a] = Math.max(Math.max(1, extent - before[a] - after), 1 + random.nextInt(7));
                out[a] = (in[a] + before[a] + after - extent) / strides[a] + 1;
            }
            int channels = 1 + random.nextInt(5);
            int chans = 1 + random.nextInt(channels);
            int chanOffset = random.nextInt(channels - chans + 1);
            float[] x = new float[n * Patches.product(in) * channels];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1; // every value its own, none 0
            }
            String what = "in " + Arrays.toString(in) + " k " + Arrays.toString(k) + " strides "
                    + Arrays.toString(strides) + " dilations " + Arrays.toString(dilations) + " before "
                    + Arrays.toString(before) + " out " + Arrays.toString(out) + " channels " + chanOffset + "+"
                    + chans + " of " + channels;
            assertSamePatches(x, n, in, out, k, strides, dilations, before, channels, chanOffset, chans, random,
                    what);
        }
    }

    private static void assertSamePatches(float[] x, int n, int[] in, int[] out, int[] k, int[] strides,
            int[] dilations, int[] before, int channels, int chanOffset, int chans, SplittableRandom random,
            String what) {
        assertSamePatches(x, n, Patches.forward(in, out, k, strides, dilations, before),
                PaddedPatches.of(x, n, in, out, k, strides, dilations, before, channels), channels, chanOffset, chans,
                random, "forward " + what);
        float[] y = new float[n * Patches.product(out) * channels];
        for (int i = 0; i < y.length; i++) {
            y[i] = -(i + 1);
        }
        assertSamePatches(y, n, Patches.transposed(in, out, k, strides, dilations, before),
                PaddedPatches.transposed(y, n, in, out, k, strides, dilations, before, channels), channels, chanOffset,
                chans, random, "transposed " + what);
    }

    private static void assertSamePatches(float[] x, int n, Patches patches, PaddedPatches padded, int channels,
            int chanOffset, int chans, SplittableRandom random, String what) {
        int rows = n * patches.rowSize();
        int taps = patches.taps();
        int[] tab = new int[rows * taps];
        patches.table(0, rows, rows, channels, chanOffset, tab);
        int[] columns = padded.columns(chanOffset, chans, new int[taps * chans]);
        float[] xp = (float[]) padded.data;
        int r = random.nextInt(rows);
        PaddedPatches.Rows cursor = padded.rows(r);
        int[] bases = new int[rows];
        while (r < rows) {
            int m = 1 + random.nextInt(Math.min(20, rows - r));
            cursor.next(m, bases);
            for (int i = 0; i < m; i++, r++) {
                for (int t = 0; t < taps; t++) {
                    for (int c = 0; c < chans; c++) {
                        int o = tab[r * taps + t];
                        float expected = o < 0 ? 0f : x[o + c];
                        assertEquals(expected, xp[bases[i] + columns[t * chans + c]],
                                what + ": row " + r + " tap " + t + " channel " + c);
                    }
                }
            }
        }
    }

    /**
     * A padded copy whose size passes an array's (here 2^66 elements, three axes of 2^22 padded positions, which a
     * long multiplied up at the end wraps to 0) is declined, so the convolution takes its table path.
     */
    @Test
    void aCopyTooLargeForAnArrayIsDeclined() {
        int big = (1 << 22) - 1;
        int[] in = {1, 1, 1};
        int[] k = {1, 1, 1};
        int[] strides = {big, big, big};
        int[] one = {1, 1, 1};
        int[] before = {big - 1, big - 1, big - 1};
        int[] out = {2, 2, 2};
        assertEquals(null, PaddedPatches.of(new float[1], 1, in, out, k, strides, one, before, 1));
    }

    /**
     * Where no padded copy can be made (it would not fit in an array), few channels take the table of tap offsets:
     * the forward's and the filter gradient's products through the table give the padded copy's bits, on both
     * tiles, float32 and float64, one and three channels, with strides, dilations and padding.
     */
    @Test
    void theTablePathGivesThePaddedCopysBits() {
        int n = 2;
        int[] in = {11, 9};
        int[] k = {3, 2};
        int[] strides = {2, 1};
        int[] dilations = {1, 2};
        int[] before = {1, 0};
        int[] out = {6, 7};
        int cout = 21;
        for (ConvTiles tiles : new ConvTiles[] {new VectorConvTiles(false), new VectorConvTiles(true)}) {
            for (boolean f32 : new boolean[] {true, false}) {
                for (int chans : new int[] {1, 3}) {
                    SplittableRandom random = new SplittableRandom(chans);
                    int rows = n * Patches.product(out);
                    int kk = Patches.product(k) * chans;
                    Object x = values(f32, n * Patches.product(in) * chans, random);
                    Object w = values(f32, kk * cout, random);
                    Object y = values(f32, rows * cout, random);
                    Patches patches = Patches.forward(in, out, k, strides, dilations, before);
                    PaddedPatches padded = PaddedPatches.of(x, n, in, out, k, strides, dilations, before, chans);
                    Object wp = DirectConv.panels(w, 0, kk, cout, cout, tiles.panelWidth(cout, f32), f32);
                    Object viaTable = values(f32, rows * cout, null);
                    Object viaCopy = values(f32, rows * cout, null);
                    DirectConv.rows(tiles, patches, x, chans, 0, chans, wp, cout, viaTable, cout, 0, 0, rows, f32);
                    DirectConv.rows(tiles, padded, 0, chans, wp, cout, viaCopy, cout, 0, 0, rows, f32);
                    String what = (f32 ? "f32" : "f64") + " " + chans + " channels, wide " + tiles.hasWideTile();
                    assertSameBits(viaTable, viaCopy, "forward " + what);
                    Object gradTable = values(f32, kk * cout, null);
                    Object gradCopy = values(f32, kk * cout, null);
                    DirectConv.columns(tiles, patches, x, chans, 0, chans, y, cout, 0, cout, 0, rows, gradTable, 0,
                            false, f32);
                    DirectConv.columns(tiles, padded, 0, chans, y, cout, 0, cout, 0, rows, gradCopy, 0, false, f32);
                    assertSameBits(gradTable, gradCopy, "filter gradient " + what);
                }
            }
        }
    }

    /** Uniform values in [-1, 1), or zeros without a random source. */
    private static Object values(boolean f32, int length, SplittableRandom random) {
        double[] d = new double[length];
        for (int i = 0; random != null && i < length; i++) {
            d[i] = random.nextDouble(-1, 1);
        }
        if (!f32) {
            return d;
        }
        float[] f = new float[length];
        for (int i = 0; i < length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static void assertSameBits(Object a, Object b, String what) {
        if (a instanceof float[] fa) {
            assertArrayEquals(fa, (float[]) b, what);
        } else {
            assertArrayEquals((double[]) a, (double[]) b, what);
        }
    }

    /** The copy comes from the open pool, and {@link PaddedPatches#release} gives it back for the next call. */
    @Test
    void theCopyIsRecycledThroughTheBufferPool() {
        int[] in = {40, 40};
        int[] k = {3, 3};
        int[] one = {1, 1};
        float[] x = new float[2 * 40 * 40];
        Arrays.fill(x, 1f);
        BufferPool pool = new BufferPool();
        pool.open();
        try {
            PaddedPatches first = PaddedPatches.of(x, 2, in, in, k, one, one, one, 1);
            first.release();
            Arrays.fill((float[]) first.data, 5f); // as a recycled array comes back: whatever it held last
            PaddedPatches second = PaddedPatches.of(x, 2, in, in, k, one, one, one, 1);
            assertSame(first.data, second.data, "the given-back copy serves the next one");
            PaddedPatches third = PaddedPatches.of(x, 2, in, in, k, one, one, one, 1);
            assertNotSame(second.data, third.data, "a copy not given back is not handed out twice");
            float[] border = new float[42];
            assertArrayEquals(border, Arrays.copyOf((float[]) third.data, 42), "the first padded row is zeros");
            assertArrayEquals(border, Arrays.copyOf((float[]) second.data, 42), "a recycled copy's border is 0");
            assertEquals(1f, ((float[]) second.data)[42 + 1], "a recycled copy holds the input");
        } finally {
            pool.close();
        }
    }
}
