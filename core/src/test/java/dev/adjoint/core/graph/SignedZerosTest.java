package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The sign of a zero result where PyTorch 1.13 gives the same one on every path (float64 and float32, 1, 5 and 67
 * elements: its scalar and vector loops; printed with {@code torch.signbit} by Debian's {@code python3-torch}), for
 * Adjoint's scalar and vector loops alike (5 and 67 elements), compiled and as written. Not pinned: the sign of
 * {@code max}/{@code min} (elementwise or reduced) at a tie of {@code -0.0} and {@code +0.0}, where PyTorch's answer
 * changes with the tensor's length (its vector loop and its scalar tail disagree); Adjoint keeps {@link Math#max}'s
 * {@code -0.0 < +0.0}.
 */
class SignedZerosTest {

    private static void assertZeros(String what, UnaryOperator<Node> f, double x, double expected) {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            for (int n : new int[] {5, 67}) {
                double[] xs = new double[n];
                Arrays.fill(xs, x);
                Node in = SourceOp.input("x", Shape.of(n), dtype);
                for (Function fn : List.of(Function.of(List.of(in), List.of(f.apply(in))),
                        Function.unoptimized(List.of(in), List.of(f.apply(in))))) {
                    Tensor y = fn.call(Tensor.of(dtype, Shape.of(n), xs)).get(0);
                    for (int i = 0; i < n; i++) {
                        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y.flat(i)),
                                what + " at " + x + ", " + dtype + ", element " + i + " of " + n + ": " + y.flat(i));
                    }
                }
            }
        }
    }

    /** {@code torch.relu(-0.0) = -0.0} (was +0.0 here), {@code torch.relu(0.0) = 0.0}; the gradient at both is 0. */
    @Test
    void reluKeepsTheSignOfZeroAsPyTorch() {
        assertZeros("relu", Node::relu, -0.0, -0.0);
        assertZeros("relu", Node::relu, 0.0, 0.0);
        // torch.relu's gradient at -0.0 and 0.0: 0
        for (double zero : new double[] {-0.0, 0.0}) {
            Node x = SourceOp.input("x", Shape.scalar());
            Tensor g = Function.of(List.of(x), List.of(Autodiff.grad(x.relu(), x))).call(Tensor.scalar(zero)).get(0);
            assertEquals(0.0, g.flat(0), 0.0, "relu's gradient at " + zero);
        }
    }

    /**
     * {@code F.elu(x, alpha)} at {@code ±0.0} is {@code (e^x - 1) alpha = (+0.0) alpha}: {@code +0.0} for alpha 1
     * and 0.5, {@code -0.0} for alpha -1 (was {@code -0.0}, {@code -0.0} and {@code +0.0} at {@code x = -0.0});
     * {@code torch.selu(±0.0) = +0.0} (was {@code -0.0} at {@code -0.0}).
     */
    @Test
    void eluAndSeluAtZeroAreSignedAsPyTorch() {
        for (double zero : new double[] {-0.0, 0.0}) {
            assertZeros("elu(1)", x -> x.elu(1.0), zero, 0.0);
            assertZeros("elu(0.5)", x -> x.elu(0.5), zero, 0.0);
            assertZeros("elu(-1)", x -> x.elu(-1.0), zero, -0.0);
            assertZeros("selu", Node::selu, zero, 0.0);
        }
    }

    /**
     * {@code torch.pow(x, 0.5)} is {@code sqrt x} and {@code torch.pow(x, -0.5)} is {@code rsqrt x}: at {@code -0.0}
     * they give {@code -0.0} and {@code -inf} (was {@code +0.0} and {@code +inf}, IEEE's pow); at {@code +0.0},
     * {@code +0.0} and {@code +inf}. Other exponents keep IEEE's pow, as PyTorch's does ({@code (-0.0)^1.5 = +0.0}).
     */
    @Test
    void powOfMinusZeroIsPyTorchsSqrtAndRsqrt() {
        assertZeros("pow(0.5)", x -> x.pow(0.5), -0.0, -0.0);
        assertZeros("pow(0.5)", x -> x.pow(0.5), 0.0, 0.0);
        assertZeros("pow(-0.5)", x -> x.pow(-0.5), -0.0, Double.NEGATIVE_INFINITY);
        assertZeros("pow(-0.5)", x -> x.pow(-0.5), 0.0, Double.POSITIVE_INFINITY);
        assertZeros("pow(1.5)", x -> x.pow(1.5), -0.0, 0.0);
        assertZeros("pow(-1.5)", x -> x.pow(-1.5), -0.0, Double.POSITIVE_INFINITY);
    }
}
