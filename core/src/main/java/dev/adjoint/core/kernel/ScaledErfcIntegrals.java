package dev.adjoint.core.kernel;

/**
 * The scaled repeated integrals of erfc, {@code E_n(x) = e^(x^2) i^n erfc x} (Abramowitz and Stegun 7.2), for the
 * orders {@code n = 0..4} on {@code 0 <= x < 32}: erfcx itself ({@code E_0}) and, times {@code (-2)^n n!}, its
 * derivatives, where the continued fraction of their ratios converges slowly (a thousand terms near 1/2) and
 * {@code e^(x^2) erfc x} rounds in two factors.
 *
 * <p>{@code E_0}, {@code E_3} and {@code E_4} are polynomials of degree 13 in {@code t = x - c} on 48 intervals of
 * {@code [0, 32)} ({@link ScaledErfcIntegralTable}: the eighths of {@code [0, 1)} and of each binade above, so that
 * the interval is found from x's exponent and t is exact), fitted within {@code 2^-56} relative; {@code E_2} and
 * {@code E_1} follow from A&amp;S 7.2.5, {@code 2n E_n = E_(n-2) - 2x E_(n-1)}, run downwards,
 * <pre>
 *   E_2 = 2x E_3 + 8 E_4,    E_1 = 2x E_2 + 6 E_3,
 * </pre>
 * whose terms are all positive for {@code x >= 0}: each step keeps the relative error of its inputs and adds a
 * rounding or two. Against mpmath, {@code E_0} within 1 ulp and {@code E_1..E_4} within 2 on the tests' dense points
 * of the range; 20,000 random points found {@code E_0} up to 1.42 ulps and {@code E_1..E_4} up to 2.15.
 */
final class ScaledErfcIntegrals {

    private ScaledErfcIntegrals() {
    }

    /** The highest order fitted. */
    static final int MAX_ORDER = 4;

    /** The end of the fitted range {@code [0, 32)}. */
    static final double END = 32;

    private static final int TERMS = ScaledErfcIntegralTable.DEGREE + 1;

    /** {@code E_n(x)} for {@code 0 <= n <= 4} and {@code 0 <= x < 32} ({@code -0.0} too). */
    static double value(int n, double x) {
        int binade = x < 1 ? 0 : Math.getExponent(x);
        double width = Math.scalb(0.125, binade); // [0, 1) is cut in eighths too
        double steps = Math.floor(x / width);
        int interval = 8 * binade + (int) steps;
        double t = x - (steps + 0.5) * width;
        if (n == 0) {
            return polynomial(ScaledErfcIntegralTable.E0, interval, t);
        }
        double e3 = polynomial(ScaledErfcIntegralTable.E3, interval, t);
        if (n == 3) {
            return e3;
        }
        double e4 = polynomial(ScaledErfcIntegralTable.E4, interval, t);
        if (n == 4) {
            return e4;
        }
        double e2 = Math.fma(2 * x, e3, 8 * e4);
        return n == 2 ? e2 : Math.fma(2 * x, e2, 6 * e3);
    }

    /** The interval's polynomial at t, by Horner's rule. */
    private static double polynomial(double[] coefficients, int interval, double t) {
        int first = interval * TERMS;
        double sum = coefficients[first + TERMS - 1];
        for (int k = TERMS - 2; k >= 0; k--) {
            sum = Math.fma(sum, t, coefficients[first + k]);
        }
        return sum;
    }
}
