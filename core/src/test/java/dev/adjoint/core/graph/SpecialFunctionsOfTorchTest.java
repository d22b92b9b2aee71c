package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * torch.special's normal distribution functions, erfcx, entr, exp2, multigammaln, the Hurwitz zeta function and
 * the regularized incomplete gamma functions compute the exact values: references from mpmath (60 digits:
 * {@code ncdf}, {@code log(ncdf)}, {@code exp(x^2) erfc(x)}, ndtri by Newton's method on {@code log(ncdf)},
 * {@code gammainc(a, 0, x, regularized=True)}, zeta as a direct sum with its Euler-Maclaurin tail) rounded to
 * float64, and to float32 at the float32-rounded inputs, within 4 ulps (float64) and 1 ulp (float32), infinities,
 * NaN and the sign of zero exactly; edge values and entr, exp2 and multigammaln as PyTorch 1.13 computes them.
 * Where PyTorch 1.13's value is not the exact one, the exact one is the reference, and the comment says so:
 * its ndtr is {@code (1 + erf(x / sqrt 2)) / 2}, 0 from {@code x = -8.3} down (7.6e-24 at -10); its log_ndtr
 * at 26 is -2.476e-149 (ours too) but it keeps only 15 digits at 10; its gammainc loses 1e-10 at
 * {@code a = 100, x = 90} and its gammaincc(1e-300, 1) is 7.97e-301 for 2.19e-301.
 */
class SpecialFunctionsOfTorchTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    private static final double[] X = {
        -INF, -1e+300, -40.0, -38.0, -26.0, -10.0, -1.0, -1e-300, -0.0, 0.0, 1e-300, 1e-08, 0.5, 1.0, 3.0, 10.0, 26.0,
        40.0, 10000000000.0, 1e+300, INF, NAN
    };

    private static final double[] P = {
        -1.0, -0.0, 0.0, 5e-324, 1e-300, 1e-20, 1e-05, 0.02, 0.25, 0.3, 0.5, 0.7, 0.75, 0.98, 0.9999999999999999, 1.0,
        2.0, NAN
    };

    private static final double[] NDTR_64 = {
        0.0, 0.0, 0.0, 2.88542835e-316, 2.4760633155033892e-149, 7.619853024160525e-24, 0.15865525393145705, 0.5, 0.5,
        0.5, 0.5, 0.5000000039894228, 0.6914624612740131, 0.8413447460685429, 0.9986501019683699, 1.0, 1.0, 1.0, 1.0,
        1.0, 1.0, NAN
    };

    private static final double[] NDTR_32 = {
        0.0, 0.0, 0.0, 0.0, 0.0, 7.619852819271277e-24, 0.15865525603294373, 0.5, 0.5, 0.5, 0.5, 0.5,
        0.6914624571800232, 0.8413447737693787, 0.998650074005127, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, NAN
    };

    private static final double[] LOG_NDTR_64 = {
        -INF, -INF, -804.6084420137538, -726.5572160188201, -342.17850892992783, -53.23128515051247,
        -1.8410216450092636, -0.6931471805599453, -0.6931471805599453, -0.6931471805599453, -0.6931471805599453,
        -0.6931471725810997, -0.3689464152886564, -0.17275377902344988, -0.0013508099647481938,
        -7.619853024160525e-24, -2.4760633155033892e-149, -0.0, -0.0, -0.0, -0.0, NAN
    };

    private static final double[] LOG_NDTR_32 = {
        -INF, -INF, -804.6084594726562, -726.5571899414062, -342.1784973144531, -53.231285095214844,
        -1.8410216569900513, -0.6931471824645996, -0.6931471824645996, -0.6931471824645996, -0.6931471824645996,
        -0.6931471824645996, -0.3689464032649994, -0.17275378108024597, -0.0013508099364116788,
        -7.619852819271277e-24, -0.0, -0.0, -0.0, -0.0, -0.0, NAN
    };

    private static final double[] ERFCX_64 = {
        INF, INF, INF, INF, 7.657724931490568e+293, 5.376234283632271e+43, 5.008980080762283, 1.0, 1.0, 1.0, 1.0,
        0.9999999887162084, 0.6156903441929259, 0.427583576155807, 0.17900115118138996, 0.05614099274382259,
        0.021683584850562907, 0.014100335983377814, 5.641895835477563e-11, 5.641895835477562e-301, 0.0, NAN
    };

    private static final double[] ERFCX_32 = {
        INF, INF, INF, INF, INF, INF, 5.0089802742004395, 1.0, 1.0, 1.0, 1.0, 1.0, 0.6156903505325317,
        0.42758357524871826, 0.17900115251541138, 0.05614099279046059, 0.02168358489871025, 0.014100335538387299,
        5.6418959781812106e-11, 0.0, 0.0, NAN
    };

    private static final double[] NDTRI_64 = {
        NAN, -INF, -INF, -38.467405617144344, -37.0470962993612, -9.262340089798407, -4.264890793922825,
        -2.053748910631823, -0.6744897501960817, -0.5244005127080408, 0.0, 0.5244005127080407, 0.6744897501960817,
        2.0537489106318225, 8.209536151601387, INF, NAN, NAN
    };

    private static final double[] NDTRI_32 = {
        NAN, -INF, -INF, -INF, -INF, -9.262340545654297, -4.264890670776367, -2.053748846054077, -0.6744897365570068,
        -0.5244004726409912, 0.0, 0.5244004726409912, 0.6744897365570068, 2.0537493228912354, INF, INF, NAN, NAN
    };

    private static final double[] A = {
        -1.0, 0.0, 0.0, 1.0, 1.0, INF, INF, 1.0, NAN, 1.0, 1e-300, 0.5, 0.5, 1.0, 3.0, 10.0, 100.0, 1000.0, 10000.0,
        10000.0, 0.01, 20.0, 0.001, 50.0, 5000.0
    };

    private static final double[] XG = {
        1.0, 1.0, 0.0, -1.0, 0.0, 1.0, INF, INF, 1.0, NAN, 1.0, 1e-300, 2.0, 1.0, 30.0, 10.0, 90.0, 1100.0, 10000.0,
        9000.0, 1e-05, 2.0, 0.7, 200.0, 5500.0
    };

    private static final double[] GAMMAINC_64 = {
        NAN, 1.0, NAN, NAN, 0.0, 0.0, NAN, 1.0, NAN, NAN, 1.0, 1.1283791670955126e-150, 0.9544997361036416,
        0.6321205588285577, 0.9999999999549898, 0.5420702855281478, 0.15822098918643016, 0.99894067674607,
        0.5013298083399552, 2.073299202433928e-25, 0.8963367982671973, 6.443731393112094e-14, 0.9996259466340252, 1.0,
        0.9999999999963817
    };

    private static final double[] GAMMAINC_32 = {
        NAN, 1.0, NAN, NAN, 0.0, 0.0, NAN, 1.0, NAN, NAN, 1.0, 0.0, 0.9544997215270996, 0.6321205496788025, 1.0,
        0.5420702695846558, 0.15822099149227142, 0.9989407062530518, 0.501329779624939, 2.073299268762869e-25,
        0.8963367938995361, 6.443731317843163e-14, 0.9996259212493896, 1.0, 1.0
    };

    private static final double[] GAMMAINCC_64 = {
        NAN, 0.0, NAN, NAN, 1.0, 1.0, NAN, 0.0, NAN, NAN, 2.193839343955203e-301, 1.0, 0.04550026389635842,
        0.36787944117144233, 4.501016648012124e-11, 0.4579297144718522, 0.8417790108135699, 0.0010593232539299773,
        0.4986701916600448, 1.0, 0.1036632017328028, 0.9999999999999356, 0.0003740533659748942,
        1.6927979958857087e-37, 3.618329558096479e-12
    };

    private static final double[] GAMMAINCC_32 = {
        NAN, 0.0, NAN, NAN, 1.0, 1.0, NAN, 0.0, NAN, NAN, 0.0, 1.0, 0.0455002635717392, 0.3678794503211975,
        4.501016573343897e-11, 0.45792970061302185, 0.8417789936065674, 0.0010593232000246644, 0.49867019057273865,
        1.0, 0.10366319864988327, 1.0, 0.00037405340117402375, 1.6927980282240684e-37, 3.6183295942793237e-12
    };

    private static final double[] ENTR_64 = {
        -INF, -INF, -INF, -INF, -INF, -INF, -INF, -INF, 0.0, 0.0, 6.907755278982137e-298, 1.8420680743952367e-07,
        0.34657359027997264, -0.0, -3.295836866004329, -23.02585092994046, -84.71050998855854, -147.55517816455745,
        -230258509299.40457, -6.907755278982137e+302, -INF, NAN
    };

    private static final double[] ENTR_32 = {
        -INF, -INF, -INF, -INF, -INF, -INF, -INF, 0.0, 0.0, 0.0, 0.0, 1.8420681158204388e-07, 0.3465735912322998,
        -0.0, -3.295836925506592, -23.02585220336914, -84.71051025390625, -147.55517578125, -230258507776.0, -INF,
        -INF, NAN
    };

    private static final double[] EXP2_64 = {
        0.0, 0.0, 9.094947017729282e-13, 3.637978807091713e-12, 1.4901161193847656e-08, 0.0009765625, 0.5, 1.0, 1.0,
        1.0, 1.0, 1.0000000069314718, 1.4142135623730951, 2.0, 8.0, 1024.0, 67108864.0, 1099511627776.0, INF, INF,
        INF, NAN
    };

    private static final double[] EXP2_32 = {
        0.0, 0.0, 9.094947017729282e-13, 3.637978807091713e-12, 1.4901161193847656e-08, 0.0009765625, 0.5, 1.0, 1.0,
        1.0, 1.0, 1.0, 1.4142135381698608, 2.0, 8.0, 1024.0, 67108864.0, 1099511627776.0, INF, INF, INF, NAN
    };

    /** {@code f} applied to {@code x} in the dtype given (x rounded to float32 for FLOAT32, 1e300 to inf). */
    private static double[] apply(UnaryOperator<Node> f, double[] x, DType dtype) {
        Node in = SourceOp.input("x", Shape.of(x.length), dtype);
        return Function.of(List.of(in), List.of(f.apply(in))).call(tensor(dtype, x)).get(0).toDoubleArray();
    }

    private static Tensor tensor(DType dtype, double[] x) {
        double[] v = x.clone();
        if (dtype == DType.FLOAT32) {
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) v[i];
            }
        }
        return Tensor.of(dtype, Shape.of(v.length), v);
    }

    /** {@code f} applied to {@code (a, b)} in the dtype given. */
    private static double[] apply(BinaryOperator<Node> f, double[] a, double[] b, DType dtype) {
        Node x = SourceOp.input("a", Shape.of(a.length), dtype);
        Node y = SourceOp.input("b", Shape.of(b.length), dtype);
        return Function.of(List.of(x, y), List.of(f.apply(x, y))).call(tensor(dtype, a), tensor(dtype, b)).get(0)
                .toDoubleArray();
    }

    /**
     * Each result within {@code ulps} units in the last place of the expected value in the dtype (float32's ulps
     * for FLOAT32), non-finite values and zeros (with their sign) exactly.
     */
    private static void assertUlps(String what, double[] in, double[] expected, double[] actual, int ulps,
            DType dtype) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            String at = what + " " + dtype + " at " + in[i] + ": expected " + expected[i] + ", got " + actual[i];
            if (!Double.isFinite(expected[i]) || expected[i] == 0) {
                assertEquals(expected[i], actual[i], at);
            } else {
                double ulp = dtype == DType.FLOAT32 ? Math.ulp((float) expected[i]) : Math.ulp(expected[i]);
                assertTrue(Math.abs(actual[i] - expected[i]) <= ulps * ulp, at);
            }
        }
    }

    private static void assertUnary(String what, UnaryOperator<Node> f, double[] x, double[] f64, double[] f32) {
        assertUlps(what, x, f64, apply(f, x, DType.FLOAT64), 4, DType.FLOAT64);
        assertUlps(what, x, f32, apply(f, x, DType.FLOAT32), 1, DType.FLOAT32);
    }

    @Test
    void normalDistributionFunctionsMatchTheExactValues() {
        assertUnary("ndtr", Node::ndtr, X, NDTR_64, NDTR_32);
        assertUnary("logNdtr", Node::logNdtr, X, LOG_NDTR_64, LOG_NDTR_32);
        assertUnary("erfcx", Node::erfcx, X, ERFCX_64, ERFCX_32);
        assertUnary("ndtri", Node::ndtri, P, NDTRI_64, NDTRI_32);
    }

    /** torch.special.entr and exp2 (exact formulas in PyTorch: its values are the references in both dtypes). */
    @Test
    void entrAndExp2MatchPyTorch() {
        assertUnary("entr", Node::entr, X, ENTR_64, ENTR_32);
        assertUnary("exp2", Node::exp2, X, EXP2_64, EXP2_32);
        double[] powers = apply(Node::exp2, new double[] {-1074, -1022, 52, 1023, 1024}, DType.FLOAT64);
        assertEquals(List.of(0x1p-1074, 0x1p-1022, 0x1p52, 0x1p1023, INF), java.util.Arrays.stream(powers).boxed()
                .toList(), "2^k is exact");
    }

    /** torch.special.multigammaln(a, 3) and (a, 2), and {@code p = 1} is lgamma; {@code p < 1} is refused. */
    @Test
    void multigammalnMatchesPyTorch() {
        double[] a = {1.5, 2.0, 7.25, 100.0, 1e5};
        double[] expected = {2.1686775340635553, 1.5963125911388552, 20.104800157934413, 1072.2257685414036,
            3153847.5746413525};
        assertUlps("multigammaln(3)", a, expected, apply(x -> x.multigammaln(3), a, DType.FLOAT64), 4, DType.FLOAT64);
        assertEquals(java.util.Arrays.toString(apply(Node::lgamma, a, DType.FLOAT64)),
                java.util.Arrays.toString(apply(x -> x.multigammaln(1), a, DType.FLOAT64)));
        // at and below a = (p - 1) / 2 PyTorch 1.13 refuses nothing: the sum, +inf at lgamma's poles
        double[] low = {0.2, 0.5, 0.75};
        assertUlps("multigammaln(2)", low, new double[] {3.561268816213087, INF, 2.063668419054073},
                apply(v -> v.multigammaln(2), low, DType.FLOAT64), 4, DType.FLOAT64);
        Node x = SourceOp.input("a", Shape.of(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.multigammaln(0));
        assertEquals("multigammaln: dimension p must be in [1, 1048576], got 0", e.getMessage());
    }

    /**
     * A large p: {@code p (p - 1) / 4} is computed without int overflow (at p = 46342 an int product wraps), the
     * graph has a fixed node count whatever p, and a p past the cap is refused before anything is built.
     */
    @Test
    void multigammalnOfLargeDimensionMatchesPyTorch() {
        double[] a = {30000.0};
        // torch.special.multigammaln(torch.tensor([30000.], dtype=torch.float64), 46342) and 46341
        assertUlps("multigammaln(46342)", a, new double[] {8200787261.850167},
                apply(x -> x.multigammaln(46342), a, DType.FLOAT64), 4, DType.FLOAT64);
        assertUlps("multigammaln(46341)", a, new double[] {8200707273.180345},
                apply(x -> x.multigammaln(46341), a, DType.FLOAT64), 4, DType.FLOAT64);
        // torch.special.multigammaln(torch.tensor([3.5, 700.0], dtype=torch.float32), 5)
        assertUlps("multigammaln(5) f32", new double[] {3.5, 700.0}, new double[] {7.781671047210693, 19389.9765625},
                apply(x -> x.multigammaln(5), new double[] {3.5, 700.0}, DType.FLOAT32), 4, DType.FLOAT32);
        Node x = SourceOp.input("a", Shape.of(2));
        assertEquals(Graphs.topologicalOrder(x.multigammaln(3)).size(),
                Graphs.topologicalOrder(x.multigammaln(SpecialFunctionOp.MULTIGAMMALN_MAX_P)).size(),
                "the node count does not grow with p");
        for (int p : new int[] {SpecialFunctionOp.MULTIGAMMALN_MAX_P + 1, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.multigammaln(p));
            assertEquals("multigammaln: dimension p must be in [1, 1048576], got " + p, e.getMessage());
        }
    }

    /**
     * Hurwitz zeta: exact values inside the domain, and Cephes' (PyTorch's) rules at its edges: inf at s = 1, NaN
     * below; inf at the poles q = 0, -1, ... and -inf; NaN for q &lt; 0 and a non-integer s; the signed sum for an
     * integer s. Where PyTorch's series loses the limit, the exact one: {@code zeta(2, 1e300) = 1e-300} (PyTorch:
     * 0), {@code zeta(s, inf) = 0} (PyTorch: NaN), {@code zeta(inf, 2) = 0} (PyTorch: NaN).
     */
    @Test
    void zetaMatchesTheExactValuesAndCephesRules() {
        double[] s = {1.0, 0.5, 1.5, 2.0, 2.0, 2.0, 3.0, 3.0, 2.5, 4.0, 50.0, 1.0001, 2.0, 2.0, 30.0, INF, INF, INF,
            2.0, NAN, 2.0, 1.5};
        double[] q = {1.0, 1.0, 0.1, 0.0, -1.0, -1.5, -1.5, -2.5, -0.5, 1e-3, 1.0, 1.0, 1e10, 1e300, 0.5, 1.0, 2.0,
            0.5, INF, 1.0, NAN, -INF};
        // at q = -1.5 and -2.5 (s = 3) PyTorch's value, as ours: the signed sum cancels from 8.4 to 0.118 and both
        // are 32 ulps off the exact 0.1181020258208637, within the conditioning (|q zeta_q / zeta| = 1236 there)
        double[] exact = {INF, NAN, 34.0529755150756, INF, INF, 9.379246644989124, 0.11810202582086413,
            0.0541020258208641, NAN, 1000000000001.0781, 1.0000000000000009, 10000.577222947539, 1.00000000005e-10,
            1e-300, 1073741824.0000052, 1.0, 0.0, INF, 0.0, NAN, NAN, INF};
        assertUlps("zeta", s, exact, apply(Node::zeta, s, q, DType.FLOAT64), 4, DType.FLOAT64);
        double[] exact32 = {INF, NAN, 34.052974700927734, INF, INF, 9.379246711730957, 0.11810202896595001,
            0.05410202592611313, NAN, 999999799296.0, 1.0, 9998.91796875, 1.000000013351432e-10, 0.0, 1073741824.0,
            1.0, 0.0, INF, 0.0, NAN, NAN, INF};
        assertUlps("zeta", s, exact32, apply(Node::zeta, s, q, DType.FLOAT32), 1, DType.FLOAT32);
    }

    /**
     * P and Q: the exact values in the interior (a and x up to 1e4, within 1e-13 relative, the conditioning of
     * P at {@code |x - a| = 1000}, where a change of x by one ulp moves P by about a thousand), PyTorch's
     * edge values (NaN for a &lt; 0 or x &lt; 0, at a = x = 0 and at a = x = inf; P = 1 at a = 0 or x = inf).
     */
    @Test
    void incompleteGammaFunctionsMatchTheExactValues() {
        assertRelative("gammainc", GAMMAINC_64, apply(Node::gammainc, A, XG, DType.FLOAT64), 1e-13);
        assertRelative("gammaincc", GAMMAINCC_64, apply(Node::gammaincc, A, XG, DType.FLOAT64), 1e-13);
        assertUlps("gammainc", A, GAMMAINC_32, apply(Node::gammainc, A, XG, DType.FLOAT32), 1, DType.FLOAT32);
        assertUlps("gammaincc", A, GAMMAINCC_32, apply(Node::gammaincc, A, XG, DType.FLOAT32), 1, DType.FLOAT32);
        double[] p = apply(Node::gammainc, A, XG, DType.FLOAT64);
        double[] q = apply(Node::gammaincc, A, XG, DType.FLOAT64);
        for (int i = 0; i < p.length; i++) {
            assertTrue(Double.isNaN(p[i]) ? Double.isNaN(q[i]) : Math.abs(p[i] + q[i] - 1) <= 0x1p-51, "P + Q = 1 at "
                    + A[i] + ", " + XG[i]);
        }
    }

    private static void assertRelative(String what, double[] expected, double[] actual, double tolerance) {
        for (int i = 0; i < expected.length; i++) {
            String at = what + "(" + A[i] + ", " + XG[i] + "): expected " + expected[i] + ", got " + actual[i];
            if (!Double.isFinite(expected[i]) || expected[i] == 0) {
                assertEquals(expected[i], actual[i], at);
            } else {
                assertTrue(Math.abs(actual[i] - expected[i]) <= tolerance * Math.abs(expected[i]), at);
            }
        }
    }

    private static double[] gradient(UnaryOperator<Node> f, double[] x) {
        Node in = SourceOp.input("x", Shape.of(x.length));
        Node g = Autodiff.grad(f.apply(in).sum(), in);
        return Function.of(List.of(in), List.of(g)).call(Tensor.vector(x)).get(0).toDoubleArray();
    }

    /** Gradients equal PyTorch 1.13's autograd (float64), within 1e-12 relative. */
    @Test
    void gradientsMatchPyTorch() {
        double[] x = {-40.0, -5.0, -0.5, 0.0, 2.0, 10.0};
        assertRelative(gradient(Node::ndtr, x), 1e-12, 0.0, 1.4867195147342951e-06, 0.35206532676429947,
                0.3989422804014327, 0.05399096651318802, 7.694598626706365e-23);
        assertRelative(gradient(Node::logNdtr, x), 1e-12, 40.024968847212364, 5.18650396712585, 1.1410777703680643,
                0.7978845608028654, 0.05524786267898997, 7.69459862670642e-23);
        assertRelative(gradient(Node::erfcx, x), 1e-12, -INF, -1440097986747.7388, -3.0807396562780696,
                -1.1283791670955126, -0.10679646185348934, -0.005559312219060919);
        assertRelative(gradient(Node::exp2, x), 1e-12, 6.304136882681135e-13, 0.02166084939249829,
                0.4901290717342736, 0.6931471805599453, 2.772588722239781, 709.782712893384);
        assertRelative(gradient(Node::entr, new double[] {0.5, 1.0, 3.0, 1e-3}), 1e-12, -0.3068528194400547, -1.0,
                -2.09861228866811, 5.907755278982137);
        assertRelative(gradient(Node::ndtri, new double[] {1e-10, 0.2, 0.5, 0.9}), 1e-12, 1535723698.1963818,
                3.5719143465773615, 2.5066282746310002, 5.698059856117003);
        assertRelative(gradient(a -> a.multigammaln(3), new double[] {1.5, 7.25, 100.0}), 1e-12,
                -2.5042357169443794, 5.494550468313669, 13.785346796700727);
        Node s = SourceOp.constant(Tensor.vector(2.0, 3.5, 1.5));
        assertRelative(gradient(q -> s.zeta(q), new double[] {0.5, 2.0, 10.0}), 1e-12, -16.828796644234316,
                -0.1914762876650899, -0.03409304879180181);
        Node a = SourceOp.constant(Tensor.vector(0.5, 3.0, 1000.0));
        assertRelative(gradient(v -> a.gammainc(v), new double[] {2.0, 1.0, 1100.0}), 1e-12, 0.053990966513188056,
                0.18393972058572114, 0.0001053702856423099);
        assertRelative(gradient(v -> a.gammaincc(v), new double[] {2.0, 1.0, 1100.0}), 1e-12, -0.053990966513188056,
                -0.18393972058572114, -0.0001053702856423099);
    }

    private static void assertRelative(double[] actual, double tolerance, double... expected) {
        for (int i = 0; i < expected.length; i++) {
            String at = "element " + i + ": expected " + expected[i] + ", got " + actual[i];
            if (!Double.isFinite(expected[i]) || expected[i] == 0) {
                assertEquals(expected[i], actual[i], at);
            } else {
                assertTrue(Math.abs(actual[i] - expected[i]) <= tolerance * Math.abs(expected[i]), at);
            }
        }
    }

    /**
     * The derivative in zeta's s and the gamma functions' a is refused when the gradient graph is built, as
     * PyTorch refuses it ("the derivative for 'zeta' is not implemented"), but only for a first argument that
     * depends on the variables differentiated other than through a stopGradient: a constant, an input left out of
     * wrt, or a value computed from a stopped one is fine.
     */
    @Test
    void theDerivativeInTheFirstArgumentIsRefusedOnlyWhereItIsNeeded() {
        Node s = SourceOp.input("s", Shape.of(2));
        Node q = SourceOp.input("q", Shape.of(2));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Autodiff.grad(s.zeta(q).sum(), s));
        assertEquals("zeta: the derivative with respect to s (the first argument) is not implemented (it has no"
                + " closed form; PyTorch refuses it too), got s depending on a variable differentiated; make it a"
                + " constant, an input left out of wrt, or s.stopGradient()", e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(s.mul(2.0).zeta(q).sum(), s));
        for (BinaryOperator<Node> f : List.<BinaryOperator<Node>>of(Node::gammainc, Node::gammaincc)) {
            UnsupportedOperationException g = assertThrows(UnsupportedOperationException.class,
                    () -> Autodiff.grad(f.apply(s, q).sum(), s));
            assertTrue(g.getMessage().startsWith(f.apply(s, q).op().name() + ": the derivative with respect to a"),
                    g.getMessage());
        }
        // s's gradient stopped (broadcast by the factory, too): d/ds is 0 by choice, as PyTorch's zeta(s.detach(), q)
        Node scalar = SourceOp.input("c", Shape.of());
        Node stopped = Autodiff.grad(scalar.stopGradient().zeta(q).sum().add(scalar.mul(3.0)), scalar);
        assertEquals(3.0, Function.of(List.of(scalar, q), List.of(stopped)).call(Tensor.scalar(2.0),
                Tensor.vector(0.5, 2.0)).get(0).toDoubleArray()[0]);
        assertThrows(UnsupportedOperationException.class, () -> Autodiff.grad(scalar.zeta(q).sum(), scalar));
        // stopped, then computed on (PyTorch's zeta(s.detach() * 2, q)): no path without a stop reaches s
        Node scaled = Autodiff.grad(scalar.stopGradient().mul(2.0).zeta(q).sum().add(scalar.mul(3.0)), scalar);
        assertEquals(3.0, Function.of(List.of(scalar, q), List.of(scaled)).call(Tensor.scalar(2.0),
                Tensor.vector(0.5, 2.0)).get(0).toDoubleArray()[0]);
        Node w = SourceOp.input("w", Shape.of(2));
        Node reshaped = w.sum().stopGradient().reshape(Shape.of(1));
        Node dw = Autodiff.grad(reshaped.gammainc(q).sum().add(w.sum()), w);
        assertArrayEquals(new double[] {1, 1}, Function.of(List.of(w, q), List.of(dw)).call(Tensor.vector(1.0, 2.0),
                Tensor.vector(0.5, 2.0)).get(0).toDoubleArray());
        // in a checkpointed body (its VJP taken in every body parameter), s stopped inside the body
        List<Node> body = ControlFlowOp.checkpoint(List.of(w, q), o -> List.of(o.get(0).stopGradient().zeta(o.get(1))));
        Node dqBody = Autodiff.grad(body.get(0).sum(), q);
        assertRelative(Function.of(List.of(w, q), List.of(dqBody)).call(Tensor.vector(2.0, 3.5),
                Tensor.vector(0.5, 2.0)).get(0).toDoubleArray(), 1e-12, -16.828796644234316, -0.1914762876650899);
        // a stopped path and one without a stop: the second needs the derivative
        assertThrows(UnsupportedOperationException.class,
                () -> Autodiff.grad(scalar.stopGradient().add(scalar).zeta(q).sum(), scalar));
        // s not differentiated: the gradient in q builds and evaluates
        Node dq = Autodiff.grad(s.zeta(q).sum(), q);
        double[] value = Function.of(List.of(s, q), List.of(dq)).call(Tensor.vector(2.0, 3.5), Tensor.vector(0.5, 2.0))
                .get(0).toDoubleArray();
        assertRelative(value, 1e-12, -16.828796644234316, -0.1914762876650899);
    }

    /** Integer and bool operands are refused at build time, naming the op (PyTorch promotes them to float). */
    @Test
    void integerAndBoolOperandsAreRefused() {
        Node i = SourceOp.input("i", Shape.of(2), DType.INT64);
        Node b = SourceOp.input("b", Shape.of(2), DType.BOOL);
        Node f = SourceOp.input("f", Shape.of(2));
        for (UnaryOperator<Node> op : List.<UnaryOperator<Node>>of(Node::ndtr, Node::ndtri, Node::logNdtr,
                Node::erfcx, Node::entr, Node::exp2, x -> x.multigammaln(2))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.apply(i));
            assertTrue(e.getMessage().contains("i64"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> op.apply(b));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i.zeta(f));
        assertTrue(e.getMessage().startsWith("zeta: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> f.gammainc(b));
        assertTrue(e.getMessage().startsWith("gammainc: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> i.ndtr());
        assertTrue(e.getMessage().startsWith("ndtr: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> i.multigammaln(2)); // not lgamma, its first term
        assertTrue(e.getMessage().startsWith("multigammaln: "), e.getMessage());
    }
}
