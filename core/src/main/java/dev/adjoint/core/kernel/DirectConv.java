package dev.adjoint.core.kernel;

/**
 * The direct convolution: {@link ConvKernels}' products computed on register tiles ({@link ConvTiles}) against the
 * kernel packed once per call in panels of the tile's width; the forward and the input gradient pack each tile's
 * patches (6 rows) just before its multiply-adds, through a table of tap offsets, and the filter gradient packs
 * slices of the image's patches and of ȳ for the GEMM's micro-kernels ({@link SliceOperands}). A source of few
 * channels is read from its zero-padded copy ({@link PaddedPatches}: x in the forward and the filter gradient, ȳ
 * spread out by the strides in the input gradient), with no table of tap offsets and no copy of a block's patches.
 * Each element is the same chain of fused multiply-adds as on the GEMM path (over {@code (t, c)} ascending for the
 * forward and the input gradient; over a block's rows ascending, then added in block order, for the filter
 * gradient), so the two paths give the same bits.
 */
final class DirectConv {

    /** Rows of a tile. */
    static final int ROWS = 6;

    /**
     * Fewer channels than this per tap: the patches are read from a zero-padded copy of the source ({@link
     * PaddedPatches}; a tile switching taps every few multiply-adds would spend its time on the table, not on the
     * multiply-adds), unless that copy would not fit in an array.
     */
    static final int FEW_CHANNELS = 8;

    /** This thread's {@link Scratch} slots: int arrays (a tile's table, bases; a panel's columns). */
    static final int TABLE = 3;
    static final int COLUMNS = 1;
    /** Float or double arrays (a tile's edge, packed patches, a packed operand, a block's product). */
    private static final int TILE = 0;
    private static final int PATCHES = 1;
    private static final int OPERAND = 2;
    static final int PRODUCT = 4;

    /** Rows of the product per strip of a transposed store: one 64-byte line of floats. */
    private static final int STRIP = 16;

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
        Object a = Scratch.of(f32, PATCHES, ROWS * kk);
        for (int ir = 0; ir < m; ir += ROWS) { // each tile's patches packed row by row before its panels
            pack(tiles, src, tab, ir * taps, taps, chans, a);
            int height = Math.min(ROWS, m - ir);
            multiply(tiles, wide, kk, a, 0, wp, nr, cols, dst, (r0 + ir) * ldd + dstCol, ldd, height, tmp);
        }
    }

    /**
     * {@link #rows} for a source read from its zero-padded copy (x in the forward, ȳ in the input gradient): each
     * tile reads its patches {@code xp[base(r0 + ir + r) + delta(t, c)]} in place ({@link ConvTiles#paddedRows}),
     * no table, nothing packed; an edge tile's spare rows repeat its first row and are not stored.
     */
    static void rows(ConvTiles tiles, PaddedPatches src, int chanOffset, int chans, Object wp, int cols, Object dst,
            int ldd, int dstCol, int r0, int m, boolean f32) {
        int kk = src.taps() * chans;
        int nr = tiles.panelWidth(cols, f32);
        boolean wide = nr != tiles.width(f32);
        int[] columns = src.columns(chanOffset, chans, Scratch.ints(COLUMNS, kk));
        int[] bases = Scratch.ints(TABLE, ROWS);
        Object tmp = Scratch.of(f32, TILE, ROWS * nr);
        PaddedPatches.Rows cursor = src.rows(r0);
        for (int ir = 0; ir < m; ir += ROWS) {
            int height = Math.min(ROWS, m - ir);
            cursor.next(height, bases);
            for (int r = height; r < ROWS; r++) { // an edge tile's spare rows read the first row's patches
                bases[r] = bases[0];
            }
            int at = (r0 + ir) * ldd + dstCol;
            for (int q = 0; q * nr < cols; q++) {
                int width = Math.min(nr, cols - q * nr);
                if (height == ROWS && width == nr) {
                    paddedRows(tiles, wide, kk, columns, src.data, bases, wp, q * kk * nr, dst, at + q * nr,
                            ldd);
                } else {
                    paddedRows(tiles, wide, kk, columns, src.data, bases, wp, q * kk * nr, tmp, 0, nr);
                    for (int r = 0; r < height; r++) {
                        System.arraycopy(tmp, r * nr, dst, at + q * nr + r * ldd, width);
                    }
                }
            }
        }
    }

    private static void paddedRows(ConvTiles tiles, boolean wide, int kk, int[] columns, Object xp,
            int[] bases, Object wp, int wOff, Object c, int cOff, int ldc) {
        if (xp instanceof float[] x) {
            tiles.paddedRows(wide, kk, columns, x, bases, (float[]) wp, wOff, (float[]) c, cOff, ldc);
        } else {
            tiles.paddedRows(wide, kk, columns, (double[]) xp, bases, (double[]) wp, wOff, (double[]) c, cOff,
                    ldc);
        }
    }

    /**
     * One tile's rows (its patches {@code a} from {@code aOff}, {@code height} of them valid) times every panel of
     * the kernel, written to {@code dst} at {@code at} (row stride {@code ldd}); edge tiles through {@code tmp}.
     */
    private static void multiply(ConvTiles tiles, boolean wide, int kk, Object a, int aOff, Object wp, int nr,
            int cols, Object dst, int at, int ldd, int height, Object tmp) {
        for (int q = 0; q * nr < cols; q++) {
            int width = Math.min(nr, cols - q * nr);
            if (height == ROWS && width == nr) {
                packedRows(tiles, wide, kk, a, aOff, wp, q * kk * nr, dst, at + q * nr, ldd);
            } else {
                packedRows(tiles, wide, kk, a, aOff, wp, q * kk * nr, tmp, 0, nr);
                for (int r = 0; r < height; r++) {
                    System.arraycopy(tmp, r * nr, dst, at + q * nr + r * ldd, width);
                }
            }
        }
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

    /**
     * One block's filter gradient: {@code C[(t,c), j] = sum over the block's rows p of P_x[p, (t,c)] · ȳ[p, j]}
     * for the group's channels, stored into (or, when {@code add}, added to) {@code c} at {@code co}, row stride
     * {@code cols}.
     *
     * <p>A product over the block's many rows p of two short matrices, on the GEMM's micro-kernels ({@link
     * ConvTiles#tile}) in slices of {@code kc} rows: per slice, ȳ is packed in tiles of 6 columns ({@code kc × 6}
     * each, the micro-kernel's A, element by element), the patches one panel of tile-width columns at a time
     * ({@code kc × nr}, its B, copied run by run through the table, in L1 while every tile of A passes over it):
     * {@code C^T = ȳ^T · P_x}. (A source of few channels takes the padded copy's {@code columns} where it can.)
     * Each tile continues from the previous slice's, so each element is one chain of fused multiply-adds over the
     * block's rows in ascending order from +0, as on the GEMM path; it is stored or
     * added to {@code c} at the end.
     */
    static void columns(ConvTiles tiles, Patches patches, Object x, int srcChannels, int chanOffset, int chans,
            Object y, int ldy, int yCol, int cols, int r0, int m, Object c, int co, boolean add, boolean f32) {
        int taps = patches.taps();
        int[] tab = Scratch.ints(TABLE, m * taps);
        patches.table(r0, m, m, srcChannels, chanOffset, tab);
        int kk = taps * chans;
        SliceOperands.Strided ys = new SliceOperands.Strided(y, r0 * ldy + yCol, ldy, cols);
        SliceOperands.Tabled px = new SliceOperands.Tabled(tiles, x, tab, taps, chans, 2 * tiles.width(f32));
        Object ct = product(tiles, ys, cols, px, kk, m, f32);
        store(ct, colsPadded(tiles, kk, f32), cols, kk, true, c, co, cols, add);
    }

    /**
     * {@link #columns} for a source of few channels: the patches read from its zero-padded copy, packed slice by
     * slice (no table, no copy of the block's patches); {@code C = P_x^T · ȳ} when the patches have fewer columns
     * than ȳ, else {@code C^T = ȳ^T · P_x}.
     */
    static void columns(ConvTiles tiles, PaddedPatches src, int chanOffset, int chans, Object y, int ldy, int yCol,
            int cols, int r0, int m, Object c, int co, boolean add, boolean f32) {
        if (PaddedFilterGradient.applies(tiles, cols, f32)) {
            PaddedFilterGradient.columns(tiles, src, chanOffset, chans, y, ldy, yCol, cols, r0, m, c, co, add, f32);
            return;
        }
        int kk = src.taps() * chans;
        SliceOperands.Strided ys = new SliceOperands.Strided(y, r0 * ldy + yCol, ldy, cols);
        SliceOperands.Padded px = new SliceOperands.Padded(src, r0, chanOffset, chans, Math.min(kc(tiles), m));
        if (kk < cols) {
            Object ct = product(tiles, px, kk, ys, cols, m, f32);
            store(ct, colsPadded(tiles, cols, f32), kk, cols, false, c, co, cols, add);
        } else {
            Object ct = product(tiles, ys, cols, px, kk, m, f32);
            store(ct, colsPadded(tiles, kk, f32), cols, kk, true, c, co, cols, add);
        }
    }

    /** Rows of a slice of the filter gradient's product: the GEMM's KC for the tile in use. */
    private static int kc(ConvTiles tiles) {
        return (tiles.hasWideTile() ? GemmBlocking.TILE_6X4 : GemmBlocking.TILE_6X2).kc();
    }

    /**
     * {@code T[i, j] = sum_p A[p, i] · B[p, j]} for p in {@code [0, m)} ascending, from +0, into this thread's
     * scratch (row stride {@link #colsPadded}{@code (bCols)}); A has {@code aCols} columns, B {@code bCols}.
     */
    private static Object product(ConvTiles tiles, SliceOperands.Tiles a, int aCols, SliceOperands.Panels b,
            int bCols, int m, boolean f32) {
        int narrow = tiles.width(f32);
        int wide = tiles.hasWideTile() ? 2 * narrow : narrow;
        int widePanels = bCols / wide;
        int ld = colsPadded(tiles, bCols, f32);
        int rowTiles = (aCols + ROWS - 1) / ROWS;
        int kc = kc(tiles);
        Object ct = Scratch.of(f32, PRODUCT, rowTiles * ROWS * ld);
        Object ap = Scratch.of(f32, OPERAND, rowTiles * ROWS * Math.min(kc, m));
        Object bp = Scratch.of(f32, TILE, Math.min(kc, m) * wide);
        Object zero = f32 ? new float[wide] : new double[wide];
        for (int p0 = 0; p0 < m; p0 += kc) {
            int kcs = Math.min(kc, m - p0);
            a.tiles(p0, kcs, rowTiles, ap);
            for (int col0 = 0; col0 < ld; ) {
                int nr = col0 < widePanels * wide ? wide : narrow;
                b.panel(p0, kcs, col0, nr, bp);
                for (int i = 0; i < rowTiles; i++) {
                    int at = i * ROWS * ld + col0;
                    boolean w = nr == wide && wide != narrow;
                    if (p0 == 0) {
                        tile(tiles, w, kcs, ap, i * kcs * ROWS, bp, zero, 0, 0, ct, at, ld);
                    } else {
                        tile(tiles, w, kcs, ap, i * kcs * ROWS, bp, ct, at, ld, ct, at, ld);
                    }
                }
                col0 += nr;
            }
        }
        return ct;
    }

    /** {@code cols} rounded up to whole panels: wide ones ({@link ConvTiles#hasWideTile}), then narrow ones. */
    private static int colsPadded(ConvTiles tiles, int cols, boolean f32) {
        int narrow = tiles.width(f32);
        int wide = tiles.hasWideTile() ? 2 * narrow : narrow;
        return cols / wide * wide + (cols % wide + narrow - 1) / narrow * narrow;
    }

    /**
     * {@code c[co + i·ldc + j] (+)= t[i·ld + j]} for {@code i < rows, j < cols}, or, when {@code transposed},
     * {@code c[co + j·ldc + i] (+)= t[i·ld + j]}: the block's filter gradient, one rounding per added element.
     */
    static void store(Object t, int ld, int rows, int cols, boolean transposed, Object c, int co, int ldc,
            boolean add) {
        int si = transposed ? 1 : ldc;
        int sj = transposed ? ldc : 1;
        // transposed: in strips of STRIP rows of t, so that the strip's lines of t and each line of c it writes stay
        // in L1 (row by row, each element of a row of t went to a line of its own, 4 to 16 KB apart)
        int strip = transposed ? STRIP : 1;
        if (t instanceof float[] ts) {
            float[] d = (float[]) c;
            for (int i0 = 0; i0 < rows; i0 += strip) {
                int i1 = Math.min(rows, i0 + strip);
                for (int j = 0; j < cols; j++) {
                    for (int i = i0; i < i1; i++) {
                        int at = co + i * si + j * sj;
                        d[at] = add ? d[at] + ts[i * ld + j] : ts[i * ld + j];
                    }
                }
            }
        } else {
            double[] ts = (double[]) t;
            double[] d = (double[]) c;
            for (int i0 = 0; i0 < rows; i0 += strip) {
                int i1 = Math.min(rows, i0 + strip);
                for (int j = 0; j < cols; j++) {
                    for (int i = i0; i < i1; i++) {
                        int at = co + i * si + j * sj;
                        d[at] = add ? d[at] + ts[i * ld + j] : ts[i * ld + j];
                    }
                }
            }
        }
    }

    private static void tile(ConvTiles tiles, boolean wide, int kcs, Object ap, int aOff, Object bp, Object s,
            int sOff, int sld, Object c, int cOff, int ldc) {
        if (ap instanceof float[] a) {
            tiles.tile(wide, kcs, a, aOff, (float[]) bp, 0, (float[]) s, sOff, sld, (float[]) c, cOff, ldc);
        } else {
            tiles.tile(wide, kcs, (double[]) ap, aOff, (double[]) bp, 0, (double[]) s, sOff, sld, (double[]) c, cOff,
                    ldc);
        }
    }

    static void fillZero(Object a, int from, int len) {
        if (a instanceof float[] f) {
            java.util.Arrays.fill(f, from, from + len, 0f);
        } else {
            java.util.Arrays.fill((double[]) a, from, from + len, 0.0);
        }
    }
}
