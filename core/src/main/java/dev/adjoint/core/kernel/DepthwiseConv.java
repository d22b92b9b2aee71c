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
 * scalar). 32 channels of 28 x 28, batch 32, one thread: 6.6-8.6 GFLOP/s against 0.2-0.4 on the per-group
 * products with a multiplier of 1 (with 4, whose rows are shorter than a vector: 2.0-2.3 against 0.5-1.3).
 */
final class DepthwiseConv {

    /** The int slot of the tap table (DirectConv's: the two never run in one call). */
    private static final int TABLE = 3;

    /** The float or double slot of the filter gradient's accumulators. */
    private static final int ACCUMULATORS = 0;

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
    static void forward(ConvTiles tiles, Patches patches, Object x, int cin, Object w, int mult, Object y, int r0, int m) {
        if (x instanceof float[] xf) {
            forward(tiles, patches, xf, cin, (float[]) w, mult, (float[]) y, r0, m);
        } else {
            forward(tiles, patches, (double[]) x, cin, (double[]) w, mult, (double[]) y, r0, m);
        }
    }

    /** Rows {@code [r0, r0 + m)} of the input gradient into {@code x} ({@code patches} transposed). */
    static void transposed(ConvTiles tiles, Patches patches, Object y, int cin, Object w, int mult, Object x, int r0, int m) {
        if (y instanceof float[] yf) {
            transposed(tiles, patches, yf, cin, (float[]) w, mult, (float[]) x, r0, m);
        } else {
            transposed(tiles, patches, (double[]) y, cin, (double[]) w, mult, (double[]) x, r0, m);
        }
    }

    /**
     * One block's filter gradient, rows {@code [r0, r0 + m)}, stored into (or, when {@code add}, added to, one
     * rounding each) {@code c} from {@code co} in the GEMM path's partial layout: group g's {@code [taps][mult]}
     * matrix at {@code g·taps·mult}.
     */
    static void filter(ConvTiles tiles, Patches patches, Object x, int cin, Object y, int mult, int r0, int m, Object c, int co,
            boolean add) {
        if (x instanceof float[] xf) {
            filter(tiles, patches, xf, cin, (float[]) y, mult, r0, m, (float[]) c, co, add);
        } else {
            filter(tiles, patches, (double[]) x, cin, (double[]) y, mult, r0, m, (double[]) c, co, add);
        }
    }

    /** The block's tap table: the offset of each row's tap pixel (channel 0) in an image of {@code channels}. */
    private static int[] table(Patches patches, int r0, int m, int channels) {
        int[] tab = Scratch.ints(TABLE, m * patches.taps());
        patches.table(r0, m, m, channels, 0, tab);
        return tab;
    }

    private static void forward(ConvTiles tiles, Patches patches, float[] x, int cin, float[] w, int mult, float[] y, int r0, int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            java.util.Arrays.fill(y, yo, yo + cout, 0f);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (o < 0) {
                    tiles.fmaRow(0f, w, wo, y, yo, cout);
                } else if (mult == 1) {
                    tiles.fmaRow(x, o, w, wo, y, yo, cout);
                } else {
                    for (int c = 0; c < cin; c++) {
                        tiles.fmaRow(x[o + c], w, wo + c * mult, y, yo + c * mult, mult);
                    }
                }
            }
        }
    }

    private static void transposed(ConvTiles tiles, Patches patches, float[] y, int cin, float[] w, int mult, float[] x, int r0, int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cout);
        for (int p = 0; p < m; p++) {
            int xo = (r0 + p) * cin;
            java.util.Arrays.fill(x, xo, xo + cin, 0f);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (mult == 1) {
                    if (o < 0) {
                        tiles.fmaRow(0f, w, wo, x, xo, cin);
                    } else {
                        tiles.fmaRow(y, o, w, wo, x, xo, cin);
                    }
                    continue;
                }
                for (int c = 0; c < cin; c++) {
                    int at = c * mult;
                    float s = x[xo + c];
                    for (int j = 0; j < mult; j++) {
                        s = Math.fma(o < 0 ? 0f : y[o + at + j], w[wo + at + j], s);
                    }
                    x[xo + c] = s;
                }
            }
        }
    }

    private static void filter(ConvTiles tiles, Patches patches, float[] x, int cin, float[] y, int mult, int r0, int m, float[] c,
            int co, boolean add) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        float[] acc = Scratch.floats(ACCUMULATORS, taps * cout);
        java.util.Arrays.fill(acc, 0, taps * cout, 0f);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int at = t * cout;
                if (o < 0) {
                    tiles.fmaRow(0f, y, yo, acc, at, cout);
                } else if (mult == 1) {
                    tiles.fmaRow(x, o, y, yo, acc, at, cout);
                } else {
                    for (int ch = 0; ch < cin; ch++) {
                        tiles.fmaRow(x[o + ch], y, yo + ch * mult, acc, at + ch * mult, mult);
                    }
                }
            }
        }
        // the GEMM path's partial layout: per group (input channel) g, [taps][mult] at g·taps·mult
        for (int t = 0; t < taps; t++) {
            for (int k = 0; k < cout; k++) {
                int to = co + (k / mult) * taps * mult + t * mult + k % mult;
                c[to] = add ? c[to] + acc[t * cout + k] : acc[t * cout + k];
            }
        }
    }

    private static void forward(ConvTiles tiles, Patches patches, double[] x, int cin, double[] w, int mult, double[] y, int r0, int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            java.util.Arrays.fill(y, yo, yo + cout, 0.0);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (o < 0) {
                    tiles.fmaRow(0.0, w, wo, y, yo, cout);
                } else if (mult == 1) {
                    tiles.fmaRow(x, o, w, wo, y, yo, cout);
                } else {
                    for (int c = 0; c < cin; c++) {
                        tiles.fmaRow(x[o + c], w, wo + c * mult, y, yo + c * mult, mult);
                    }
                }
            }
        }
    }

    private static void transposed(ConvTiles tiles, Patches patches, double[] y, int cin, double[] w, int mult, double[] x, int r0, int m) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cout);
        for (int p = 0; p < m; p++) {
            int xo = (r0 + p) * cin;
            java.util.Arrays.fill(x, xo, xo + cin, 0.0);
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int wo = t * cout;
                if (mult == 1) {
                    if (o < 0) {
                        tiles.fmaRow(0.0, w, wo, x, xo, cin);
                    } else {
                        tiles.fmaRow(y, o, w, wo, x, xo, cin);
                    }
                    continue;
                }
                for (int c = 0; c < cin; c++) {
                    int at = c * mult;
                    double s = x[xo + c];
                    for (int j = 0; j < mult; j++) {
                        s = Math.fma(o < 0 ? 0.0 : y[o + at + j], w[wo + at + j], s);
                    }
                    x[xo + c] = s;
                }
            }
        }
    }

    private static void filter(ConvTiles tiles, Patches patches, double[] x, int cin, double[] y, int mult, int r0, int m, double[] c,
            int co, boolean add) {
        int taps = patches.taps();
        int cout = cin * mult;
        int[] tab = table(patches, r0, m, cin);
        double[] acc = Scratch.doubles(ACCUMULATORS, taps * cout);
        java.util.Arrays.fill(acc, 0, taps * cout, 0.0);
        for (int p = 0; p < m; p++) {
            int yo = (r0 + p) * cout;
            for (int t = 0; t < taps; t++) {
                int o = tab[p * taps + t];
                int at = t * cout;
                if (o < 0) {
                    tiles.fmaRow(0.0, y, yo, acc, at, cout);
                } else if (mult == 1) {
                    tiles.fmaRow(x, o, y, yo, acc, at, cout);
                } else {
                    for (int ch = 0; ch < cin; ch++) {
                        tiles.fmaRow(x[o + ch], y, yo + ch * mult, acc, at + ch * mult, mult);
                    }
                }
            }
        }
        // the GEMM path's partial layout: per group (input channel) g, [taps][mult] at g·taps·mult
        for (int t = 0; t < taps; t++) {
            for (int k = 0; k < cout; k++) {
                int to = co + (k / mult) * taps * mult + t * mult + k % mult;
                c[to] = add ? c[to] + acc[t * cout + k] : acc[t * cout + k];
            }
        }
    }
}
