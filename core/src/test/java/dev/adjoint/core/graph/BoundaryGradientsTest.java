package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient every op gives at the boundaries of its domain and at its kinks, pinned: where the derivative
 * exists and is finite, that value (never a NaN from {@code 0 * inf} in the formula); where it does not exist,
 * the convention chosen, stated here. Each row names PyTorch 1.13's value (float64, {@code backward()} of the
 * same expression, computed once with Debian's {@code python3-torch}) where PyTorch defines one; all rows agree
 * with it except where marked DIFFERS, with the reason.
 */
class BoundaryGradientsTest {

    private static final double INF = Double.POSITIVE_INFINITY;
    private static final double NAN = Double.NaN;

    /** A scalar function of scalar inputs, the point, and its expected gradient. */
    private record Row(String what, java.util.function.Function<List<Node>, Node> f, double[] at, double[] gradient) {
    }

    private static Row row(String what, java.util.function.Function<List<Node>, Node> f, double[] at,
            double... gradient) {
        return new Row(what, f, at, gradient);
    }

    private static double[] at(double... values) {
        return values;
    }

    private static Node c(double value) {
        return SourceOp.scalar(value);
    }

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>(List.of(
                // kinks of the textbook ops: PyTorch's conventions
                row("sqrt at 0 (PyTorch inf)", x -> x.get(0).sqrt(), at(0), INF),
                row("abs at 0 (PyTorch 0)", x -> x.get(0).abs(), at(0), 0),
                row("relu at 0 (PyTorch 0)", x -> x.get(0).relu(), at(0), 0),
                row("leakyRelu(0.2) at 0 (PyTorch 0.2)", x -> x.get(0).leakyRelu(0.2), at(0), 0.2),
                row("elu(1.5) at 0 (PyTorch 1.5)", x -> x.get(0).elu(1.5), at(0), 1.5),
                row("sign at 0 (PyTorch 0)", x -> x.get(0).sign(), at(0), 0),
                row("maximum at a tie, split (PyTorch 0.5, 0.5)", x -> x.get(0).maximum(x.get(1)), at(1, 1), 0.5, 0.5),
                row("minimum at a tie, split (PyTorch 0.5, 0.5)", x -> x.get(0).minimum(x.get(1)), at(1, 1), 0.5, 0.5),
                row("where selects a (PyTorch: a 1, b 0, no gradient for the condition)",
                        x -> x.get(0).notEqual(c(0)).where(x.get(1), x.get(2)), at(1, 2, 3), 0, 1, 0),
                row("where(x > 0, log x, 0) at 0: the unselected branch's 0 * (1/0) (PyTorch NaN too)",
                        x -> x.get(0).greater(c(0)).where(x.get(0).log(), c(0)), at(0), NAN),
                row("where(x > 0, log(where(x > 0, x, 1)), 0) at 0: the safe form (PyTorch 0)",
                        x -> x.get(0).greater(c(0)).where(x.get(0).greater(c(0)).where(x.get(0), c(1)).log(), c(0)),
                        at(0), 0),
                row("clip(x, 0, 1) at x = 0, the bound (PyTorch clamp 1)", x -> x.get(0).clip(0, 1), at(0), 1),
                row("clip(x, 0, 1) at x = 1, the bound (PyTorch clamp 1)", x -> x.get(0).clip(0, 1), at(1), 1),
                row("clip(x, 0, 1) below (PyTorch 0)", x -> x.get(0).clip(0, 1), at(-1), 0),
                // clamp by tensor bounds (x, lo, hi)
                row("clamp at x = lo: to x (PyTorch 1, 0, 0)", x -> x.get(0).clamp(x.get(1), x.get(2)), at(0, 0, 1),
                        1, 0, 0),
                row("clamp at x = hi: to x (PyTorch 1, 0, 0)", x -> x.get(0).clamp(x.get(1), x.get(2)), at(1, 0, 1),
                        1, 0, 0),
                row("clamp below lo (PyTorch 0, 1, 0)", x -> x.get(0).clamp(x.get(1), x.get(2)), at(-1, 0, 1), 0, 1, 0),
                row("clamp above hi (PyTorch 0, 0, 1)", x -> x.get(0).clamp(x.get(1), x.get(2)), at(2, 0, 1), 0, 0, 1),
                row("clamp with lo > hi: hi wins (PyTorch 0, 0, 1)", x -> x.get(0).clamp(x.get(1), x.get(2)),
                        at(0.5, 1, 0), 0, 0, 1),
                row("clamp at x = lo = hi: to x (PyTorch 1, 0, 0)", x -> x.get(0).clamp(x.get(1), x.get(2)),
                        at(1, 1, 1), 1, 0, 0),
                row("clamp with a NaN lo: the result is lo (PyTorch: NaN, x 0)",
                        x -> x.get(0).clamp(x.get(1), x.get(2)), at(0.3, NAN, 1), 0, 1, 0),
                row("clamp with a NaN hi: the result is hi (PyTorch: NaN, x 0)",
                        x -> x.get(0).clamp(x.get(1), x.get(2)), at(0.3, 0, NAN), 0, 0, 1),
                // x^p with a constant exponent at 0
                row("x^0.5 at 0 (PyTorch inf)", x -> x.get(0).pow(0.5), at(0), INF),
                row("x^0 at 0 (PyTorch 0)", x -> x.get(0).pow(0.0), at(0), 0),
                row("x^-1 at 0 (PyTorch -inf)", x -> x.get(0).pow(-1.0), at(0), -INF),
                row("x^1 at 0 (PyTorch 1)", x -> x.get(0).pow(1.0), at(0), 1),
                row("x^2 at 0 (PyTorch 0)", x -> x.get(0).pow(2.0), at(0), 0),
                row("x^3 at 0 (PyTorch 0)", x -> x.get(0).pow(3.0), at(0), 0),
                // at -0.0 PyTorch's x^0.5 is sqrt x and its x^-0.5 is rsqrt x: sqrt(-0.0) = -0.0, rsqrt(-0.0) = -inf
                row("x^0.5 at -0.0: 0.5 rsqrt(-0.0) (PyTorch -inf; was inf)", x -> x.get(0).pow(0.5), at(-0.0), -INF),
                row("x^-0.5 at -0.0 (PyTorch -inf)", x -> x.get(0).pow(-0.5), at(-0.0), -INF),
                row("x^-2 at -0.0 (PyTorch inf)", x -> x.get(0).pow(-2.0), at(-0.0), INF),
                // a^b with a node exponent at the base 0: finite where the math is (was NaN, NaN and -inf)
                row("pow(0, 2) (PyTorch 0, 0; was 0, NaN)", x -> x.get(0).pow(x.get(1)), at(0, 2), 0, 0),
                row("pow(0, 0) (PyTorch 0, 0; was NaN, -inf)", x -> x.get(0).pow(x.get(1)), at(0, 0), 0, 0),
                row("pow(0, 1) (PyTorch 1, 0)", x -> x.get(0).pow(x.get(1)), at(0, 1), 1, 0),
                row("pow(0, NaN) = NaN (PyTorch NaN, NaN; was NaN, 0)", x -> x.get(0).pow(x.get(1)), at(0, NAN), NAN,
                        NAN),
                row("pow(-0.0, NaN) = NaN (PyTorch NaN, NaN; was NaN, 0)", x -> x.get(0).pow(x.get(1)),
                        at(-0.0, NAN), NAN, NAN),
                row("pow(0, inf) = 0 (PyTorch NaN, 0)", x -> x.get(0).pow(x.get(1)), at(0, INF), NAN, 0),
                row("pow(0, 0.5) (PyTorch inf, 0)", x -> x.get(0).pow(x.get(1)), at(0, 0.5), INF, 0),
                row("pow(0, -1): infinite (PyTorch -inf, -inf)", x -> x.get(0).pow(x.get(1)), at(0, -1), -INF, -INF),
                // at the base -0.0 the exponent's gradient y ln|a| = y (-inf) takes the sign of y
                row("pow(-0.0, -1) = -inf (PyTorch -inf, inf; was -inf, -inf)", x -> x.get(0).pow(x.get(1)),
                        at(-0.0, -1), -INF, INF),
                row("pow(-0.0, -3) = -inf (PyTorch -inf, inf; was -inf, -inf)", x -> x.get(0).pow(x.get(1)),
                        at(-0.0, -3), -INF, INF),
                row("pow(-0.0, -2) = inf (PyTorch inf, -inf)", x -> x.get(0).pow(x.get(1)), at(-0.0, -2), INF, -INF),
                row("pow(-0.0, -0.5) = inf (PyTorch -inf, -inf)", x -> x.get(0).pow(x.get(1)), at(-0.0, -0.5), -INF,
                        -INF),
                row("pow(-0.0, 0.5) = 0: IEEE's pow, no sqrt here (PyTorch inf, 0)", x -> x.get(0).pow(x.get(1)),
                        at(-0.0, 0.5), INF, 0),
                row("pow(-0.0, 2) (PyTorch -0, 0)", x -> x.get(0).pow(x.get(1)), at(-0.0, 2), -0.0, 0),
                row("pow(-2, 2): ln of a negative base (PyTorch -4, NaN)", x -> x.get(0).pow(x.get(1)), at(-2, 2), -4,
                        NAN),
                // division forms
                row("div(1, 0) (PyTorch inf, -inf)", x -> x.get(0).div(x.get(1)), at(1, 0), INF, -INF),
                row("div(0, 0) (PyTorch inf, NaN)", x -> x.get(0).div(x.get(1)), at(0, 0), INF, NAN),
                row("div(0, 4.9e-324): the divisor's NaN where yBar / b overflows (PyTorch inf, -0): DIFFERS, the"
                        + " known limit in BinaryOp.Div", x -> x.get(0).div(x.get(1)), at(0, Double.MIN_VALUE), INF,
                        NAN),
                row("reciprocal at 0 (PyTorch -inf)", x -> x.get(0).reciprocal(), at(0), -INF),
                row("rsqrt at 0 (PyTorch -inf)", x -> x.get(0).rsqrt(), at(0), -INF),
                row("log at 0 (PyTorch inf)", x -> x.get(0).log(), at(0), INF),
                row("log1p at -1 (PyTorch inf)", x -> x.get(0).log1p(), at(-1), INF),
                // saturation at ±1000: 0 or 1, never NaN
                row("softplus at 1000 (PyTorch 1)", x -> x.get(0).softplus(), at(1000), 1),
                row("softplus at -1000 (PyTorch 0)", x -> x.get(0).softplus(), at(-1000), 0),
                row("sigmoid at 1000 (PyTorch 0)", x -> x.get(0).sigmoid(), at(1000), 0),
                row("sigmoid at -1000 (PyTorch 0)", x -> x.get(0).sigmoid(), at(-1000), 0),
                row("tanh at 1000 (PyTorch 0)", x -> x.get(0).tanh(), at(1000), 0),
                row("exp at -1000 (PyTorch 0)", x -> x.get(0).exp(), at(-1000), 0),
                row("erf at 30 (PyTorch 0)", x -> x.get(0).erf(), at(30), 0),
                row("erfc at -30 (PyTorch -0)", x -> x.get(0).erfc(), at(-30), 0),
                row("gelu at -1000 (PyTorch 0)", x -> x.get(0).gelu(), at(-1000), 0),
                row("gelu at 1000 (PyTorch 1)", x -> x.get(0).gelu(), at(1000), 1),
                row("gelu(tanh) at -1000 (PyTorch 0)",
                        x -> x.get(0).gelu(ActivationOp.Gelu.Approximation.TANH), at(-1000), 0),
                row("gelu(tanh) at 1000 (PyTorch 1)",
                        x -> x.get(0).gelu(ActivationOp.Gelu.Approximation.TANH), at(1000), 1),
                row("silu at -1000 (PyTorch -0)", x -> x.get(0).silu(), at(-1000), 0),
                row("silu at 1000 (PyTorch 1)", x -> x.get(0).silu(), at(1000), 1),
                row("mish at -1000 (PyTorch 0)", x -> x.get(0).mish(), at(-1000), 0),
                row("mish at 1000 (PyTorch 1)", x -> x.get(0).mish(), at(1000), 1),
                row("sinh at 1000: overflows (PyTorch inf)", x -> x.get(0).sinh(), at(1000), INF),
                row("cosh at -1000: overflows (PyTorch -inf)", x -> x.get(0).cosh(), at(-1000), -INF),
                // kinks of the new activations
                row("selu at 0 (PyTorch 1.7580993408473766)", x -> x.get(0).selu(), at(0), 1.7580993408473766),
                row("hardSigmoid at -3 (PyTorch 0)", x -> x.get(0).hardSigmoid(), at(-3), 0),
                row("hardSigmoid at 3 (PyTorch 0)", x -> x.get(0).hardSigmoid(), at(3), 0),
                row("hardSwish at -3 (PyTorch -0.5)", x -> x.get(0).hardSwish(), at(-3), -0.5),
                row("hardSwish at 3 (PyTorch 1.5)", x -> x.get(0).hardSwish(), at(3), 1.5),
                row("softsign at 0 (PyTorch 1)", x -> x.get(0).softsign(), at(0), 1),
                // edges of the inverse functions: infinite derivatives
                row("asin at 1 (PyTorch inf)", x -> x.get(0).asin(), at(1), INF),
                row("asin at -1 (PyTorch inf)", x -> x.get(0).asin(), at(-1), INF),
                row("acos at 1 (PyTorch -inf)", x -> x.get(0).acos(), at(1), -INF),
                row("acosh at 1 (PyTorch inf)", x -> x.get(0).acosh(), at(1), INF),
                row("acosh at -1, outside the domain (PyTorch inf; was -inf)", x -> x.get(0).acosh(), at(-1), INF),
                row("acosh at 0.5, outside the domain (PyTorch NaN)", x -> x.get(0).acosh(), at(0.5), NAN),
                row("acosh at -2, outside the domain (PyTorch 0.5773502691896258)", x -> x.get(0).acosh(), at(-2),
                        0.5773502691896258),
                row("atanh at 1 (PyTorch inf)", x -> x.get(0).atanh(), at(1), INF),
                row("atanh at -1 (PyTorch inf)", x -> x.get(0).atanh(), at(-1), INF),
                row("atan2 at the origin, not continuous there (PyTorch NaN, NaN)", x -> x.get(0).atan2(x.get(1)),
                        at(0, 0), NAN, NAN),
                row("atan2 on the cut (0, -1) (PyTorch -1, -0)", x -> x.get(0).atan2(x.get(1)), at(0, -1), -1, 0),
                // piecewise constant ops: 0, at the jumps too
                row("floor at 1 (PyTorch 0)", x -> x.get(0).floor(), at(1), 0),
                row("ceil at 2 (PyTorch 0)", x -> x.get(0).ceil(), at(2), 0),
                row("round at 0.5 (PyTorch 0)", x -> x.get(0).round(), at(0.5), 0),
                row("trunc at -1 (PyTorch 0)", x -> x.get(0).trunc(), at(-1), 0),
                // remainders: the formulas' gradients, also at the jumps
                row("remainder(3, 2) (PyTorch 1, -1)", x -> x.get(0).remainder(x.get(1)), at(3, 2), 1, -1),
                row("remainder(-3, 2) (PyTorch 1, 2)", x -> x.get(0).remainder(x.get(1)), at(-3, 2), 1, 2),
                row("remainder(4, 2), a jump (PyTorch 1, -2)", x -> x.get(0).remainder(x.get(1)), at(4, 2), 1, -2),
                // the exponent's gradient is the quotient the value was computed with, PyTorch's a // b
                row("remainder(1, 0.1) = 1 - 9 * 0.1, though 1 / 0.1 rounds to 10 (PyTorch 1, -9)",
                        x -> x.get(0).remainder(x.get(1)), at(1, 0.1), 1, -9),
                row("remainder(-1, 0.1) (PyTorch 1, 10)", x -> x.get(0).remainder(x.get(1)), at(-1, 0.1), 1, 10),
                row("remainder(5e-324, -2): the quotient -1, not -0 (PyTorch 1, 1)",
                        x -> x.get(0).remainder(x.get(1)), at(Double.MIN_VALUE, -2), 1, 1),
                row("remainder(0.5, -inf) = -inf (PyTorch 1, 1)", x -> x.get(0).remainder(x.get(1)), at(0.5, -INF),
                        1, 1),
                row("remainder(0.5, inf) = 0.5 (PyTorch 1, 0)", x -> x.get(0).remainder(x.get(1)), at(0.5, INF), 1, 0),
                row("remainder(1, 0) (PyTorch 1, -inf)", x -> x.get(0).remainder(x.get(1)), at(1, 0), 1, -INF),
                row("remainder(inf, 2) (PyTorch 1, NaN)", x -> x.get(0).remainder(x.get(1)), at(INF, 2), 1, NAN),
                row("fmod(-3, 2) (PyTorch 1, 1)", x -> x.get(0).fmod(x.get(1)), at(-3, 2), 1, 1),
                row("fmod(4, 2), a jump (PyTorch 1, -2)", x -> x.get(0).fmod(x.get(1)), at(4, 2), 1, -2),
                // logarithmic functions
                row("logaddexp(1000, -1000) (PyTorch 1, 0)", x -> x.get(0).logaddexp(x.get(1)), at(1000, -1000), 1, 0),
                row("logaddexp(-inf, -inf): half each, the limit along a = b (DIFFERS: PyTorch NaN, NaN)",
                        x -> x.get(0).logaddexp(x.get(1)), at(-INF, -INF), 0.5, 0.5),
                row("logaddexp(inf, inf): half each (DIFFERS: PyTorch NaN, NaN)", x -> x.get(0).logaddexp(x.get(1)),
                        at(INF, INF), 0.5, 0.5),
                row("xlogy(0, 2): ln 2 and 0, the partial derivatives (PyTorch 0.693, 0)",
                        x -> x.get(0).xlogy(x.get(1)), at(0, 2), Math.log(2), 0),
                row("xlogy(0, 0): 0 and 0, since 0 ln y = 0 for every y (DIFFERS: PyTorch 0, NaN)",
                        x -> x.get(0).xlogy(x.get(1)), at(0, 0), 0, 0),
                row("xlogy(0, inf) (PyTorch inf, 0)", x -> x.get(0).xlogy(x.get(1)), at(0, INF), INF, 0),
                row("xlogy(2, 0): ln 0 (PyTorch -inf, inf)", x -> x.get(0).xlogy(x.get(1)), at(2, 0), -INF, INF),
                row("xlog1py(0, -1): 0 and 0 (DIFFERS: PyTorch 0, NaN)", x -> x.get(0).xlog1py(x.get(1)), at(0, -1),
                        0, 0),
                row("xlog1py(0, 1) (PyTorch 0.693, 0)", x -> x.get(0).xlog1py(x.get(1)), at(0, 1), Math.log(2), 0),
                // below the pole, where ln is NaN, the value 0 at x = 0 still has no x-derivative: PyTorch's 0
                row("xlogy(0, -1): 0 and -0 (PyTorch 0, -0)", x -> x.get(0).xlogy(x.get(1)), at(0, -1), 0, -0.0),
                row("xlogy(0, -inf) (PyTorch 0, -0)", x -> x.get(0).xlogy(x.get(1)), at(0, -INF), 0, -0.0),
                row("xlogy(1, -1): NaN (PyTorch NaN, -1)", x -> x.get(0).xlogy(x.get(1)), at(1, -1), NAN, -1),
                row("xlog1py(0, -2) (PyTorch 0, -0)", x -> x.get(0).xlog1py(x.get(1)), at(0, -2), 0, -0.0)));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> gradientsAtBoundariesArePinned() {
        return rows().stream().map(r -> DynamicTest.dynamicTest(r.what(), () -> {
            List<Node> inputs = new ArrayList<>();
            List<Tensor> values = new ArrayList<>();
            for (int i = 0; i < r.at().length; i++) {
                inputs.add(SourceOp.input("x" + i, Shape.scalar()));
                values.add(Tensor.scalar(r.at()[i]));
            }
            Node y = r.f().apply(inputs);
            List<Node> grads = Autodiff.grad(y, inputs, Autodiff.Strictness.ZEROS_FOR_UNUSED);
            List<Tensor> g = Function.of(inputs, grads).call(values);
            for (int i = 0; i < grads.size(); i++) {
                assertEquals(r.gradient()[i], g.get(i).flat(0), 0.0, r.what() + ": the gradient of input " + i);
            }
        }));
    }

    /** At the base 0 the gradient of a^b can be differentiated again: its Hessian is finite there. */
    @Test
    void theHessianOfPowIsFiniteAtTheBaseZero() {
        Node a = SourceOp.input("a", Shape.scalar());
        Node b = SourceOp.input("b", Shape.scalar());
        Node y = a.pow(b);
        List<Node> g = Autodiff.grad(y, a, b);
        List<Node> second = new ArrayList<>(Autodiff.grad(g.get(0), List.of(a, b),
                Autodiff.Strictness.ZEROS_FOR_UNUSED));
        second.addAll(Autodiff.grad(g.get(1), List.of(a, b), Autodiff.Strictness.ZEROS_FOR_UNUSED));
        // d2/da2 a^b = b (b - 1) a^(b - 2): 2 at (0, 2); d2/dadb = a^(b-1) (1 + b ln a): 0 there; d2/db2 = y ln^2 a: 0
        double[] expected = {2, 0, 0, 0};
        List<Tensor> h = Function.of(List.of(a, b), second).call(Tensor.scalar(0.0), Tensor.scalar(2.0));
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], h.get(i).flat(0), 0.0, "second derivative " + i);
        }
        List<Tensor> h0 = Function.of(List.of(a, b), second).call(Tensor.scalar(0.0), Tensor.scalar(0.0));
        for (Tensor t : h0) {
            assertTrue(!Double.isNaN(t.flat(0)), "second derivatives at (0, 0): " + h0);
        }
    }

    /**
     * xlogy at {@code (0, ±0)} and xlog1py at {@code (0, -1)}: the first derivatives are the conventions' 0s, and the
     * Hessian is symmetric and NaN-free, both mixed derivatives 0 (they read NaN for {@code d/dy xBar} and 1 for
     * {@code d/dx yBar}; PyTorch 1.13 gives NaN and +inf), with the optimized and the plain evaluator. Just off the
     * pole the mixed derivative is {@code 1 / y} both ways.
     */
    @Test
    void theHessianOfXlogyIsSymmetricAndFiniteWhereXIsZeroAtThePole() {
        Node x = SourceOp.input("x", Shape.of(4));
        Node y = SourceOp.input("y", Shape.of(4));
        Node w = SourceOp.input("w", Shape.of(4)); // xlogy where w = 1, xlog1py of y - 1 where w = 0
        Node f = w.mul(x.xlogy(y)).add(w.neg().add(1.0).mul(x.xlog1py(y.sub(1.0))));
        List<Node> g = Autodiff.grad(f.sum(), x, y);
        List<Node> outputs = new ArrayList<>(g);
        outputs.addAll(Autodiff.grad(g.get(0).sum(), List.of(x, y), Autodiff.Strictness.ZEROS_FOR_UNUSED));
        outputs.addAll(Autodiff.grad(g.get(1).sum(), List.of(x, y), Autodiff.Strictness.ZEROS_FOR_UNUSED));
        Tensor[] args = {Tensor.vector(0, -0.0, 0, 0), Tensor.vector(0, 0, 0, 1e-300), Tensor.vector(1, 1, 0, 1)};
        // per output (xBar, yBar, d/dx xBar, d/dy xBar, d/dx yBar, d/dy yBar) the four points
        double[][] expected = {{0, 0, 0, -690.7755278982137}, {0, -0.0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1e300},
            {0, 0, 0, 1e300}, {0, 0, 0, -0.0}};
        for (Function fn : List.of(Function.of(List.of(x, y, w), outputs),
                Function.unoptimized(List.of(x, y, w), outputs))) {
            List<Tensor> got = fn.call(args);
            for (int k = 0; k < expected.length; k++) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[k][i], got.get(k).flat(i), Math.ulp(expected[k][i]),
                            "output " + k + " at point " + i + ": " + got.get(k));
                }
            }
        }
    }

    /** As {@code torch.clamp} and as {@code maximum}/{@code minimum}: a NaN bound is not silently dropped. */
    @Test
    void clampWithANaNBoundIsNaN() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node lo = SourceOp.input("lo", Shape.of(3));
        Node hi = SourceOp.input("hi", Shape.of(3));
        for (Function f : List.of(Function.of(List.of(x, lo, hi), List.of(x.clamp(lo, hi))),
                Function.unoptimized(List.of(x, lo, hi), List.of(x.clamp(lo, hi))))) {
            Tensor y = f.call(Tensor.vector(0.3, 0.3, 0.3), Tensor.vector(NAN, 0, 0), Tensor.vector(1, NAN, 1)).get(0);
            assertEquals(List.of(NAN, NAN, 0.3), List.of(y.flat(0), y.flat(1), y.flat(2)));
        }
        Tensor lower = Function.of(List.of(x, lo), List.of(x.clampMin(lo)))
                .call(Tensor.vector(-1, 2, NAN), Tensor.vector(NAN, 0, 0)).get(0);
        assertEquals(List.of(NAN, 2.0, NAN), List.of(lower.flat(0), lower.flat(1), lower.flat(2)));
        Tensor upper = Function.of(List.of(x, hi), List.of(x.clampMax(hi)))
                .call(Tensor.vector(5, 2, -1), Tensor.vector(NAN, 1, 0)).get(0);
        assertEquals(List.of(NAN, 1.0, -1.0), List.of(upper.flat(0), upper.flat(1), upper.flat(2)));
    }

    /** The bounds' dtype is checked by clamp itself: the comparison inside it named "less" before. */
    @Test
    void clampNamesItselfWhenTheBoundsHaveAnotherDtype() {
        Node ints = SourceOp.input("i", Shape.of(3), dev.adjoint.core.tensor.DType.INT64);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ints.clamp(c(0), c(1)));
        assertTrue(e.getMessage().startsWith("clamp: the bounds must have the operand's dtype, got"), e.getMessage());
        assertTrue(e.getMessage().contains("cast the bound, e.g. bound.cast(DType.INT64)"), e.getMessage());
    }

    /** softmaxCrossEntropy ships with the library: its failure is not a "custom op" failure. */
    @Test
    void aShippedOpsFailureIsNotCalledACustomOps() {
        Node z = SourceOp.input("z", Shape.of(2, 3));
        Node y = SourceOp.input("y", Shape.of(2));
        Function f = Function.of(List.of(z, y), List.of(z.softmaxCrossEntropy(y)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> f.call(Tensor.of(Shape.of(2, 3), 1, 2, 3, 4, 5, 6), Tensor.vector(0, 7)));
        assertTrue(e.getMessage().startsWith("op 'softmaxCrossEntropy': forward failed"), e.getMessage());
    }

    /** The maximum over an axis shares the gradient among ties, as {@code torch.amax} does (0.5, 0.5, 0). */
    @Test
    void maxReductionSharesTheGradientAmongTies() {
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor g = Function.of(List.of(x), List.of(Autodiff.grad(x.max(), x))).call(Tensor.vector(1, 1, 0)).get(0);
        assertEquals(List.of(0.5, 0.5, 0.0), List.of(g.flat(0), g.flat(1), g.flat(2)));
    }
}
