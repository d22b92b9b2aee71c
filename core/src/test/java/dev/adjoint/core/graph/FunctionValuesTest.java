package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The function families compute what PyTorch computes: values of PyTorch 1.13 in float64 (computed once with
 * {@code torch.erf}, {@code torch.lgamma}, {@code torch.polygamma}, {@code F.gelu}, ..., {@code torch.remainder};
 * the definitions and conventions are the point: half-to-even rounding, the remainders' signs, the hard activations
 * of Keras 3 and PyTorch, xlogy's 0 at x = 0, the gamma functions' values at their poles), within 4 ulps,
 * infinities, NaN and the sign of zero exactly. The deliberate differences: a zero remainder takes the divisor's
 * sign, as in NumPy ({@code torch.remainder(-0.0, 2)} is -0); trigamma is +inf at every pole (PyTorch's is finite at
 * the negative integers); and where PyTorch's formulas miss the exact value (mpmath) by more than 4 ulps, the
 * exact value is the reference: both GELUs for negative x, SELU near 0, digamma at -0.5 and 1.5, trigamma,
 * and erfinv near 1.
 */
class FunctionValuesTest {

    private static final double[] X = {-1000.0, -7.5, -3.0, -2.5, -1.0, -0.5, -1e-8, 0.0, 1e-8, 0.5, 1.0, 1.5,
        2.5, 3.0, 4.0, 1000.0};

    private static final Map<String, UnaryOperator<Node>> UNARY = Map.ofEntries(
            Map.entry("erf", SpecialFunctionOp::erf), Map.entry("erfc", SpecialFunctionOp::erfc),
            Map.entry("erfinv", SpecialFunctionOp::erfinv), Map.entry("lgamma", SpecialFunctionOp::lgamma),
            Map.entry("digamma", SpecialFunctionOp::digamma),
            Map.entry("polygamma(1)", x -> SpecialFunctionOp.polygamma(1, x)),
            Map.entry("polygamma(3)", x -> SpecialFunctionOp.polygamma(3, x)),
            Map.entry("gelu", ActivationOp::gelu),
            Map.entry("gelu(tanh)", x -> ActivationOp.gelu(x, ActivationOp.Gelu.Approximation.TANH)),
            Map.entry("logSigmoid", ActivationOp::logSigmoid), Map.entry("silu", ActivationOp::silu),
            Map.entry("selu", ActivationOp::selu),
            Map.entry("mish", ActivationOp::mish), Map.entry("hardSigmoid", ActivationOp::hardSigmoid),
            Map.entry("hardSwish", ActivationOp::hardSwish), Map.entry("softsign", ActivationOp::softsign),
            Map.entry("sinc", TrigonometricOp::sinc), Map.entry("atan", TrigonometricOp::atan),
            Map.entry("sinh", HyperbolicOp::sinh),
            Map.entry("cosh", HyperbolicOp::cosh), Map.entry("asinh", HyperbolicOp::asinh),
            Map.entry("floor", RoundingOp::floor), Map.entry("ceil", RoundingOp::ceil),
            Map.entry("round", RoundingOp::round), Map.entry("trunc", RoundingOp::trunc),
            Map.entry("reciprocal", PowerOp::reciprocal), Map.entry("tan", TrigonometricOp::tan),
            Map.entry("asin", TrigonometricOp::asin), Map.entry("acos", TrigonometricOp::acos),
            Map.entry("acosh", HyperbolicOp::acosh), Map.entry("atanh", HyperbolicOp::atanh),
            Map.entry("rsqrt", PowerOp::rsqrt), Map.entry("sign", UnaryOp::sign));

    private record Row(String op, double[] x, double[] expected) {
    }

    private static Row row(String op, double[] x, double... expected) {
        return new Row(op, x, expected);
    }

    private static final List<Row> ROWS = List.of(
            row("erf", X, -1.0, -1.0, -0.9999779095030014, -0.999593047982555, -0.8427007929497149, -0.5204998778130465,
                    -1.1283791670955126e-08, 0.0, 1.1283791670955126e-08, 0.5204998778130465, 0.8427007929497149,
                    0.9661051464753108, 0.999593047982555, 0.9999779095030014, 0.9999999845827421, 1.0),
            row("erfc", X, 2.0, 2.0, 1.9999779095030015, 1.999593047982555, 1.8427007929497148, 1.5204998778130465,
                    1.0000000112837917, 1.0, 0.9999999887162083, 0.4795001221869535, 0.15729920705028513,
                    0.033894853524689274, 0.0004069520174449589, 2.209049699858544e-05, 1.541725790028002e-08, 0.0),
            // PyTorch's erfinv(0.999) is 40 ulps off the exact 2.3267537655135246 (mpmath), which is the reference
            row("erfinv", new double[] {-1.5, -1.0, -0.9, -0.5, -1e-08, -0.0, 0.0, 1e-08, 0.3, 0.5, 0.9, 0.999, 1.0,
                1.5},
                    Double.NaN, Double.NEGATIVE_INFINITY, -1.1630871536766743, -0.4769362762044699,
                    -8.86226925452758e-09, -0.0, 0.0, 8.86226925452758e-09, 0.2724627147267544, 0.4769362762044699,
                    1.1630871536766743, 2.3267537655135246, Double.POSITIVE_INFINITY, Double.NaN),
            row("lgamma", X, Double.POSITIVE_INFINITY, -8.404537371451598, Double.POSITIVE_INFINITY,
                    -0.05624371649767405, Double.POSITIVE_INFINITY, 1.2655121234846454, 18.42068074972452,
                    Double.POSITIVE_INFINITY, 18.42068073818021, 0.5723649429247001, 0.0, -0.12078223763524522,
                    0.2846828704729192, 0.6931471805599453, 1.791759469228055, 5905.220423209181),
            // PyTorch's digamma at -0.5 and 1.5 is 7 ulps off
            // psi(3/2) = 2 - gamma - 2 ln 2 = 0.03648997397857652: mpmath's
            row("digamma", X, Double.NaN, 2.0800908175794204, Double.NaN, 1.1031566406452433, Double.NaN,
                    0.03648997397857652, 99999999.42278431, Double.NEGATIVE_INFINITY, -100000000.57721564,
                    -1.9635100260214229, -0.5772156649015328, 0.03648997397857652, 0.7031566406452431,
                    0.922784335098467, 1.2561176684318003, 6.907255195648812),
            row("digamma", new double[] {-0.0, 1e-300, -1e-300, 1e308, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY}, Double.POSITIVE_INFINITY, -1e300, 1e300, 709.1962086421661,
                    Double.POSITIVE_INFINITY, Double.NaN),
            // exact values (mpmath): PyTorch 1.13's trigamma is accurate to 1e-9 only (1.6449340676383375 at 1 for
            // pi^2/6 = 1.6449340668482264), and finite at the negative integers (its reflection's 1 / sin^2(pi x) with
            // sin(pi x) rounded, 9.6e25 at -1000); the poles' value is +inf, as PyTorch's own at 0
            row("polygamma(1)", X, Double.POSITIVE_INFINITY, 9.744766282170433, Double.POSITIVE_INFINITY,
                    9.539246644989124, Double.POSITIVE_INFINITY, 8.934802200544679, 1.0000000000000002e+16,
                    Double.POSITIVE_INFINITY, 1.0000000000000002e+16, 4.934802200544679, 1.6449340668482264,
                    0.9348022005446793, 0.49035775610023485, 0.39493406684822646, 0.2838229557371153,
                    0.0010005001666666333),
            row("polygamma(1)", new double[] {1e308, Double.POSITIVE_INFINITY}, 1e-308, 0.0),
            row("polygamma(3)", X, Double.POSITIVE_INFINITY, 194.8143059276445, Double.POSITIVE_INFINITY,
                    194.74787621918756, Double.POSITIVE_INFINITY, 193.40909103400242, 5.999999999999999e+32,
                    Double.POSITIVE_INFINITY, 5.999999999999999e+32, 97.40909103400242, 6.493939402266829,
                    1.4090910340024367, 0.2239058488172521, 0.11893940226682916, 0.04486532819275508,
                    2.003001999999e-09),
            // exact values (mpmath, 50 digits): PyTorch's x (1 + erf(x / sqrt 2)) / 2 cancels for negative x, its
            // gelu(-7.5) is off by 3e-4 relative and gelu(-3) by 30 ulps
            row("gelu", X, -0.0, -2.393168754683172e-13, -0.0040496940948902835, -0.015524163314440337,
                    -0.15865525393145705, -0.15426876936299344, -4.999999960105772e-09, 0.0, 5.000000039894228e-09,
                    0.34573123063700656, 0.8413447460685429, 1.399789198096713, 2.4844758366855597, 2.99595030590511,
                    3.9998733150326675, 1000.0),
            // idem for the tanh form, x (1 + tanh u) / 2, which cancels too (PyTorch's value at -7.5 is 0); at -1000
            // the exact value underflows, to -0 as x sigmoid(2u) is evaluated here
            row("gelu(tanh)", X, -0.0, -4.016268217514145e-18, -0.003637392081773019, -0.015084266089998582,
                    -0.1588080093917233, -0.15428599017485609, -4.999999960105772e-09, 0.0, 5.000000039894228e-09,
                    0.34571400982514394, 0.8411919906082767, 1.3995715769802328, 2.484915733910001, 2.996362607918227,
                    3.9999297540518075, 1000.0),
            row("logSigmoid", new double[] {-1000.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 1000.0}, -1000.0, -40.0,
                    -1.3132616875182228, -0.6931471855599454, -0.6931471805599453, -0.6931471755599453,
                    -0.31326168751822286, -4.248354255291589e-18, 0.0),
            row("silu", X, -0.0, -0.004145839776926997, -0.14227761953270035, -0.18964545005310887, -0.2689414213699951,
                    -0.1887703343990727, -4.9999999750000005e-09, 0.0, 5.000000025e-09, 0.3112296656009273,
                    0.7310585786300049, 1.2263617142904655, 2.3103545499468914, 2.8577223804672998, 3.928055160151634,
                    1000.0),
            // exact values (mpmath): PyTorch's exp(x) - 1 loses half the digits at x = -1e-8, expm1 does not
            row("selu", X, -1.7580993408473768, -1.757126963580787, -1.670568728767112, -1.6137857588732425,
                    -1.1113307378125628, -0.6917581878028713, -1.7580993320568802e-08, 0.0, 1.0507009873554805e-08,
                    0.5253504936777402, 1.0507009873554805, 1.5760514810332207, 2.6267524683887014,
                    3.1521029620664414, 4.202803949421922, 1050.7009873554805),
            row("mish", X, -0.0, -0.004146985642582228, -0.1456474612756246, -0.19681620390653337, -0.30340146137410895,
                    -0.22074377465173, -5.999999968000001e-09, 0.0, 6.000000032000001e-09, 0.3752452113048951,
                    0.8650983882673103, 1.4033782663958028, 2.471392304557881, 2.9865350049679575, 3.9974128069762385,
                    1000.0),
            row("hardSigmoid", X, 0.0, 0.0, 0.0, 0.08333333333333333, 0.3333333333333333, 0.4166666666666667,
                    0.49999999833333336, 0.5, 0.5000000016666667, 0.5833333333333334, 0.6666666666666666, 0.75,
                    0.9166666666666666, 1.0, 1.0, 1.0),
            row("hardSwish", X, -0.0, -0.0, -0.0, -0.20833333333333334, -0.3333333333333333, -0.20833333333333334,
                    -4.999999983333334e-09, 0.0, 5.000000016666666e-09, 0.2916666666666667, 0.6666666666666666, 1.125,
                    2.2916666666666665, 3.0, 4.0, 1000.0),
            row("softsign", X, -0.999000999000999, -0.8823529411764706, -0.75, -0.7142857142857143, -0.5,
                    -0.3333333333333333, -9.999999900000002e-09, 0.0, 9.999999900000002e-09, 0.3333333333333333, 0.5,
                    0.6, 0.7142857142857143, 0.75, 0.8, 0.999000999000999),
            // exact values (mpmath): PyTorch's sin(pi x) / (pi x) is 3.9e-17 at the integers, not 0, and 2e-13 off
            // (relative) at 1000.25, from the rounding of pi x
            row("sinc", new double[] {-1000000.5, -2.5, -1.0, -0.5, -1e-8, 0.0, 1e-8, 0.25, 0.5, 1.0, 1.5, 3.0,
                1000.25, Double.POSITIVE_INFINITY}, 3.1830972702892714e-07, 0.12732395447351627, 0.0,
                    0.6366197723675814, 0.9999999999999999, 1.0, 0.9999999999999999, 0.9003163161571061,
                    0.6366197723675814, 0.0, -0.2122065907891938, 0.0, 0.00022502282333344316, Double.NaN),
            row("atan", X, -1.5697963271282298, -1.4382447944982226, -1.2490457723982544, -1.1902899496825317,
                    -0.7853981633974483, -0.4636476090008061, -1e-08, 0.0, 1e-08, 0.4636476090008061,
                    0.7853981633974483, 0.982793723247329, 1.1902899496825317, 1.2490457723982544, 1.3258176636680326,
                    1.5697963271282298),
            row("sinh", X, Double.NEGATIVE_INFINITY, -904.0209306858466, -10.017874927409903, -6.0502044810397875,
                    -1.1752011936438014, -0.5210953054937474, -1.0000000000000002e-08, 0.0, 1.0000000000000002e-08,
                    0.5210953054937474, 1.1752011936438014, 2.1292794550948173, 6.0502044810397875, 10.017874927409903,
                    27.28991719712775, Double.POSITIVE_INFINITY),
            row("cosh", X, Double.POSITIVE_INFINITY, 904.0214837702166, 10.067661995777765, 6.132289479663686,
                    1.5430806348152437, 1.1276259652063807, 1.0, 1.0, 1.0, 1.1276259652063807, 1.5430806348152437,
                    2.352409615243247, 6.132289479663686, 10.067661995777765, 27.308232836016487,
                    Double.POSITIVE_INFINITY),
            row("asinh", X, -7.600902709541988, -2.712465305184344, -1.8184464592320668, -1.6472311463710958,
                    -0.881373587019543, -0.48121182505960347, -9.999999999999999e-09, 0.0, 9.999999999999999e-09,
                    0.48121182505960347, 0.881373587019543, 1.1947632172871094, 1.6472311463710958, 1.8184464592320668,
                    2.0947125472611012, 7.600902709541988),
            row("floor", X, -1000.0, -8.0, -3.0, -3.0, -1.0, -1.0, -1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 4.0,
                    1000.0),
            row("ceil", X, -1000.0, -7.0, -3.0, -2.0, -1.0, -0.0, -0.0, 0.0, 1.0, 1.0, 1.0, 2.0, 3.0, 3.0, 4.0, 1000.0),
            row("round", X, -1000.0, -8.0, -3.0, -2.0, -1.0, -0.0, -0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 2.0, 3.0, 4.0,
                    1000.0),
            row("trunc", X, -1000.0, -7.0, -3.0, -2.0, -1.0, -0.0, -0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 2.0, 3.0, 4.0,
                    1000.0),
            row("reciprocal", X, -0.001, -0.13333333333333333, -0.3333333333333333, -0.4, -1.0, -2.0, -100000000.0,
                    Double.POSITIVE_INFINITY, 100000000.0, 2.0, 1.0, 0.6666666666666666, 0.4, 0.3333333333333333, 0.25,
                    0.001),
            row("tan", new double[] {-1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5}, -14.101419947171719, -1.5574077246549023,
                    -0.5463024898437905, 0.0, 0.5463024898437905, 1.5574077246549023, 14.101419947171719),
            row("asin", new double[] {-1.0, -0.5, 0.0, 0.5, 1.0, 1.5}, -1.5707963267948966, -0.5235987755982989, 0.0,
                    0.5235987755982989, 1.5707963267948966, Double.NaN),
            row("acos", new double[] {-1.0, -0.5, 0.0, 0.5, 1.0, 1.5}, 3.141592653589793, 2.0943951023931957,
                    1.5707963267948966, 1.0471975511965976, 0.0, Double.NaN),
            row("acosh", new double[] {0.5, 1.0, 1.5, 2.0, 10.0, 10000000000.0}, Double.NaN, 0.0, 0.9624236501192069,
                    1.3169578969248166, 2.993222846126381, 23.7189981105004),
            row("atanh", new double[] {-1.0, -0.5, 0.0, 0.5, 0.9, 1.0, 1.5}, Double.NEGATIVE_INFINITY,
                    -0.5493061443340548, 0.0, 0.5493061443340548, 1.4722194895832204, Double.POSITIVE_INFINITY,
                    Double.NaN),
            row("rsqrt", new double[] {-1.0, 0.0, 0.25, 2.0, 10000000000.0}, Double.NaN, Double.POSITIVE_INFINITY, 2.0,
                    0.7071067811865475, 1e-05),
            row("round", new double[] {0.5, 1.5, 2.5, -0.5, -1.5, -2.5}, 0.0, 2.0, 2.0, -0.0, -2.0, -2.0),
            // the zero is +0 for either zero (torch.sign and numpy.sign); Java's Math.signum(-0.0) is -0.0
            row("sign", new double[] {-1000.0, -1e-300, -0.0, 0.0, 1e-300, 1000.0}, -1.0, -1.0, 0.0, 0.0, 1.0, 1.0));

    /** {@code |actual - expected| <= ulps * ulp(expected)}; non-finite values and zeros exactly. */
    private static void assertClose(double expected, double actual, int ulps, String what) {
        if (!Double.isFinite(expected) || expected == 0) {
            assertEquals(expected, actual, what);
        } else {
            assertTrue(Math.abs(actual - expected) <= ulps * Math.ulp(expected), what + ": expected " + expected
                    + ", got " + actual);
        }
    }

    private static Tensor apply(UnaryOperator<Node> f, double[] x) {
        Node in = SourceOp.input("x", Shape.of(x.length));
        return Function.of(List.of(in), List.of(f.apply(in))).call(Tensor.vector(x)).get(0);
    }

    private static Tensor apply(BinaryOperator<Node> f, double[] a, double[] b) {
        Node x = SourceOp.input("a", Shape.of(a.length));
        Node y = SourceOp.input("b", Shape.of(b.length));
        return Function.of(List.of(x, y), List.of(f.apply(x, y))).call(Tensor.vector(a), Tensor.vector(b)).get(0);
    }

    @Test
    void unaryFunctionsMatchPyTorch() {
        for (Row row : ROWS) {
            Tensor y = apply(UNARY.get(row.op()), row.x());
            for (int i = 0; i < row.x().length; i++) {
                // the tanh form's exp(2u) magnifies the rounding of its argument u (a few operations) by |2u|,
                // 40 at x = -7.5
                int ulps = row.op().equals("gelu(tanh)") ? 16 : 4;
                if (row.op().equals("lgamma") && row.x()[i] < 0 && Double.isFinite(row.expected()[i])) {
                    // the reflection ln(pi / |x sin(pi x)|) - lgamma(-x) sums terms of size 1 to -0.056 at x = -2.5,
                    // near the zero at -2.457: its error is an ulp or two of those terms, as its Javadoc states
                    double tolerance = 4 * Math.max(Math.ulp(1.0), Math.ulp(row.expected()[i]));
                    assertEquals(row.expected()[i], y.flat(i), tolerance, "lgamma(" + row.x()[i] + ")");
                    continue;
                }
                assertClose(row.expected()[i], y.flat(i), ulps, row.op() + "(" + row.x()[i] + ")");
            }
        }
    }

    private static final double[] A = {-3.0, 3.0, -3.0, 3.0, 5.5, -5.5, 4.0, -4.0, 1.0, -0.0, 0.0};
    private static final double[] B = {2.0, -2.0, -2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.0, 2.0, -2.0};

    @Test
    void binaryFunctionsMatchPyTorch() {
        Map<String, double[]> expected = Map.of(
                // NumPy, not PyTorch, for the zeros: +0 for a positive divisor (entries 7 and 10),
                // -0 for a negative one
                "remainder", new double[] {1.0, -1.0, -1.0, 1.0, 1.5, 0.5, 0.0, 0.0, Double.NaN, 0.0, -0.0},
                "fmod", new double[] {-1.0, 1.0, -1.0, 1.0, 1.5, -1.5, 0.0, -0.0, Double.NaN, -0.0, 0.0},
                "atan2", new double[] {-0.982793723247329, 2.158798930342464, -2.158798930342464, 0.982793723247329,
                    1.2220253232109897, -1.2220253232109897, 1.1071487177940904, -1.1071487177940904,
                    1.5707963267948966, -0.0, 3.141592653589793},
                "logaddexp", new double[] {2.006715348489118, 3.006715348489118, -1.6867383124817772,
                    3.313261687518223, 5.529750418272621, 2.0005529314753607, 4.126928011042972, 2.0024756851377306,
                    1.3132616875182228, 2.1269280110429727, 0.1269280110429726},
                "xlogy", new double[] {-2.0794415416798357, Double.NaN, Double.NaN, 2.0794415416798357,
                    3.8123094930796992, -3.8123094930796992, 2.772588722239781, -2.772588722239781,
                    Double.NEGATIVE_INFINITY, 0.0, 0.0},
                "xlog1py", new double[] {-3.2958368660043287, Double.NaN, Double.NaN, 3.2958368660043287,
                    6.042367587674603, -6.042367587674603, 4.394449154672438, -4.394449154672438, 0.0, 0.0, 0.0},
                "hypot", new double[] {3.605551275463989, 3.605551275463989, 3.605551275463989, 3.605551275463989,
                    5.852349955359813, 5.852349955359813, 4.47213595499958, 4.47213595499958, 1.0, 2.0, 2.0});
        Map<String, BinaryOperator<Node>> ops = Map.of("remainder", QuotientOp::remainder, "fmod", QuotientOp::fmod,
                "atan2", QuotientOp::atan2, "logaddexp", LogarithmicOp::logaddexp, "xlogy", LogarithmicOp::xlogy,
                "xlog1py", LogarithmicOp::xlog1py, "hypot", QuotientOp::hypot);
        for (var e : ops.entrySet()) {
            Tensor y = apply(e.getValue(), A, B);
            for (int i = 0; i < A.length; i++) {
                assertClose(expected.get(e.getKey())[i], y.flat(i), 4, e.getKey() + "(" + A[i] + ", " + B[i] + ")");
            }
        }
    }

    /** SciPy's convention: 0 where x = 0, whatever y is, unless y is NaN; and logaddexp's infinities and extremes. */
    @Test
    void logarithmicEdgeValuesMatchPyTorch() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        double[] a = {0.0, 0.0, 0.0, 0.0, 2.0, 2.0, 1000.0, -1000.0, -inf, inf};
        double[] b = {0.0, inf, nan, -1.0, 0.0, -1.0, -1000.0, -1000.0, -inf, inf};
        double[] xlogy = {0.0, 0.0, nan, 0.0, -inf, nan, nan, nan, nan, inf};
        double[] xlog1py = {0.0, 0.0, nan, 0.0, 0.0, -inf, nan, nan, nan, inf};
        double[] logaddexp = {0.6931471805599453, inf, nan, 0.31326168751822286, 2.1269280110429727,
            2.048587351573742, 1000.0, -999.3068528194401, -inf, inf};
        Tensor y1 = apply(LogarithmicOp::xlogy, a, b);
        Tensor y2 = apply(LogarithmicOp::xlog1py, a, b);
        Tensor y3 = apply(LogarithmicOp::logaddexp, a, b);
        for (int i = 0; i < a.length; i++) {
            String at = "(" + a[i] + ", " + b[i] + ")";
            assertClose(xlogy[i], y1.flat(i), 4, "xlogy" + at);
            assertClose(xlog1py[i], y2.flat(i), 4, "xlog1py" + at);
            assertClose(logaddexp[i], y3.flat(i), 4, "logaddexp" + at);
        }
    }

    /** Float32 results are the float64 results rounded once (the functions run in float64). */
    @Test
    void float32ResultsAreTheFloat64ResultsRoundedOnce() {
        for (var e : UNARY.entrySet()) {
            Node x32 = SourceOp.input("x", Shape.of(X.length), DType.FLOAT32);
            Tensor in32 = Tensor.of(DType.FLOAT32, Shape.of(X.length), X);
            Tensor y32 = Function.of(List.of(x32), List.of(e.getValue().apply(x32))).call(in32).get(0);
            Tensor y64 = apply(e.getValue(), in32.toDoubleArray());
            for (int i = 0; i < X.length; i++) {
                assertEquals((float) y64.flat(i), (float) y32.flat(i), e.getKey() + "(" + X[i] + ")");
            }
        }
    }

    /**
     * Both GELUs at the infinities and NaN give what PyTorch 1.13 gives: +inf at +inf, NaN at -inf (-inf * 0) and NaN.
     */
    @Test
    void geluAtInfinitiesIsWhatPyTorchGives() {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            for (String op : new String[] {"gelu", "gelu(tanh)"}) {
                Node x = SourceOp.input("x", Shape.of(3), dtype);
                Tensor y = Function.of(List.of(x), List.of(UNARY.get(op).apply(x))).call(
                        Tensor.of(dtype, Shape.of(3), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN))
                        .get(0);
                assertEquals(Double.POSITIVE_INFINITY, y.flat(0), op + " " + dtype + " at +inf");
                assertTrue(Double.isNaN(y.flat(1)) && Double.isNaN(y.flat(2)), op + " " + dtype + ": " + y);
            }
        }
    }

    /** A tensor power's special values are IEEE 754's (PyTorch's, NumPy's), not Java's: 1^b = 1, (-1)^±inf = 1. */
    @Test
    void aTensorPowerTakesIeeeSpecialValues() {
        double inf = Double.POSITIVE_INFINITY;
        Node a = SourceOp.input("a", Shape.of(7));
        Node b = SourceOp.input("b", Shape.of(7));
        Tensor bases = Tensor.vector(1, 1, 1, -1, -1, 2, Double.NaN);
        Tensor exponents = Tensor.vector(inf, -inf, Double.NaN, inf, -inf, Double.NaN, 0);
        Tensor y = Function.of(List.of(a, b), List.of(a.pow(b))).call(bases, exponents).get(0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {1, 1, 1, 1, 1, Double.NaN, 1},
                y.toDoubleArray());
        Tensor aBar = Function.of(List.of(a, b), List.of(dev.adjoint.core.autodiff.Autodiff.grad(a.pow(b).sum(), a)))
                .call(bases, exponents).get(0);
        // b a^(b-1), as PyTorch 1.13 gives it
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {inf, -inf, Double.NaN, inf, -inf, Double.NaN,
            0}, aBar.toDoubleArray());
    }

    @Test
    void polygammaOfOrderZeroIsDigammaAndANegativeOrderIsRefused() {
        Node x = SourceOp.input("x", Shape.of(3));
        assertEquals(new SpecialFunctionOp.Digamma(), SpecialFunctionOp.polygamma(0, x).op());
        assertEquals(new SpecialFunctionOp.Polygamma(2), SpecialFunctionOp.polygamma(2, x).op());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpecialFunctionOp.polygamma(-1, x));
        assertEquals("polygamma: order n must be >= 0, got -1", e.getMessage());
    }

    @Test
    void float32IsTheFloat64ValueRoundedOnce() {
        double[] x = {-2.5, 0.1, 1.0, 1.4616321449683622, 2.5, 30.0};
        Node in = SourceOp.input("x", Shape.of(x.length), DType.FLOAT32);
        for (UnaryOperator<Node> f : List.<UnaryOperator<Node>>of(SpecialFunctionOp::lgamma,
                SpecialFunctionOp::digamma, y -> SpecialFunctionOp.polygamma(1, y))) {
            Tensor single = Function.of(List.of(in), List.of(f.apply(in))).call(Tensor.of(DType.FLOAT32,
                    Shape.of(x.length), x)).get(0);
            Tensor dbl = apply(f, Tensor.of(DType.FLOAT32, Shape.of(x.length), x).toDoubleArray());
            for (int i = 0; i < x.length; i++) {
                assertEquals((float) dbl.flat(i), (float) single.flat(i), f.apply(in).op().name() + "(" + x[i] + ")");
            }
        }
    }

    @Test
    void hypotNeitherOverflowsNorUnderflowsAndItsGradientIsTheUnitVector() {
        double[] a = {1e200, 3e-200, Double.POSITIVE_INFINITY};
        double[] b = {1e200, 4e-200, Double.NaN};
        Tensor y = apply(QuotientOp::hypot, a, b);
        assertEquals(1.414213562373095e200, y.flat(0), Math.ulp(1.414213562373095e200), "PyTorch's, within an ulp");
        assertEquals(5e-200, y.flat(1));
        assertEquals(Double.POSITIVE_INFINITY, y.flat(2), "hypot(inf, NaN) = inf, as IEEE 754 and PyTorch");
        Node x = SourceOp.input("a", Shape.of(2));
        Node grad = dev.adjoint.core.autodiff.Autodiff.grad(x.hypot(SourceOp.scalar(4.0)).sum(), x);
        Tensor g = Function.of(List.of(x), List.of(grad)).call(Tensor.vector(3.0, -3.0)).get(0);
        assertEquals(0.6, g.flat(0), 1e-16);
        assertEquals(-0.6, g.flat(1), 1e-16);
    }
}
