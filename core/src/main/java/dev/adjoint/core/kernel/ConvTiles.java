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

    /** {@link FloatWideConvTiles#columns}, for panels of {@link #panelWidth} when it is wider than {@link #width}. */
    void columnsWide(int np, int taps, float[] x, float[] zeros, int[] tab, int tabOff, int[] tap, int[] chan,
            float[] y, int yOff, int ldy, float[] c, int cOff, int ldc, boolean add);

    /** {@link DoubleWideConvTiles#columns}. */
    void columnsWide(int np, int taps, double[] x, double[] zeros, int[] tab, int tabOff, int[] tap, int[] chan,
            double[] y, int yOff, int ldy, double[] c, int cOff, int ldc, boolean add);

    /** {@link FloatConvTiles#columns}. */
    void columns(int np, int taps, float[] x, float[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, float[] y, int yOff,
            int ldy, float[] c, int cOff, int ldc, boolean add);

    /** {@link DoubleConvTiles#columns}. */
    void columns(int np, int taps, double[] x, double[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, double[] y, int yOff,
            int ldy, double[] c, int cOff, int ldc, boolean add);
}
