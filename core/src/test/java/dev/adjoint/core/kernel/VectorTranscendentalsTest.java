package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link VectorTranscendentals}, whatever kernels are in use, bit for bit against {@code StrictMath} element by
 * element: arguments packed around every threshold its lanes decide by (fdlibm's reduction bounds, each change
 * of k, tanh's |x| = 1, the ends of the handled ranges), an argument the lanes do not handle at every lane of a
 * vector, lengths across the block and vector boundaries, offsets, and x aliasing y.
 */
class VectorTranscendentalsTest {

    private static final VectorTranscendentals LOOPS = new VectorTranscendentals();

    /** Arguments the lanes do not handle: the scalar functions compute their vectors. */
    private static final double[] OUTSIDE = {0.0, -0.0, 0x1p-29, -0x1p-40, Double.MIN_VALUE, -Double.MIN_NORMAL,
        22.0, -22.5, 700.0, -700.0, 745.5, -1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NaN};

    private interface Loop {
        void run(double[] x, int xo, double[] y, int yo, int n);
    }

    private static void checkBits(Loop loop, DoubleUnaryOperator reference, double[] x, int offset, String name) {
        int n = x.length - offset;
        double[] y = new double[n + 3];
        loop.run(x, offset, y, 3, n);
        double[] inPlace = x.clone();
        loop.run(inPlace, offset, inPlace, offset, n);
        for (int i = 0; i < n; i++) {
            double arg = x[offset + i];
            long expected = Double.doubleToRawLongBits(reference.applyAsDouble(arg));
            int at = i;
            assertEquals(expected, Double.doubleToRawLongBits(y[3 + i]), () -> name + "(" + arg + ") at " + at);
            assertEquals(expected, Double.doubleToRawLongBits(inPlace[offset + i]),
                    () -> name + "(" + arg + ") at " + at + ", in place");
        }
    }

    private static void checkBoth(double[] x, int offset) {
        checkBits(LOOPS::sigmoid, Transcendentals::sigmoid, x, offset, "sigmoid");
        checkBits(LOOPS::tanh, StrictMath::tanh, x, offset, "tanh");
    }

    /** Thresholds of |u|, the argument of exp (sigmoid: u = |x|) or expm1 (tanh: u = 2|x|). */
    private static List<Double> thresholds() {
        double ln2 = Math.log(2);
        List<Double> t = new ArrayList<>();
        t.add(Double.longBitsToDouble(0x3fd62e42L << 32)); // fdlibm's 0.5 ln2 test, both sides
        t.add(Double.longBitsToDouble(0x3fd62e43L << 32));
        t.add(Double.longBitsToDouble(0x3ff0a2b2L << 32)); // its 1.5 ln2 test
        t.add(0x1p-28);
        t.add(2.0); // tanh's |x| = 1
        for (int k = 0; k < 70; k++) {
            t.add((k + 0.5) * ln2); // k changes
        }
        t.add(20 * ln2);
        t.add(56 * ln2);
        t.add(57 * ln2);
        return t;
    }

    @Test
    void argumentsAtEveryThresholdGiveStrictMathsBits() {
        SplittableRandom random = new SplittableRandom(7);
        List<Double> arguments = new ArrayList<>();
        for (double u : thresholds()) {
            for (double scale : new double[] {1.0, 0.5}) { // sigmoid's x = u, tanh's x = u / 2
                double v = u * scale;
                for (int ulps = -24; ulps <= 24; ulps++) {
                    double w = v + ulps * Math.ulp(v);
                    arguments.add(w);
                    arguments.add(-w);
                }
                for (int j = 0; j < 40; j++) {
                    arguments.add(v * (1 + random.nextDouble(-1e-6, 1e-6)) * (random.nextBoolean() ? 1 : -1));
                }
            }
        }
        double[] x = new double[arguments.size()];
        for (int i = 0; i < x.length; i++) { // shuffled, so that each vector mixes thresholds and branches
            int j = random.nextInt(i + 1);
            x[i] = x[j];
            x[j] = arguments.get(i);
        }
        checkBoth(x, 0);
        checkBoth(x, 1);
    }

    @Test
    void anUnhandledArgumentAtAnyLaneGoesToTheScalarFunctions() {
        SplittableRandom random = new SplittableRandom(11);
        for (double special : OUTSIDE) {
            for (int lane = 0; lane < 16; lane++) { // every lane of a 512-bit vector of doubles, twice over
                double[] x = new double[300];
                for (int i = 0; i < x.length; i++) {
                    x[i] = random.nextDouble(-25, 25);
                }
                x[lane] = special;
                x[256 + lane % 8] = special; // in the second block too
                checkBoth(x, 0);
            }
        }
    }

    @Test
    void everyLengthOffsetAndMixGivesStrictMathsBits() {
        SplittableRandom random = new SplittableRandom(13);
        int[] lengths = new int[120];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = i < 40 ? i : i < 60 ? 236 + i : random.nextInt(1, 2_000); // tails, block boundaries, any
        }
        for (int n : lengths) {
            int offset = random.nextInt(3);
            double[] x = new double[n + offset];
            for (int i = 0; i < x.length; i++) {
                int kind = random.nextInt(20);
                x[i] = kind == 0 ? OUTSIDE[random.nextInt(OUTSIDE.length)]
                        : kind < 8 ? random.nextDouble(-3, 3)
                        : kind < 14 ? random.nextDouble(-40, 40)
                        : Math.scalb(random.nextDouble(1, 2), random.nextInt(-30, 10))
                                * (random.nextBoolean() ? 1 : -1);
            }
            checkBoth(x, offset);
        }
    }
}
