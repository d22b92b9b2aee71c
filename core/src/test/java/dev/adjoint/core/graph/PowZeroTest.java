package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowZeroTest {

    @Test
    void theGradientOfXToTheZeroIsZeroEvenAtZero() {
        Node x = SourceOp.input("x", Shape.of(3));
        Node g = Autodiff.grad(x.pow(0.0).sum(), x);
        Tensor value = Function.of(List.of(x), List.of(g)).call(Bindings.of(x, Tensor.vector(0, -2, 5))).get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, value.flat(i), 0.0, "element " + i);
        }
    }

    /**
     * The exponent's gradient at a zero base: +0 for b >= 0, also at a = -0 with an odd b (where y = -0, and y·0
     * would give -0), and NaN where b is NaN.
     */
    @Test
    void theExponentsGradientAtAZeroBaseIsPlusZeroOrNaN() {
        Node a = SourceOp.input("a", Shape.of(4));
        Node b = SourceOp.input("b", Shape.of(4));
        Node g = Autodiff.grad(a.pow(b).sum(), b);
        Tensor value = Function.of(List.of(a, b), List.of(g)).call(Bindings.of(a, Tensor.vector(-0.0, 0.0, -0.0, 0.0))
                .and(b, Tensor.vector(3, 2, 0, Double.NaN))).get(0);
        for (int i = 0; i < 3; i++) {
            assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(value.flat(i)), "element " + i);
        }
        assertEquals(Double.NaN, value.flat(3), "a NaN exponent");
    }
}
