package dev.adjoint.core.kernel;

/**
 * The direct convolution: {@link ConvKernels}' products computed on register tiles ({@link ConvTiles}) against the
 * kernel packed once per call in panels of the tile's width; the forward and the input gradient pack each tile's
 * patches (6 rows) just before its multiply-adds, through a table of tap offsets, and the filter gradient reads the
 * image through that table. Each element is the same chain of fused multiply-adds as on the GEMM path (over {@code
 * (t, c)} ascending for the forward and the input gradient; over a block's rows ascending, then added in block
 * order, for the filter gradient), so the two paths give the same bits.
 */
final class DirectConv {

    /** Rows of a tile. */
    static final int ROWS = 6;

    /**
     * Fewer channels than this per tap: the block's patches are copied into a buffer first (a tile switching
     * taps every few multiply-adds spends its time on the table, not on the multiply-adds).
     */
    static final int FEW_CHANNELS = 8;

    private static final int TABLE = 3;
    private static final int IDENTITY = 1;
    private static final int TILE = 0;
    private static final int PATCHES = 1;
    private static final int OPERAND = 2;

    private DirectConv() {
    }

    /**
     * The kernel matrix {@code [kk, cols]} (row stride {@code ld}, from {@code wo}) in panels of {@code nr}
     * columns, zero-padded: panel q holds {@code [kk][nr]} at {@code q·kk·nr}.
     */
    static Object panels(Object w, int wo, int kk, int cols, int ld, int nr, boolean f32) {
        int count = (cols + nr - 1) / nr;
        Object out = f32 ? new float[count * kk * nr] : new double[count * kk * nr];
        for (int q = 0; q < count; q++) {
            int width = Math.min(nr, cols - q * nr);
            for (int p = 0; p < kk; p++) {
                System.arraycopy(w, wo + p * ld + q * nr, out, (q * kk + p) * nr, width);
            }
        }
        return out;
    }

    /**
     * Rows {@code [r0, r0 + m)} of a product of patches and a panelled kernel, columns {@code [0, cols)}, written to
     * {@code dst} at row stride {@code ldd} from column {@code dstCol}: the forward (patches of x) or the input
     * gradient (transposed patches of ȳ).
     */
    static void rows(ConvTiles tiles, Patches patches, Object src, int srcChannels, int chanOffset, int chans,
            Object wp, int cols, Object dst, int ldd, int dstCol, int r0, int m, boolean f32) {
        int taps = patches.taps();
        int nr = tiles.panelWidth(cols, f32);
        boolean wide = nr != tiles.width(f32);
        int padded = (m + ROWS - 1) / ROWS * ROWS;
        int[] tab = Scratch.ints(TABLE, padded * taps);
        patches.table(r0, m, padded, srcChannels, chanOffset, tab);
        int kk = taps * chans;
        Object tmp = Scratch.of(f32, TILE, ROWS * nr);
        // few channels: the block's patches copied at once (a tile would copy a few values per tap), else each
        // tile's patches packed row by row before its panels
        boolean few = chans < FEW_CHANNELS;
        Object a = few ? copy(src, tab, padded, taps, chans, f32) : Scratch.of(f32, PATCHES, ROWS * kk);
        for (int ir = 0; ir < m; ir += ROWS) {
            if (!few) {
                pack(tiles, src, tab, ir * taps, taps, chans, a);
            }
            int aOff = few ? ir * kk : 0;
            int height = Math.min(ROWS, m - ir);
            for (int q = 0; q * nr < cols; q++) {
                int width = Math.min(nr, cols - q * nr);
                int at = (r0 + ir) * ldd + dstCol + q * nr;
                if (height == ROWS && width == nr) {
                    packedRows(tiles, wide, kk, a, aOff, wp, q * kk * nr, dst, at, ldd);
                } else {
                    packedRows(tiles, wide, kk, a, aOff, wp, q * kk * nr, tmp, 0, nr);
                    for (int r = 0; r < height; r++) {
                        System.arraycopy(tmp, r * nr, dst, at + r * ldd, width);
                    }
                }
            }
        }
    }

    /**
     * The patches of {@code rows} table rows as a matrix {@code [rows, taps·chans]} in this thread's scratch:
     * {@code P[i, (t, c)] = src[tab[i·taps + t] + c]}, or 0 where the entry is -1.
     */
    private static Object copy(Object src, int[] tab, int rows, int taps, int chans, boolean f32) {
        int kk = taps * chans;
        Object dst = Scratch.of(f32, PATCHES, rows * kk);
        if (f32) {
            copy((float[]) src, tab, rows * taps, chans, (float[]) dst);
        } else {
            copy((double[]) src, tab, rows * taps, chans, (double[]) dst);
        }
        return dst;
    }

    /** {@link #copy}'s loop for floats: a few channels per entry, copied element by element. */
    private static void copy(float[] src, int[] tab, int entries, int chans, float[] dst) {
        for (int e = 0; e < entries; e++) {
            int off = tab[e];
            int at = e * chans;
            for (int c = 0; c < chans; c++) {
                dst[at + c] = off < 0 ? 0f : src[off + c];
            }
        }
    }

    /** {@link #copy}'s loop for doubles. */
    private static void copy(double[] src, int[] tab, int entries, int chans, double[] dst) {
        for (int e = 0; e < entries; e++) {
            int off = tab[e];
            int at = e * chans;
            for (int c = 0; c < chans; c++) {
                dst[at + c] = off < 0 ? 0.0 : src[off + c];
            }
        }
    }

    /** The table of {@link #copy}'s matrix as one tap: row i at {@code i·kk}. */
    private static int[] identity(int rows, int kk) {
        int[] tab = Scratch.ints(IDENTITY, rows);
        for (int i = 0; i < rows; i++) {
            tab[i] = i * kk;
        }
        return tab;
    }

    private static void pack(ConvTiles tiles, Object x, int[] tab, int tabOff, int taps, int chans, Object a) {
        if (x instanceof float[] xf) {
            tiles.pack(xf, tab, tabOff, taps, chans, (float[]) a);
        } else {
            tiles.pack((double[]) x, tab, tabOff, taps, chans, (double[]) a);
        }
    }

    private static void packedRows(ConvTiles tiles, boolean wide, int kk, Object a, int aOff, Object wp, int wOff,
            Object c, int cOff, int ldc) {
        if (a instanceof float[] af) {
            tiles.packedRows(wide, kk, af, aOff, (float[]) wp, wOff, (float[]) c, cOff, ldc);
        } else {
            tiles.packedRows(wide, kk, (double[]) a, aOff, (double[]) wp, wOff, (double[]) c, cOff, ldc);
        }
    }

    /** Zeros for the tiles to read where the image is padded. */
    private static Object zeros(boolean f32, int chans) {
        int n = Math.max(chans, ROWS);
        return f32 ? new float[n] : new double[n];
    }

    /**
     * One block's filter gradient: {@code C[(t,c), j] = sum over the block's rows p of P_x[p, (t,c)] · ȳ[p, j]}
     * for the group's channels, stored into (or, when {@code add}, added to) {@code c} at {@code co}, row stride
     * {@code cols}.
     */
    static void columns(ConvTiles tiles, Patches patches, Object x, int srcChannels, int chanOffset, int chans,
            Object y, int ldy, int yCol, int cols, int r0, int m, Object c, int co, boolean add, boolean f32) {
        int taps = patches.taps();
        int nr = tiles.panelWidth(cols, f32);
        boolean wide = nr != tiles.width(f32);
        int[] tab = Scratch.ints(TABLE, m * taps);
        patches.table(r0, m, m, srcChannels, chanOffset, tab);
        int kk = taps * chans;
        if (chans < FEW_CHANNELS) { // one tap of kk channels over the copied patches: the same products
            x = copy(x, tab, m, taps, chans, f32);
            tab = identity(m, kk);
            taps = 1;
            chans = kk;
        }
        int panels = (cols + nr - 1) / nr;
        Object yb = y;
        int yo = r0 * ldy + yCol;
        int ld = ldy;
        if (cols % nr != 0) {
            // the block's columns of ȳ, zero-padded to whole tiles
            ld = panels * nr;
            yb = Scratch.of(f32, OPERAND, m * ld);
            fillZero(yb, 0, m * ld);
            for (int p = 0; p < m; p++) {
                System.arraycopy(y, (r0 + p) * ldy + yCol, yb, p * ld, cols);
            }
            yo = 0;
        }
        Object tmp = Scratch.of(f32, TILE, ROWS * nr);
        int[] tap = new int[ROWS];
        int[] chan = new int[ROWS];
        Object zeros = zeros(f32, chans);
        for (int q = 0; q < panels; q++) {
            int width = Math.min(nr, cols - q * nr);
            for (int ir = 0; ir < kk; ir += ROWS) {
                for (int r = 0; r < ROWS; r++) {
                    tap[r] = ir + r < kk ? (ir + r) / chans : -1;
                    chan[r] = ir + r < kk ? (ir + r) % chans : 0;
                }
                int height = Math.min(ROWS, kk - ir);
                int at = co + ir * cols + q * nr;
                if (height == ROWS && width == nr) {
                    columns(tiles, wide, m, taps, x, zeros, tab, tap, chan, yb, yo + q * nr, ld, c, at, cols, add);
                } else {
                    columns(tiles, wide, m, taps, x, zeros, tab, tap, chan, yb, yo + q * nr, ld, tmp, 0, nr, false);
                    for (int r = 0; r < height; r++) {
                        if (add) {
                            addRow(tmp, r * nr, c, at + r * cols, width);
                        } else {
                            System.arraycopy(tmp, r * nr, c, at + r * cols, width);
                        }
                    }
                }
            }
        }
    }

    private static void columns(ConvTiles tiles, boolean wide, int np, int taps, Object x, Object zeros, int[] tab,
            int[] tap, int[] chan, Object y, int yOff, int ldy, Object c, int cOff, int ldc, boolean add) {
        if (wide && x instanceof float[] xf) {
            tiles.columnsWide(np, taps, xf, (float[]) zeros, tab, 0, tap, chan, (float[]) y, yOff, ldy, (float[]) c,
                    cOff, ldc, add);
        } else if (wide) {
            tiles.columnsWide(np, taps, (double[]) x, (double[]) zeros, tab, 0, tap, chan, (double[]) y, yOff, ldy,
                    (double[]) c, cOff, ldc, add);
        } else if (x instanceof float[] xf) {
            tiles.columns(np, taps, xf, (float[]) zeros, tab, 0, tap, chan, (float[]) y, yOff, ldy, (float[]) c, cOff,
                    ldc, add);
        } else {
            tiles.columns(np, taps, (double[]) x, (double[]) zeros, tab, 0, tap, chan, (double[]) y, yOff, ldy,
                    (double[]) c, cOff, ldc, add);
        }
    }

    private static void addRow(Object src, int from, Object dst, int to, int len) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < len; i++) {
                d[to + i] += s[from + i];
            }
        } else {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < len; i++) {
                d[to + i] += s[from + i];
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
}
