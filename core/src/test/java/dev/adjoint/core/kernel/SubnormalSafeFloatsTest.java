package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The float32 products, quotients and square roots of the array kernels, on operands that reach into the
 * subnormal range or produce results there, against Java's own float arithmetic (IEEE 754 binary32, rounded
 * to nearest), bit for bit: the float64 route of {@link SubnormalSafeFloats} and of the scalar loops must
 * change nothing but speed.
 */
class SubnormalSafeFloatsTest {

    private static final int N = 4099; // whole vectors of every width and a tail

    /** Values from every range that matters: subnormal, tiny normal, around the thresholds, huge, specials. */
    private static float draw(SplittableRandom random) {
        float magnitude = switch (random.nextInt(12)) {
            case 0 -> Float.intBitsToFloat(1 + random.nextInt(0x7fffff)); // subnormal
            case 1 -> Float.intBitsToFloat(1 + random.nextInt(8)); // stuck Adam moments: k * 2^-149
            case 2 -> Float.MIN_NORMAL * (float) random.nextDouble(1, 4);
            case 3 -> SubnormalSafeFloats.T * (float) random.nextDouble(0.5, 2);
            case 4 -> SubnormalSafeFloats.INVERSE_T * (float) random.nextDouble(0.5, 2);
            case 5 -> (float) Math.scalb(random.nextDouble(1, 2), random.nextInt(-126, 128));
            case 6 -> 0f;
            case 7 -> Float.POSITIVE_INFINITY;
            case 8 -> Float.NaN;
            case 9 -> Float.MAX_VALUE;
            default -> (float) random.nextDouble(0, 10);
        };
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    private static float[] draws(SplittableRandom random, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = draw(random);
        }
        return x;
    }

    /** Java's float arithmetic, the reference. */
    private static float reference(int op, float a, float b) {
        return switch (op) {
            case ArrayOps.MUL -> a * b;
            case ArrayOps.DIV -> a / b;
            default -> throw new IllegalArgumentException("op " + op);
        };
    }

    private static void assertSameBits(float expected, float actual, String what) {
        // NaN payloads are not specified by Java's arithmetic; every NaN counts as one value
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
                () -> what + ": expected " + expected + " (" + Integer.toHexString(Float.floatToIntBits(expected))
                        + ") but got " + actual + " (" + Integer.toHexString(Float.floatToIntBits(actual)) + ")");
    }

    private static ArrayOps[] implementations() {
        ArrayOps vector = Kernels.vectorOps();
        return vector == null ? new ArrayOps[] {Kernels.scalarOps()} : new ArrayOps[] {vector, Kernels.scalarOps()};
    }

    @Test
    void productsAndQuotientsEqualFloatArithmeticBitForBit() {
        SplittableRandom random = new SplittableRandom(11);
        float[] a = draws(random, N);
        float[] b = draws(random, N);
        for (ArrayOps ops : implementations()) {
            for (int op : new int[] {ArrayOps.MUL, ArrayOps.DIV}) {
                float[] y = new float[N];
                ops.binary(op, a, 0, b, 0, y, 0, N);
                for (int i = 0; i < N; i++) {
                    assertSameBits(reference(op, a[i], b[i]), y[i],
                            ops.getClass().getSimpleName() + " op " + op + " of " + a[i] + " and " + b[i]);
                }
                for (int k = 0; k < 64; k++) {
                    float s = b[k];
                    ops.binaryScalar(op, a, 0, s, y, 0, N);
                    for (int i = 0; i < N; i++) {
                        assertSameBits(reference(op, a[i], s), y[i], "array op " + op + " scalar " + s);
                    }
                    ops.scalarBinary(op, s, a, 0, y, 0, N);
                    for (int i = 0; i < N; i++) {
                        assertSameBits(reference(op, s, a[i]), y[i], "scalar " + s + " op " + op + " array");
                    }
                }
            }
        }
    }

    @Test
    void squareRootsEqualFloatArithmeticBitForBit() {
        SplittableRandom random = new SplittableRandom(12);
        float[] a = draws(random, N);
        for (ArrayOps ops : implementations()) {
            float[] y = new float[N];
            ops.unary(ArrayOps.SQRT, a, 0, y, 0, N);
            for (int i = 0; i < N; i++) {
                assertSameBits((float) Math.sqrt(a[i]), y[i], "sqrt of " + a[i]);
            }
        }
    }

    /** The output array may be an operand (fused programs reuse their registers): still every bit right. */
    @Test
    void inPlaceResultsEqualFloatArithmeticBitForBit() {
        SplittableRandom random = new SplittableRandom(13);
        float[] a = draws(random, N);
        float[] b = draws(random, N);
        for (ArrayOps ops : implementations()) {
            for (int op : new int[] {ArrayOps.MUL, ArrayOps.DIV}) {
                float[] y = a.clone();
                ops.binary(op, y, 0, b, 0, y, 0, N);
                float[] z = b.clone();
                ops.binary(op, a, 0, z, 0, z, 0, N);
                float[] w = a.clone();
                ops.binaryScalar(op, w, 0, b[7], w, 0, N);
                float[] v = a.clone();
                ops.scalarBinary(op, b[7], v, 0, v, 0, N);
                for (int i = 0; i < N; i++) {
                    assertSameBits(reference(op, a[i], b[i]), y[i], "op " + op + " into its first operand");
                    assertSameBits(reference(op, a[i], b[i]), z[i], "op " + op + " into its second operand");
                    assertSameBits(reference(op, a[i], b[7]), w[i], "op " + op + " by a scalar, in place");
                    assertSameBits(reference(op, b[7], a[i]), v[i], "scalar op " + op + ", in place");
                }
            }
            float[] r = a.clone();
            ops.unary(ArrayOps.SQRT, r, 0, r, 0, N);
            for (int i = 0; i < N; i++) {
                assertSameBits((float) Math.sqrt(a[i]), r[i], "sqrt in place of " + a[i]);
            }
        }
    }

    /** The thresholds' promise: products and quotients left on the plain path are never subnormal. */
    @Test
    void operandsPastTheThresholdsGiveNormalOrZeroResults() {
        float t = SubnormalSafeFloats.T;
        float inverse = SubnormalSafeFloats.INVERSE_T;
        assertEquals(Float.MIN_NORMAL, t * t);
        assertEquals(Float.MIN_NORMAL, t / inverse);
        assertTrue(Math.abs(Math.nextDown(t) * Math.nextDown(t)) < Float.MIN_NORMAL, "T is the least such bound");
    }

    @Test
    void aVectorWithOneSubnormalLaneStillMatchesEveryLane() {
        ArrayOps vector = Kernels.vectorOps();
        Assumptions.assumeTrue(vector != null, "Vector API unavailable");
        float[] a = new float[64];
        float[] b = new float[64];
        for (int i = 0; i < 64; i++) {
            a[i] = 0.1f * (i + 1);
            b[i] = 0.9f;
        }
        a[5] = 3 * Float.MIN_VALUE; // 0.9 * 3 * 2^-149 rounds to 3 * 2^-149
        a[9] = -0f;
        a[10] = Float.NaN;
        float[] y = new float[64];
        vector.binary(ArrayOps.MUL, a, 0, b, 0, y, 0, 64);
        for (int i = 0; i < 64; i++) {
            assertSameBits(a[i] * b[i], y[i], "lane " + i);
        }
        assertEquals(3 * Float.MIN_VALUE, y[5]);
    }
}
