package dev.adjoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.GraphPrinter;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

class SmokeTest {
    @Test
    void tanhLayer() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node w = SourceOp.input("w", Shape.of(3, 2));
        Node b = SourceOp.input("b", Shape.of(2));
        Node f = x.matmul(w).add(b).tanh();
        System.out.println(GraphPrinter.print(f));
        Bindings at = Bindings.of(x, Tensor.uniform(Key.of(1), dev.adjoint.core.tensor.DType.FLOAT64, Shape.of(4, 3), -1, 1))
                .and(w, Tensor.uniform(Key.of(2), dev.adjoint.core.tensor.DType.FLOAT64, Shape.of(3, 2), -1, 1))
                .and(b, Tensor.vector(0.1, -0.2));
        Tensor y = Evaluator.evaluate(f, at);
        assertEquals(Shape.of(4, 2), y.shape());
        System.out.println(y);
        System.out.println(GradCheck.check(f, List.of(x, w, b), at).assertPassed());
        System.out.println(GradCheck.checkDirection(f, List.of(x, w, b), at, Key.of(3)).assertPassed());
        System.out.println(GradCheck.checkSecondOrder(f, List.of(x, w, b), at, Key.of(3)).assertPassed());
        Node loss = f.square().mean();
        Node gw = Autodiff.grad(loss, w);
        System.out.println(GraphPrinter.print(gw));
        assertTrue(GradCheck.checkSecondOrder(loss, List.of(w, b), at, Key.of(4)).passed());
    }
}
