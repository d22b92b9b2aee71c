package dev.adjoint.core.kernel;

/**
 * The modified Bessel functions of the first kind of orders 0 and 1, {@code I0} and {@code I1}, and their
 * exponentially scaled forms {@code I0e(x) = e^(-|x|) I0(x)} and {@code I1e(x) = e^(-|x|) I1(x)}, built from
 * {@link StrictMath} so that they give the same bits on every CPU ({@code torch.special.i0}, {@code i0e},
 * {@code i1}, {@code i1e}).
 *
 * <p>Method. On {@code [0, 8]} the power series {@code I0(x) = sum_k y^k / (k!)^2} and {@code I1(x) = (x/2) sum_k y^k /
 * (k! (k+1)!)}, {@code y = x^2 / 4}, summed by Horner's rule to {@code k = 30} (the terms left out are below {@code
 * 1e-20} of the sum at {@code x = 8}): every term is positive, so nothing cancels, and the scaled forms multiply by
 * {@code e^(-x)}. From 8 on, the asymptotic behaviour {@code I(x) ~ e^x / sqrt(2 pi x)} is factored out, as in Cephes's
 * {@code i0.c} and {@code i1.c}, with coefficients of our own: {@code sqrt(x) e^(-x) I0(x)} and {@code sqrt(x) e^(-x)
 * I1(x)}, which tend to {@code 1 / sqrt(2 pi)}, are Chebyshev series in {@code t = 16 / x - 1}, summed by Clenshaw's
 * recurrence; their coefficients were computed with mpmath at 60 digits by interpolating at 60 Chebyshev nodes and kept
 * down to {@code 1e-18} of the largest ({@code bessel-functions.py --coefficients} in core's test resources prints
 * them). {@code I0} is even and {@code I1} odd (so {@code I1(-0) = -0}). The unscaled functions multiply by {@code
 * e^|x|}, as {@code e^(|x|/2)} twice from {@code |x| = 700} on, so that they are finite up to where their values
 * overflow ({@code |x| = 713.98...}, where PyTorch's are infinite from 709.78 on, as its {@code e^x} is), and infinite
 * at {@code ±inf} (where PyTorch's are NaN).
 *
 * <p>Accuracy, against 50-digit mpmath references at 8,000 points of {@code [-714, 714]} (dense on {@code [0, 8]}
 * and down to {@code 1e-300}): within 4.5 ulps; within 4 on the 1,288 references of core's tests.
 */
public final class BesselFunctions {

    private BesselFunctions() {
    }

    /** {@code sqrt(x) e^(-x) I0(x)} on {@code [8, inf)}: Chebyshev coefficients in {@code t = 16 / x - 1}. */
    private static final double[] I0_LARGE = {
        0.4022452055070544, 0.0033691164782556943, 6.889758346916825e-05, 2.8913705208347567e-06,
        2.0489185894690638e-07, 2.266668990498178e-08, 3.3962320257083865e-09, 4.94060238822497e-10,
        1.1889147107846439e-11, -3.1499165279632416e-11, -1.3215811840447713e-11, -1.7941785315068062e-12,
        7.180124451383666e-13, 3.8527783827421426e-13, 1.54008621752141e-14, -4.150569347287222e-14,
        -9.554846698828307e-15, 3.8116806693526224e-15, 1.7725601330565263e-15, -3.425485619677219e-16,
        -2.8276239805165836e-16, 3.461222867697461e-17, 4.46562142029676e-17, -4.830504485944182e-18,
        -7.233180487874754e-18, 9.921475412173699e-19, 1.193650890845982e-18};

    /** {@code sqrt(x) e^(-x) I1(x)} on {@code [8, inf)}: Chebyshev coefficients in {@code t = 16 / x - 1}. */
    private static final double[] I1_LARGE = {
        0.38928811750914005, -0.009761097491361469, -0.00011058893876262371, -3.882564808877691e-06,
        -2.512236237870209e-07, -2.6314688468895196e-08, -3.835380385964237e-09, -5.589743462196584e-10,
        -1.8974958123505413e-11, 3.2526035830154884e-11, 1.4125807436613782e-11, 2.0356285441470896e-12,
        -7.198551776245908e-13, -4.0835511110921974e-13, -2.1015418427726643e-14, 4.272440016711951e-14,
        1.0420276984128802e-14, -3.8144030724370075e-15, -1.8803547755107825e-15, 3.3082023109209285e-16,
        2.96262899764595e-16, -3.209525921993424e-17, -4.6503053684893586e-17, 4.414348323071708e-18,
        7.517296310842105e-18, -9.314178867326884e-19, -1.242193275194891e-18};

    /** {@code |x|} from which {@code e^|x|} is taken as two halves, as it overflows at {@code 709.78...}. */
    private static final double SPLIT_EXPONENTIAL = 700;

    /** {@code I0(x) = sum (x/2)^(2k) / (k!)^2}, even, at least 1. */
    public static double i0(double x) {
        double a = Math.abs(x);
        if (a <= 8) {
            return powerSeries(a, false);
        }
        return a == Double.POSITIVE_INFINITY ? a : exponential(a, i0e(a));
    }

    /** {@code I0e(x) = e^(-|x|) I0(x)}, even, in {@code (0, 1]}, 0 at {@code ±inf}. */
    public static double i0e(double x) {
        double a = Math.abs(x);
        return a <= 8 ? StrictMath.exp(-a) * powerSeries(a, false) : series(I0_LARGE, 16 / a - 1) / StrictMath.sqrt(a);
    }

    /** {@code I1(x) = sum (x/2)^(2k+1) / (k! (k+1)!)}, odd. */
    public static double i1(double x) {
        double a = Math.abs(x);
        if (a <= 8) {
            return Math.copySign(powerSeries(a, true), x);
        }
        return Math.copySign(a == Double.POSITIVE_INFINITY ? a : exponential(a, i1e(a)), x);
    }

    /** {@code I1e(x) = e^(-|x|) I1(x)}, odd, below 0.22 in magnitude, {@code ±0} at {@code ±inf}. */
    public static double i1e(double x) {
        double a = Math.abs(x);
        double y = a <= 8 ? StrictMath.exp(-a) * powerSeries(a, true)
                : series(I1_LARGE, 16 / a - 1) / StrictMath.sqrt(a);
        return Math.copySign(y, x);
    }

    /** {@code e^a s} for {@code a >= 0}, the exponential in two halves where it alone would overflow. */
    private static double exponential(double a, double s) {
        if (a < SPLIT_EXPONENTIAL) {
            return StrictMath.exp(a) * s;
        }
        double half = StrictMath.exp(a / 2);
        return half * s * half;
    }

    /** I0(a) or I1(a), by their power series. */
    private static double powerSeries(double a, boolean one) {
        double y = a * a / 4;
        double s = 1;
        for (int k = 30; k >= 1; k--) {
            s = 1 + s * y / (k * (one ? k + 1 : k));
        }
        return one ? s * a / 2 : s;
    }

    /** {@code sum_k c_k T_k(t)} for {@code t} in {@code [-1, 1]}, by Clenshaw's recurrence. */
    private static double series(double[] c, double t) {
        double next = 0;
        double afterNext = 0;
        for (int k = c.length - 1; k >= 1; k--) {
            double b = c[k] + 2 * t * next - afterNext;
            afterNext = next;
            next = b;
        }
        return c[0] + t * next - afterNext;
    }
}
