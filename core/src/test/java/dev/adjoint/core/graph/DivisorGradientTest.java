package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The divisor's gradient of {@code a / b}, {@code -yBar a / b^2}: PyTorch 1.13's values where {@code yBar / b}
 * overflows (a subnormal or tiny divisor), where {@code -(yBar / b) (a / b)} gave {@code -inf} or NaN; and the
 * bits of ordinary cases, which training depends on, unchanged.
 */
class DivisorGradientTest {

    /** {@code [aBar, bBar]} of {@code sum(yBar * a / b)}. */
    private static double[][] gradients(DType dtype, double[] a, double[] b, double[] yBar) {
        Shape shape = Shape.of(a.length);
        Node x = SourceOp.input("a", shape, dtype);
        Node d = SourceOp.input("b", shape, dtype);
        Node w = SourceOp.input("w", shape, dtype);
        List<Node> g = Autodiff.grad(x.div(d).mul(w).sum(), x, d);
        Bindings at = Bindings.of(x, Tensor.of(dtype, shape, a)).and(d, Tensor.of(dtype, shape, b))
                .and(w, Tensor.of(dtype, shape, yBar));
        return new double[][] {Evaluator.evaluateIgnoringUnused(g.get(0), at).toDoubleArray(),
            Evaluator.evaluateIgnoringUnused(g.get(1), at).toDoubleArray()};
    }

    @Test
    void tinyDivisorsGiveTorchsGradient() {
        // torch.autograd.grad(w * a / b, [a, b]): -9.999999999999998e+19, -0.0, 0.0,
        // -9.999999999999999e+299
        double[][] g = gradients(DType.FLOAT64, new double[] {1e-300, 0.0, -0.0, 1e-300},
                new double[] {1e-10, 1e-310, 1e-310, 1e-300}, new double[] {1e300, 1, 1, 1});
        assertEquals(List.of(-9.999999999999998e19, -0.0, 0.0, -9.999999999999999e299),
                List.of(g[1][0], g[1][1], g[1][2], g[1][3]));
        double[][] f = gradients(DType.FLOAT32, new double[] {0.0, 1e-30}, new double[] {1e-40, 1e-10},
                new double[] {1, 1e30});
        assertEquals(List.of(-0.0, -9.999999320799471e19), List.of(f[1][0], f[1][1])); // PyTorch's, float32
    }

    @Test
    void ordinaryCasesKeepTheirBits() {
        Random random = new Random(5);
        int n = 1000;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] yBar = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            b[i] = (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble() * 20 - 10);
            yBar[i] = random.nextGaussian();
        }
        double[][] g = gradients(DType.FLOAT64, a, b, yBar);
        for (int i = 0; i < n; i++) {
            double expected = -((yBar[i] / b[i]) * (a[i] / b[i]));
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(g[1][i]),
                    "bBar at a = " + a[i] + ", b = " + b[i] + ", yBar = " + yBar[i]);
        }
    }
}
