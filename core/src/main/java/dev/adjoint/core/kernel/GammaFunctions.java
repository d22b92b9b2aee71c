package dev.adjoint.core.kernel;

/**
 * The logarithm of the gamma function and its derivatives, the polygamma functions, and the Hurwitz zeta function,
 * built from {@link StrictMath} so that they give the same bits on every CPU. Edge values follow PyTorch
 * ({@code torch.lgamma}, {@code torch.digamma}, {@code torch.polygamma}, {@code torch.special.zeta}).
 *
 * <p><b>lgamma</b> {@code = ln |Gamma(x)|}: near its zeros at 1 and 2 by the Taylor series
 * {@code ln Gamma(1 + z) = -gamma z + sum_(k >= 2) (-1)^k zeta(k) / k z^k} on {@code [1/2, 3/2)} and its
 * counterpart around 2 on {@code [3/2, 5/2)}, so that it is exactly 0 at 1 and 2 and keeps its relative
 * precision around them (the second series is {@code ln Gamma(2 + z) = (1 - gamma) z + sum_(k >= 2) (-1)^k
 * (zeta(k) - 1) / k z^k}); below 1/2 by {@code ln Gamma(x) = ln Gamma(1 + x) - ln |x|}; on {@code [2.5, 8)} by the
 * recurrence down to {@code [1.5, 2.5)}; from 8 on by Stirling's series; for negative x by the reflection
 * {@code ln |Gamma(x)| = ln(pi / |x sin(pi x)|) - ln Gamma(-x)}, with {@code sin(pi x)} reduced exactly.
 *
 * <p><b>digamma</b> {@code psi = Gamma' / Gamma}: on {@code [1, 2]} by its Taylor series around its positive zero
 * {@code x0 = 1.4616...} (carried as two doubles), so it keeps its relative precision there; below 1 by
 * {@code psi(x) = psi(x + 1) - 1/x}; on {@code (2, 10)} by the recurrence down to {@code [1, 2)}; from 10 on by the
 * asymptotic series {@code ln x - 1/(2x) - sum B_2k / (2k x^2k)}; for negative x by the reflection
 * {@code psi(x) = psi(1 - x) - pi cot(pi x)}.
 *
 * <p><b>polygamma</b> {@code psi^(n) = d^n psi / dx^n}, {@code n >= 1}: for positive x the series
 * {@code (-1)^(n+1) n! sum_k 1 / (x + k)^(n+1)}, summed directly until {@code x + k >= n + 12} and completed by
 * the Euler-Maclaurin tail of the Hurwitz zeta function, all terms of one sign; for negative x the reflection
 * {@code psi^(n)(x) = (-1)^n psi^(n)(1 - x) - pi^(n+1) P_n(cot pi x)}, where {@code P_0(c) = c} and
 * {@code P_(n+1)(c) = -(1 + c^2) P_n'(c)} are the derivatives of the cotangent.
 *
 * <p><b>zeta</b> {@code zeta(s, q) = sum_(k >= 0) 1 / (q + k)^s}, the Hurwitz zeta function behind polygamma
 * ({@code psi^(n)(x) = (-1)^(n+1) n! zeta(n + 1, x)}), for real {@code s > 1}: the same direct sum and
 * Euler-Maclaurin tail, exposed with Cephes' domain rules; within 4 ulps of mpmath for s up to 101 and q from
 * {@code 1e-3} to {@code 1e3}.
 *
 * <p>Accuracy, against 60-digit mpmath references: for positive arguments lgamma and digamma within 2 ulps,
 * polygamma within 3 ulps for n = 1 and 2, 5 for n = 5; for negative arguments the absolute error is within 3 ulps
 * of the larger term of the reflection (6 and 12 for n = 2 and 5, as cot's rounding enters {@code P_n}'s powers),
 * so that the relative error grows near the negative zeros of lgamma and digamma (as in every implementation
 * that reflects, glibc's and PyTorch's included).
 */
public final class GammaFunctions {

    private GammaFunctions() {
    }

    /** Euler's constant gamma = -psi(1). */
    private static final double EULER = 0.5772156649015329;
    private static final double LOG_PI = 1.1447298858494002;
    /** ln(2 pi) / 2. */
    private static final double HALF_LOG_TWO_PI = 0.9189385332046728;

    /** {@code (-1)^k zeta(k) / k} for k = 2, 3, ...: ln Gamma(1 + z) = -gamma z + sum of these times z^k. */
    private static final double[] LOG_GAMMA_SERIES = {0.8224670334241132, -0.40068563438653143,
        0.27058080842778454, -0.20738555102867398, 0.1695571769974082, -0.1440498967688461, 0.12550966952474304,
        -0.11133426586956469, 0.1000994575127818, -0.09095401714582904, 0.083353840546109, -0.0769325164113522,
        0.07143294629536133, -0.06666870588242046, 0.06250095514121304, -0.058823978658684585,
        0.055555767627403614, -0.05263167937961666, 0.05000004769810169, -0.047619070330142226,
        0.04545455629320467, -0.04347826605304026, 0.04166666915034121, -0.04000000119214014,
        0.03846153903467518, -0.037037037312989324, 0.035714285847333355, -0.034482758684919304,
        0.03333333336437758, -0.03225806453115042, 0.03125000000727597, -0.030303030306558044,
        0.029411764707594344, -0.02857142857226011, 0.027777777778181998, -0.027027027027223673,
        0.02631578947377995, -0.025641025641072283, 0.025000000000022737, -0.024390243902450117,
        0.023809523809529224, -0.023255813953491015, 0.02272727272727402, -0.022222222222222855,
        0.021739130434782917, -0.021276595744681003, 0.02083333333333341, -0.02040816326530616,
        0.020000000000000018, -0.019607843137254912, 0.019230769230769235, -0.01886792452830189,
        0.01851851851851852, -0.01818181818181818, 0.017857142857142856, -0.017543859649122806,
        0.017241379310344827, -0.01694915254237288};

    /** 1 - gamma = psi(2). */
    private static final double ONE_MINUS_EULER = 0.42278433509846713;

    /**
     * {@code (-1)^k (zeta(k) - 1) / k} for k = 2, 3, ..., 31: ln Gamma(2 + z) = (1 - gamma) z + sum of these times
     * z^k, which converges for {@code |z| < 2}, so that 30 terms reach double precision for {@code |z| <= 1/2}.
     */
    private static final double[] LOG_GAMMA_TWO_SERIES = {
        0.3224670334241132, -0.0673523010531981, 0.020580808427784546, -0.007385551028673986,
        0.0028905103307415234, -0.001192753911703261, 0.0005096695247430425, -0.00022315475845357939,
        9.945751278180853e-05, -4.492623673813314e-05, 2.050721277567069e-05, -9.439488275268397e-06,
        4.374866789907488e-06, -2.039215753801366e-06, 9.55141213040742e-07, -4.492469198764566e-07,
        2.1207184805554665e-07, -1.0043224823968099e-07, 4.7698101693639804e-08, -2.2711094608943164e-08,
        1.0838659214896955e-08, -5.183475041970047e-09, 2.4836745438024785e-09, -1.1921401405860912e-09,
        5.731367241678862e-10, -2.7595228851242334e-10, 1.330476437424449e-10, -6.4229645638381e-11,
        3.1044247747322276e-11, -1.5021384080754142e-11};

    /** The positive zero of digamma, x0 = X0_HI + X0_LO. */
    private static final double X0_HI = 1.4616321449683622;
    private static final double X0_LO = 9.549995429965697e-17;
    /** {@code psi^(k)(x0) / k!} for k = 1, 2, ...: the Taylor coefficients of digamma around x0. */
    private static final double[] DIGAMMA_ROOT_SERIES = {0.9676722454476212, -0.4427631689835921,
        0.258499760955651, -0.16394270544240652, 0.10782405069126237, -0.07219956125645471, 0.04880428816414311,
        -0.03316112647484736, 0.022597648232218104, -0.01542476590494896, 0.010538791616612175,
        -0.007204534386356869, 0.004926781395729853, -0.003369801655439328, 0.002305126326734928,
        -0.0015769367714301972, 0.0010788252019162967, -0.0007380709389960052, 0.000504953265834602,
        -0.0003454680251063077, 0.00023635601564027053, -0.00016170622091974803, 0.0001106337276874741,
        -7.569179582195066e-05, 5.178575795222081e-05, -3.5430070947659604e-05, 2.424006611860132e-05,
        -1.6584242271854135e-05, 1.134638458466385e-05, -7.762817668462094e-06, 5.3110609208898636e-06,
        -3.6336507898010456e-06, 2.486022733129538e-06, -1.7008538854332607e-06, 1.1636675363548843e-06,
        -7.96142543124197e-07, 5.446941930669446e-07, -3.7266161283438227e-07, 2.549626552021554e-07,
        -1.7443695117727745e-07, 1.1934394829830244e-07, -8.165115189488409e-08, 5.586299683532171e-08,
        -3.821960061917494e-08};

    /** The Bernoulli numbers B_2, B_4, ..., B_22. */
    private static final double[] BERNOULLI = {0.16666666666666666, -0.03333333333333333, 0.023809523809523808,
        -0.03333333333333333, 0.07575757575757576, -0.2531135531135531, 1.1666666666666667, -7.092156862745098,
        54.971177944862156, -529.1242424242424, 6192.123188405797};

    /** {@code ln Gamma(1 + z)} for {@code |z| <= 1/2}, by its Taylor series. */
    static double logGammaOnePlus(double z) {
        if (z == 0) {
            return 0.0; // +0, as PyTorch's lgamma(1)
        }
        double s = 0;
        for (int k = LOG_GAMMA_SERIES.length - 1; k >= 0; k--) {
            s = LOG_GAMMA_SERIES[k] + z * s;
        }
        return z * (-EULER + z * s);
    }

    /** {@code ln Gamma(2 + z)} for {@code |z| <= 1/2}, by its Taylor series. */
    private static double logGammaTwoPlus(double z) {
        if (z == 0) {
            return 0.0;
        }
        double s = 0;
        for (int k = LOG_GAMMA_TWO_SERIES.length - 1; k >= 0; k--) {
            s = LOG_GAMMA_TWO_SERIES[k] + z * s;
        }
        return z * (ONE_MINUS_EULER + z * s);
    }

    /** {@code r = x - rint(x)} in {@code [-1/2, 1/2]}, exact: sin(pi x) = ±sin(pi r), cot(pi x) = cot(pi r). */
    private static double reduced(double x) {
        return x - Math.rint(x);
    }

    /**
     * {@code cot(pi r)} for the reduced {@code r != 0}; beyond {@code |r| = 1/4} as {@code ±tan(pi (1/2 - |r|))}
     * ({@code 1/2 - |r|} is exact), which keeps its relative precision near the zero at {@code ±1/2}.
     */
    private static double cotPi(double r) {
        double a = Math.abs(r);
        return a <= 0.25 ? 1 / StrictMath.tan(Math.PI * r) : Math.copySign(StrictMath.tan(Math.PI * (0.5 - a)), r);
    }

    /**
     * {@code ln |Gamma(x)|}: {@code +inf} at the poles {@code 0, -1, -2, ...} and at {@code ±inf}, exactly 0 at 1
     * and 2, NaN for NaN.
     */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (Double.isInfinite(x)) {
            return Double.POSITIVE_INFINITY;
        }
        double a = Math.abs(x);
        if (a < 0.5) {
            return x == 0 ? Double.POSITIVE_INFINITY : logGammaOnePlus(x) - StrictMath.log(a);
        }
        if (x < 0) {
            double r = reduced(x);
            if (r == 0) {
                return Double.POSITIVE_INFINITY;
            }
            double ar = Math.abs(r);
            double sine = ar <= 0.25 ? StrictMath.sin(Math.PI * ar) : StrictMath.cos(Math.PI * (0.5 - ar));
            return LOG_PI - StrictMath.log(a * sine) - lgamma(a);
        }
        if (x < 1.5) {
            return logGammaOnePlus(x - 1);
        }
        if (x < 2.5) {
            return logGammaTwoPlus(x - 2);
        }
        if (x < 8) {
            double product = 1;
            double y = x;
            while (y >= 2.5) {
                y -= 1;
                product *= y;
            }
            return lgamma(y) + StrictMath.log(product);
        }
        double series = 0;
        if (x < 0x1p30) {
            double w = 1 / (x * x);
            for (int k = 7; k >= 0; k--) {
                series = BERNOULLI[k] / ((2 * k + 2) * (2 * k + 1)) + w * series;
            }
            series /= x;
        }
        return (x - 0.5) * (StrictMath.log(x) - 1) + (HALF_LOG_TWO_PI - 0.5) + series;
    }

    /**
     * {@code psi(x) = d/dx ln Gamma(x)}: {@code -inf} at {@code +0} and {@code +inf} at {@code -0} (the limits
     * from each side), NaN at the negative integers and at {@code -inf}, {@code +inf} at {@code +inf}.
     */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x == 0) {
            return Math.copySign(Double.POSITIVE_INFINITY, -x);
        }
        if (x < 0) {
            double r = reduced(x);
            if (r == 0) {
                return Double.NaN;
            }
            return digamma(1 - x) - Math.PI * cotPi(r);
        }
        if (x < 1) {
            return digamma(x + 1) - 1 / x;
        }
        if (x <= 2) {
            double z = (x - X0_HI) - X0_LO;
            double s = 0;
            for (int k = DIGAMMA_ROOT_SERIES.length - 1; k >= 0; k--) {
                s = DIGAMMA_ROOT_SERIES[k] + z * s;
            }
            return z * s;
        }
        if (x < 10) {
            double y = x;
            double sum = 0;
            while (y > 2) {
                y -= 1;
                sum += 1 / y;
            }
            return digamma(y) + sum;
        }
        double series = 0;
        if (x < 0x1p30) {
            double w = 1 / (x * x);
            for (int k = 8; k >= 0; k--) {
                series = BERNOULLI[k] / (2 * k + 2) + w * series;
            }
            series *= w;
        }
        return StrictMath.log(x) - 0.5 / x - series;
    }

    /**
     * {@code psi^(n)(x)}, the n-th derivative of digamma, {@code n >= 1}: {@code (-1)^(n+1) inf} at the poles
     * {@code 0, -1, -2, ...} (+inf for odd n), {@code (-1)^(n+1) 0} at {@code +inf}, NaN at {@code -inf} and NaN.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    public static double polygamma(int n, double x) {
        if (n < 1) {
            throw new IllegalArgumentException("polygamma: order must be >= 1 here, got " + n);
        }
        double sign = n % 2 == 1 ? 1 : -1;
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return sign * 0.0;
        }
        double r = reduced(x);
        if (x <= 0 && r == 0) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (x > 0) {
            return sign * factorial(n) * hurwitzZeta(n + 1.0, x);
        }
        double c = cotPi(r);
        double cotangentDerivative = StrictMath.pow(Math.PI, n + 1) * cotangentPolynomial(n, c);
        return (n % 2 == 0 ? 1 : -1) * polygamma(n, 1 - x) - cotangentDerivative;
    }

    /** {@code n!} as a double ({@code +inf} beyond 170). */
    private static double factorial(int n) {
        double f = 1;
        for (int k = 2; k <= n; k++) {
            f *= k;
        }
        return f;
    }

    /**
     * The Hurwitz zeta function {@code zeta(s, q) = sum_(k >= 0) 1 / (q + k)^s}, with the domain rules of Cephes'
     * {@code zeta} (and so {@code torch.special.zeta}): {@code +inf} at {@code s = 1}, NaN for {@code s < 1};
     * for {@code q <= 0}, {@code +inf} at the poles {@code q = 0, -1, -2, ...} (and {@code -inf}), NaN for a
     * non-integer s (where {@code (q + k)^-s} is not real), else the sum of the signed terms. Its limits
     * are exact where PyTorch's series loses them: 0 at {@code q = +inf}, and at {@code s = +inf} 1 for
     * {@code q = 1}, 0 for {@code q > 1}, {@code +inf} below; and {@code zeta(s, q) ~ q^(1-s) / (s - 1)} does
     * not underflow where {@code q^-s} does (PyTorch's {@code zeta(2, 1e300)} is 0, the exact value 1e-300).
     * NaN for NaN. The sum is {@link #hurwitzZeta}'s.
     */
    public static double zeta(double s, double q) {
        if (Double.isNaN(s) || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (s == 1) {
            return Double.POSITIVE_INFINITY;
        }
        if (s < 1) {
            return Double.NaN;
        }
        if (q <= 0 && q == Math.floor(q)) {
            return Double.POSITIVE_INFINITY;
        }
        if (q < 0 && s != Math.floor(s)) {
            return Double.NaN;
        }
        if (q == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        if (s == Double.POSITIVE_INFINITY) {
            return q == 1 ? 1.0 : q > 1 ? 0.0 : Double.POSITIVE_INFINITY;
        }
        return hurwitzZeta(s, q);
    }

    /**
     * {@code zeta(s, q) = sum_(k >= 0) 1 / (q + k)^s} for {@code s > 1} and q not a pole (s an integer if
     * {@code q < 0}): the first terms directly, until {@code a = q + k >= s + 11}, then the Euler-Maclaurin tail
     * {@code a^(1-s)/(s-1) + a^-s/2 + sum_j B_2j / (2j)! s (s+1) ... (s+2j-2) a^(-s-2j+1)} at that a. The direct
     * sum stops early, for q positive, once the rest (below {@code a^(1-s) / (s-1)}, at most
     * {@code a / (s - 1)} times the last term) is below {@code 2^-60} of the sum, which a large s reaches after
     * a few terms (and returns 0 where the first
     * term underflows).
     */
    static double hurwitzZeta(double s, double q) {
        double sum = 0;
        double a = q;
        while (a < s + 11) {
            double term = StrictMath.pow(a, -s);
            sum += term;
            if (a > 0 && term * a <= 0x1p-60 * (s - 1) * sum) {
                return sum;
            }
            a += 1;
        }
        double w = 1 / (a * a);
        double power = StrictMath.pow(a, -s); // a^-s
        double tail = StrictMath.pow(a, 1 - s) / (s - 1) + power / 2; // not power * a: a^-s may underflow
        double rising = s; // s (s+1) ... (s+2j-2)
        double factorial = 2; // (2j)!
        double term = power / a; // a^(-s-2j+1)
        for (int j = 1; j <= BERNOULLI.length; j++) {
            double t = BERNOULLI[j - 1] / factorial * rising * term;
            tail += t;
            if (Math.abs(t) < 0x1p-60 * tail) {
                break;
            }
            rising *= (s + 2 * j - 1) * (s + 2 * j);
            factorial *= (2 * j + 1) * (double) (2 * j + 2);
            term *= w;
        }
        return sum + tail;
    }

    /**
     * {@code P_n(c)}: {@code d^n/dx^n cot(pi x) = pi^n P_n(cot pi x)}, with {@code P_0 = c} and
     * {@code P_(n+1) = -(1 + c^2) P_n'}.
     */
    private static double cotangentPolynomial(int n, double c) {
        double[] p = {0, 1}; // coefficients of c^0, c^1, ...
        for (int k = 0; k < n; k++) {
            double[] next = new double[p.length + 1];
            for (int i = 1; i < p.length; i++) {
                double derivative = i * p[i]; // coefficient of c^(i-1) in P'
                next[i - 1] -= derivative;
                next[i + 1] -= derivative;
            }
            p = next;
        }
        double v = p[p.length - 1]; // not from 0: c * 0 is NaN for an infinite c (x within 1e-308 of a pole)
        for (int i = p.length - 2; i >= 0; i--) {
            v = p[i] + c * v;
        }
        return v;
    }
}
