package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link ConstantPowers}' integer powers against exact ones: {@code x^n} of a double is a BigDecimal product with
 * no rounding at all ({@code x^-n} its reciprocal to 80 digits), so the error of each result is measured in
 * fractions of an ulp of the correctly rounded power.
 */
class ConstantPowersTest {

    /** The exponents measured, with the share of the random points each gets (x^3 and x^4 the most). */
    private static final int[] EXPONENTS = {3, 4, -1, -2, -3, -4, 5, -7, 7, 16, -16};
    private static final int[] POINTS = {25_000, 25_000, 5_000, 5_000, 5_000, 5_000, 6_000, 6_000, 6_000, 6_000, 6_000};

    /**
     * 100,000 random points, their exponents uniform over the whole range of x for which {@code x^n} is between
     * {@code 2^-1080} and {@code 2^1030} (so subnormal results, zeros, results near overflow and overflows), either
     * sign. The compensated product is rounded once from about 106 bits, also into the subnormals: within
     * {@code 0.5 + n² 2^-52} ulps, and correctly rounded at every point drawn. StrictMath.pow, the function used
     * before, is up to 0.80 ulp off on the same points (and 9 % of them not correctly rounded).
     */
    @Test
    void integerPowersAreCorrectlyRoundedOverTheWholeRange() {
        int points = 0;
        for (int i = 0; i < EXPONENTS.length; i++) {
            int n = EXPONENTS[i];
            DoubleUnaryOperator f = ConstantPowers.of(n);
            SplittableRandom random = new SplittableRandom(1000 + n);
            // the binary exponents of the doubles x with x^n in range
            double low = Math.max(-1074, (n > 0 ? -1080.0 : -1030.0) / Math.abs(n));
            double high = Math.min(1024, (n > 0 ? 1030.0 : 1080.0) / Math.abs(n));
            int subnormals = 0;
            for (int k = 0; k < POINTS[i]; k++) {
                double x = Math.scalb(1 + random.nextDouble(), (int) Math.floor(low + (high - low)
                        * random.nextDouble())) * (random.nextBoolean() ? 1 : -1);
                double y = f.applyAsDouble(x);
                double error = ulpsFromExact(y, x, n);
                assertTrue(error <= 0.5, () -> "x^" + n + " at x = " + x + ": " + y + " is " + error + " ulps off");
                if (Math.abs(y) < Double.MIN_NORMAL && y != 0) {
                    subnormals++;
                }
                points++;
            }
            assertTrue(subnormals > 0, "x^" + n + ": no subnormal result was drawn");
        }
        assertEquals(100_000, points);
    }

    /**
     * The ends of the range and the special values: IEEE's pow there (signed zeros and infinities), 1 for
     * {@code x^0} also at NaN, exact {@code x^1}, and correctly rounded results at the largest x whose cube and
     * fourth power are finite and the smallest x whose cube is not zero.
     */
    @Test
    void theEdgesAreExactOrCorrectlyRounded() {
        double cubeMax = 5.643803094122361E102;
        double fourthMax = 1.1579208923731618E77;
        double cubeMin = 1.351817985853457E-108;
        double largestCube = ConstantPowers.of(3).applyAsDouble(cubeMax);
        assertTrue(Double.isFinite(largestCube) && ulpsFromExact(largestCube, cubeMax, 3) <= 0.5, "largest cube");
        assertEquals(Double.POSITIVE_INFINITY, ConstantPowers.of(3).applyAsDouble(Math.nextUp(cubeMax)));
        assertEquals(Double.NEGATIVE_INFINITY, ConstantPowers.of(3).applyAsDouble(-Math.nextUp(cubeMax)));
        assertEquals(Double.POSITIVE_INFINITY, ConstantPowers.of(4).applyAsDouble(-Math.nextUp(fourthMax)));
        assertTrue(Double.isFinite(ConstantPowers.of(4).applyAsDouble(-fourthMax)), "largest finite fourth power");
        assertEquals(Double.MIN_VALUE, ConstantPowers.of(3).applyAsDouble(cubeMin));
        assertEquals(-Double.MIN_VALUE, ConstantPowers.of(3).applyAsDouble(-cubeMin));
        assertBits(-0.0, ConstantPowers.of(3).applyAsDouble(-Math.nextDown(cubeMin)), "a negative cube underflows");
        double[] xs = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 1, -1, cubeMax,
            -cubeMax, cubeMin, -cubeMin, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_NORMAL, 0x1p-341, -0x1p-341 * 1.2345, 3, -2.5, 1.1};
        for (int n = -16; n <= 16; n++) {
            DoubleUnaryOperator f = ConstantPowers.of(n);
            for (double x : xs) {
                double y = f.applyAsDouble(x);
                if (n == 0) {
                    assertBits(1.0, y, "x^0 at " + x);
                } else if (n == 1) {
                    assertBits(x, y, "x^1 at " + x);
                } else if (x == 0 || !Double.isFinite(x)) {
                    assertBits(StrictMath.pow(x, n), y, "x^" + n + " at " + x + ", IEEE's pow");
                } else {
                    double error = ulpsFromExact(y, x, n);
                    int m = n;
                    assertTrue(error <= 0.5,
                            () -> "x^" + m + " at " + x + ": " + y + " is " + error + " ulps off");
                }
            }
        }
    }

    /** Powers of 2 and small integers have exact powers, which the compensated product returns. */
    @Test
    void exactPowersAreExact() {
        for (int n = -16; n <= 16; n++) {
            for (int k = -60; k <= 60; k++) {
                double x = Math.scalb(1.0, k);
                assertBits(Math.scalb(1.0, k * n), ConstantPowers.of(n).applyAsDouble(x), "(2^" + k + ")^" + n);
                assertBits(Math.scalb(n % 2 == 0 ? 1.0 : -1.0, k * n), ConstantPowers.of(n).applyAsDouble(-x),
                        "(-2^" + k + ")^" + n);
            }
            if (n > 0) {
                for (int x = -9; x <= 9; x++) {
                    assertBits(BigDecimal.valueOf(x).pow(n).doubleValue(), ConstantPowers.of(n).applyAsDouble(x),
                            x + "^" + n);
                }
            }
        }
    }

    /**
     * The error of {@code y} as an approximation of {@code x^n}, in ulps of the correctly rounded power (0 when
     * both overflow to the same infinity, infinite when only one does).
     */
    static double ulpsFromExact(double y, double x, int n) {
        BigDecimal base = new BigDecimal(x);
        BigDecimal exact = n >= 0 ? base.pow(n) : BigDecimal.ONE.divide(base.pow(-n), new MathContext(80));
        double rounded = exact.doubleValue();
        if (Double.isInfinite(y) || Double.isInfinite(rounded)) {
            return y == rounded ? 0 : Double.POSITIVE_INFINITY;
        }
        return new BigDecimal(y).subtract(exact).abs().divide(new BigDecimal(Math.ulp(rounded)), MathContext.DECIMAL64)
                .doubleValue();
    }

    private static void assertBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }
}
