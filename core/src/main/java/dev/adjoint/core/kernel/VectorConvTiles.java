package dev.adjoint.core.kernel;

/**
 * {@link ConvTiles} on the Vector API; loaded reflectively by {@link Kernels}. The wide 6 × 4 tile is used where
 * the JIT has 32 vector registers ({@link GemmBlocking#registerFile}), the 6 × 2 tile elsewhere.
 */
final class VectorConvTiles implements ConvTiles {

    private final boolean wide;

    /** The tiles for this CPU's register file. */
    VectorConvTiles() {
        this(GemmBlocking.registerFile(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(),
                System.getProperty("os.arch", "")) >= 32);
    }

    /** The tiles with ({@code wide}) or without the wide tile, whatever the CPU (tests compare the two). */
    VectorConvTiles(boolean wide) {
        this.wide = wide;
    }

    @Override
    public int width(boolean f32) {
        return 2 * (f32 ? FloatConvTiles.L : DoubleConvTiles.L);
    }

    /** What the kernels line says of the convolution. */
    @Override
    public String toString() {
        return wide ? "convolution on 6x4-vector direct tiles" : "convolution on 6x2-vector direct tiles";
    }

    @Override
    public void pack(float[] x, int[] tab, int tabOff, int taps, int chans, float[] a) {
        FloatConvTiles.pack(x, tab, tabOff, taps, chans, a);
    }

    @Override
    public void pack(double[] x, int[] tab, int tabOff, int taps, int chans, double[] a) {
        DoubleConvTiles.pack(x, tab, tabOff, taps, chans, a);
    }

    @Override
    public void packedRows(boolean wide, int kk, float[] a, int aOff, float[] wp, int wOff, float[] c, int cOff,
            int ldc) {
        if (wide) {
            FloatWideConvTiles.packedRows(kk, a, aOff, wp, wOff, c, cOff, ldc);
        } else {
            FloatConvTiles.packedRows(kk, a, aOff, wp, wOff, c, cOff, ldc);
        }
    }

    @Override
    public void packedRows(boolean wide, int kk, double[] a, int aOff, double[] wp, int wOff, double[] c, int cOff,
            int ldc) {
        if (wide) {
            DoubleWideConvTiles.packedRows(kk, a, aOff, wp, wOff, c, cOff, ldc);
        } else {
            DoubleConvTiles.packedRows(kk, a, aOff, wp, wOff, c, cOff, ldc);
        }
    }

    @Override
    public boolean hasWideTile() {
        return wide;
    }

    @Override
    public int panelWidth(int cols, boolean f32) {
        int w = 4 * (f32 ? FloatWideConvTiles.L : DoubleWideConvTiles.L);
        return wide && cols % w == 0 ? w : width(f32);
    }

    @Override
    public void columnsWide(int np, int taps, float[] x, float[] zeros, int[] tab, int tabOff, int[] tap, int[] chan,
            float[] y, int yOff, int ldy, float[] c, int cOff, int ldc, boolean add) {
        FloatWideConvTiles.columns(np, taps, x, zeros, tab, tabOff, tap, chan, y, yOff, ldy, c, cOff, ldc, add);
    }

    @Override
    public void columnsWide(int np, int taps, double[] x, double[] zeros, int[] tab, int tabOff, int[] tap, int[] chan,
            double[] y, int yOff, int ldy, double[] c, int cOff, int ldc, boolean add) {
        DoubleWideConvTiles.columns(np, taps, x, zeros, tab, tabOff, tap, chan, y, yOff, ldy, c, cOff, ldc, add);
    }

    @Override
    public void columns(int np, int taps, float[] x, float[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, float[] y, int yOff,
            int ldy, float[] c, int cOff, int ldc, boolean add) {
        FloatConvTiles.columns(np, taps, x, zeros, tab, tabOff, tap, chan, y, yOff, ldy, c, cOff, ldc, add);
    }

    @Override
    public void columns(int np, int taps, double[] x, double[] zeros, int[] tab, int tabOff, int[] tap, int[] chan, double[] y,
            int yOff, int ldy, double[] c, int cOff, int ldc, boolean add) {
        DoubleConvTiles.columns(np, taps, x, zeros, tab, tabOff, tap, chan, y, yOff, ldy, c, cOff, ldc, add);
    }
}
