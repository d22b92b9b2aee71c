package dev.adjoint.core.kernel;

/**
 * The derivatives of the scaled complementary error function {@code erfcx x = e^(x^2) erfc x}, of any order
 * {@code n >= 1}, without the cancellation of {@code erfcx'(x) = 2 x erfcx(x) - 2/sqrt(pi)} for large x (whose
 * two terms agree to {@code 1 / (2 x^2)}: the second derivative at {@code x = 1e4} read three times too large).
 *
 * <p>With {@code E_n(x) = e^(x^2) i^n erfc(x)}, the scaled repeated integrals of erfc (Abramowitz and Stegun
 * 7.2), {@code E_-1 = 2/sqrt(pi)} and {@code E_0 = erfcx x}:
 * <pre>
 *   erfcx^(n)(x) = (-2)^n n! E_n(x),          2n E_n = E_(n-2) - 2x E_(n-1)   (A&amp;S 7.2.5).
 * </pre>
 * For the orders 1 to 4 on {@code [0, 32)}, {@link ScaledErfcIntegrals}: polynomial fits of {@code E_3} and
 * {@code E_4}, and the recurrence run downwards, where all its terms are positive (a few dozen flops, where the
 * fraction below needs up to a thousand terms). The higher orders on {@code [0, 32)} start from the fitted
 * {@code E_3} and {@code E_4}: up to {@code x = 1/2} the recurrence runs upwards from them, and above, {@code E_n}
 * is {@code E_4} times {@code f_n / f_4}, the recurrence run downwards from a depth D with {@code f_(D+1) = 0},
 * {@code f_D = 1} (Miller's method; all its terms are positive). Elsewhere, for {@code x <= 1/2} the recurrence runs
 * upwards from {@code E_-1} and {@code E_0}: for {@code x <= 0} its two terms have one sign. Above 1/2 it would
 * cancel; there {@code E_n} is {@code E_0} times the ratios {@code r_j = E_j / E_(j-1)}, which the recurrence turns
 * into the continued fraction {@code r_j = 1 / (2x + 2(j+1) r_(j+1))}, all of whose terms are positive, evaluated
 * from the bottom up, from the depth where a bound on the error its start leaves falls below {@code 2^-64} (fast
 * for large x), or {@code n + 20 + 250 / x^2} terms where that bound does not fall:
 * <pre>
 *   erfcx^(n)(x) = erfcx(x) prod_(j = 1..n) (-2j r_j).
 * </pre>
 * Against mpmath ({@code erfcx-derivatives.csv} in the test resources), the orders 1 to 4 within 2 ulps on
 * {@code [0, 32)} (2.15 at worst on 20,000 random points)
 * and within 4 ulps from -26 to {@code 1e160}, {@code erfcx}'s own rounding included; the orders 5 to 8
 * ({@code erfcx-higher-derivatives.csv}) within 4 ulps on {@code [0, 32)} and 5 from -26 to 0, and within 4 at the
 * tests' points from 32 to {@code 1e8}. Each further order adds about an ulp: orders 9 to 12 measured up to 10 ulps on
 * {@code [0, 32)}. At {@code +inf} 0, at {@code -inf} {@code (-1)^n inf}, NaN for NaN.
 */
public final class ErfcxDerivatives {

    private ErfcxDerivatives() {
    }

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

    /**
     * {@code d^n/dx^n erfcx(x)}, for {@code n >= 1}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static double derivative(int n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("erfcx derivative: order n must be >= 1, got " + n);
        }
        int top = ScaledErfcIntegrals.MAX_ORDER;
        if (x >= 0 && x < ScaledErfcIntegrals.END) {
            if (n <= top) {
                return factor(n) * ScaledErfcIntegrals.value(n, x);
            }
            double known = ScaledErfcIntegrals.value(top, x);
            return factor(n) * (x <= 0.5 ? upwards(n, x, top, ScaledErfcIntegrals.value(top - 1, x), known)
                    : known * downwards(n, x, top));
        }
        double erfcx = NormalDistribution.erfcx(x);
        return x <= 0.5 ? factor(n) * upwards(n, x, 0, TWO_OVER_SQRT_PI, erfcx) : erfcx * ratios(n, x);
    }

    /** {@code (-2)^n n!}, exact up to {@code n = 22}. */
    private static double factor(int n) {
        double factor = 1;
        for (int j = 1; j <= n; j++) {
            factor *= -2 * j;
        }
        return factor;
    }

    /** {@code E_n} by the recurrence run upwards from {@code E_(m-1)} and {@code E_m}, for {@code x <= 1/2}. */
    private static double upwards(int n, double x, int m, double below, double known) {
        double previous = below;
        double current = known;
        for (int j = m + 1; j <= n; j++) {
            double next = (previous - 2 * x * current) / (2 * j);
            previous = current;
            current = next;
        }
        return current;
    }

    /**
     * {@code E_n / E_m} for {@code x > 1/2} and {@code n > m}, by Miller's method: from {@code f_(D+1) = 0} and
     * {@code f_D = 1} at the {@link #depth} D, the recurrence run downwards, {@code f_(j-2) = 2j f_j + 2x f_(j-1)},
     * all of whose terms are positive, gives {@code f_j} proportional to {@code E_j} (the start's error fading as the
     * continued fraction's does), and the ratio is {@code f_n / f_m}. The values grow downwards, so they are
     * rescaled by {@code 2^-500} whenever they pass {@code 2^500} (on the fits' range a step grows them by less
     * than {@code 2^12}).
     */
    private static double downwards(int n, double x, int m) {
        double above = 0;
        double current = 1;
        double fn = 0; // f_n, set on the way down, as D > n
        for (int j = depth(n, x); j > m; j--) { // current = f_j, above = f_(j+1): f_(j-1) = 2(j+1) f_(j+1) + 2x f_j
            double next = Math.fma(2 * x, current, 2 * (j + 1) * above);
            above = current;
            current = next;
            if (j - 1 == n) {
                fn = current;
            }
            if (current > 0x1p500) {
                current *= 0x1p-500;
                above *= 0x1p-500;
                fn *= 0x1p-500;
            }
        }
        return fn / current;
    }

    /** {@code prod_(j = 1..n) (-2j r_j)}, the ratios from the continued fraction, for {@code x > 1/2}. */
    private static double ratios(int n, double x) {
        int depth = depth(n, x);
        double r = 0;
        for (int j = depth; j > n; j--) {
            r = 1 / (2 * x + 2 * j * r);
        }
        double product = 1;
        for (int j = n; j >= 1; j--) {
            product *= -2 * j * r; // r = r_j here
            r = 1 / (2 * x + 2 * j * r);
        }
        return product;
    }

    /**
     * The depth D from which the fraction, started at {@code r_D = 0}, gives {@code r_n}: the first D with
     * {@code prod_(j = n+1..D) j / (2x^2) <= 2^-64}, a bound on the relative error that start leaves in
     * {@code r_n} (a relative error e in {@code r_j} is one of at most {@code e j / (2x^2)} in {@code r_(j-1)}, as
     * {@code 2j r_j <= j / x}), and at most {@code n + 20 + 250 / x^2} (enough for 17 digits: the fraction converges
     * the faster the larger x), which also serves where the bound does not fall.
     */
    private static int depth(int n, double x) {
        int most = n + 20 + (int) Math.min(250 / (x * x), 1000);
        double halfOverSquare = 0.5 / (x * x);
        double bound = 1;
        int depth = n;
        while (bound > 0x1p-64 && depth < most) {
            depth++;
            bound *= depth * halfOverSquare;
        }
        return depth;
    }
}
