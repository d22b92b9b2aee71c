package dev.adjoint.core.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The op table checks each op alone; here ops composed into a dense tanh layer {@code tanh(x·W + b)} over a
 * symbolic batch, and its loss {@code mean(f²)}, are checked against central differences: per element, along a
 * direction, and to second order.
 */
class ComposedGradientTest {

    private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
    private final Node w = SourceOp.input("w", Shape.of(3, 2));
    private final Node b = SourceOp.input("b", Shape.of(2));
    private final Node f = x.matmul(w).add(b).tanh();
    private final Bindings at = Bindings.of(x, Tensor.uniform(Key.of(1), DType.FLOAT64, Shape.of(4, 3), -1, 1))
            .and(w, Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(3, 2), -1, 1))
            .and(b, Tensor.vector(0.1, -0.2));

    @Test
    void layerGradientsMatchCentralDifferences() {
        assertEquals(Shape.of(4, 2), Evaluator.evaluate(f, at).shape());
        GradCheck.check(f, List.of(x, w, b), at).assertPassed();
        GradCheck.checkDirection(f, List.of(x, w, b), at, Key.of(3)).assertPassed();
    }

    @Test
    void layerAndLossSecondOrderMatchesCentralDifferences() {
        GradCheck.checkSecondOrder(f, List.of(x, w, b), at, Key.of(3)).assertPassed();
        GradCheck.checkSecondOrder(f.square().mean(), List.of(w, b), at, Key.of(4)).assertPassed();
    }
}
