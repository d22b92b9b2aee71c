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
    public void copyRuns(float[] x, int[] tab, int tabOff, int taps, int[] run, int runs, int rows, float[] dst) {
        FloatConvTiles.copyRuns(x, tab, tabOff, taps, run, runs, rows, dst);
    }

    @Override
    public void copyRuns(double[] x, int[] tab, int tabOff, int taps, int[] run, int runs, int rows,
            double[] dst) {
        DoubleConvTiles.copyRuns(x, tab, tabOff, taps, run, runs, rows, dst);
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
    public void tile(boolean wide, int kc, float[] ap, int aOff, float[] bp, int bOff, float[] s, int sOff, int sld,
            float[] c, int cOff, int ldc) {
        if (wide) {
            FloatMicroKernels.tile6x4(kc, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        } else {
            FloatMicroKernels.tile6x2(kc, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        }
    }

    @Override
    public void tile(boolean wide, int kc, double[] ap, int aOff, double[] bp, int bOff, double[] s, int sOff,
            int sld, double[] c, int cOff, int ldc) {
        if (wide) {
            DoubleMicroKernels.tile6x4(kc, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        } else {
            DoubleMicroKernels.tile6x2(kc, ap, aOff, bp, bOff, s, sOff, sld, c, cOff, ldc);
        }
    }

    @Override
    public void paddedRows(boolean wide, int kk, int[] columns, float[] xp, int[] bases, float[] wp,
            int wOff, float[] c, int cOff, int ldc) {
        if (wide) {
            FloatWidePaddedTiles.paddedRows(kk, columns, xp, bases, wp, wOff, c, cOff, ldc);
        } else {
            FloatPaddedTiles.paddedRows(kk, columns, xp, bases, wp, wOff, c, cOff, ldc);
        }
    }

    @Override
    public void paddedRows(boolean wide, int kk, int[] columns, double[] xp, int[] bases, double[] wp,
            int wOff, double[] c, int cOff, int ldc) {
        if (wide) {
            DoubleWidePaddedTiles.paddedRows(kk, columns, xp, bases, wp, wOff, c, cOff, ldc);
        } else {
            DoublePaddedTiles.paddedRows(kk, columns, xp, bases, wp, wOff, c, cOff, ldc);
        }
    }

    @Override
    public void filterTile(float[] xp, int[] bases, int rows, int[] columns, int q0, float[] y, int yo, int ldy,
            float[] t, int tOff, int ldt) {
        FloatFilterTiles.accumulate(xp, bases, rows, columns, q0, y, yo, ldy, t, tOff, ldt);
    }

    @Override
    public void filterTile(double[] xp, int[] bases, int rows, int[] columns, int q0, double[] y, int yo, int ldy,
            double[] t, int tOff, int ldt) {
        DoubleFilterTiles.accumulate(xp, bases, rows, columns, q0, y, yo, ldy, t, tOff, ldt);
    }

    @Override
    public void fmaRow(float a, float[] b, int bo, float[] c, int co, int len) {
        FloatConvTiles.fmaRow(a, b, bo, c, co, len);
    }

    @Override
    public void fmaRow(double a, double[] b, int bo, double[] c, int co, int len) {
        DoubleConvTiles.fmaRow(a, b, bo, c, co, len);
    }

    @Override
    public void fmaRow(float[] a, int ao, float[] b, int bo, float[] c, int co, int len) {
        FloatConvTiles.fmaRow(a, ao, b, bo, c, co, len);
    }

    @Override
    public void fmaRow(double[] a, int ao, double[] b, int bo, double[] c, int co, int len) {
        DoubleConvTiles.fmaRow(a, ao, b, bo, c, co, len);
    }
}
