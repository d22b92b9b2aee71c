package dev.adjoint.core.graph;

import static dev.adjoint.core.Contract.rejects;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * i0, i0e, i1 and i1e against PyTorch 1.13's {@code torch.special} (values, and first and second derivatives by
 * its autograd) and against 50-digit mpmath values ({@code besseli(0, x)}, {@code besseli(1, x)}, times
 * {@code exp(-|x|)} for the scaled forms), from 0 and tiny arguments to the overflow of the unscaled forms. Their
 * derivatives on random values, first and second order, are checked against central differences by the op
 * table's rows.
 */
class BesselFunctionsTest {

    private static final double INF = Double.POSITIVE_INFINITY;

    /** The arguments of the float64 references. */
    private static final double[] X = {0.0, 1e-300, 1e-10, 0.015, 0.5, 1.0, 2.5, 7.9, 8.0, 8.1, 20.0, 100.0, 500.0,
        700.0, -0.5, -3.0, -9.0, -650.0};

    private static final Map<String, UnaryOperator<Node>> FUNCTIONS = Map.of("i0", Node::i0, "i0e", Node::i0e,
            "i1", Node::i1, "i1e", Node::i1e);

    /** {@code torch.special.<f>(torch.tensor(X, dtype=torch.float64))}. */
    private static final Map<String, double[]> TORCH = Map.of(
            "i0", new double[] {1.0, 1.0, 0.9999999999999998, 1.0000562507910202, 1.0634833707413236,
                1.2660658777520082, 3.289839144050123, 389.406283282158, 427.56411572180474, 469.5006067101214,
                43558282.559553534, 1.0737517071310738e+42, 2.504809476570078e+215, 1.5295933476718735e+302,
                1.0634833707413236, 4.880792585865024, 1093.5883545113745, 3.0616123926081446e+280},
            "i0e", new double[] {1.0, 1.0, 0.9999999998999998, 0.9851673529289089, 0.6450352704491501,
                0.46575960759364043, 0.27004644161220276, 0.14436986414104191, 0.1434317818568503,
                0.14251180948829525, 0.089780311884826, 0.03994437929909668, 0.017845706500153165,
                0.015081295651531355, 0.6450352704491501, 0.24300035416182536, 0.134959524581723,
                0.015650815436407735},
            "i1", new double[] {0.0, 5.000000000000001e-301, 5e-11, 0.007500210939477545, 0.25789430539089636,
                0.5651591039924851, 2.5167162452886984, 363.8539440845084, 399.8731367825599, 439.48430891035844,
                42454973.385127775, 1.0683693903381625e+42, 2.5023034121760998e+215, 1.5285003902339006e+302,
                -0.25789430539089636, -3.9533702174026093, -1030.9147225169565, -3.059256398952906e+280},
            "i1e", new double[] {0.0, 5.000000000000001e-301, 4.9999999995e-11, 0.007388547346020832,
                0.15642080318487173, 0.2079104153497085, 0.20658464953126654, 0.13489649943989376,
                0.13414249329269812, 0.13340068832583662, 0.08750622218328867, 0.03974415302513025,
                0.017827851852898053, 0.015070519444716846, -0.15642080318487173, -0.19682671329730084,
                -0.1272249839358912, -0.015638771710050826});

    /** The exact values at X rounded to float64 (mpmath, 50 digits). */
    private static final Map<String, double[]> EXACT = Map.of(
            "i0", new double[] {1.0, 1.0, 1.0, 1.0000562507910207, 1.0634833707413236, 1.2660658777520084,
                3.289839144050123, 389.406283282158, 427.5641157218048, 469.5006067101215, 43558282.559553534,
                1.0737517071310738e+42, 2.504809476570078e+215, 1.5295933476718737e+302, 1.0634833707413236,
                4.8807925858650245, 1093.5883545113747, 3.0616123926081446e+280},
            "i0e", new double[] {1.0, 1.0, 0.9999999999, 0.9851673529289091, 0.6450352704491501,
                0.46575960759364043, 0.27004644161220276, 0.14436986414104191, 0.14343178185685032,
                0.14251180948829528, 0.08978031188482602, 0.03994437929909668, 0.017845706500153168,
                0.015081295651531358, 0.6450352704491501, 0.2430003541618254, 0.134959524581723,
                0.015650815436407735},
            "i1", new double[] {0.0, 5e-301, 5e-11, 0.007500210939477548, 0.2578943053908963, 0.565159103992485,
                2.5167162452886984, 363.8539440845084, 399.8731367825601, 439.48430891035844, 42454973.38512777,
                1.0683693903381625e+42, 2.5023034121761e+215, 1.5285003902339006e+302, -0.2578943053908963,
                -3.9533702174026093, -1030.9147225169565, -3.0592563989529064e+280},
            "i1e", new double[] {0.0, 5e-301, 4.9999999995e-11, 0.007388547346020836, 0.1564208031848717,
                0.20791041534970844, 0.20658464953126657, 0.13489649943989376, 0.13414249329269817,
                0.13340068832583662, 0.08750622218328867, 0.03974415302513025, 0.017827851852898056,
                0.015070519444716848, -0.1564208031848717, -0.19682671329730086, -0.1272249839358912,
                -0.01563877171005083});

    /** The arguments of the float32 references. */
    private static final double[] X32 = {0.0, 1e-10, 0.015, 0.5, 1.0, 2.5, 7.9, 8.0, 8.1, 20.0, 100.0, -0.5, -3.0,
        -9.0};

    /**
     * {@code torch.special.<f>(x.double()).float()} for {@code x = torch.tensor(X32, dtype=torch.float32)}: PyTorch's
     * float64 values at the float32 arguments, rounded to float32. Its float32 kernels are up to 13 ulps away from
     * these (i1 at 8) and give 0.99999994 for i0(0).
     */
    private static final Map<String, double[]> TORCH32 = Map.of(
            "i0", new double[] {1.0, 1.0, 1.000056266784668, 1.0634833574295044, 1.2660658359527588, 3.289839029312134,
                389.40631103515625, 427.5641174316406, 469.5007629394531, 43558284.0, INF, 1.0634833574295044,
                4.880792617797852, 1093.58837890625},
            "i0e", new double[] {1.0, 1.0, 0.9851673245429993, 0.6450352668762207, 0.46575960516929626,
                0.2700464427471161, 0.14436987042427063, 0.14343178272247314, 0.14251179993152618,
                0.0897803083062172, 0.03994438052177429, 0.6450352668762207, 0.2430003583431244,
                0.13495951890945435},
            "i1", new double[] {0.0, 5.00000006675716e-11, 0.007500210776925087, 0.2578943073749542,
                0.5651590824127197, 2.516716241836548, 363.8539733886719, 399.8731384277344, 439.4844665527344,
                42454972.0, INF, -0.2578943073749542, -3.9533703327178955, -1030.9146728515625},
            "i1e", new double[] {0.0, 5.00000006675716e-11, 0.00738854706287384, 0.15642079710960388,
                0.207910418510437, 0.2065846472978592, 0.13489650189876556, 0.13414248824119568,
                0.13340067863464355, 0.08750621974468231, 0.03974415361881256, -0.15642079710960388,
                -0.19682671129703522, -0.12722498178482056});

    private static double[] eval(Tensor value, UnaryOperator<Node> f) {
        Node x = SourceOp.input("x", value.shape(), value.dtype());
        return Function.of(List.of(x), List.of(f.apply(x))).call(value).get(0).toDoubleArray();
    }

    /** Asserts that each value is within {@code ulps} units in the last place of {@code expected}'s dtype. */
    private static void assertWithinUlps(double[] expected, double[] actual, double ulps, boolean single,
            String what) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double ulp = single ? Math.ulp((float) e) : Math.ulp(e);
            boolean same = Double.compare(e, actual[i]) == 0 || Math.abs(actual[i] - e) <= ulps * ulp;
            assertTrue(same, what + " at index " + i + ": expected " + e + ", got " + actual[i]);
        }
    }

    @Test
    void float64ValuesAreWithinFiveUlpsOfTheExactOnesAndEightOfTorchs() {
        Tensor x = Tensor.of(Shape.of(X.length), X);
        for (String f : FUNCTIONS.keySet()) {
            double[] got = eval(x, FUNCTIONS.get(f));
            assertWithinUlps(EXACT.get(f), got, 5, false, f + " against mpmath");
            // PyTorch's own values are up to 3 ulps off the exact ones here (i0e at 1e-10, i1 at 8.0)
            assertWithinUlps(TORCH.get(f), got, 8, false, f + " against torch.special");
        }
    }

    @Test
    void float32ValuesAreTorchsFloat64OnesRoundedWithinAnUlp() {
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(X32.length), X32);
        for (String f : FUNCTIONS.keySet()) {
            assertWithinUlps(TORCH32.get(f), eval(x, FUNCTIONS.get(f)), 1, true, f + " float32");
        }
    }

    @Test
    void edgeValuesFollowTheFunctionsSymmetryAndLimits() {
        Tensor x = Tensor.of(Shape.of(5), INF, -INF, Double.NaN, -0.0, 0.0);
        assertArrayEquals(new double[] {INF, INF, Double.NaN, 1, 1}, eval(x, Node::i0), 0.0); // torch: NaN at ±inf
        assertArrayEquals(new double[] {0, 0, Double.NaN, 1, 1}, eval(x, Node::i0e), 0.0);
        assertArrayEquals(new double[] {INF, -INF, Double.NaN, -0.0, 0.0}, eval(x, Node::i1), 0.0);
        assertArrayEquals(new double[] {0.0, -0.0, Double.NaN, -0.0, 0.0}, eval(x, Node::i1e), 0.0);
        // I1 is odd: the sign of zero is kept (torch.special.i1 gives +0 at -0)
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(eval(x, Node::i1)[3]));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(eval(x, Node::i1e)[1]));
    }

    @Test
    void theUnscaledFormsOverflowWhereTheirValuesDo() {
        // mpmath: I0(711) = 9.087162727263793e306, I1(-713.9) = -1.6470004499232343e308; PyTorch gives inf from
        // 709.78 on (float64) and from 88.72 on (float32), where its e^x overflows
        Tensor x = Tensor.of(Shape.of(4), 711, -713.9, 714, -714);
        assertWithinUlps(new double[] {9.087162727263793e306, 1.6481551866951379e+308, INF, INF},
                eval(x, Node::i0), 5, false, "i0");
        assertWithinUlps(new double[] {9.080770067322847e306, -1.6470004499232343e308, INF, -INF},
                eval(x, Node::i1), 5, false, "i1");
        assertWithinUlps(new double[] {0.014964136875232846, 0.014933701655598236, 0.014932655474843706,
            0.014932655474843706}, eval(x, Node::i0e), 5, false, "i0e");
        Tensor single = Tensor.of(DType.FLOAT32, Shape.of(3), 91, 92, -92);
        // I0(91) = 1.3892714060989622e38 (torch.special.i0 in float64), below Float.MAX_VALUE
        assertWithinUlps(new double[] {1.3892714060989622e38, INF, INF}, eval(single, Node::i0), 1, true, "i0 f32");
        assertWithinUlps(new double[] {1.3816168414593216e38, INF, -INF}, eval(single, Node::i1), 1, true, "i1 f32");
    }

    /** The arguments of the derivative references. */
    private static final double[] G = {0.0, 1e-3, 0.3, 1.0, -2.0, 9.5, 30.0};

    /** {@code torch.autograd.grad} of {@code f(g).sum()} at G, and of that gradient's sum again. */
    private static final Map<String, double[][]> TORCH_DERIVATIVES = Map.of(
            "i0", new double[][] {{0.0, 0.0005000000625000028, 0.15169384000359282, 0.5651591039924851,
                -1.5906368546373295, 1658.4530777821344, 768532038938.9569}, {0.5, 0.500000187500013,
                0.5169807460062873, 0.700906773759523, 1.484266875017402, 1578.90698233973, 756054563192.679}},
            "i0e", new double[][] {{0.0, -0.9985012492711614, -0.6452030645427088, -0.25784919224393194,
                0.0932390333047333, -0.007113013159386089, -0.0012296158835897464}, {0.5, 1.4975021861881013,
                0.9158142602859549, 0.30778796913815537, 0.07884342198499775, 0.0011588423551004146,
                6.202074722456985e-05}},
            "i1", new double[][] {{0.5, 0.500000187500013, 0.5169807460062873, 0.700906773759523, 1.484266875017402,
                1578.90698233973, 756054563192.679}, {0.0, 0.0003750000523723429, 0.11391179780033323,
                0.42941143422544725, -1.246162630787961, 1510.6285541871728, 744184144653.5775}},
            "i1e", new double[][] {{0.5, 0.4990009369169398, 0.2706111957432461, 0.049938776894223436,
                -0.014395611319735546, -0.0059541708042856745, -0.0011675951363651765}, {0.0, -0.9981267489063725,
                -0.5692120167652329, -0.1498163306826703, 0.017828294012895547, 0.0008434055152108941,
                5.68061246527668e-05}});

    /** mpmath's {@code diff(f, g, 1)} and {@code diff(f, g, 2)} at G but 0 (50 digits), rounded to float64. */
    private static final Map<String, double[][]> EXACT_DERIVATIVES = Map.of(
            "i0", new double[][] {{0.0005000000625000026, 0.1516938400035928, 0.565159103992485, -1.590636854637329,
                1658.4530777821342, 768532038938.957}, {0.5000001875000131, 0.5169807460062877, 0.7009067737595233,
                1.4842668750174028, 1578.9069823397297, 756054563192.679}},
            "i0e", new double[][] {{-0.9985012492711614, -0.645203064542709, -0.257849192243932, 0.09323903330473338,
                -0.007113013159386102, -0.0012296158835897392}, {1.4975021861881013, 0.9158142602859555,
                0.30778796913815554, 0.07884342198499793, 0.0011588423551004375, 6.202074722455996e-05}},
            "i1", new double[][] {{0.5000001875000131, 0.5169807460062877, 0.7009067737595233, 1.4842668750174028,
                1578.9069823397297, 756054563192.679}, {0.0003750000520833356, 0.11391179780033125,
                0.42941143422544675, -1.2461626307879599, 1510.6285541871725, 744184144653.5776}},
            "i1e", new double[][] {{0.49900093691694, 0.2706111957432464, 0.04993877689422354, -0.014395611319735449,
                -0.005954170804285665, -0.0011675951363651794}, {-0.9981267489067654, -0.5692120167652346,
                -0.1498163306826706, 0.01782829401289579, 0.0008434055152108711, 5.680612465277664e-05}});

    /**
     * The first and second derivatives at G: PyTorch's within {@code 1e-12} (its own second derivatives are that far
     * off near 0: i1'' at 1e-3 by {@code 3e-13}), the exact ones but at 0 within {@code 1e-14}, relative to values
     * above 1. At 0, where the scaled forms have a kink, both take {@code sign(0) = 0}.
     */
    @Test
    void firstAndSecondDerivativesAreTorchsAndTheExactOnes() {
        Node x = SourceOp.input("x", Shape.of(G.length));
        for (String f : FUNCTIONS.keySet()) {
            Node first = Autodiff.grad(FUNCTIONS.get(f).apply(x).sum(), x);
            Node second = Autodiff.grad(first.sum(), x);
            List<Tensor> got = Function.of(List.of(x), List.of(first, second)).call(Tensor.of(Shape.of(G.length), G));
            for (int order = 0; order < 2; order++) {
                double[] g = got.get(order).toDoubleArray();
                for (int i = 0; i < G.length; i++) {
                    String what = f + " derivative " + (order + 1) + " at " + G[i];
                    double e = TORCH_DERIVATIVES.get(f)[order][i];
                    assertEquals(e, g[i], 1e-12 * Math.max(1, Math.abs(e)), what + " (torch)");
                    if (i > 0) {
                        double exact = EXACT_DERIVATIVES.get(f)[order][i - 1];
                        assertEquals(exact, g[i], 1e-14 * Math.max(1, Math.abs(exact)), what + " (mpmath)");
                    }
                }
            }
        }
    }

    @Test
    void integerAndBoolOperandsAreRefusedNamingTheFunction() {
        Node ints = SourceOp.input("i", Shape.of(3), DType.INT64);
        for (String f : FUNCTIONS.keySet()) {
            rejects(IllegalArgumentException.class, () -> FUNCTIONS.get(f).apply(ints), f + ":", "got i64");
        }
        rejects(IllegalArgumentException.class, () -> SourceOp.input("b", Shape.of(3), DType.BOOL).i1e(), "i1e:",
                "got bool");
    }
}
