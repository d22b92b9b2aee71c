package dev.adjoint.core.graph;

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
 * log2, log10, logit, copysign, fmax, fmin and floorDivide compute what PyTorch 1.13 computes, values and gradients,
 * edge points included (0, -0, ±inf, NaN, the signs of zeros and of NaN): the expected values were printed by
 * {@code torch.log2(x)}, ..., {@code torch.fmin(a, b)} and {@code x.grad} after {@code y.sum().backward()} in
 * float64 (and float32 where said). Values agree within 1 ulp, infinities, NaN and the sign of zero exactly; the
 * gradients against central differences are the op table's rows ({@code ElementwiseSpecs}).
 */
class TorchElementwiseOpsTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** The values and the gradient of {@code f(x).sum()} at x. */
    private static Tensor[] unary(UnaryOperator<Node> f, DType dtype, double... x) {
        Node in = SourceOp.input("x", Shape.of(x.length), dtype);
        Node y = f.apply(in);
        Node g = Autodiff.grad(y.sum(), in);
        List<Tensor> out = Function.of(List.of(in), List.of(y, g)).call(Tensor.of(dtype, Shape.of(x.length), x));
        return new Tensor[] {out.get(0), out.get(1)};
    }

    /** The values and both gradients of {@code f(a, b).sum()}. */
    private static Tensor[] binary(BinaryOperator<Node> f, double[] a, double[] b) {
        Node na = SourceOp.input("a", Shape.of(a.length));
        Node nb = SourceOp.input("b", Shape.of(b.length));
        Node y = f.apply(na, nb);
        List<Node> g = Autodiff.grad(y.sum(), na, nb);
        List<Tensor> out = Function.of(List.of(na, nb), List.of(y, g.get(0), g.get(1)))
                .call(Tensor.vector(a), Tensor.vector(b));
        return out.toArray(Tensor[]::new);
    }

    /** Equal within {@code ulps} ulps of the expected value; infinities, NaN and the sign of zero exactly. */
    private static void assertClose(double expected, double actual, int ulps, String what) {
        if (Double.isNaN(expected) || Double.isInfinite(expected) || expected == 0) {
            assertEquals(expected, actual, what + ": expected " + expected + ", got " + actual);
            if (expected == 0) {
                assertEquals(Math.copySign(1, expected), Math.copySign(1, actual), what + ": sign of zero");
            }
            return;
        }
        assertEquals(expected, actual, ulps * Math.ulp(expected), what);
    }

    private static void assertAll(String name, double[] x, double[] expected, Tensor actual, int ulps) {
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual.flat(i), ulps, name + " at " + x[i]);
        }
    }

    private static final double[] LOG_X = {0.0, -0.0, 1e-300, 0.5, 1.0, 2.0, 3.0, 8.0, 10.0, 1000.0, -1.0, INF, -INF,
        NAN, 5e-324, 1e300};
    private static final double[] LOG_X32 = java.util.Arrays.copyOf(LOG_X, LOG_X.length - 1);

    @Test
    void log2IsPyTorchsAndExactAtThePowersOfTwo() {
        // torch.log2(x), float64
        double[] y = {-INF, -INF, -996.5784284662087, -1.0, 0.0, 1.0, 1.584962500721156, 3.0, 3.321928094887362,
            9.965784284662087, NAN, INF, NAN, NAN, -1074.0, 996.5784284662087};
        // x.grad: 1 / (x ln 2)
        double[] g = {INF, -INF, 1.4426950408889635e+300, 2.8853900817779268, 1.4426950408889634,
            0.7213475204444817, 0.48089834696298783, 0.18033688011112042, 0.14426950408889633,
            0.0014426950408889636, -1.4426950408889634, 0.0, -0.0, NAN, INF, 1.4426950408889632e-300};
        Tensor[] out = unary(UnaryLogarithmOp::log2, DType.FLOAT64, LOG_X);
        assertAll("log2", LOG_X, y, out[0], 1);
        assertAll("log2'", LOG_X, g, out[1], 1);
        for (int k = -1074; k <= 1023; k++) {
            assertEquals(k, dev.adjoint.core.kernel.Logarithms.log2(Math.scalb(1.0, k)), "log2(2^" + k + ")");
        }
        // float32: torch.log2(x.float()); 1e-300 and 5e-324 are 0 in float32 (1e300 left out: not a float)
        double[] y32 = {-INF, -INF, -INF, -1.0, 0.0, 1.0, 1.5849624872207642, 3.0, 3.321928024291992,
            9.965784072875977, NAN, INF, NAN, NAN, -INF};
        assertAll("log2 f32", LOG_X, y32, unary(UnaryLogarithmOp::log2, DType.FLOAT32, LOG_X32)[0], 0);
    }

    @Test
    void log10IsPyTorchs() {
        // torch.log10(x), float64
        double[] y = {-INF, -INF, -300.0, -0.3010299956639812, 0.0, 0.3010299956639812, 0.47712125471966244,
            0.9030899869919435, 1.0, 3.0, NAN, INF, NAN, NAN, -323.3062153431158, 300.0};
        // x.grad: 1 / (x ln 10)
        double[] g = {INF, -INF, 4.342944819032518e+299, 0.8685889638065037, 0.43429448190325187,
            0.21714724095162594, 0.14476482730108395, 0.054286810237906484, 0.04342944819032519,
            0.00043429448190325184, -0.43429448190325187, 0.0, -0.0, NAN, INF, 4.342944819032518e-301};
        Tensor[] out = unary(UnaryLogarithmOp::log10, DType.FLOAT64, LOG_X);
        assertAll("log10", LOG_X, y, out[0], 1);
        assertAll("log10'", LOG_X, g, out[1], 1);
        double p10 = 1;
        for (int k = 0; k <= 22; k++, p10 *= 10) {
            assertEquals(k, dev.adjoint.core.kernel.Logarithms.log10(p10), "log10(1e" + k + ")");
        }
        double[] y32 = {-INF, -INF, -INF, -0.3010300099849701, 0.0, 0.3010300099849701, 0.4771212637424469,
            0.9030900001525879, 1.0, 3.0, NAN, INF, NAN, NAN, -INF};
        assertAll("log10 f32", LOG_X, y32, unary(UnaryLogarithmOp::log10, DType.FLOAT32, LOG_X32)[0], 0);
    }

    private static final double[] P = {0.0, -0.0, 1e-8, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0, -0.5, 1.5, INF, -INF, NAN};

    @Test
    void logitIsPyTorchsWithoutEps() {
        // torch.logit(p)
        double[] y = {-INF, -INF, -18.420680733952366, -2.197224577336219, -1.0986122886681098, 0.0,
            1.0986122886681098, 2.1972245773362196, INF, NAN, NAN, NAN, NAN, NAN};
        // p.grad: 1 / (p (1 - p)), NaN outside [0, 1]
        double[] g = {INF, -INF, 100000001.00000001, 11.111111111111109, 5.333333333333333, 4.0, 5.333333333333333,
            11.111111111111112, INF, NAN, NAN, NAN, NAN, NAN};
        Tensor[] out = unary(UnaryLogarithmOp::logit, DType.FLOAT64, P);
        assertAll("logit", P, y, out[0], 1);
        assertAll("logit'", P, g, out[1], 1);
    }

    @Test
    void logitWithEpsClampsAndItsGradientIsZeroOutsideTheRange() {
        // torch.logit(p, 0.1)
        double lo = -2.197224577336219;
        double hi = 2.1972245773362196;
        double[] y = {lo, lo, lo, lo, -1.0986122886681098, 0.0, 1.0986122886681098, hi, hi, lo, hi, hi, lo, NAN};
        double[] g = {0.0, 0.0, 0.0, 11.111111111111109, 5.333333333333333, 4.0, 5.333333333333333,
            11.111111111111112, 0.0, 0.0, 0.0, 0.0, 0.0, NAN};
        Tensor[] out = unary(p -> p.logit(0.1), DType.FLOAT64, P);
        assertAll("logit(eps 0.1)", P, y, out[0], 1);
        assertAll("logit'(eps 0.1)", P, g, out[1], 1);
        // torch.logit(p, 0.0): no clamp inside [0, 1], but the gradient is 0 outside it instead of NaN
        double[] y0 = {-INF, -INF, -18.420680733952366, -2.197224577336219, -1.0986122886681098, 0.0,
            1.0986122886681098, 2.1972245773362196, INF, -INF, INF, INF, -INF, NAN};
        double[] g0 = {INF, -INF, 100000001.00000001, 11.111111111111109, 5.333333333333333, 4.0,
            5.333333333333333, 11.111111111111112, INF, 0.0, 0.0, 0.0, 0.0, NAN};
        Tensor[] out0 = unary(p -> p.logit(0.0), DType.FLOAT64, P);
        assertAll("logit(eps 0)", P, y0, out0[0], 1);
        assertAll("logit'(eps 0)", P, g0, out0[1], 1);
        // float32 p = (float) 1e-6 = 9.99999997e-7 lies below the bound 1e-6: the forward clamps it to the bound,
        // so its gradient is 0 (the bound rounded to float32 would have let the slope through)
        Tensor[] edge = unary(p -> p.logit(1e-6), DType.FLOAT32, (float) 1e-6, 0.5);
        assertEquals((float) Math.log(1e-6 / (1 - 1e-6)), (float) edge[0].flat(0), "clamped to eps");
        assertEquals(0.0, edge[1].flat(0), "below the bound: no gradient, as the forward clamps");
        assertEquals(4.0, edge[1].flat(1));
        // float32: torch.logit(torch.tensor([0.25, 0.5, 0.9]))
        Tensor y32 = unary(UnaryLogarithmOp::logit, DType.FLOAT32, 0.25, 0.5, 0.9)[0];
        assertEquals((float) -1.0986122886681098, (float) y32.flat(0));
        assertEquals(0f, (float) y32.flat(1));
        assertEquals((float) Math.log(0.9f / (1 - 0.9f)), (float) y32.flat(2), Math.ulp(2.1972246f));
    }

    @Test
    void logitIsAccurateNearOneHalf() {
        // mpmath: logit(0.5 + 2^-30) = 3.725290298461914e-09; torch.logit, ln(p / (1 - p)), gives
        // 3.72529029152302e-09, off by 2e-9 relative (a deliberate difference: the exact value is the reference)
        double p = 0.5 + 0x1p-30;
        assertEquals(3.725290298461914e-09, unary(UnaryLogarithmOp::logit, DType.FLOAT64, p)[0].flat(0), 1e-24);
    }

    private static final double[] A = {1.0, -1.0, 2.0, -2.0, 0.0, -0.0, 3.0, INF, -INF, NAN, NAN, 1.0, 0.0, 0.0,
        -0.0};
    private static final double[] B = {-0.0, 0.0, -3.0, 5.0, -1.0, 1.0, NAN, -1.0, 1.0, 1.0, -1.0,
        Double.longBitsToDouble(0xfff8000000000000L), 0.0, -0.0, -0.0};

    @Test
    void copysignTakesTheSignBitOfBAndItsGradientIsPyTorchs() {
        // torch.copysign(a, b); b[11] is -nan (sign bit set)
        double[] y = {-1.0, 1.0, -2.0, 2.0, -0.0, 0.0, 3.0, -INF, INF, NAN, NAN, -1.0, 0.0, -0.0, -0.0};
        double[] ga = {-1.0, -1.0, -1.0, -1.0, 0.0, 0.0, 1.0, NAN, NAN, NAN, NAN, -1.0, 0.0, 0.0, 0.0};
        Tensor[] out = binary(BinaryOp::copysign, A, B);
        assertAll("copysign", A, y, out[0], 0);
        assertAll("copysign' in a", A, ga, out[1], 0);
        for (int i = 0; i < A.length; i++) {
            assertEquals(0.0, out[2].flat(i), "copysign' in b is 0 (PyTorch: 0)");
        }
        // float32: torch.copysign(torch.ones(3), torch.tensor([-0.0, -nan, 2.0])) = [-1, -1, 1]
        Node one = SourceOp.input("a", Shape.of(3), DType.FLOAT32);
        Node sign = SourceOp.input("b", Shape.of(3), DType.FLOAT32);
        Tensor y32 = Function.of(List.of(one, sign), List.of(one.copysign(sign))).call(
                Tensor.of(DType.FLOAT32, Shape.of(3), 1.0, 1.0, 1.0), Tensor.of(DType.FLOAT32, Shape.of(3), -0.0,
                        Double.longBitsToDouble(0xfff8000000000000L), 2.0)).get(0);
        assertEquals(-1.0, y32.flat(0), "copysign(1, -0.0f)");
        assertEquals(-1.0, y32.flat(1), "copysign(1, -NaN f32)");
        assertEquals(1.0, y32.flat(2), "copysign(1, 2f)");
    }

    @Test
    void fmaxAndFminIgnoreNaNAndGiveTheWholeGradientToTheOperandReturned() {
        // torch.fmax(a, b) and its gradients
        double[] max = {1.0, 0.0, 2.0, 5.0, 0.0, 1.0, 3.0, INF, 1.0, 1.0, -1.0, 1.0, 0.0, 0.0, -0.0};
        double[] maxA = {1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0};
        double[] maxB = {0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0};
        Tensor[] fmax = binary(BinaryOp::fmax, A, B);
        assertAll("fmax", A, max, fmax[0], 0);
        assertAll("fmax' in a", A, maxA, fmax[1], 0);
        assertAll("fmax' in b", A, maxB, fmax[2], 0);
        // torch.fmin(a, b) and its gradients
        double[] min = {-0.0, -1.0, -3.0, -2.0, -1.0, -0.0, 3.0, -1.0, -INF, 1.0, -1.0, 1.0, 0.0, 0.0, -0.0};
        double[] minA = {0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0};
        double[] minB = {1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0};
        Tensor[] fmin = binary(BinaryOp::fmin, A, B);
        assertAll("fmin", A, min, fmin[0], 0);
        assertAll("fmin' in a", A, minA, fmin[1], 0);
        assertAll("fmin' in b", A, minB, fmin[2], 0);
        // torch.fmax(-0.0, 0.0) = -0.0, torch.fmin(-0.0, 0.0) = -0.0: a on a tie; both NaN: NaN, gradient to a
        Tensor[] tie = binary(BinaryOp::fmax, new double[] {-0.0, NAN}, new double[] {0.0, NAN});
        assertClose(-0.0, tie[0].flat(0), 0, "fmax(-0, 0)");
        assertClose(NAN, tie[0].flat(1), 0, "fmax(NaN, NaN)");
        assertEquals(1.0, tie[1].flat(1), "fmax'(NaN, NaN) in a (PyTorch 1)");
        assertEquals(0.0, tie[2].flat(1), "fmax'(NaN, NaN) in b (PyTorch 0)");
        assertClose(-0.0, binary(BinaryOp::fmin, new double[] {-0.0}, new double[] {0.0})[0].flat(0), 0,
                "fmin(-0, 0)");
    }

    @Test
    void fmaxAndFminTakeIntegersAsPyTorch() {
        Node a = SourceOp.input("a", Shape.of(2), DType.INT64);
        Node b = SourceOp.input("b", Shape.of(2), DType.INT64);
        List<Tensor> out = Function.of(List.of(a, b), List.of(a.fmax(b), a.fmin(b)))
                .call(Tensor.of(DType.INT64, Shape.of(2), 1, 5), Tensor.of(DType.INT64, Shape.of(2), 3, 2));
        assertEquals(DType.INT64, out.get(0).dtype());
        // torch.fmax(tensor([1, 5]), tensor([3, 2])) = [3, 5]
        assertEquals(3.0, out.get(0).flat(0));
        assertEquals(5.0, out.get(0).flat(1));
        assertEquals(1.0, out.get(1).flat(0));
        assertEquals(2.0, out.get(1).flat(1));
    }

    @Test
    void theBinaryOpsBroadcast() {
        Node a = SourceOp.input("a", Shape.of(2, 1));
        Node b = SourceOp.input("b", Shape.of(3));
        for (BinaryOperator<Node> f : List.<BinaryOperator<Node>>of(BinaryOp::copysign, BinaryOp::fmax,
                BinaryOp::fmin)) {
            Node y = f.apply(a, b);
            assertEquals(Shape.of(2, 3), y.shape());
            List<Node> g = Autodiff.grad(y.sum(), a, b);
            List<Tensor> out = Function.of(List.of(a, b), List.of(y, g.get(0), g.get(1)))
                    .call(Tensor.of(DType.FLOAT64, Shape.of(2, 1), -2.0, 0.5), Tensor.vector(1.0, -1.0, NAN));
            String name = y.op().name();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    double av = i == 0 ? -2.0 : 0.5;
                    double bv = new double[] {1.0, -1.0, NAN}[j];
                    double expected = switch (name) {
                        case "copysign" -> Math.copySign(av, bv);
                        case "fmax" -> Double.isNaN(bv) ? av : Math.max(av, bv);
                        default -> Double.isNaN(bv) ? av : Math.min(av, bv);
                    };
                    assertEquals(expected, out.get(0).flat(i * 3 + j), name + "(" + av + ", " + bv + ")");
                }
            }
            // the cotangents are summed back over the broadcast axes
            double aSum = out.get(1).flat(0) + out.get(1).flat(1);
            double bSum = out.get(2).flat(0) + out.get(2).flat(1) + out.get(2).flat(2);
            if (name.equals("copysign")) {
                assertEquals(-1.0 + 1.0 - 1.0 + 1.0 - 1.0 + 1.0, out.get(1).flat(0) + out.get(1).flat(1), name);
                assertEquals(0.0, bSum, name);
            } else {
                assertEquals(6.0, aSum + bSum, name + ": each element's cotangent goes to one operand");
            }
        }
    }

    @Test
    void floorDivideIsPyTorchsFloorDivideAndItsGradientIsZero() {
        double[] a = {7.0, -7.0, 7.0, -7.0, 1.0, 0.0, -0.0, 1.0, -1.0, INF, 5.0, NAN, 1.0, 5e-324, 0.0, 1.0, -5.5,
            1e308};
        double[] b = {2.0, 2.0, -2.0, -2.0, 0.1, 0.0, 3.0, 0.0, 0.0, 2.0, INF, 1.0, -INF, -2.0, -1.0, 0.1, 0.5, 1e-10};
        // torch.floor_divide(a, b), float64 (PyTorch 1.13 rounds to the floor)
        double[] y = {3.0, -4.0, -4.0, 3.0, 9.0, NAN, -0.0, INF, -INF, NAN, 0.0, NAN, -1.0, -1.0, -0.0, 9.0, -11.0,
            INF};
        Tensor[] out = binary(QuotientOp::floorDivide, a, b);
        assertAll("floorDivide", a, y, out[0], 0);
        for (int i = 0; i < a.length; i++) {
            // torch.div(a, b, rounding_mode="floor") backward: 0 and 0 (torch.floor_divide has no derivative)
            assertClose(0.0, out[1].flat(i), 0, "floorDivide' in a");
            assertClose(0.0, out[2].flat(i), 0, "floorDivide' in b");
        }
        // float32: torch.floor_divide(a.float(), b.float()); 5e-324 is 0 there (and 1e308, inf, left out)
        double[] a32 = java.util.Arrays.copyOf(a, 17);
        double[] y32 = {3.0, -4.0, -4.0, 3.0, 9.0, NAN, -0.0, INF, -INF, NAN, 0.0, NAN, -1.0, -0.0, -0.0, 9.0, -11.0};
        Node na = SourceOp.input("a", Shape.of(17), DType.FLOAT32);
        Node nb = SourceOp.input("b", Shape.of(17), DType.FLOAT32);
        Tensor y32Out = Function.of(List.of(na, nb), List.of(na.floorDivide(nb))).call(
                Tensor.of(DType.FLOAT32, Shape.of(17), a32),
                Tensor.of(DType.FLOAT32, Shape.of(17), java.util.Arrays.copyOf(b, 17))).get(0);
        assertAll("floorDivide f32", a32, y32, y32Out, 0);
        // broadcasting: [2, 1] // [3]
        Node x = SourceOp.input("x", Shape.of(2, 1));
        Node d = SourceOp.input("d", Shape.of(3));
        Tensor q = Function.of(List.of(x, d), List.of(x.floorDivide(d))).call(
                Tensor.of(DType.FLOAT64, Shape.of(2, 1), 7.0, -7.0), Tensor.vector(2.0, -3.0, 0.5)).get(0);
        assertEquals(Shape.of(2, 3), q.shape());
        double[] expected = {3.0, -3.0, 14.0, -4.0, 2.0, -14.0}; // torch.floor_divide([[7], [-7]], [2, -3, 0.5])
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], q.flat(i));
        }
        Node i64 = SourceOp.input("i", Shape.of(2), DType.INT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> i64.floorDivide(i64));
        assertEquals("floorDivide: operands must be floating-point (f32 or f64), got i : i64[2] and i : i64[2]; for"
                + " integers use floorDiv (NumPy's //), or cast", e.getMessage());
    }

    @Test
    void integerAndBoolOperandsAreRefusedAsByLog() {
        Node i = SourceOp.input("i", Shape.of(2, 3), DType.INT64);
        String floating = ": operand must be floating-point (f32 or f64), got i64; insert a cast, e.g."
                + " x.cast(DType.FLOAT32)";
        IllegalArgumentException log = assertThrows(IllegalArgumentException.class, i::log);
        assertEquals("log" + floating, log.getMessage());
        for (UnaryOperator<Node> f : List.<UnaryOperator<Node>>of(UnaryLogarithmOp::log2, UnaryLogarithmOp::log10,
                UnaryLogarithmOp::logit, x -> x.logit(0.1))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(i));
            assertTrue(e.getMessage().endsWith(floating), e.getMessage());
        }
        IllegalArgumentException copysign = assertThrows(IllegalArgumentException.class, () -> i.copysign(i));
        assertTrue(copysign.getMessage().startsWith("copysign: "), copysign.getMessage());
        Node bool = SourceOp.input("b", Shape.of(2, 3), DType.BOOL);
        assertThrows(IllegalArgumentException.class, () -> bool.fmax(bool));
        Node x = SourceOp.input("x", Shape.of(2, 3));
        assertThrows(IllegalArgumentException.class, () -> x.fmax(SourceOp.input("y", Shape.of(4))));
        for (double eps : new double[] {-0.1, 0.6, NAN, INF}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.logit(eps));
            assertEquals("logit: eps must be in [0, 0.5], got " + eps, e.getMessage());
        }
    }
}
