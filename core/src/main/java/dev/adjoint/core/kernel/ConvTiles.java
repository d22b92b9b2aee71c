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

    /** {@link FloatConvTiles#rows}. */
    void rows(int taps, int chans, float[] x, float[] zeros, int[] tab, int tabOff, float[] wp, int wOff, float[] c, int cOff,
            int ldc);

    /** {@link DoubleConvTiles#rows}. */
    void rows(int taps, int chans, double[] x, double[] zeros, int[] tab, int tabOff, double[] wp, int wOff, double[] c, int cOff,
            int ldc);

    /** {@link FloatConvTiles#columns}. */
    void columns(int np, int taps, float[] x, float[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, float[] y, int yOff,
            int ldy, float[] c, int cOff, int ldc, boolean add);

    /** {@link DoubleConvTiles#columns}. */
    void columns(int np, int taps, double[] x, double[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, double[] y, int yOff,
            int ldy, double[] c, int cOff, int ldc, boolean add);
}
