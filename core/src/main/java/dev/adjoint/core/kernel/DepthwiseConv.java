package dev.adjoint.core.kernel;

/**
 * Depthwise convolutions (one input channel per group, {@code G = C_in}), where the patch products of {@link
 * DirectConv} degenerate into one product per group of a patch row of {@code taps} elements (0.2 GFLOP/s):
 * computed directly, channels last, along the channels. With
 * {@code mult = C_out / C_in} output channels per input channel ({@code k = c·mult + j}) and {@code pos(o, t) =
 * o·stride - before + t·dilation}:
 * <pre>
 *   forward          y[n, o, k]  = sum_t x[n, pos(o, t), k / mult] · w[t, 0, k]
 *   input gradient   x̄[n, i, c]  = sum_t sum_j ȳ[n, o, c·mult + j] · w[t, 0, c·mult + j]   over o with pos(o, t) = i
 *   filter gradient  w̄[t, 0, k]  = sum_(n,o) x[n, pos(o, t), k / mult] · ȳ[n, o, k]
 * </pre>
 * Each element is the GEMM path's chain of fused multiply-adds in its order (t ascending; (t, j) for the input
 * gradient; a block's rows for the filter gradient, whose blocks {@link ConvKernels} adds as on the other paths)
 * from +0, a tap on the padding included as {@code fma(0, w, s)}: the same bits. The loops run along contiguous
 * channels, whole vectors at a time ({@link ConvTiles#fmaRow}; C2 in JDK 17 leaves scalar {@code Math.fma} loops
 * scalar); with a multiplier above 1 the pixel's channels are first spread, each repeated for its output
 * channels, so the rows stay whole. 32 channels of 28 x 28, batch 32, one thread: 6.6-8.6 GFLOP/s against
 * 0.2-0.4 on the per-group products with a multiplier of 1; with 2 and 4, forward and filter gradient 2.0-2.6
 * against 0.4-0.9 (the input gradient's chains over j stay scalar: 1.5-2.4).
 */
final class DepthwiseConv {

    /** The int slot of the tap table (DirectConv's: the two never run in one call). */
    private static final int TABLE = 3;

    /** The float or double slot of the filter gradient's accumulators. */
    private static final int ACCUMULATORS = 0;

    /** The float or double slot of a pixel's channels repeated for a multiplier above 1. */
    private static final int SPREAD = 1;

    private DepthwiseConv() {
    }

    /**
     * Whether a convolution of {@code cin} channels in {@code groups} groups is depthwise: one input channel per
     * group, more than one group. (A one-channel image, one group, stays on {@link DirectConv}: its copied patches
     * and register tiles ran its forward 1.4-1.7 and its filter gradient 1.1-1.5 times faster than these rows.)
     */
    static boolean applies(int cin, int groups) {
        return groups > 1 && cin == groups;
    }

    /** Rows {@code [r0, r0 + m)} of the forward into {@code y}: see the class comment. */
    static void forward(ConvTiles tiles, Patches patches, Object x, int cin, Object w, int mult, Object y, int r0,
            int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        Object spread = Scratch.of(x instanceof float[], SPREAD, cout);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            fillZero(y, yo, cout);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (o < 0 || mult == 1) { // a row of x (or of zeros) times a row of w
                    rows(tiles, o < 0 ? null : x, o, w, wo, y, yo, cout);
                } else { // x's row with each element repeated mult times, times a row of w
                    rows(tiles, repeated(x, o, cin, mult, spread), 0, w, wo, y, yo, cout);
                }
            }
        }
    }

    /** Rows {@code [r0, r0 + m)} of the input gradient into {@code x} ({@code patches} transposed). */
    static void transposed(ConvTiles tiles, Patches patches, Object y, int cin, Object w, int mult, Object x, int r0,
            int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cout);
        for (int p = 0; p < m; p++) {
            int xo = (r0 + p) * cin;
            fillZero(x, xo, cin);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (mult == 1) {
                    rows(tiles, o < 0 ? null : y, o, w, wo, x, xo, cin);
                } else {
                    chains(o < 0 ? null : y, o, w, wo, mult, x, xo, cin);
                }
            }
        }
    }

    /**
     * One block's filter gradient, rows {@code [r0, r0 + m)}, stored into (or, when {@code add}, added to, one
     * rounding each) {@code c} from {@code co} in the GEMM path's partial layout: group g's {@code [taps][mult]}
     * matrix at {@code g·taps·mult}.
     */
    static void filter(ConvTiles tiles, Patches patches, Object x, int cin, Object y, int mult, int r0, int m,
            Object c, int co, boolean add) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        Object acc = Scratch.of(x instanceof float[], ACCUMULATORS, taps * cout);
        Object spread = Scratch.of(x instanceof float[], SPREAD, cout);
        fillZero(acc, 0, taps * cout);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int at = t * cout;
                if (o < 0 || mult == 1) {
                    rows(tiles, o < 0 ? null : x, o, y, yo, acc, at, cout);
                } else {
                    rows(tiles, repeated(x, o, cin, mult, spread), 0, y, yo, acc, at, cout);
                }
            }
        }
        store(acc, taps, cout, mult, c, co, add);
    }

    /** {@code c[co + k] = fma(a[ai + k], b[bo + k], c[co + k])} for {@code k < len}; {@code a} null: a row of +0. */
    private static void rows(ConvTiles tiles, Object a, int ai, Object b, int bo, Object c, int co, int len) {
        if (c instanceof float[] cf) {
            if (a == null) {
                tiles.fmaRow(0f, (float[]) b, bo, cf, co, len);
            } else {
                tiles.fmaRow((float[]) a, ai, (float[]) b, bo, cf, co, len);
            }
        } else if (a == null) {
            tiles.fmaRow(0.0, (double[]) b, bo, (double[]) c, co, len);
        } else {
            tiles.fmaRow((double[]) a, ai, (double[]) b, bo, (double[]) c, co, len);
        }
    }

    /** {@code spread[c·mult + j] = x[o + c]}: a pixel's channels, each repeated for its output channels. */
    private static Object repeated(Object x, int o, int cin, int mult, Object spread) {
        if (x instanceof float[] xf) {
            float[] sf = (float[]) spread;
            for (int c = 0; c < cin; c++) {
                java.util.Arrays.fill(sf, c * mult, (c + 1) * mult, xf[o + c]);
            }
        } else {
            double[] xd = (double[]) x;
            double[] sd = (double[]) spread;
            for (int c = 0; c < cin; c++) {
                java.util.Arrays.fill(sd, c * mult, (c + 1) * mult, xd[o + c]);
            }
        }
        return spread;
    }

    /**
     * The input gradient's term of one tap with {@code mult > 1}: {@code x̄[xo + c] = fma(ȳ[o + c·mult + j],
     * w[wo + c·mult + j], ...)} for j ascending, each channel's chain continuing from {@code x̄[xo + c]};
     * {@code y} null: ȳ's row is padding (+0).
     */
    private static void chains(Object y, int o, Object w, int wo, int mult, Object x, int xo, int cin) {
        if (x instanceof float[] xf) {
            float[] yf = (float[]) y;
            float[] wf = (float[]) w;
            for (int c = 0; c < cin; c++) {
                float s = xf[xo + c];
                for (int j = c * mult; j < (c + 1) * mult; j++) {
                    s = Math.fma(yf == null ? 0f : yf[o + j], wf[wo + j], s);
                }
                xf[xo + c] = s;
            }
        } else {
            double[] yd = (double[]) y;
            double[] wd = (double[]) w;
            double[] xd = (double[]) x;
            for (int c = 0; c < cin; c++) {
                double s = xd[xo + c];
                for (int j = c * mult; j < (c + 1) * mult; j++) {
                    s = Math.fma(yd == null ? 0.0 : yd[o + j], wd[wo + j], s);
                }
                xd[xo + c] = s;
            }
        }
    }

    /**
     * The block's sums {@code acc[t·cout + k]} stored into (or added to) {@code c} in the GEMM path's partial
     * layout: per group (input channel) g, {@code [taps][mult]} at {@code g·taps·mult}.
     */
    private static void store(Object acc, int taps, int cout, int mult, Object c, int co, boolean add) {
        for (int t = 0; t < taps; t++) {
            for (int k = 0; k < cout; k++) {
                int to = co + (k / mult) * taps * mult + t * mult + k % mult;
                if (c instanceof float[] cf) {
                    float v = ((float[]) acc)[t * cout + k];
                    cf[to] = add ? cf[to] + v : v;
                } else {
                    double v = ((double[]) acc)[t * cout + k];
                    double[] cd = (double[]) c;
                    cd[to] = add ? cd[to] + v : v;
                }
            }
        }
    }

    private static void fillZero(Object a, int from, int len) {
        if (a instanceof float[] f) {
            java.util.Arrays.fill(f, from, from + len, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, from, from + len, 0.0);
        }
    }

    /** The block's tap table: the offset of each row's tap pixel (channel 0) in an image of {@code channels}. */
    private static int[] table(Patches patches, int r0, int m, int channels) {
        int[] tab = Scratch.ints(TABLE, m * patches.taps());
        patches.table(r0, m, m, channels, 0, tab);
        return tab;
    }
}
