package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The gradients of the running products and log-sum-exps differentiated again: Hessian-vector products against
 * central differences of the first-order gradient ({@link GradCheck#checkSecondOrder}, with its random
 * cotangent of mixed signs and random direction), and one order further (the check run on the gradient graph
 * itself). For cumprod at exact zeros, where {@code H_ab = Σ_{j ≥ max(a, b)} yBar_j Π_{m ≤ j, m ≠ a, b} x_m}
 * is not 0 although every product through a zero is, and as accurate near them; for prod, whose third
 * derivative rests on cumprod's second; for logcumsumexp at any point, with cotangents of both signs. Closed
 * forms where there is one: the Hessian of {@code Σ cumprod(x)} at {@code [2, 0, 3]}, and {@code H·1 = 0} for
 * {@code Σ logcumsumexp(x)}, whose gradient sums to the lane length whatever x is.
 */
class CumulativeSecondOrderTest {

    /** Points with exact zeros: one, two apart, two adjacent, first, last, both ends, all. */
    private static final double[][] ZEROS = {
        {2, 0, 3},
        {1.5, 0, 2, -3, 0.5},
        {1.5, 0, 2, 0, 0.5},
        {1.5, 0, 0, -3, 0.5},
        {0, 2, -1.5, 3},
        {2, -1.5, 3, 0},
        {0, -1.5, 3, 0},
        {0, 1.25, 0, -2, 0},
        {0, 0, 0},
    };

    private static Node input(Tensor x) {
        return SourceOp.input("x", x.shape(), x.dtype());
    }

    /** H v of {@code sum(f(x) ⊙ yBar)} against central differences of its gradient. */
    private static void secondOrder(String label, Tensor x, UnaryOperator<Node> f, long key) {
        Node in = input(x);
        try {
            GradCheck.checkSecondOrder(f.apply(in), List.of(in), Bindings.of(in, x), Key.of(key)).assertPassed();
        } catch (AssertionError e) {
            throw new AssertionError(label + " at " + Arrays.toString(x.toDoubleArray()) + ": " + e.getMessage(), e);
        }
    }

    /** The same one order up: the checked function is the gradient of {@code sum(f(x) ⊙ w)}. */
    private static void thirdOrder(String label, Tensor x, Tensor w, UnaryOperator<Node> f, long key) {
        secondOrder("third order of " + label, x, n -> Autodiff.grad(f.apply(n).mul(SourceOp.constant(w)).sum(), n),
                key);
    }

    /** {@code H · 1} of {@code sum(f(x))}, as the second derivative is usually asked for. */
    private static double[] hessianTimesOnes(Tensor x, UnaryOperator<Node> f) {
        Node in = input(x);
        Node g = Autodiff.grad(f.apply(in).sum(), in);
        return Function.of(List.of(in), List.of(Autodiff.grad(g.sum(), in))).call(x).get(0).toDoubleArray();
    }

    private static Tensor alternating(Shape s) {
        double[] w = new double[s.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 2 == 0 ? 1 : -1) * (0.5 + 0.25 * (i % 3));
        }
        return Tensor.of(s, w);
    }

    // ---------------------------------------------------------------- cumprod

    @Test
    void cumprodsHessianAtAnExactZeroIsThePolynomials() {
        // Σ cumprod(x) = x0 + x0 x1 + x0 x1 x2: H = [[0, 1 + x2, x1], [1 + x2, 0, x0], [x1, x0, 0]].
        Node x = SourceOp.input("x", Shape.of(3));
        Tensor h = Function.of(List.of(x), List.of(Autodiff.hessian(x.cumprod(0).sum(), x)))
                .call(Tensor.vector(2, 0, 3)).get(0);
        assertArrayEquals(new double[] {0, 4, 0, 4, 0, 2, 0, 2, 0}, h.toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {4, 6, 2}, hessianTimesOnes(Tensor.vector(2, 0, 3), n -> n.cumprod(0)), 1e-15);
    }

    @Test
    void cumprodsHessianIsAsAccurateNearAZeroAsAtIt() {
        // H · 1 = [4 + x1, 6, 2 + x1] at [2, x1, 3]: a division by x1 would lose digits as x1 nears 0.
        for (double x1 : new double[] {1e-3, 1e-6, 1e-9, 1e-12, -1e-15}) {
            assertArrayEquals(new double[] {4 + x1, 6, 2 + x1},
                    hessianTimesOnes(Tensor.vector(2, x1, 3), n -> n.cumprod(0)), 1e-14, "x1 = " + x1);
        }
    }

    @Test
    void cumprodsSecondOrderMatchesCentralDifferencesAtZeros() {
        for (double[] point : ZEROS) {
            Tensor x = Tensor.vector(point);
            String at = Arrays.toString(point);
            secondOrder("cumprod at " + at, x, n -> n.cumprod(0), 1);
            secondOrder("reverse cumprod at " + at, x, n -> n.cumprod(0, true, false), 2);
            secondOrder("exclusive cumprod at " + at, x, n -> n.cumprod(0, false, true), 3);
            secondOrder("reverse exclusive cumprod at " + at, x, n -> n.cumprod(0, true, true), 4);
        }
        Tensor m = Tensor.of(Shape.of(3, 4), 1.5, 0, 2, -3, 0, 0.5, 0, 2, -1, 2, 0.75, 0);
        secondOrder("cumprod along axis 1", m, n -> n.cumprod(1), 5);
        secondOrder("cumprod along axis 0", m, n -> n.cumprod(0), 6);
    }

    @Test
    void cumprodsSecondOrderMatchesCentralDifferencesAtZerosInFloat32() {
        for (double[] point : ZEROS) {
            secondOrder("float32 cumprod at " + Arrays.toString(point), Tensor.vector(point).cast(DType.FLOAT32),
                    n -> n.cumprod(0), 7);
        }
    }

    @Test
    void cumprodsThirdOrderMatchesCentralDifferencesAtZeros() {
        for (double[] point : ZEROS) {
            Tensor x = Tensor.vector(point);
            thirdOrder("cumprod", x, alternating(x.shape()), n -> n.cumprod(0), 8);
        }
    }

    /**
     * prod's VJP is built from exclusive cumprods: its second derivative needs cumprod's first only, its third
     * needs cumprod's second.
     */
    @Test
    void prodsThirdOrderMatchesCentralDifferencesAtZeros() {
        Tensor rows = Tensor.of(Shape.of(3, 3), 1.5, 0.0, 2.0, -3.0, 0.5, 4.0, 0.0, 2.0, 0.0);
        thirdOrder("prod of rows with zeros", rows, alternating(Shape.of(3)), n -> n.prod(1), 9);
        thirdOrder("prod of everything", Tensor.of(Shape.of(2, 2), 2, 0, 3, 5), Tensor.scalar(0.75), n -> n.prod(), 10);
        for (double[] point : new double[][] {{2, 0, 3, -1.5}, {2, 0, 3, 0}, {0, 0, 3, 0}}) {
            thirdOrder("prod", Tensor.vector(point), Tensor.scalar(-1.25), n -> n.prod(), 11);
        }
    }

    // ---------------------------------------------------------------- logcumsumexp

    @Test
    void logcumsumexpsHessianOfTheSumAnnihilatesOnes() {
        // Σ_i ∂/∂x_i Σ_j y_j = Σ_j Σ_{i ≤ j} exp(x_i - y_j) = n for every x, so H · 1 = 0.
        double[] hv = hessianTimesOnes(Tensor.vector(0.3, -0.5, 1.2), n -> n.logcumsumexp(0));
        assertArrayEquals(new double[] {0, 0, 0}, hv, 1e-12);
        double[] reversed = hessianTimesOnes(Tensor.vector(0.3, -0.5, 1.2, 2.5), n -> n.logcumsumexp(0, true));
        assertArrayEquals(new double[] {0, 0, 0, 0}, reversed, 1e-12);
    }

    @Test
    void logcumsumexpsSecondOrderMatchesCentralDifferencesWithMixedSignCotangents() {
        Tensor x = Tensor.of(Shape.of(2, 3), 0.3, -0.5, 1.2, -1.0, 2.0, 0.7);
        Tensor w = Tensor.of(Shape.of(2, 3), 1.0, -2.0, 0.5, -0.75, 0.0, 1.5);
        secondOrder("weighted logcumsumexp along 1", x, n -> n.logcumsumexp(1).mul(SourceOp.constant(w)), 11);
        secondOrder("weighted logcumsumexp along 0", x, n -> n.logcumsumexp(0).mul(SourceOp.constant(w)), 12);
        secondOrder("weighted reverse logcumsumexp", x, n -> n.logcumsumexp(1, true).mul(SourceOp.constant(w)), 13);
        Tensor wide = Tensor.vector(1000, -1000, 999, 0);
        secondOrder("logcumsumexp at +-1000", wide, n -> n.logcumsumexp(0), 14);
        thirdOrder("logcumsumexp", x, w, n -> n.logcumsumexp(1), 15);
    }

    @Test
    void logcumsumexpsSecondAndThirdOrderMatchCentralDifferencesAtRandomPoints() {
        Property.forAll(Gens.shapes(1, 3, 4).flatMap(s -> Gens.tensors(s, Domain.REAL, DType.FLOAT64)))
                .named("logcumsumexp second and third order").tries(40).check(x -> {
                    int axis = x.rank() - 1;
                    secondOrder("logcumsumexp", x, n -> n.logcumsumexp(axis), 16);
                    secondOrder("reverse logcumsumexp", x, n -> n.logcumsumexp(0, true), 17);
                    thirdOrder("logcumsumexp", x, alternating(x.shape()), n -> n.logcumsumexp(axis), 18);
                });
    }

    @Test
    void logcumsumexpsSecondOrderMatchesCentralDifferencesInFloat32() {
        Property.forAll(Gens.shapes(1, 2, 4).flatMap(s -> Gens.tensors(s, Domain.REAL, DType.FLOAT32)))
                .named("float32 logcumsumexp second order").tries(30).check(x ->
                        secondOrder("float32 logcumsumexp", x, n -> n.logcumsumexp(x.rank() - 1), 19));
    }
}
