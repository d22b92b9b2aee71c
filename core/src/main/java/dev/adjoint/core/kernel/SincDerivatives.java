package dev.adjoint.core.kernel;

/**
 * The derivatives of the normalized sinc, {@code f(x) = sin(pi x) / (pi x)}, of any order {@code n >= 1},
 * without the cancellation of the quotient rule near 0.
 *
 * <p>For {@code |x| < 1}, the Taylor series of {@code f = sum_k (-1)^k (pi x)^(2k) / (2k + 1)!}, differentiated
 * term by term:
 * <pre>
 *   f^(n)(x) = sum_{2k >= n} (-1)^k pi^(2k) x^(2k - n) / ((2k + 1) (2k - n)!),
 * </pre>
 * whose terms shrink at least as fast as {@code pi^2 / ((2k + 3)(2k - n + 1))} from one to the next; so
 * {@code f'(0) = 0}, {@code f''(0) = -pi^2 / 3}, and {@code f'(x) = -pi^2 x / 3 + ...} keeps its digits for tiny
 * x (the quotient-rule form {@code (cos(pi x) - f(x)) / x} is a difference of two numbers near 1, and reads 0
 * below {@code |x| = 1e-8}). For {@code |x| >= 1}, Leibniz's rule on {@code sin(pi x) * (pi x)^-1}:
 * <pre>
 *   f^(n)(x) = (1 / x) sum_{m = 0..n} C(n, m) m! (-1)^m pi^(n - m - 1) sin(pi x + (n - m) pi / 2) / x^m,
 * </pre>
 * where {@code sin(pi x + j pi / 2)} is {@code ±sin(pi x)} or {@code ±cos(pi x)}, taken of the exact reduction
 * of x to {@code [-1, 1]} as in {@link SpecialFunctions#sinc}; there the terms cancel by at most a factor
 * {@code (n + 1)! / pi^(n + 1)}, below 13 for {@code n <= 8}. NaN at {@code ±inf} and NaN.
 */
public final class SincDerivatives {

    private SincDerivatives() {
    }

    /**
     * {@code d^n/dx^n sinc(x)}, for {@code n >= 1}.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static double derivative(int n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("sinc derivative: order n must be >= 1, got " + n);
        }
        if (Double.isInfinite(x) || Double.isNaN(x)) {
            return Double.NaN;
        }
        return Math.abs(x) < 1 ? series(n, x) : leibniz(n, x);
    }

    /** The term-by-term derivative of the Taylor series, for {@code |x| < 1}. */
    private static double series(int n, double x) {
        int k = (n + 1) / 2; // the first k with 2k >= n: x^(2k - n) is 1 or x, (2k - n)! is 1
        double term = (k % 2 == 0 ? 1 : -1) * StrictMath.pow(Math.PI, 2 * k) / (2 * k + 1)
                * (2 * k == n ? 1 : x);
        double sum = term;
        double piX2 = Math.PI * Math.PI * x * x;
        while (term != 0 && Math.abs(term) > 0x1p-60 * Math.abs(sum)) {
            int p = 2 * k - n; // the power of x in the current term
            term *= -piX2 * (2 * k + 1) / ((2.0 * k + 3) * (p + 1) * (p + 2));
            sum += term;
            k++;
        }
        return sum;
    }

    /** Leibniz's rule on {@code sin(pi x) / (pi x)}, for {@code |x| >= 1}, by Horner's scheme in {@code 1 / x}. */
    private static double leibniz(int n, double x) {
        double r = x - 2 * Math.rint(x / 2); // exact, in [-1, 1]: sin(pi x) = sin(pi r), cos(pi x) = cos(pi r)
        double sine = sinPi(r);
        double cosine = cosPi(r);
        double u = 1 / x;
        double sum = 0;
        double binomialTimesFactorial = 1; // C(n, m) m! = n! / (n - m)!, for m = n down to 0
        for (int m = 1; m <= n; m++) {
            binomialTimesFactorial *= n - m + 1;
        }
        for (int m = n; m >= 0; m--) {
            int j = n - m; // the order of the sine's derivative: sin(pi x + j pi / 2)
            double shifted = switch (j % 4) {
                case 0 -> sine;
                case 1 -> cosine;
                case 2 -> -sine;
                default -> -cosine;
            };
            double coefficient = binomialTimesFactorial * (m % 2 == 0 ? 1 : -1)
                    * StrictMath.pow(Math.PI, j - 1) * shifted;
            sum = sum * u + coefficient;
            if (m > 0) {
                binomialTimesFactorial /= n - m + 1; // n! / (n - m + 1)! from n! / (n - m)!
            }
        }
        return sum / x;
    }

    /** {@code sin(pi r)} for {@code r} in {@code [-1, 1]}, from the nearest of 0, 1/2 and 1 (exact offsets). */
    private static double sinPi(double r) {
        double a = Math.abs(r);
        double s = a <= 0.25 ? StrictMath.sin(Math.PI * a)
                : a <= 0.75 ? StrictMath.cos(Math.PI * (0.5 - a))
                : StrictMath.sin(Math.PI * (1 - a));
        return r < 0 ? -s : s;
    }

    /** {@code cos(pi r)} for {@code r} in {@code [-1, 1]}, from the nearest of 0, 1/2 and 1 (exact offsets). */
    private static double cosPi(double r) {
        double a = Math.abs(r);
        return a <= 0.25 ? StrictMath.cos(Math.PI * a)
                : a <= 0.75 ? StrictMath.sin(Math.PI * (0.5 - a))
                : -StrictMath.cos(Math.PI * (1 - a));
    }
}
