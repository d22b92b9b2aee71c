package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float32 sigmoid and tanh: the vector loops ({@link VectorFloatTranscendentals}, and the loops the
 * kernels use through {@link Transcendentals}) give the scalar reference's ({@link FloatTranscendentals}) bits
 * on random and edge arguments, at offsets, with tails, in place and out of place; and the reference is within
 * 1 ulp of the correctly rounded value (StrictMath's float64 result rounded to float) on a dense sample of all
 * floats of magnitude below 128 (beyond it both functions are constant), with the special values exact.
 */
class FloatTranscendentalsTest {

    /** Branch boundaries, clamps, where the results turn subnormal or round to 0 or 1, and special values. */
    private static final float[] EDGES = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL, 0x1p-12f, 0x1p-25f,
        FloatTranscendentals.TANH_SMALL, 0.5493061f, 0.34657359f, 1.0397208f, 1f, 0.5f, 9.01f, 10f, 17.33f, 20f,
        87.33655f, 88.72284f, 103.97208f, 104f, 110f, 127.99999f, 1e30f, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
        Float.NaN, Float.intBitsToFloat(0x7fc12345), Float.intBitsToFloat(0x7f812345)};

    private static float[] arguments(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(10);
            float v;
            if (kind < 2) {
                v = EDGES[random.nextInt(EDGES.length)];
                int ulps = random.nextInt(5) - 2;
                for (int u = 0; u < Math.abs(ulps) && !Float.isNaN(v); u++) {
                    v = ulps > 0 ? Math.nextUp(v) : Math.nextDown(v);
                }
            } else if (kind < 4) {
                v = (float) random.nextDouble(-3, 3);
            } else if (kind < 6) {
                v = (float) random.nextDouble(-110, 110);
            } else if (kind < 8) {
                v = Math.scalb((float) random.nextDouble(1, 2), random.nextInt(-149, 8)); // every scale
            } else {
                v = Float.intBitsToFloat(random.nextInt()); // any bits: subnormal, huge, NaN payloads
            }
            x[i] = random.nextBoolean() ? v : -v;
        }
        return x;
    }

    private interface Loop {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    private interface Scalar {
        float apply(float x);
    }

    private static void sameBitsAsTheReference(Loop loop, Scalar reference, String name) {
        for (int trial = 0; trial < 60; trial++) {
            int n = trial < 40 ? trial : 3_000 + trial; // every tail length, and several blocks
            int offset = trial % 3;
            float[] x = arguments(n + offset, trial);
            float[] y = new float[n + 2];
            loop.apply(x, offset, y, 1, n);
            float[] inPlace = x.clone();
            loop.apply(inPlace, offset, inPlace, offset, n);
            for (int i = 0; i < n; i++) {
                float arg = x[offset + i];
                int expected = Float.floatToRawIntBits(reference.apply(arg));
                assertEquals(expected, Float.floatToRawIntBits(y[1 + i]), () -> name + "(" + arg + ")");
                assertEquals(expected, Float.floatToRawIntBits(inPlace[offset + i]), () -> name + "(" + arg
                        + ") in place");
            }
        }
    }

    @Test
    void vectorLoopsGiveTheScalarReferencesBitsAtEveryOffsetTailAndInPlace() {
        VectorFloatTranscendentals vector = new VectorFloatTranscendentals();
        sameBitsAsTheReference(vector::sigmoid, FloatTranscendentals::sigmoid, "vector sigmoid");
        sameBitsAsTheReference(vector::tanh, FloatTranscendentals::tanh, "vector tanh");
    }

    @Test
    void theKernelsFloat32LoopsGiveTheScalarReferencesBits() {
        sameBitsAsTheReference((x, xo, y, yo, n) -> Transcendentals.apply(Transcendentals.SIGMOID, x, xo, y, yo, n),
                FloatTranscendentals::sigmoid, "sigmoid");
        sameBitsAsTheReference((x, xo, y, yo, n) -> Transcendentals.apply(Transcendentals.TANH, x, xo, y, yo, n),
                FloatTranscendentals::tanh, "tanh");
    }

    /** The distance in floats between a and b (adjacent floats are 1 apart, +0 and -0 are 0 apart). */
    private static long floatsBetween(float a, float b) {
        return Math.abs(ordinal(a) - ordinal(b));
    }

    private static long ordinal(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits < 0 ? -(long) (bits & 0x7fffffff) : bits;
    }

    private static double referenceSigmoid(double x) {
        return x >= 0 ? 1.0 / (1.0 + StrictMath.exp(-x)) : StrictMath.exp(x) / (1.0 + StrictMath.exp(x));
    }

    @Test
    void withinOneUlpOfTheCorrectlyRoundedValueOnADenseSampleOfAllFloatsBelow128() {
        // every 1,009th float of magnitude below 128 (about 2.2 million), both signs
        long worstSigmoid = 0;
        long worstTanh = 0;
        int limit = Float.floatToRawIntBits(128f);
        for (int sign = 0; sign < 2; sign++) {
            for (int bits = 0; bits < limit; bits += 1_009) {
                float x = Float.intBitsToFloat(bits | sign << 31);
                float sigmoid = FloatTranscendentals.sigmoid(x);
                float tanh = FloatTranscendentals.tanh(x);
                long ds = floatsBetween(sigmoid, (float) referenceSigmoid(x));
                long dt = floatsBetween(tanh, (float) StrictMath.tanh(x));
                assertTrue(ds <= 1, () -> "sigmoid(" + x + ") = " + sigmoid + ", " + ds + " floats off");
                assertTrue(dt <= 1, () -> "tanh(" + x + ") = " + tanh + ", " + dt + " floats off");
                worstSigmoid = Math.max(worstSigmoid, ds);
                worstTanh = Math.max(worstTanh, dt);
            }
        }
        // the sample is dense enough to meet results one float off (the bound is not vacuous)
        assertEquals(1, worstSigmoid);
        assertEquals(1, worstTanh);
    }

    @Test
    void specialValuesAreExact() {
        assertEquals(0.5f, FloatTranscendentals.sigmoid(0f));
        assertEquals(0.5f, FloatTranscendentals.sigmoid(-0f));
        assertEquals(0.5f, FloatTranscendentals.sigmoid(Float.MIN_VALUE));
        assertEquals(0.5f, FloatTranscendentals.sigmoid(-Float.MIN_VALUE));
        assertEquals(1f, FloatTranscendentals.sigmoid(Float.POSITIVE_INFINITY));
        assertEquals(1f, FloatTranscendentals.sigmoid(20f));
        assertEquals(0f, FloatTranscendentals.sigmoid(Float.NEGATIVE_INFINITY));
        assertEquals(0f, FloatTranscendentals.sigmoid(-105f));
        assertEquals(Float.MIN_VALUE, FloatTranscendentals.sigmoid(-103.27893f)); // the smallest subnormal
        assertEquals(Float.floatToRawIntBits(0f), Float.floatToRawIntBits(FloatTranscendentals.tanh(0f)));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatTranscendentals.tanh(-0f)));
        assertEquals(Float.MIN_VALUE, FloatTranscendentals.tanh(Float.MIN_VALUE));
        assertEquals(-0x1p-20f, FloatTranscendentals.tanh(-0x1p-20f));
        assertEquals(1f, FloatTranscendentals.tanh(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatTranscendentals.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(-1f, FloatTranscendentals.tanh(-9.1f));
        float nan = Float.intBitsToFloat(0x7fc12345);
        assertEquals(0x7fc12345, Float.floatToRawIntBits(FloatTranscendentals.sigmoid(nan)));
        assertEquals(0x7fc12345, Float.floatToRawIntBits(FloatTranscendentals.tanh(nan)));
    }
}
