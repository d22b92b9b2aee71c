package dev.adjoint.core.kernel;

/**
 * The register tiles of the direct convolution, on the Vector API ({@link FloatConvTiles},
 * {@link DoubleConvTiles}); {@link Kernels} loads them reflectively and {@link ConvKernels} falls back to
 * products of packed patches on {@link GemmKernel} without them. Both give the same bits.
 */
interface ConvTiles {

    /**
     * Columns of a tile: two vectors of the element type. The tiles read {@code zeros} (at least
     * {@code max(chans, 6)} long) where the image has padding.
     */
    int width(boolean f32);

    /**
     * Columns of the tile (and of the kernel panels of a forward or input-gradient product) for a product of {@code
     * cols} columns: the wide tile's four vectors ({@link FloatWideConvTiles}) where the register file holds it and
     * {@code cols} is a multiple of them, else {@link #width}. The bits do not depend on the choice.
     */
    int panelWidth(int cols, boolean f32);

    /** Whether the wide tile is in use (32 vector registers). */
    boolean hasWideTile();

    /** {@link FloatConvTiles#pack}. */
    void pack(float[] x, int[] tab, int tabOff, int taps, int chans, float[] a);

    /** {@link DoubleConvTiles#pack}. */
    void pack(double[] x, int[] tab, int tabOff, int taps, int chans, double[] a);

    /** {@link FloatConvTiles#packedRows}, or {@link FloatWideConvTiles#packedRows} when {@code wide}. */
    void packedRows(boolean wide, int kk, float[] a, int aOff, float[] wp, int wOff, float[] c, int cOff, int ldc);

    /** {@link DoubleConvTiles#packedRows}, or {@link DoubleWideConvTiles#packedRows} when {@code wide}. */
    void packedRows(boolean wide, int kk, double[] a, int aOff, double[] wp, int wOff, double[] c, int cOff, int ldc);

    /**
     * {@link FloatPaddedTiles#paddedRows}, or {@link FloatWidePaddedTiles#paddedRows} when {@code wide}: 6 rows of
     * a forward or input gradient read from a zero-padded copy of the source, nothing packed.
     */
    void paddedRows(boolean wide, int kk, int[] columns, float[] xp, int[] bases, float[] wp, int wOff,
            float[] c, int cOff, int ldc);

    /** {@link DoublePaddedTiles#paddedRows}, or {@link DoubleWidePaddedTiles#paddedRows} when {@code wide}. */
    void paddedRows(boolean wide, int kk, int[] columns, double[] xp, int[] bases, double[] wp,
            int wOff, double[] c, int cOff, int ldc);

    /** {@link FloatConvTiles#copyRuns}: a panel of the filter gradient's patches in runs of whole vectors. */
    void copyRuns(float[] x, int[] tab, int tabOff, int taps, int[] run, int runs, int rows, float[] dst);

    /** {@link DoubleConvTiles#copyRuns}. */
    void copyRuns(double[] x, int[] tab, int tabOff, int taps, int[] run, int runs, int rows, double[] dst);

    /** Lanes of a vector of the element type: the runs {@link #copyRuns} copies are multiples of it. */
    default int lanes(boolean f32) {
        return width(f32) / 2;
    }

    /**
     * The GEMM's micro-kernel ({@link FloatMicroKernels}: the 6 × 4-vector tile when {@code wide}, else 6 × 2) on
     * packed panels: {@code C = S + A · B} over {@code kc} steps, one chain of fused multiply-adds per element.
     */
    void tile(boolean wide, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] s, int sOff, int sld,
            float[] c, int cOff, int ldc);

    /** {@link #tile} for doubles ({@link DoubleMicroKernels}). */
    void tile(boolean wide, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] s, int sOff, int sld,
            double[] c, int cOff, int ldc);

    /**
     * {@link FloatFilterTiles#accumulate}: 6 rows of a few-channel filter gradient's product continued over
     * {@code rows} rows p of its unpacked operands (a padded source's patches, ȳ), 2 vectors of columns.
     */
    void filterTile(float[] xp, int[] bases, int rows, int[] columns, int q0, float[] y, int yo, int ldy, float[] t,
            int tOff, int ldt);

    /** {@link DoubleFilterTiles#accumulate}. */
    void filterTile(double[] xp, int[] bases, int rows, int[] columns, int q0, double[] y, int yo, int ldy,
            double[] t, int tOff, int ldt);

    /** {@link FloatConvTiles#fmaRow(float, float[], int, float[], int, int)}: a row times a scalar, added. */
    void fmaRow(float a, float[] b, int bo, float[] c, int co, int len);

    /** {@link DoubleConvTiles#fmaRow(double, double[], int, double[], int, int)}. */
    void fmaRow(double a, double[] b, int bo, double[] c, int co, int len);

    /** {@link FloatConvTiles#fmaRow(float[], int, float[], int, float[], int, int)}: two rows' products, added. */
    void fmaRow(float[] a, int ao, float[] b, int bo, float[] c, int co, int len);

    /** {@link DoubleConvTiles#fmaRow(double[], int, double[], int, double[], int, int)}. */
    void fmaRow(double[] a, int ao, double[] b, int bo, double[] c, int co, int len);
}
