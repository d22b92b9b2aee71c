package dev.adjoint.core.kernel;

/**
 * The standard normal distribution's functions and the scaled complementary error function, built from
 * {@link SpecialFunctions}' erf, erfc and erfinv and {@link StrictMath}. Edge values follow PyTorch
 * ({@code torch.special.ndtr}, {@code ndtri}, {@code log_ndtr}, {@code erfcx}); the values are those of the
 * exact functions within a few ulps where PyTorch's formulas lose digits.
 *
 * <p><b>ndtr</b> {@code Phi(x) = erfc(-x / sqrt 2) / 2} is {@link SpecialFunctions#normalCdf}, which carries
 * the argument in two doubles (a rounded {@code -x / sqrt 2} alone costs {@code x^2} ulps in the lower tail, 100
 * at -10, PyTorch's error there).
 *
 * <p><b>erfcx</b> {@code e^(x^2) erfc x}: on {@code [0, 32)} by {@link ScaledErfcIntegrals}' polynomial fits (within
 * 1.5 ulps); below 0 as that product, with {@code x^2 = h + l} exactly (an fma) and {@code e^(x^2) = e^h (1 + l)}; from
 * 32 on, where erfc has underflowed, by the asymptotic series
 * {@code 1/(x sqrt pi) sum_k (-1)^k (2k-1)!! / (2x^2)^k} (Abramowitz and Stegun 7.1.23), whose twelve terms reach
 * {@code 1e-25} from 26 on.
 *
 * <p><b>log_ndtr</b> {@code ln Phi(x)}: below -1 as {@code -x^2/2 + ln(erfcx(-x / sqrt 2) / 2)} (two terms of one
 * sign, finite down to {@code -1e154}: {@code ln Phi(-40) = -804.608...}), from -1 on as
 * {@code log1p(-Phi(-x))}.
 *
 * <p><b>ndtri</b> {@code Phi^-1(p)}: on {@code [1/4, 3/4]} as {@code sqrt 2 erfinv(2p - 1)} ({@code 2p - 1} is
 * exact there); above 3/4 as {@code -ndtri(1 - p)} ({@code 1 - p} is exact); below 1/4 by Newton's method on
 * the concave {@code ln Phi(x) = ln p}, from Abramowitz and Stegun's 26.2.23 (error below {@code 4.5e-4}), whose
 * steps {@code (ln Phi(x) - ln p) / (phi(x) / Phi(x))} converge quadratically, so that the result is as precise
 * as {@code ln p} down to the smallest subnormal p.
 */
public final class NormalDistribution {

    private NormalDistribution() {
    }

    private static final double SQRT_HALF = 0.7071067811865476;
    private static final double SQRT_TWO = 1.4142135623730951;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    private static final double SQRT_TWO_OVER_PI = 0.7978845608028654;

    /**
     * {@code Phi(x)}, the standard normal CDF: 0 at {@code -inf}, 1 at {@code +inf}, NaN for NaN; GELU's
     * {@link SpecialFunctions#normalCdf}, to a few ulps.
     */
    public static double ndtr(double x) {
        return SpecialFunctions.normalCdf(x);
    }

    /**
     * {@code e^(x^2) erfc x}: 1 at 0, {@code ~ 1 / (x sqrt pi)} for large x (0 at {@code +inf}), {@code +inf} from
     * {@code -26.64} down, NaN for NaN.
     */
    public static double erfcx(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x < 0) {
            double hi = x * x;
            double lo = Math.fma(x, x, -hi);
            double scale = StrictMath.exp(hi);
            return scale == Double.POSITIVE_INFINITY ? scale : scale * SpecialFunctions.erfc(x) * (1 + lo);
        }
        if (x < ScaledErfcIntegrals.END) {
            return ScaledErfcIntegrals.value(0, x);
        }
        double w = 0.5 / x / x; // 1 / (2 x^2), 0 beyond 1e154
        double sum = 1;
        double term = 1;
        for (int k = 1; k <= 12; k++) {
            term *= -(2 * k - 1) * w;
            sum += term;
        }
        return ONE_OVER_SQRT_PI / x * sum;
    }

    /** {@code ln Phi(x)}: {@code -inf} at {@code -inf}, {@code -0} at {@code +inf} (as PyTorch), NaN for NaN. */
    public static double logNdtr(double x) {
        if (x < -1) {
            return StrictMath.log(erfcx(-x * SQRT_HALF) / 2) - x * x / 2;
        }
        return StrictMath.log1p(-ndtr(-x));
    }

    /**
     * {@code phi(x) / Phi(x)} for {@code x <= 0}, the derivative of {@link #logNdtr}, as
     * {@code sqrt(2/pi) / erfcx(-x / sqrt 2)}: about {@code -x} in the left tail, where both quotients' terms
     * underflow.
     */
    static double inverseMillsRatio(double x) {
        return SQRT_TWO_OVER_PI / erfcx(-x * SQRT_HALF);
    }

    /**
     * {@code Phi^-1(p)}: {@code -inf} at 0, {@code +inf} at 1, NaN outside {@code [0, 1]} and for NaN; 0 at 1/2
     * and odd about it.
     */
    public static double ndtri(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p == 0 || p == 1) {
            return p == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (p > 0.75) {
            return -ndtri(1 - p);
        }
        if (p >= 0.25) {
            return SQRT_TWO * SpecialFunctions.erfinv(2 * p - 1);
        }
        double logP = StrictMath.log(p);
        double t = StrictMath.sqrt(-2 * logP);
        double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269
                + t * 0.001308))));
        for (int i = 0; i < 40; i++) {
            double step = (logNdtr(x) - logP) / inverseMillsRatio(x);
            x -= step;
            if (Math.abs(step) <= 0x1p-45 * Math.abs(x)) {
                return x - (logNdtr(x) - logP) / inverseMillsRatio(x);
            }
        }
        return x;
    }
}
