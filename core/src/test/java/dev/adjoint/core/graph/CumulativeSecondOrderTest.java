package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
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
 * The gradients of the running products differentiated again: Hessian-vector products against central
 * differences of the first-order gradient ({@link GradCheck#checkSecondOrder}, with its random cotangent of mixed
 * signs and random direction) at exact zeros, where {@code H_ab = Σ_{j ≥ max(a, b)} yBar_j Π_{m ≤ j, m ≠ a, b}
 * x_m} is not 0 although every product through a zero is; the closed form of the Hessian of {@code Σ cumprod(x)}
 * at {@code [2, 0, 3]}; and prod one order further (the check run on its gradient graph), which rests on
 * cumprod's second derivative.
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
}
