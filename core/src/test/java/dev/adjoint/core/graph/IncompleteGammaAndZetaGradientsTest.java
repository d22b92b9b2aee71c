package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The x-gradient of the regularized incomplete gamma functions, the gamma density
 * {@code x^(a-1) e^-x / Gamma(a)}, against 60-digit mpmath ({@code exp((a-1)*log(x) - x - loggamma(a))}) for a
 * from 1/2 to {@code 1e6}, x near and away from a, in float64 and float32 (references at the float32 inputs,
 * rounded to float32), with its derivative {@code density * ((a-1)/x - 1)}; and the gradients at the edges: NaN
 * where the value is NaN (as PyTorch 1.13's {@code gammainc} backward), and zeta's exact 0 at {@code s = inf}.
 */
class IncompleteGammaAndZetaGradientsTest {

    private static final double[] A = {0.5, 1.0, 3.0, 9.5, 10.0, 250.0, 1e4, 1e4, 1e6, 1e6, 1e6, 1e6};
    private static final double[] X = {2.0, 1e-30, 0.25, 9.0, 10.5, 240.0, 10007.5, 9800.0, 1e6, 1e6 + 0.5,
        999000.0, 1003000.0};

    /** {@code mpmath.exp((a-1)*mpmath.log(x) - x - mpmath.loggamma(a))}. */
    private static final double[] DENSITY = {0.05399096651318805, 1.0, 0.024337524470981402, 0.13359739541859808,
        0.1177195514884425, 0.021393268535884153, 0.003975209348564287, 0.0005362084783323951,
        0.00039894224715624404, 0.00039894199781748395, 0.00024213213250636926, 4.458449018905998e-06};
    private static final double[] DENSITY_32 = {0.05399096757173538, 1.0, 0.02433752454817295, 0.13359738886356354,
        0.11771955341100693, 0.021393269300460815, 0.003975209314376116, 0.0005362085066735744,
        0.00039894224028103054, 0.0003989420074503869, 0.00024213212600443512, 4.458448984223651e-06};
    /** That density times {@code (a-1)/x - 1}, at 60 digits: the second derivative of P in x. */
    private static final double[] SLOPE = {-0.06748870814148507, -1.0, 0.17036267129686983, -0.007422077523255449,
        -0.016817078784063213, 0.0008022475700956558, -3.3763956495424875e-06, 1.0888315019198635e-05,
        -3.98942247156244e-10, -5.984126975198772e-10, 2.4213213250636923e-07, -1.3339786147295016e-08};

    /** The n-th derivative in x of f(a, x), elementwise, a held constant. */
    private static double[] derivative(BinaryOperator<Node> f, int n, double[] a, double[] x, DType dtype) {
        Node constant = SourceOp.constant(Tensor.of(dtype, Shape.of(a.length), a));
        return TailDerivativesOfSpecialFunctionsTest.derivative(v -> f.apply(constant, v), n, x, dtype);
    }

    @Test
    void gammaDensityKeepsItsDigitsForLargeShapes() {
        TailDerivativesOfSpecialFunctionsTest.assertUlps("P'", X, DENSITY,
                derivative(Node::gammainc, 1, A, X, DType.FLOAT64), 4, DType.FLOAT64);
        double[] negated = derivative(Node::gammaincc, 1, A, X, DType.FLOAT64);
        for (int i = 0; i < negated.length; i++) {
            assertEquals(-DENSITY[i], negated[i], 4 * Math.ulp(DENSITY[i]), "Q'(" + X[i] + ")");
        }
        TailDerivativesOfSpecialFunctionsTest.assertUlps("P'", X, DENSITY_32,
                derivative(Node::gammainc, 1, A, X, DType.FLOAT32), 1, DType.FLOAT32);
        // y (a - 1 - x) / x: the density's rounding, then one in a - 1 - x, one in the quotient, one in the product
        TailDerivativesOfSpecialFunctionsTest.assertUlps("P''", X, SLOPE,
                derivative(Node::gammainc, 2, A, X, DType.FLOAT64), 4, DType.FLOAT64);
    }

    @Test
    void gammaGradientIsNanWhereTheValueIsNanAndZeroWhereTheValueIsConstant() {
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {1.0, 2.0, -1.0, 0.0, 0.0, inf, 3.0, 1.0, 0.5};
        double[] x = {-1.0, -0.5, 2.0, 0.0, 2.0, 5.0, inf, 0.0, 0.0};
        double[] g = derivative(Node::gammainc, 1, a, x, DType.FLOAT64);
        // PyTorch 1.13: torch.special.gammainc(a, x).backward() gives NaN for x = -1 (a = 1) and for a < 0, 0 at
        // a = 0, x = 2; at a = 1, x = 0 the density's limit, 1 (PyTorch: NaN, of pow(0, 0) * ...)
        double[] expected = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0.0, 0.0, 0.0, 1.0, inf};
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], g[i], "P'(" + a[i] + ", " + x[i] + ")");
        }
    }

    @Test
    void zetaGradientAtAnInfiniteExponentIsItsLimit() {
        double inf = Double.POSITIVE_INFINITY;
        double[] s = {inf, inf, inf, inf, 2.0, 2.0};
        double[] q = {2.0, 1e3, 1.0, 0.5, 2.0, 0.5};
        // zeta(inf, q) is 0 for q > 1 (exactly, and so is its derivative), 1 at q = 1 and inf below, where
        // -s zeta(s + 1, q) is -inf; at s = 2, -2 mpmath.zeta(3, q)
        double[] expected = {0.0, 0.0, -inf, -inf, -0.4041138063191886, -16.82879664423432};
        double[] g = derivative(Node::zeta, 1, s, q, DType.FLOAT64);
        for (int i = 0; i < s.length; i++) {
            assertEquals(expected[i], g[i], 1e-15 * Math.abs(expected[i]), "zeta_q(" + s[i] + ", " + q[i] + ")");
        }
        double[] second = derivative(Node::zeta, 2, new double[] {inf, inf}, new double[] {2.0, 3.0}, DType.FLOAT64);
        assertEquals(0.0, second[0]);
        assertEquals(0.0, second[1]);
    }

    /**
     * The density's ends, found by a reviewer against the previous build: at {@code a = 1} and at {@code x = inf}
     * the ratio {@code (a - 1 - x) / x} is its limit -1 (it was 0/0 and inf/inf: NaN); where the Stirling prefactor
     * underflows beside a large {@code a / x}, the direct exponential (the product was NaN, or 0 for a normal
     * density). References: {@code mpmath.exp((a-1)*log(x) - x - loggamma(a))} and its derivatives at 50 digits;
     * within 1e-12 relative far into the tail, where the exponential's exponent (-676) carries its argument's
     * rounding (about 676 ulps of the result).
     */
    @Test
    void theDensityKeepsItsLimitsAtTheEnds() {
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {1, 1, 10, 1e10, 10};
        double[] x = {0, inf, 1e-310, 1e-300, 1e-32};
        double[] first = derivative(Node::gammainc, 1, a, x, DType.FLOAT64);
        double[] second = derivative(Node::gammainc, 2, a, x, DType.FLOAT64);
        double[] third = derivative(Node::gammainc, 3, a, x, DType.FLOAT64);
        assertEquals(List.of(1.0, 0.0, 0.0, 0.0), List.of(first[0], first[1], first[2], first[3]));
        assertEquals(-1.0, second[0]);
        assertEquals(0.0, second[1], 0.0, "P''(1, inf)"); // -0: the slope tends to 0 from below
        assertEquals(1.0, third[0]);
        assertEquals(2.7557319223985905e-294, first[4], 1e-12 * 2.7557319223985905e-294);
        assertEquals(2.4801587301587313e-261, second[4], 1e-12 * 2.4801587301587313e-261);
    }
}
