package dev.adjoint.core.kernel;

/**
 * The filter gradient of a source of few channels read from its zero-padded copy ({@link PaddedPatches}) with
 * nothing packed: a block's product
 *
 * <pre>
 *   T[q, j] = sum over the block's rows p of xp[base(p) + delta(q)] · ȳ[p, j],   q = (t, c) over the taps and channels
 * </pre>
 *
 * on register tiles of 6 columns q by two vectors of output channels j ({@link ConvTiles#filterTile}) that read
 * the padded copy and ȳ where they lie. The rows go by in chunks whose ȳ stays in L1 while every tile passes over
 * it; a tile's accumulators are stored between chunks and read back, so each element is still one chain of fused
 * multiply-adds over the block's rows in ascending order from +0, the chain of {@link DirectConv#columns} on
 * packed slices: the same bits. Packing there cost more than the multiply-adds (a network's first layer, one
 * input channel: 9 patch columns against 32 output channels, each slice's patches and ȳ copied for two tiles).
 */
final class PaddedFilterGradient {

    /** Bytes of ȳ per chunk of rows: half of a 48 KB L1, the patches' lines beside it. */
    private static final int CHUNK_BYTES = 24 * 1024;

    private PaddedFilterGradient() {
    }

    /** Whether {@link #columns} takes ȳ's {@code cols} columns: whole tiles of two vectors. */
    static boolean applies(ConvTiles tiles, int cols, boolean f32) {
        return cols > 0 && cols % tiles.width(f32) == 0;
    }

    /**
     * A block's filter gradient (rows {@code [r0, r0 + m)}) for the channels {@code [chanOffset, chanOffset +
     * chans)} of {@code src} and the columns {@code [yCol, yCol + cols)} of ȳ (row stride {@code ldy}): {@code
     * c[co + q·cols + j]} set to {@code T[q, j]}, or, when {@code add}, {@code T[q, j]} added to it.
     */
    static void columns(ConvTiles tiles, PaddedPatches src, int chanOffset, int chans, Object y, int ldy, int yCol,
            int cols, int r0, int m, Object c, int co, boolean add, boolean f32) {
        int kk = src.taps() * chans;
        int rowTiles = (kk + DirectConv.ROWS - 1) / DirectConv.ROWS;
        int padded = rowTiles * DirectConv.ROWS;
        int[] columns = src.columns(chanOffset, chans, Scratch.ints(DirectConv.COLUMNS, padded));
        for (int q = kk; q < padded; q++) { // the last tile's spare rows repeat a column; they are not stored
            columns[q] = columns[kk - 1];
        }
        int chunk = Math.max(DirectConv.ROWS, CHUNK_BYTES / (cols * (f32 ? Float.BYTES : Double.BYTES)));
        int[] bases = Scratch.ints(DirectConv.TABLE, chunk);
        Object t = Scratch.of(f32, DirectConv.PRODUCT, padded * cols);
        DirectConv.fillZero(t, 0, padded * cols);
        int width = tiles.width(f32);
        PaddedPatches.Rows cursor = src.rows(r0);
        for (int p0 = 0; p0 < m; p0 += chunk) {
            int rows = Math.min(chunk, m - p0);
            cursor.next(rows, bases);
            int yo = (r0 + p0) * ldy + yCol;
            for (int i = 0; i < rowTiles; i++) {
                for (int j = 0; j < cols; j += width) {
                    tile(tiles, src.data, bases, rows, columns, i * DirectConv.ROWS, y, yo + j, ldy, t,
                            i * DirectConv.ROWS * cols + j, cols);
                }
            }
        }
        DirectConv.store(t, cols, kk, cols, false, c, co, cols, add);
    }

    private static void tile(ConvTiles tiles, Object xp, int[] bases, int rows, int[] columns, int q0, Object y,
            int yo, int ldy, Object t, int tOff, int ldt) {
        if (xp instanceof float[] x) {
            tiles.filterTile(x, bases, rows, columns, q0, (float[]) y, yo, ldy, (float[]) t, tOff, ldt);
        } else {
            tiles.filterTile((double[]) xp, bases, rows, columns, q0, (double[]) y, yo, ldy, (double[]) t, tOff,
                    ldt);
        }
    }
}
