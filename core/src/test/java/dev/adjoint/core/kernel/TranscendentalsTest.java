package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The range loops of the sigmoid and tanh ({@link VectorTranscendentals}, and {@link Transcendentals}'
 * float32 widening) bit for bit against {@code StrictMath} element by element: random arguments on every scale
 * of every branch of fdlibm's {@code exp} and {@code expm1} (by the high word of the bits), the branch
 * boundaries and their neighbours, and the arguments the loops hand back to the scalar functions (zeros,
 * tiny, huge, subnormal, infinite, NaN), mixed into one vector, at offsets into the arrays and with tails.
 */
class TranscendentalsTest {

    private static final double[] EDGES = {0.0, -0.0, 0x1p-28, 0x1p-29, 0x1p-27, 0x1p-54, 0x1p-55, 0x1p-56,
        0.5 * Math.log(2), 1.5 * Math.log(2), 0.34657359027997264, 1.0397207708399179, 1.0, 0.25, 0.5, 2.0,
        Math.nextDown(1.0), Math.nextUp(1.0), 22.0, Math.nextDown(22.0), 19.0, 20.0, 38.8, 56 * Math.log(2),
        700.0, Math.nextDown(700.0), 707.0, 708.4, 709.78, 745.2, 800.0, Double.MIN_VALUE, Double.MIN_NORMAL,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN, 13.862943611198906, 13.86294361119890, 14.0};

    private static double[] arguments(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            double v;
            if (kind == 0) {
                double e = EDGES[random.nextInt(EDGES.length)];
                int ulps = random.nextInt(5) - 2;
                v = e;
                for (int u = 0; u < Math.abs(ulps); u++) {
                    v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
                }
            } else if (kind < 4) {
                v = random.nextDouble(-3, 3);
            } else if (kind < 7) {
                v = random.nextDouble(-30, 30);
            } else {
                v = Math.scalb(random.nextDouble(1, 2), random.nextInt(-40, 10)); // every scale, 2^-40 .. 2^10
            }
            x[i] = random.nextBoolean() ? v : -v;
        }
        return x;
    }

    private static void check(java.util.function.DoubleUnaryOperator f, java.util.function.DoubleUnaryOperator ref,
            String name) {
        for (int trial = 0; trial < 40; trial++) {
            int n = trial < 20 ? trial : 3_000 + trial;
            int offset = trial % 3;
            double[] x = arguments(n + offset, trial);
            double[] y = new double[n + 2];
            Transcendentals.apply(f, x, offset, y, 1, n);
            float[] xf = new float[n + offset];
            for (int i = 0; i < xf.length; i++) {
                xf[i] = (float) x[i];
            }
            float[] yf = new float[n + 2];
            Transcendentals.apply(f, xf, offset, yf, 2, n);
            double[] inPlace = x.clone();
            Transcendentals.apply(f, inPlace, offset, inPlace, offset, n);
            for (int i = 0; i < n; i++) {
                double arg = x[offset + i];
                assertEquals(Double.doubleToRawLongBits(ref.applyAsDouble(arg)), Double.doubleToRawLongBits(y[1 + i]),
                        () -> name + "(" + arg + ") float64");
                assertEquals(Double.doubleToRawLongBits(y[1 + i]), Double.doubleToRawLongBits(inPlace[offset + i]),
                        () -> name + "(" + arg + ") float64, in place");
                float argf = xf[offset + i];
                assertEquals(Float.floatToRawIntBits((float) ref.applyAsDouble(argf)),
                        Float.floatToRawIntBits(yf[2 + i]), () -> name + "(" + argf + ") float32");
            }
        }
    }

    @Test
    void sigmoidLoopsGiveStrictMathsBitsOnEveryBranch() {
        check(Transcendentals.SIGMOID, x -> x >= 0 ? 1.0 / (1.0 + StrictMath.exp(-x))
                : StrictMath.exp(x) / (1.0 + StrictMath.exp(x)), "sigmoid");
    }

    @Test
    void tanhLoopsGiveStrictMathsBitsOnEveryBranch() {
        check(Transcendentals.TANH, StrictMath::tanh, "tanh");
    }

    @Test
    void theVectorLoopsGiveStrictMathsBitsWhateverKernelsAreInUse() {
        // the two tests above run the loops the kernels use; these are the vector ones whatever is in use
        double[] x = arguments(4096, 99);
        double[] y = new double[x.length];
        new VectorTranscendentals().tanh(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(StrictMath.tanh(x[i])), Double.doubleToRawLongBits(y[i]));
        }
        new VectorTranscendentals().sigmoid(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            assertEquals(Double.doubleToRawLongBits(Transcendentals.sigmoid(x[i])), Double.doubleToRawLongBits(y[i]));
        }
    }
}
