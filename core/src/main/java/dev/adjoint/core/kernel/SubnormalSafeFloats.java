package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * Which float32 vectors of products, quotients and square roots may touch subnormal numbers, so that the
 * array kernels compute those without the CPU's slow path for subnormals, and with the same bits.
 *
 * <p><b>Why.</b> x86 CPUs multiply, divide and take square roots of subnormal floats (|x| &lt; 2<sup>-126</sup>)
 * in microcode unless flush-to-zero is set, which the JVM never does: measured on this project's machine, a
 * vector multiply whose lanes include one subnormal input or output costs about 13 times a normal one (0.52 ms
 * against 0.04 ms for 200,000 floats; additions are not affected). Training makes such values routinely: Adam's
 * first moment of a weight whose gradient stays exactly zero (a dead ReLU unit, an always-black pixel) decays
 * by {@code β₁ = 0.9} per step into the subnormal range and stops there, since {@code 0.9 · k · 2⁻¹⁴⁹} rounds
 * back to {@code k · 2⁻¹⁴⁹} for {@code k ≤ 4}; every later step then multiplies it, twice.
 *
 * <p><b>How, exactly.</b> Widened to float64, such a value is a normal number, and so are products and
 * quotients of two floats ({@code 2⁻¹⁴⁹ · 2⁻¹⁴⁹ = 2⁻²⁹⁸ > 2⁻¹⁰²²}); a float64 operation followed by rounding to
 * float32 gives the correctly rounded float32 result of {@code +, -, ×, ÷, √}, because float64's 53-bit
 * significand has at least {@code 2 · 24 + 2} bits (Figueroa, "When is double rounding innocuous?", 1995).
 * So a lane computed through float64 has exactly the bits of the float32 operation; only its speed differs.
 *
 * <p><b>When.</b> Each vector is tested first, and only a vector that may touch the subnormal range is
 * computed by the scalar loops of {@link ScalarArrayOps}, lane by lane through float64 (float64 vectors would
 * need the Vector API's shape-changing conversions, which HotSpot 17 does not compile into instructions: their
 * fallback code makes the JIT give up on other float vector code, the GEMM's included). With {@code T = 2⁻⁶³}:
 * a product is normal or zero when each factor is zero or at least {@code T} in magnitude
 * ({@code T² = 2⁻¹²⁶}); a quotient when its dividend is zero or at least {@code T} and its divisor zero, or
 * between {@code T} and {@code 1/T}; a square root's input must not be subnormal. Zeros, infinities and NaNs
 * never need the slow path and stay on the plain one, so sparse (ReLU) data costs nothing. A scalar operand
 * is passed broadcast, and tested like any vector.
 *
 * <p><b>Which operations.</b> A product by a scalar (an optimizer's {@code β·m}, {@code α·m'}), every quotient
 * and every square root are tested. A product of two arrays is not: the test costs a few instructions per
 * vector, which in the small, cache-resident passes of an LSTM's gates came to 7 % of the training step
 * (float32, one thread: 4,405 against 4,718 samples/s, medians of three JVMs), and the products of two
 * tensors there (gates, masks, gradients) hold no subnormals; Adam's subnormal moments meet only scalars and
 * quotients. The test decides speed only: both routes give the float32 bits.
 */
final class SubnormalSafeFloats {

    /** Magnitudes at or above {@code T} multiply to at least {@code 2⁻¹²⁶}, the smallest normal float. */
    static final float T = 0x1p-63f;
    /** {@code 1 / T}: a normal dividend at least {@code T} over a divisor at most this is normal. */
    static final float INVERSE_T = 0x1p63f;

    private SubnormalSafeFloats() {
    }

    /** Lanes that are nonzero and smaller than {@code T} in magnitude (NaN lanes are not). */
    private static VectorMask<Float> small(FloatVector a) {
        return a.abs().compare(VectorOperators.LT, T).and(a.compare(VectorOperators.NE, 0f));
    }

    /** Whether some lane of {@code a × b} has a subnormal operand or may have a subnormal result. */
    static boolean productMayBeSubnormal(FloatVector a, FloatVector b) {
        return small(a).or(small(b)).anyTrue();
    }

    /** Whether some lane of {@code a ÷ b} has a subnormal operand or may have a subnormal result. */
    static boolean quotientMayBeSubnormal(FloatVector a, FloatVector b) {
        return small(a).or(small(b)).or(b.abs().compare(VectorOperators.GT, INVERSE_T)).anyTrue();
    }

    /** Whether some lane of {@code a} is subnormal (square roots of normal numbers are normal). */
    static boolean rootMayBeSubnormal(FloatVector a) {
        return a.abs().compare(VectorOperators.LT, Float.MIN_NORMAL).and(a.compare(VectorOperators.NE, 0f))
                .anyTrue();
    }
}
