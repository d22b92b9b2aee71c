package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The running reductions and the product have NumPy's values and PyTorch's gradients, exactly where zeros make
 * the textbook {@code y / x} form fail: one zero, several zeros. Expected values printed by NumPy 1.x and
 * PyTorch 1.13 ({@code torch.autograd.grad} of {@code (cumprod(x) * w).sum()}, of {@code x.prod(1).sum()}, of
 * {@code (logcumsumexp(z) * w).sum()}).
 */
class RunningAndProductGradientsTest {

    /** The value and the gradient of {@code sum(f(x) * w)} at x. */
    private static double[][] valueAndGradient(Tensor x, Tensor w, UnaryOperator<Node> f) {
        Node in = SourceOp.input("x", x.shape(), x.dtype());
        Node y = f.apply(in);
        Node loss = y.mul(SourceOp.constant(w)).sum();
        List<Tensor> out = Function.of(List.of(in), List.of(y, Autodiff.grad(loss, in))).call(x);
        return new double[][] {out.get(0).toDoubleArray(), out.get(1).toDoubleArray()};
    }

    @Test
    void cumulativeSumsAndProductsMatchNumPyInBothDirections() {
        Tensor a = Tensor.vector(1.5, 0.0, 2.0, -3.0, 0.0, 4.0);
        Tensor ones = Tensor.ones(Shape.of(6));
        assertArrayEquals(new double[] {1.5, 1.5, 3.5, 0.5, 0.5, 4.5}, valueAndGradient(a, ones, x -> x.cumsum(0))[0]);
        assertArrayEquals(new double[] {1.5, 0, 0, -0.0, -0.0, -0.0}, valueAndGradient(a, ones, x -> x.cumprod(0))[0],
                "signed zeros as NumPy");
        Tensor b = Tensor.vector(1, 2, 3, 4);
        Tensor w = Tensor.ones(Shape.of(4));
        assertArrayEquals(new double[] {10, 9, 7, 4}, valueAndGradient(b, w, x -> x.cumsum(0, true, false))[0]);
        assertArrayEquals(new double[] {0, 1, 3, 6}, valueAndGradient(b, w, x -> x.cumsum(0, false, true))[0]);
        assertArrayEquals(new double[] {9, 7, 4, 0}, valueAndGradient(b, w, x -> x.cumsum(0, true, true))[0]);
        assertArrayEquals(new double[] {1, 1, 2, 6}, valueAndGradient(b, w, x -> x.cumprod(0, false, true))[0]);
        assertArrayEquals(new double[] {24, 24, 12, 4}, valueAndGradient(b, w, x -> x.cumprod(0, true, false))[0]);
    }

    @Test
    void cumprodsGradientIsExactWithOneZeroAndWithSeveral() {
        Tensor w = Tensor.vector(0.3, -1.2, 0.7, 2.0, -0.4);
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
            assertArrayEquals(new double[] {0.3, -15.899999999999999, 0, 0, 0}, valueAndGradient(
                    Tensor.vector(1.5, 0.0, 2.0, -3.0, 0.5).cast(dtype), w.cast(dtype), x -> x.cumprod(0))[1], tol,
                    "one zero: only the zero and what precedes it get a gradient");
            assertArrayEquals(new double[] {0.3, 0.29999999999999993, 0, 0, 0}, valueAndGradient(
                    Tensor.vector(1.5, 0.0, 2.0, 0.0, 0.5).cast(dtype), w.cast(dtype), x -> x.cumprod(0))[1], tol,
                    "two zeros: the first zero's gradient stops at the second");
        }
    }

    @Test
    void prodsGradientIsTheProductOfTheOthersWithZerosPresent() {
        Tensor p = Tensor.of(Shape.of(3, 3), 1.5, 0.0, 2.0, -3.0, 0.5, 4.0, 0.0, 2.0, 0.0);
        double[][] out = valueAndGradient(p, Tensor.ones(Shape.of(3)), x -> x.prod(1));
        assertArrayEquals(new double[] {0, -6, 0}, out[0]);
        assertArrayEquals(new double[] {0, 3, 0, 2, -12, -1.5, 0, 0, 0}, out[1],
                "one zero in a row: only it gets the others' product; two zeros: no gradient");
        double[][] all = valueAndGradient(Tensor.of(Shape.of(2, 2), 2, 0, 3, 5), Tensor.scalar(1.0), x -> x.prod());
        assertArrayEquals(new double[] {0, 30, 0, 0}, all[1]);
    }

    @Test
    void logcumsumexpIsStableAtPlusMinusAThousand() {
        double[][] out = valueAndGradient(Tensor.vector(1000, -1000, 999, 0), Tensor.vector(1, -2, 0.5, 3),
                x -> x.logcumsumexp(0));
        assertArrayEquals(new double[] {1000, 1000, 1000.3132616875182, 1000.3132616875182}, out[0], 1e-12);
        assertArrayEquals(new double[] {1.558705025205415, 0, 0.9412949747950317, 0}, out[1], 1e-12);
        // A term far below the others keeps its digits: exp(0 - y_1) = 1 / (1 + e^40), not lost to 1 - (1 - ε).
        double small = valueAndGradient(Tensor.vector(0, 40), Tensor.vector(0, 1), x -> x.logcumsumexp(0))[1][0];
        assertEquals(1 / (1 + Math.exp(40)), small, 1e-15 * small);
    }

    /**
     * Huge equal terms: {@code y_j = m + ln(j + 1)} rounds to m, so weights {@code exp(x_i - y_j)} read off the
     * forward result would be 1, not {@code 1 / (j + 1)} (and carry {@code ulp(m)} of error below that). The
     * gradient is that of {@code logcumsumexp(x - m)}, shift-invariant: the values of {@code x = [0, 0, 0]} and
     * {@code [0, 1, 2]} (PyTorch 1.13 there: {@code [1.5834732783957535, 1.5860448100546027, 1.330481911549644]}).
     */
    @Test
    void logcumsumexpsGradientIsShiftInvariantForHugeTerms() {
        Tensor w = Tensor.vector(1, 1.5, 2);
        double[] equal = {1 + 1.5 / 2 + 2.0 / 3, 1.5 / 2 + 2.0 / 3, 2.0 / 3};
        for (double m : new double[] {1e10, 1e20, 1e200, 1e308}) {
            assertArrayEquals(equal, valueAndGradient(Tensor.vector(m, m, m), w, x -> x.logcumsumexp(0))[1], 1e-15,
                    "three equal terms " + m);
        }
        assertArrayEquals(new double[] {1.5834732783957535, 1.5860448100546027, 1.330481911549644},
                valueAndGradient(Tensor.vector(1e10, 1e10 + 1, 1e10 + 2), w, x -> x.logcumsumexp(0))[1], 1e-15,
                "1e10 + [0, 1, 2]");
        assertArrayEquals(new double[] {1, 1.5 + 1, 1}, valueAndGradient(Tensor.vector(-1e308, 1e308, 1e308), w,
                x -> x.logcumsumexp(0))[1], 0, "a term 2e308 below the maximum: its own weight 1, later ones 0");
        double[] f32 = valueAndGradient(Tensor.vector(1e30, 1e30, 1e30).cast(DType.FLOAT32), w.cast(DType.FLOAT32),
                x -> x.logcumsumexp(0))[1];
        assertArrayEquals(equal, f32, 1e-6, "float32, three equal terms 1e30");
    }
}
