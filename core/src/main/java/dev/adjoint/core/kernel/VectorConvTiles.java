package dev.adjoint.core.kernel;

/** {@link ConvTiles} on the Vector API; loaded reflectively by {@link Kernels}. */
final class VectorConvTiles implements ConvTiles {

    @Override
    public int width(boolean f32) {
        return 2 * (f32 ? FloatConvTiles.L : DoubleConvTiles.L);
    }

    @Override
    public void rows(int taps, int chans, float[] x, float[] zeros, int[] tab, int tabOff, float[] wp, int wOff, float[] c, int cOff,
            int ldc) {
        FloatConvTiles.rows(taps, chans, x, zeros, tab, tabOff, wp, wOff, c, cOff, ldc);
    }

    @Override
    public void rows(int taps, int chans, double[] x, double[] zeros, int[] tab, int tabOff, double[] wp, int wOff, double[] c,
            int cOff, int ldc) {
        DoubleConvTiles.rows(taps, chans, x, zeros, tab, tabOff, wp, wOff, c, cOff, ldc);
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
