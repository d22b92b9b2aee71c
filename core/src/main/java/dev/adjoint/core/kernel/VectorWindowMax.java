package dev.adjoint.core.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WindowMax} on the Vector API, one vector of channels at a time; loaded reflectively by {@link Kernels}.
 * The rows of 2 × 2 windows keep each vector's best value and its replacement masks in registers; other windows
 * keep them in a small buffer (vectors carried through loops of variable length get boxed by C2), and channels
 * past the last whole vector take the plain-Java window.
 */
final class VectorWindowMax implements WindowMax {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final FloatVector F_IOTA = FloatVector.fromArray(FS, iotaF(FS.length()), 0);
    private static final DoubleVector D_IOTA = DoubleVector.fromArray(DS, iotaD(DS.length()), 0);
    private static final FloatVector F_ZERO = FloatVector.zero(FS);
    private static final DoubleVector D_ZERO = DoubleVector.zero(DS);

    @Override
    public void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c) {
        int ch = 0;
        for (int end = FS.loopBound(c); ch < end; ch += FS.length()) {
            FloatVector v = FloatVector.fromArray(FS, x, xo + ch);
            FloatVector b = FloatVector.fromArray(FS, best, ch);
            VectorMask<Float> take = replaces(v, b);
            b.blend(v, take).intoArray(best, ch);
            FloatVector.fromArray(FS, arg, ch).blend(F_IOTA.add((float) (cell + ch)), take).intoArray(arg, ch);
        }
        WindowMax.scalar(x, xo, best, arg, cell, ch, c);
    }

    @Override
    public void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c) {
        int ch = 0;
        for (int end = DS.loopBound(c); ch < end; ch += DS.length()) {
            DoubleVector v = DoubleVector.fromArray(DS, x, xo + ch);
            DoubleVector b = DoubleVector.fromArray(DS, best, ch);
            VectorMask<Double> take = replaces(v, b);
            b.blend(v, take).intoArray(best, ch);
            DoubleVector.fromArray(DS, arg, ch).blend(D_IOTA.add(cell + ch), take).intoArray(arg, ch);
        }
        WindowMax.scalar(x, xo, best, arg, cell, ch, c);
    }

    @Override
    public void maxRow(float[] x, int xo, int row, int k0, int k1, int windows, int c, float[] y, int yo) {
        if (k0 == 2 && k1 == 2) {
            maxRow2x2(x, xo, row, windows, c, y, yo);
            return;
        }
        int end = FS.loopBound(c);
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            int at = yo + q * c;
            System.arraycopy(x, w, y, at, end);
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = t0 == 0 ? 1 : 0; t1 < k1; t1++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += FS.length()) {
                        FloatVector v = FloatVector.fromArray(FS, x, cell + ch);
                        FloatVector b = FloatVector.fromArray(FS, y, at + ch);
                        b.blend(v, replaces(v, b)).intoArray(y, at + ch);
                    }
                }
            }
            WindowMax.pickCells(x, x, w, row, k0, k1, c, end, y, at);
        }
    }

    /** {@link #maxRow(float[], int, int, int, int, int, int, float[], int) maxRow} of 2 × 2 windows. */
    private static void maxRow2x2(float[] x, int xo, int row, int windows, int c, float[] y, int yo) {
        int end = FS.loopBound(c);
        for (int q = 0; q < windows; q++) {
            int w = xo + 2 * q * c;
            int ch = 0;
            for (; ch < end; ch += FS.length()) {
                int cell = w + ch;
                FloatVector best = FloatVector.fromArray(FS, x, cell);
                FloatVector v = FloatVector.fromArray(FS, x, cell + c);
                best = best.blend(v, replaces(v, best));
                v = FloatVector.fromArray(FS, x, cell + row);
                best = best.blend(v, replaces(v, best));
                v = FloatVector.fromArray(FS, x, cell + row + c);
                best = best.blend(v, replaces(v, best));
                best.intoArray(y, yo + q * c + ch);
            }
            WindowMax.pickCells(x, x, w, row, 2, 2, c, ch, y, yo + q * c);
        }
    }

    @Override
    public void pickRow(float[] x, float[] u, int xo, int row, int k0, int k1, int windows, int c, float[] y,
            int yo) {
        int end = FS.loopBound(c);
        float[] best = Scratch.floats(0, end);
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            int at = yo + q * c;
            System.arraycopy(x, w, best, 0, end);
            System.arraycopy(u, w, y, at, end);
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = t0 == 0 ? 1 : 0; t1 < k1; t1++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += FS.length()) {
                        FloatVector v = FloatVector.fromArray(FS, x, cell + ch);
                        FloatVector b = FloatVector.fromArray(FS, best, ch);
                        VectorMask<Float> take = replaces(v, b);
                        b.blend(v, take).intoArray(best, ch);
                        FloatVector.fromArray(FS, y, at + ch).blend(FloatVector.fromArray(FS, u, cell + ch), take)
                                .intoArray(y, at + ch);
                    }
                }
            }
            WindowMax.pickCells(x, u, w, row, k0, k1, c, end, y, at);
        }
    }

    @Override
    public void scatterRow(float[] x, float[] g, int xo, int row, int k0, int k1, int windows, int c, float[] z,
            int go, boolean rectified) {
        if (k0 == 2 && k1 == 2) {
            scatterRow2x2(x, g, xo, row, windows, c, z, go, rectified);
            return;
        }
        int end = FS.loopBound(c);
        float[] best = Scratch.floats(0, end);
        float[] tap = Scratch.floats(1, end);
        FloatVector zero = F_ZERO;
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            System.arraycopy(x, w, best, 0, end);
            Arrays.fill(tap, 0, end, 0f);
            for (int t0 = 0, t = 0; t0 < k0; t0++) {
                for (int t1 = 0; t1 < k1; t1++, t++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += FS.length()) {
                        FloatVector v = FloatVector.fromArray(FS, x, cell + ch);
                        FloatVector b = FloatVector.fromArray(FS, best, ch);
                        VectorMask<Float> take = replaces(v, b);
                        b.blend(v, take).intoArray(best, ch);
                        FloatVector.fromArray(FS, tap, ch).blend(t, take).intoArray(tap, ch);
                    }
                }
            }
            for (int t0 = 0, t = 0; t0 < k0; t0++) {
                for (int t1 = 0; t1 < k1; t1++, t++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += FS.length()) {
                        FloatVector gv = FloatVector.fromArray(FS, g, go + q * c + ch).add(zero);
                        if (rectified) {
                            gv = rectify(gv, FloatVector.fromArray(FS, best, ch));
                        }
                        VectorMask<Float> won = FloatVector.fromArray(FS, tap, ch).compare(VectorOperators.EQ, t);
                        zero.blend(gv, won).intoArray(z, cell + ch);
                    }
                }
            }
            WindowMax.scatterCells(x, g, w, row, k0, k1, c, end, z, go + q * c, rectified);
        }
    }

    /**
     * {@link #scatterRow(float[], float[], int, int, int, int, int, int, float[], int) scatterRow} of 2 × 2
     * windows: the four taps' masks of being the first maximum, from the three replacements, select g or zero.
     */
    private static void scatterRow2x2(float[] x, float[] g, int xo, int row, int windows, int c, float[] z,
            int go, boolean rectified) {
        int end = FS.loopBound(c);
        FloatVector zero = F_ZERO;
        for (int q = 0; q < windows; q++) {
            int w = xo + 2 * q * c;
            int ch = 0;
            for (; ch < end; ch += FS.length()) {
                int cell = w + ch;
                FloatVector best = FloatVector.fromArray(FS, x, cell);
                FloatVector v = FloatVector.fromArray(FS, x, cell + c);
                VectorMask<Float> take1 = replaces(v, best);
                best = best.blend(v, take1);
                v = FloatVector.fromArray(FS, x, cell + row);
                VectorMask<Float> take2 = replaces(v, best);
                best = best.blend(v, take2);
                v = FloatVector.fromArray(FS, x, cell + row + c);
                VectorMask<Float> take3 = replaces(v, best);
                FloatVector gv = FloatVector.fromArray(FS, g, go + q * c + ch).add(zero);
                if (rectified) {
                    gv = rectify(gv, best.blend(v, take3));
                }
                // the last tap that replaced the best wins, else tap 0: gv goes down the taps until one takes it
                zero.blend(gv, take3).intoArray(z, cell + row + c);
                gv = gv.blend(zero, take3);
                zero.blend(gv, take2).intoArray(z, cell + row);
                gv = gv.blend(zero, take2);
                zero.blend(gv, take1).intoArray(z, cell + c);
                gv.blend(zero, take1).intoArray(z, cell);
            }
            WindowMax.scatterCells(x, g, w, row, 2, 2, c, ch, z, go + q * c, rectified);
        }
    }

    /** {@code v · [max > 0]}, the factor 1 or 0 per lane (a ReLU's gradient mask at the window's maximum). */
    private static FloatVector rectify(FloatVector v, FloatVector max) {
        return v.mul(F_ZERO.blend(1f, max.compare(VectorOperators.GT, 0f)));
    }

    /** {@link #rectify(FloatVector, FloatVector)} on doubles. */
    private static DoubleVector rectify(DoubleVector v, DoubleVector max) {
        return v.mul(D_ZERO.blend(1.0, max.compare(VectorOperators.GT, 0.0)));
    }

    /**
     * Where v replaces the best b: {@code v > b}, or v is NaN and b is not; computed as
     * {@code !(v <= b) & b == b} (a NaN fails every comparison, so {@code !(v <= b)} is {@code v > b} or either is
     * NaN, and {@code b == b} drops a NaN b): two comparisons where the rule as written takes three and two mask
     * operations, 1.5x faster on AVX2 (the 2 x 2 forward in cache).
     */
    private static VectorMask<Float> replaces(FloatVector v, FloatVector b) {
        return v.compare(VectorOperators.LE, b).not().and(b.compare(VectorOperators.EQ, b));
    }

    @Override
    public void maxRow(double[] x, int xo, int row, int k0, int k1, int windows, int c, double[] y, int yo) {
        if (k0 == 2 && k1 == 2) {
            maxRow2x2(x, xo, row, windows, c, y, yo);
            return;
        }
        int end = DS.loopBound(c);
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            int at = yo + q * c;
            System.arraycopy(x, w, y, at, end);
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = t0 == 0 ? 1 : 0; t1 < k1; t1++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += DS.length()) {
                        DoubleVector v = DoubleVector.fromArray(DS, x, cell + ch);
                        DoubleVector b = DoubleVector.fromArray(DS, y, at + ch);
                        b.blend(v, replaces(v, b)).intoArray(y, at + ch);
                    }
                }
            }
            WindowMax.pickCells(x, x, w, row, k0, k1, c, end, y, at);
        }
    }

    /** {@link #maxRow(double[], int, int, int, int, int, int, double[], int) maxRow} of 2 × 2 windows. */
    private static void maxRow2x2(double[] x, int xo, int row, int windows, int c, double[] y, int yo) {
        int end = DS.loopBound(c);
        for (int q = 0; q < windows; q++) {
            int w = xo + 2 * q * c;
            int ch = 0;
            for (; ch < end; ch += DS.length()) {
                int cell = w + ch;
                DoubleVector best = DoubleVector.fromArray(DS, x, cell);
                DoubleVector v = DoubleVector.fromArray(DS, x, cell + c);
                best = best.blend(v, replaces(v, best));
                v = DoubleVector.fromArray(DS, x, cell + row);
                best = best.blend(v, replaces(v, best));
                v = DoubleVector.fromArray(DS, x, cell + row + c);
                best = best.blend(v, replaces(v, best));
                best.intoArray(y, yo + q * c + ch);
            }
            WindowMax.pickCells(x, x, w, row, 2, 2, c, ch, y, yo + q * c);
        }
    }

    @Override
    public void pickRow(double[] x, double[] u, int xo, int row, int k0, int k1, int windows, int c, double[] y,
            int yo) {
        int end = DS.loopBound(c);
        double[] best = Scratch.doubles(0, end);
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            int at = yo + q * c;
            System.arraycopy(x, w, best, 0, end);
            System.arraycopy(u, w, y, at, end);
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = t0 == 0 ? 1 : 0; t1 < k1; t1++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += DS.length()) {
                        DoubleVector v = DoubleVector.fromArray(DS, x, cell + ch);
                        DoubleVector b = DoubleVector.fromArray(DS, best, ch);
                        VectorMask<Double> take = replaces(v, b);
                        b.blend(v, take).intoArray(best, ch);
                        DoubleVector.fromArray(DS, y, at + ch).blend(DoubleVector.fromArray(DS, u, cell + ch), take)
                                .intoArray(y, at + ch);
                    }
                }
            }
            WindowMax.pickCells(x, u, w, row, k0, k1, c, end, y, at);
        }
    }

    @Override
    public void scatterRow(double[] x, double[] g, int xo, int row, int k0, int k1, int windows, int c, double[] z,
            int go, boolean rectified) {
        if (k0 == 2 && k1 == 2) {
            scatterRow2x2(x, g, xo, row, windows, c, z, go, rectified);
            return;
        }
        int end = DS.loopBound(c);
        double[] best = Scratch.doubles(0, end);
        double[] tap = Scratch.doubles(1, end);
        DoubleVector zero = D_ZERO;
        for (int q = 0; q < windows; q++) {
            int w = xo + q * k1 * c;
            System.arraycopy(x, w, best, 0, end);
            Arrays.fill(tap, 0, end, 0.0);
            for (int t0 = 0, t = 0; t0 < k0; t0++) {
                for (int t1 = 0; t1 < k1; t1++, t++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += DS.length()) {
                        DoubleVector v = DoubleVector.fromArray(DS, x, cell + ch);
                        DoubleVector b = DoubleVector.fromArray(DS, best, ch);
                        VectorMask<Double> take = replaces(v, b);
                        b.blend(v, take).intoArray(best, ch);
                        DoubleVector.fromArray(DS, tap, ch).blend(t, take).intoArray(tap, ch);
                    }
                }
            }
            for (int t0 = 0, t = 0; t0 < k0; t0++) {
                for (int t1 = 0; t1 < k1; t1++, t++) {
                    int cell = w + t0 * row + t1 * c;
                    for (int ch = 0; ch < end; ch += DS.length()) {
                        DoubleVector gv = DoubleVector.fromArray(DS, g, go + q * c + ch).add(zero);
                        if (rectified) {
                            gv = rectify(gv, DoubleVector.fromArray(DS, best, ch));
                        }
                        VectorMask<Double> won = DoubleVector.fromArray(DS, tap, ch).compare(VectorOperators.EQ, t);
                        zero.blend(gv, won).intoArray(z, cell + ch);
                    }
                }
            }
            WindowMax.scatterCells(x, g, w, row, k0, k1, c, end, z, go + q * c, rectified);
        }
    }

    /**
     * {@link #scatterRow(double[], double[], int, int, int, int, int, int, double[], int) scatterRow} of 2 × 2
     * windows: the four taps' masks of being the first maximum, from the three replacements, select g or zero.
     */
    private static void scatterRow2x2(double[] x, double[] g, int xo, int row, int windows, int c, double[] z,
            int go, boolean rectified) {
        int end = DS.loopBound(c);
        DoubleVector zero = D_ZERO;
        for (int q = 0; q < windows; q++) {
            int w = xo + 2 * q * c;
            int ch = 0;
            for (; ch < end; ch += DS.length()) {
                int cell = w + ch;
                DoubleVector best = DoubleVector.fromArray(DS, x, cell);
                DoubleVector v = DoubleVector.fromArray(DS, x, cell + c);
                VectorMask<Double> take1 = replaces(v, best);
                best = best.blend(v, take1);
                v = DoubleVector.fromArray(DS, x, cell + row);
                VectorMask<Double> take2 = replaces(v, best);
                best = best.blend(v, take2);
                v = DoubleVector.fromArray(DS, x, cell + row + c);
                VectorMask<Double> take3 = replaces(v, best);
                DoubleVector gv = DoubleVector.fromArray(DS, g, go + q * c + ch).add(zero);
                if (rectified) {
                    gv = rectify(gv, best.blend(v, take3));
                }
                // the last tap that replaced the best wins, else tap 0: gv goes down the taps until one takes it
                zero.blend(gv, take3).intoArray(z, cell + row + c);
                gv = gv.blend(zero, take3);
                zero.blend(gv, take2).intoArray(z, cell + row);
                gv = gv.blend(zero, take2);
                zero.blend(gv, take1).intoArray(z, cell + c);
                gv.blend(zero, take1).intoArray(z, cell);
            }
            WindowMax.scatterCells(x, g, w, row, 2, 2, c, ch, z, go + q * c, rectified);
        }
    }

    /** {@link #replaces(FloatVector, FloatVector)} on doubles. */
    private static VectorMask<Double> replaces(DoubleVector v, DoubleVector b) {
        return v.compare(VectorOperators.LE, b).not().and(b.compare(VectorOperators.EQ, b));
    }

    private static float[] iotaF(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    private static double[] iotaD(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
