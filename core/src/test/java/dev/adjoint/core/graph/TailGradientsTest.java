package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gradients in the tails of saturating functions keep their relative precision, as PyTorch 1.13's do: where a
 * function tends to a constant, its derivative is tiny, and a formula written through the value (such as
 * {@code y + alpha} for ELU, with {@code y} near {@code -alpha}) cancels to a few correct digits, then to 0.
 * The expected values are the exact derivatives, evaluated in float64 ({@code alpha e^x}). (expm1's is the
 * exception to "as PyTorch's": its {@code y + 1} cancels.)
 */
class TailGradientsTest {

    /** Points far in the negative tail: cancellation sets in from about -10, and gives 0 from -38 (float64). */
    private static final double[] TAIL = {-5, -10, -20, -30, -40, -80, -100};

    /** The elementwise gradient of {@code f} at the points, in the given dtype. */
    private static double[] gradient(UnaryOperator<Node> f, DType dtype, double... at) {
        Node x = SourceOp.input("x", Shape.of(at.length), dtype);
        Node g = Autodiff.grad(f.apply(x).sum(), x);
        return Function.of(List.of(x), List.of(g)).call(Tensor.of(dtype, Shape.of(at.length), at)).get(0)
                .toDoubleArray();
    }

    private static void assertTail(String what, UnaryOperator<Node> f, double slope) {
        for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
            double[] g = gradient(f, dtype, TAIL);
            for (int i = 0; i < TAIL.length; i++) {
                double exact = slope * StrictMath.exp(TAIL[i]);
                double expected = dtype == DType.FLOAT32 ? (float) exact : exact;
                // a few roundings of the product and the exponential: 4 ulps of the dtype
                double ulp = dtype == DType.FLOAT32 ? Math.ulp((float) expected) : Math.ulp(expected);
                assertEquals(expected, g[i], 4 * ulp, what + "'s gradient at " + TAIL[i] + " in " + dtype
                        + " (exactly " + exact + ")");
            }
        }
    }

    @Test
    void eluGradientIsAlphaExpXInTheNegativeTail() {
        assertTail("elu(1)", x -> x.elu(1.0), 1.0);
        assertTail("elu(0.5)", x -> x.elu(0.5), 0.5);
    }

    @Test
    void seluGradientIsScaleAlphaExpXInTheNegativeTail() {
        assertTail("selu", Node::selu, ActivationOp.Selu.SCALE * ActivationOp.Selu.ALPHA);
    }

    /**
     * {@code expm1'(x) = e^x}, also far in the negative tail: PyTorch 1.13's {@code (y + 1)} gives 0 from about -37
     * (float64) and so did Adjoint's.
     */
    @Test
    void expm1GradientIsExpXInTheNegativeTail() {
        assertTail("expm1", UnaryOp::expm1, 1.0);
    }

    /** The exponential of the unselected branch must not overflow into the second derivative as 0 * inf. */
    @Test
    void secondDerivativesOfEluAndSeluAreFiniteForLargePositiveX() {
        for (UnaryOperator<Node> f : List.<UnaryOperator<Node>>of(x -> x.elu(1.0), Node::selu)) {
            Node x = SourceOp.input("x", Shape.of(3));
            Node g = Autodiff.grad(f.apply(x).sum(), x);
            Node h = Autodiff.grad(g.sum(), x);
            double[] second = Function.of(List.of(x), List.of(h)).call(Tensor.vector(1000, 800, -1)).get(0)
                    .toDoubleArray();
            assertEquals(0.0, second[0], 0.0, "the second derivative at 1000");
            assertEquals(0.0, second[1], 0.0, "the second derivative at 800");
            assertTrue(second[2] > 0, "the second derivative at -1 is alpha e^-1 (times scale), got " + second[2]);
        }
    }
}
