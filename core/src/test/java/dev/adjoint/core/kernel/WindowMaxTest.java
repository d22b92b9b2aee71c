package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Max pooling's search step on the Vector API and in plain Java end with the same maxima and the same offsets,
 * float32 and float64, on values with many ties, NaNs and signed zeros, for channel counts that are and are not
 * multiples of the vector length.
 */
class WindowMaxTest {

    private static final double[] VALUES = {0.0, -0.0, 1.0, -1.0, 2.0, Double.NaN};

    @Test
    void vectorAndScalarStepsFindTheSameFirstMaximum() {
        WindowMax vector = Kernels.windowMax();
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 60; trial++) {
            int c = 1 + random.nextInt(trial < 10 ? 70 : 20);
            int cells = 1 + random.nextInt(9);
            double[] xd = new double[cells * c];
            float[] xf = new float[cells * c];
            for (int i = 0; i < xd.length; i++) {
                xd[i] = VALUES[random.nextInt(trial % 3 == 0 ? VALUES.length : VALUES.length - 1)];
                xf[i] = (float) xd[i];
            }
            double[][] d = {xd.clone(), xd.clone()};
            double[][] da = {new double[c], new double[c]};
            float[][] f = {xf.clone(), xf.clone()};
            float[][] fa = {new float[c], new float[c]};
            WindowMax[] steps = {vector, WindowMax.SCALAR};
            for (int s = 0; s < 2; s++) {
                double[] bestD = java.util.Arrays.copyOf(xd, c);
                float[] bestF = java.util.Arrays.copyOf(xf, c);
                for (int ch = 0; ch < c; ch++) {
                    da[s][ch] = ch;
                    fa[s][ch] = ch;
                }
                for (int q = 1; q < cells; q++) {
                    steps[s].challenge(xd, q * c, bestD, da[s], q * c, c);
                    steps[s].challenge(xf, q * c, bestF, fa[s], q * c, c);
                }
                d[s] = bestD;
                f[s] = bestF;
            }
            assertArrayEquals(da[1], da[0], "float64 offsets, c = " + c);
            assertArrayEquals(fa[1], fa[0], "float32 offsets, c = " + c);
            for (int ch = 0; ch < c; ch++) {
                assertEquals(Double.doubleToRawLongBits(d[1][ch]), Double.doubleToRawLongBits(d[0][ch]), "float64 max");
                assertEquals(Float.floatToRawIntBits(f[1][ch]), Float.floatToRawIntBits(f[0][ch]), "float32 max");
                // the offset holds the maximum: the first NaN, else the first of the largest values
                int at = (int) da[1][ch];
                double expected = Double.NEGATIVE_INFINITY;
                int first = -1;
                for (int q = 0; q < cells; q++) {
                    double v = xd[q * c + ch];
                    if (first < 0 || v > expected || (Double.isNaN(v) && !Double.isNaN(expected))) {
                        expected = v;
                        first = q * c + ch;
                    }
                }
                assertEquals(first, at, "offset of the first maximum, channel " + ch);
            }
        }
    }
}
