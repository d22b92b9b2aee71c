package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link BinaryScale#floorLog2} is {@code ⌊log2 |x|⌋} at both ends of every binade, normal and subnormal, positive
 * and negative: against {@link Math#getExponent} for normal numbers and, for subnormals, against the position of
 * the leading bit of the significand ({@code x = bits · 2^-1074}).
 */
class BinaryScaleTest {

    @Test
    void floorLog2IsTheExponentOfTheLeadingBit() {
        for (int e = Double.MIN_EXPONENT; e <= Double.MAX_EXPONENT; e++) {
            double low = Math.scalb(1.0, e);
            double high = Math.nextDown(Math.scalb(2.0, e));
            for (double x : new double[] {low, high, -low, -high}) {
                assertEquals(Math.getExponent(x), BinaryScale.floorLog2(x), "x = " + x);
                assertEquals(e, BinaryScale.floorLog2(x), "x = " + x);
            }
        }
        for (int bit = 0; bit < 52; bit++) { // subnormals 2^(bit - 1074) .. 2^(bit + 1 - 1074) - 2^-1074
            long lowBits = 1L << bit;
            long highBits = (1L << (bit + 1)) - 1;
            for (long bits : new long[] {lowBits, highBits}) {
                double x = Double.longBitsToDouble(bits);
                int expected = 63 - Long.numberOfLeadingZeros(bits) - 1074;
                assertEquals(expected, BinaryScale.floorLog2(x), "x = " + x);
                assertEquals(expected, BinaryScale.floorLog2(-x), "x = " + -x);
            }
        }
        assertEquals(-1074, BinaryScale.floorLog2(Double.MIN_VALUE));
        assertEquals(-1023, BinaryScale.floorLog2(Math.nextDown(Double.MIN_NORMAL)));
        assertEquals(1023, BinaryScale.floorLog2(Double.MAX_VALUE));
    }
}
