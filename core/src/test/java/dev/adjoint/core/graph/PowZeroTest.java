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
}
