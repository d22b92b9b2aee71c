package dev.adjoint.core.kernel;

/**
 * The regularized incomplete gamma functions {@code P(a, x) = gamma(a, x) / Gamma(a)} (the integral of
 * {@code t^(a-1) e^-t} from 0 to x, over {@code Gamma(a)}) and {@code Q(a, x) = 1 - P(a, x)}, as
 * {@code torch.special.gammainc} and {@code gammaincc}, with their edge values: NaN for {@code a < 0},
 * {@code x < 0} or NaN; at {@code a = 0}, {@code P = 1} for {@code x > 0} and NaN at {@code x = 0}; at
 * {@code x = 0}, {@code P = 0}; at {@code a = inf}, {@code P = 0} (NaN if x is infinite too); at {@code x = inf},
 * {@code P = 1}.
 *
 * <p>Each is computed where it is not the complement of a number near 1 (the regions of Cephes' {@code igam}):
 * <ul>
 *   <li>P by its series {@code P = x^a e^-x / Gamma(a+1) sum_(n >= 0) x^n / ((a+1) ... (a+n))} (Abramowitz and
 *       Stegun 6.5.29), all terms positive, where {@code x <= 1.1} and a is not small (below: a above
 *       {@code -0.4 / ln x} for {@code x <= 1/2}, above {@code 1.1 x} up to 1.1), or where {@code 1.1 < x < a};
 *   <li>Q by the continued fraction {@code Q = x^a e^-x / Gamma(a) 1/(x+1-a- 1(1-a)/(x+3-a- 2(2-a)/(x+5-a- ...)))}
 *       (A&amp;S 6.5.31, evaluated by the modified Lentz method) where {@code x > 1.1} and {@code x >= a};
 *   <li>Q for a small a and {@code x <= 1.1} by {@code Q = 1 - x^a / Gamma(a+1) - x^a / Gamma(a) sum_(n >= 1)
 *       (-x)^n / (n! (a+n))} (the integral of A&amp;S 6.5.29's alternating form), with
 *       {@code 1 - x^a / Gamma(a+1)} as an expm1 and {@code ln Gamma(1 + a)} by its Taylor series near 0.
 * </ul>
 *
 * <p>The prefactor {@code x^a e^-x / Gamma(a+1)} is, from {@code a = 10} on,
 * {@code e^(-a (mu - ln(1 + mu)) - c(a)) / sqrt(2 pi a)} with {@code mu = (x - a) / a} and Stirling's correction
 * {@code c(a) = ln Gamma(a+1) - (a+1/2) ln a + a - ln(2 pi)/2 = sum B_2k / (2k (2k-1) a^(2k-1))}: no large
 * logarithms cancel, so that it keeps its relative precision for large and nearly equal a and x
 * ({@code mu - ln(1 + mu)} for {@code |mu| <= 1/2} by the series in {@code t = mu / (2 + mu)},
 * {@code t mu - 2 t^3 (1/3 + t^2/5 + ...)}, beyond as {@code mu - ln(x / a)}). The series and the fraction
 * take about {@code sqrt a} steps where x is near a.
 *
 * <p>Accuracy, against 40-digit mpmath values for a from {@code 1e-4} to {@code 1e4}: within 16 ulps times the
 * condition number {@code max(1, x P'(x) / P)} (and the same for Q), which reaches about 1000 where
 * {@code |x - a|} does, as the rounding of x alone costs that much.
 */
public final class IncompleteGamma {

    private IncompleteGamma() {
    }

    private static final double EPSILON = 0x1p-54;
    private static final double HALF_LOG_TWO_PI = 0.9189385332046728;
    /** {@code B_2k / (2k (2k-1))} for k = 1, ..., 8: Stirling's series for {@code ln Gamma}. */
    private static final double[] STIRLING = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
        -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};

    /** The regularized lower incomplete gamma function {@code P(a, x)}, in {@code [0, 1]}. */
    public static double gammainc(double a, double x) {
        if (isEdge(a, x)) {
            return lowerAtEdge(a, x);
        }
        return lowerBySeries(a, x) ? lowerSeries(a, x) : 1 - upper(a, x);
    }

    /** The regularized upper incomplete gamma function {@code Q(a, x) = 1 - P(a, x)}, in {@code [0, 1]}. */
    public static double gammaincc(double a, double x) {
        if (isEdge(a, x)) {
            return 1 - lowerAtEdge(a, x);
        }
        return lowerBySeries(a, x) ? 1 - lowerSeries(a, x) : upper(a, x);
    }

    /**
     * {@code dP/dx = x^(a-1) e^-x / Gamma(a)}, the density of the gamma distribution of shape a (and rate 1), as
     * the derivative of {@link #gammainc} in x (and minus that of {@link #gammaincc}). From {@code a = 10} on it is
     * {@code (a / x)} times the prefactor {@code x^a e^-x / Gamma(a+1)} in its Stirling form, which keeps its relative
     * precision where x is near a large a (at most 3 ulps measured within {@code sqrt(a)} of a, for a from 10 to 1e6;
     * the direct {@code e^((a-1) ln x - x - lgamma(a))} cancels logarithms of size {@code a ln a}); far into the
     * tails both lose digits in proportion to the exponent (hundreds of ulps at {@code a = 10, x = 1e-29}). Where
     * the prefactor leaves the normal range (a subnormal or zero prefactor times a large {@code a / x}), the direct
     * exponential, which underflows only with the density itself. Below {@code a = 10}, as
     * {@code (x^a / x) e^-x / Gamma(a)} with Gamma by {@code gammaBelowTen}, each factor within an ulp or two;
     * where a factor leaves the normal range, as that exponential. Where P is NaN ({@code a < 0}, {@code x < 0},
     * NaN, {@code a = x = 0}, {@code a = x = inf}) the density is NaN too; where P is constant in x
     * ({@code a = 0}, {@code a = inf}, {@code x = inf}) it is 0; at {@code x = 0} it is {@code +inf}, 1 or 0 for a
     * below, at or above 1.
     */
    public static double density(double a, double x) {
        if (isEdge(a, x)) {
            return Double.isNaN(lowerAtEdge(a, x)) ? Double.NaN : x == 0 && a < Double.POSITIVE_INFINITY && a > 0
                    ? (a < 1 ? Double.POSITIVE_INFINITY : a == 1 ? 1 : 0) : 0;
        }
        if (a >= 10) {
            double prefactor = prefactor(a, x);
            double stirling = a / x * prefactor;
            if (prefactor >= Double.MIN_NORMAL && stirling < Double.POSITIVE_INFINITY) {
                return stirling;
            }
            return StrictMath.exp((a - 1) * StrictMath.log(x) - x - GammaFunctions.lgamma(a));
        }
        double power = StrictMath.pow(x, a) / x; // x^(a-1) without the rounding of a - 1
        double direct = power * StrictMath.exp(-x) / gammaBelowTen(a);
        if (x <= 700 && Double.isFinite(power) && power >= Double.MIN_NORMAL && direct >= Double.MIN_NORMAL) {
            return direct;
        }
        return StrictMath.exp((a - 1) * StrictMath.log(x) - x - GammaFunctions.lgamma(a));
    }

    /**
     * {@code Gamma(a)} for {@code 0 < a < 10}, as {@code e^(ln Gamma(c))} by the Taylor series of
     * {@code ln Gamma(1 + z)} for {@code c = a - k} in {@code [1/2, 3/2)}, times {@code c (c + 1) ... (a - 1)}, all of
     * them exact ({@code Gamma(a) = Gamma(1 + a) / a} below 1/2): within a few ulps, where {@code e^(lgamma a)} loses
     * the absolute error of lgamma's value (16 ulps at 9.5).
     */
    private static double gammaBelowTen(double a) {
        if (a < 0.5) {
            return StrictMath.exp(GammaFunctions.logGammaOnePlus(a)) / a;
        }
        double c = a - Math.floor(a - 0.5);
        double gamma = StrictMath.exp(GammaFunctions.logGammaOnePlus(c - 1));
        for (double factor = c; factor < a - 0.25; factor++) {
            gamma *= factor;
        }
        return gamma;
    }

    /** Whether (a, x) is NaN, outside the domain, 0 or infinite. */
    private static boolean isEdge(double a, double x) {
        return !(a > 0 && x > 0 && a < Double.POSITIVE_INFINITY && x < Double.POSITIVE_INFINITY);
    }

    /** P at an edge of the domain ({@link #isEdge}). */
    private static double lowerAtEdge(double a, double x) {
        if (Double.isNaN(a) || Double.isNaN(x) || a < 0 || x < 0) {
            return Double.NaN;
        }
        if (a == 0) {
            return x > 0 ? 1 : Double.NaN;
        }
        if (x == 0) {
            return 0;
        }
        if (Double.isInfinite(a)) {
            return Double.isInfinite(x) ? Double.NaN : 0;
        }
        return 1; // x = inf
    }

    /** Whether P's series is the accurate way at (a, x), Q then being its complement. */
    private static boolean lowerBySeries(double a, double x) {
        if (x > 1.1) {
            return x < a;
        }
        return x <= 0.5 ? a > -0.4 / StrictMath.log(x) : a > 1.1 * x;
    }

    /** Q where P's series is not used: the continued fraction above 1.1, the small-a series below. */
    private static double upper(double a, double x) {
        return x > 1.1 ? upperFraction(a, x) : upperSeries(a, x);
    }

    /** {@code P(a, x)} by its series of positive terms. */
    private static double lowerSeries(double a, double x) {
        double sum = 1;
        double term = 1;
        for (double n = 1; n < 1e9; n++) {
            term *= x / (a + n);
            sum += term;
            if (term <= EPSILON * sum) {
                break;
            }
        }
        return prefactor(a, x) * sum;
    }

    /** {@code Q(a, x)} by its continued fraction, for {@code x > 1.1}, {@code x >= a}. */
    private static double upperFraction(double a, double x) {
        double tiny = 0x1p-1000;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (double i = 1; i < 1e9; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            d = Math.abs(d) < tiny ? tiny : d;
            c = b + an / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) <= EPSILON) {
                break;
            }
        }
        return a * prefactor(a, x) * h; // x^a e^-x / Gamma(a) = a x^a e^-x / Gamma(a+1)
    }

    /** {@code Q(a, x)} for {@code x <= 1.1} and a small, by the alternating series. */
    private static double upperSeries(double a, double x) {
        double logPower = a * StrictMath.log(x) - logGammaOnePlus(a); // ln(x^a / Gamma(a+1))
        double sum = 0;
        double term = 1;
        for (double n = 1; n < 1e9; n++) {
            term *= -x / n;
            double t = term / (a + n);
            sum += t;
            if (Math.abs(t) <= EPSILON * Math.abs(sum)) {
                break;
            }
        }
        return -StrictMath.expm1(logPower) - a * StrictMath.exp(logPower) * sum;
    }

    /** {@code ln Gamma(1 + a)} for {@code a >= 0}: near 0 by its Taylor series, which keeps a's digits. */
    private static double logGammaOnePlus(double a) {
        return a <= 0.5 ? GammaFunctions.logGammaOnePlus(a) : GammaFunctions.lgamma(1 + a);
    }

    /** {@code x^a e^-x / Gamma(a+1)}, for finite positive a and x. */
    private static double prefactor(double a, double x) {
        if (a < 10) {
            return StrictMath.exp(a * StrictMath.log(x) - x - logGammaOnePlus(a));
        }
        return StrictMath.exp(-a * logOnePlusDeficit(a, x) - stirlingCorrection(a)) / StrictMath.sqrt(2 * Math.PI * a);
    }

    /**
     * {@code mu - ln(1 + mu) >= 0} for {@code mu = (x - a) / a}: near 0 by a series in {@code t = mu / (2 + mu)},
     * elsewhere as {@code mu - ln(x / a)} (not {@code log1p(mu)}: {@code 1 + mu} would lose the digits of a small
     * {@code x / a}).
     */
    private static double logOnePlusDeficit(double a, double x) {
        double mu = (x - a) / a;
        if (Math.abs(mu) > 0.5) {
            return mu - StrictMath.log(x / a);
        }
        double t = mu / (2 + mu);
        double t2 = t * t;
        double series = 0;
        for (int k = 41; k >= 3; k -= 2) {
            series = 1.0 / k + t2 * series;
        }
        return t * mu - 2 * t * t2 * series;
    }

    /** {@code ln Gamma(a+1) - (a+1/2) ln a + a - ln(2 pi)/2}, for {@code a >= 10}, by Stirling's series. */
    private static double stirlingCorrection(double a) {
        double w = 1 / (a * a);
        double series = 0;
        for (int k = STIRLING.length - 1; k >= 0; k--) {
            series = STIRLING[k] + w * series;
        }
        return series / a;
    }
}
