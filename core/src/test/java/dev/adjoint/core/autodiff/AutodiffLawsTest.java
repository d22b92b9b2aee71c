package dev.adjoint.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff.Strictness;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/** The laws of reverse mode: linearity in the seed, fan-out, blocked and missing paths, bad requests. */
class AutodiffLawsTest {

    /** A point x of a random shape and matching weights for {@link #model}. */
    record Point(Tensor x, Tensor w, double a, double b) {
    }

    static final Gen<Point> POINTS = choices -> {
        int rows = Gens.integers(1, 4).next(choices);
        int cols = Gens.integers(1, 4).next(choices);
        int out = Gens.integers(1, 4).next(choices);
        Tensor x = Gens.tensors(Shape.of(rows, cols), Domain.REAL, DType.FLOAT64).next(choices);
        Tensor w = Gens.tensors(Shape.of(cols, out), Domain.REAL, DType.FLOAT64).next(choices);
        double a = Gens.doubles(Domain.REAL).next(choices);
        double b = Gens.doubles(Domain.REAL).next(choices);
        return new Point(x, w, a, b);
    };

    /** A small nonlinear model with fan-out: {@code softmax(tanh(x W) * x W)} along the last axis. */
    static Node model(Node x, Node w) {
        Node z = LinalgOp.matmul(x, w);
        return ReduceOp.softmax(z.tanh().mul(z), -1);
    }

    @Test
    void vjpIsLinearInTheSeed() {
        Property.forAll(POINTS).named("vjp(a y1 + b y2) = a vjp(y1) + b vjp(y2)").tries(40).check(p -> {
            Node x = SourceOp.input("x", p.x().shape());
            Node w = SourceOp.input("w", p.w().shape());
            Node y = model(x, w);
            Node y1 = SourceOp.input("y1", y.shape());
            Node y2 = SourceOp.input("y2", y.shape());
            List<Node> g1 = Autodiff.vjp(List.of(y), List.of(y1), List.of(x, w), Strictness.ZEROS_FOR_UNUSED);
            List<Node> g2 = Autodiff.vjp(List.of(y), List.of(y2), List.of(x, w), Strictness.ZEROS_FOR_UNUSED);
            Node mixed = y1.mul(p.a()).add(y2.mul(p.b()));
            List<Node> g12 = Autodiff.vjp(List.of(y), List.of(mixed), List.of(x, w), Strictness.ZEROS_FOR_UNUSED);
            List<Node> combined = List.of(g1.get(0).mul(p.a()).add(g2.get(0).mul(p.b())),
                    g1.get(1).mul(p.a()).add(g2.get(1).mul(p.b())));
            Bindings at = Bindings.of(x, p.x()).and(w, p.w())
                    .and(y1, Tensor.uniform(Key.of(1), DType.FLOAT64, y.shape(), -1, 1))
                    .and(y2, Tensor.uniform(Key.of(2), DType.FLOAT64, y.shape(), -1, 1));
            List<Tensor> direct = Evaluator.evaluate(g12, at);
            List<Tensor> sum = Evaluator.evaluate(combined, at);
            for (int i = 0; i < 2; i++) {
                // Different rounding order only: products and sums of a few terms of size <= ~10.
                assertTrue(direct.get(i).allClose(sum.get(i), 1e-10, 1e-12),
                        "input " + i + ": " + direct.get(i) + " vs " + sum.get(i));
            }
        });
    }

    @Test
    void fanOutSumsTheCotangentsOfEveryUse() {
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor xv = Tensor.vector(-1.5, 0.25, 2.0);
        Tensor square = Evaluator.evaluate(Autodiff.grad(x.mul(x).sum(), x), Bindings.of(x, xv));
        assertTrue(square.sameValues(Tensor.vector(-3.0, 0.5, 4.0)), "d sum(x*x)/dx = 2x, got " + square);
        // The gradient of a linear function does not depend on x: a Function declares x explicitly.
        Tensor thrice = Function.of(List.of(x), List.of(Autodiff.grad(x.add(x).add(x).sum(), x))).call(xv).get(0);
        assertTrue(thrice.sameValues(Tensor.vector(3.0, 3.0, 3.0)), "d sum(x+x+x)/dx = 3, got " + thrice);
        Node shared = x.tanh();
        Node twoPaths = shared.mul(shared.exp()).sum();
        Tensor g = Evaluator.evaluate(Autodiff.grad(twoPaths, x), Bindings.of(x, xv));
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(xv.flat(i));
            double expected = (1 - t * t) * (Math.exp(t) + t * Math.exp(t));
            assertEquals(expected, g.flat(i), 1e-12);
        }
    }

    @Test
    void stopGradientBlocksItsPathOnly() {
        Node x = SourceOp.input("x", Shape.of(2));
        Tensor xv = Tensor.vector(0.5, -2.0);
        Node y = UnaryOp.stopGradient(x.square()).mul(x).sum();
        Tensor g = Evaluator.evaluate(Autodiff.grad(y, x), Bindings.of(x, xv));
        assertTrue(g.sameValues(Tensor.vector(0.25, 4.0)), "only the unblocked factor x contributes x^2, got " + g);
        Tensor value = Evaluator.evaluate(UnaryOp.stopGradient(x), Bindings.of(x, xv));
        assertTrue(value.sameValues(xv), "stopGradient is the identity forward");
        Node blockedGrad = Autodiff.grad(UnaryOp.stopGradient(x.exp()).sum(), x);
        assertTrue(SourceOp.isZero(blockedGrad), "a fully blocked gradient is the typed zero, got a graph of "
                + Graphs.topologicalOrder(blockedGrad).size() + " nodes");
    }

    /**
     * Regression: a zero cotangent used to be pulled back through the blocked subgraph, so the gradient of
     * {@code stopGradient(log x)} at x = 0 was {@code 0 / 0 = NaN} instead of 0.
     */
    @Test
    void stopGradientBlocksNonFiniteDerivatives() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node loss = UnaryOp.stopGradient(x.log()).sum().add(x.sum());
        Tensor g = Function.of(List.of(x), List.of(Autodiff.grad(loss, x))).call(Tensor.vector(0, 1, -1)).get(0);
        assertTrue(g.sameValues(Tensor.vector(1, 1, 1)), "d/dx [sum(stopGradient(log x)) + sum(x)] = 1, got " + g);
        assertEquals(1, Autodiff.grad(UnaryOp.stopGradient(x.log()).sum(), List.of(x), Strictness.STRICT).size(),
                "an input behind stopGradient is connected, with gradient zero, also when strict");
    }

    @Test
    void unusedInputGetsTypedZeros() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node unused = SourceOp.input("unused", Shape.of(4), DType.FLOAT32);
        List<Node> g = Autodiff.grad(x.sum(), x, unused);
        assertTrue(SourceOp.isZero(g.get(1)), "an unused input's gradient is the typed zero");
        assertEquals(Shape.of(4), g.get(1).shape());
        assertEquals(DType.FLOAT32, g.get(1).dtype());
        Tensor zeros = Evaluator.evaluate(g.get(1), Bindings.empty());
        assertTrue(zeros.sameValues(Tensor.zeros(DType.FLOAT32, Shape.of(4))));
    }

    @Test
    void strictGradOfUnusedInputIsAnErrorNamingIt() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node unused = SourceOp.input("unused", Shape.of(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(x.sum(), List.of(x, unused), Strictness.STRICT));
        assertTrue(e.getMessage().contains("'unused'"), e.getMessage());
        assertEquals(1, Autodiff.grad(x.sum(), List.of(x), Strictness.STRICT).size(), "a used input is fine");
    }

    @Test
    void nonScalarLossIsAnErrorNamingItsShape() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(x.tanh(), x));
        assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
        Node batch = SourceOp.input("b", Shape.of(Shape.BATCH));
        IllegalArgumentException eb = assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(batch, batch));
        assertTrue(eb.getMessage().contains("[N]"), eb.getMessage());
    }

    @Test
    void cotangentOfTheWrongTypeIsAnError() {
        Node x = SourceOp.input("x", Shape.of(2, 3));
        Node wrongShape = SourceOp.input("y", Shape.of(3, 2));
        Node wrongType = SourceOp.input("z", Shape.of(2, 3), DType.FLOAT32);
        assertThrows(IllegalArgumentException.class,
                () -> Autodiff.vjp(List.of(x.exp()), List.of(wrongShape), List.of(x), Strictness.STRICT));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.vjp(List.of(x.exp()), List.of(wrongType), List.of(x), Strictness.STRICT));
        assertTrue(e.getMessage().contains("f64[2, 3]") && e.getMessage().contains("f32[2, 3]"), e.getMessage());
    }

    @Test
    void gradientWithRespectToAnInnerNode() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node h = x.mul(2.0);
        Node loss = h.square().sum();
        Tensor g = Evaluator.evaluate(Autodiff.grad(loss, h), Bindings.of(x, Tensor.vector(1, 2, 3)));
        assertTrue(g.sameValues(Tensor.vector(4, 8, 12)), "d sum(h^2)/dh = 2h, got " + g);
    }

    @Test
    void jvpOfSeveralInputsIsTheSumOfTheirJvps() {
        Property.forAll(POINTS).named("jvp(y, [x, w], [t, s]) = J_x t + J_w s").tries(30).check(p -> {
            Node x = SourceOp.input("x", p.x().shape());
            Node w = SourceOp.input("w", p.w().shape());
            Node t = SourceOp.input("t", p.x().shape());
            Node s = SourceOp.input("s", p.w().shape());
            Node y = model(x, w);
            Node joint = Autodiff.jvp(y, List.of(x, w), List.of(t, s));
            Node sum = Autodiff.jvp(y, x, t).add(Autodiff.jvp(y, w, s));
            Bindings at = Bindings.of(x, p.x()).and(w, p.w())
                    .and(t, Tensor.uniform(Key.of(7), DType.FLOAT64, p.x().shape(), -1, 1))
                    .and(s, Tensor.uniform(Key.of(8), DType.FLOAT64, p.w().shape(), -1, 1));
            List<Tensor> values = Function.of(List.of(x, w, t, s), List.of(joint, sum)).call(at);
            assertTrue(values.get(0).allClose(values.get(1), 1e-12, 1e-12), values.get(0) + " vs " + values.get(1));
        });
    }

    @Test
    void jvpNeedsOneTangentOfItsInputsTypePerInput() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node w = SourceOp.input("w", Shape.of(2));
        Node y = x.sum().mul(w);
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.jvp(y, List.of(x, w), List.of(x)));
        assertEquals("jvp: needs one tangent per input, got 2 inputs and 1 tangents", count.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.jvp(y, List.of(x, w), List.of(x, x)));
        assertEquals("jvp: tangent 1 must have its input's type f64[2], got f64[3]", type.getMessage());
        Node unused = SourceOp.input("u", Shape.of(4));
        Tensor zero = Evaluator.evaluate(Autodiff.jvp(y, List.of(unused), List.of(unused)), Bindings.empty());
        assertTrue(zero.sameValues(Tensor.zeros(DType.FLOAT64, Shape.of(2))), "an input y does not use moves nothing");
    }

    @Test
    void jvpEqualsJacobianTimesTangent() {
        Property.forAll(POINTS).named("jvp(y, x, t) = J t").tries(30).check(p -> {
            Node x = SourceOp.input("x", p.x().shape());
            Node w = SourceOp.input("w", p.w().shape());
            Node t = SourceOp.input("t", p.x().shape());
            Node y = model(x, w);
            Node jvp = Autodiff.jvp(y, x, t);
            Node jacobian = Autodiff.jacobian(y, x);
            int m = y.shape().size();
            int n = x.shape().size();
            assertEquals(concat(y.shape(), x.shape()), jacobian.shape());
            Node jt = MovementOp.reshape(LinalgOp.matmul(MovementOp.reshape(jacobian, Shape.of(m, n)),
                    MovementOp.reshape(t, Shape.of(n, 1))), y.shape());
            Bindings at = Bindings.of(x, p.x()).and(w, p.w())
                    .and(t, Tensor.uniform(Key.of(7), DType.FLOAT64, p.x().shape(), -1, 1));
            List<Tensor> values = Function.of(List.of(x, w, t), List.of(jvp, jt)).call(at);
            assertTrue(values.get(0).allClose(values.get(1), 1e-10, 1e-12), values.get(0) + " vs " + values.get(1));
        });
    }

    @Test
    void jacobianOfAnElementwiseOpIsDiagonal() {
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor xv = Tensor.vector(0.1, -0.7, 1.3);
        Tensor j = Evaluator.evaluate(Autodiff.jacobian(x.exp(), x), Bindings.of(x, xv));
        assertEquals(Shape.of(3, 3), j.shape());
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                assertEquals(r == c ? Math.exp(xv.flat(r)) : 0.0, j.get(r, c), 1e-15);
            }
        }
    }

    private static Shape concat(Shape a, Shape b) {
        int[] dims = new int[a.rank() + b.rank()];
        System.arraycopy(a.dims(), 0, dims, 0, a.rank());
        System.arraycopy(b.dims(), 0, dims, a.rank(), b.rank());
        return Shape.of(dims);
    }
}
