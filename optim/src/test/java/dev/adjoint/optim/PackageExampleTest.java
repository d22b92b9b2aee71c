package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.List;

/** The example in {@code package-info.java}, compiled and run. */
class PackageExampleTest {

    @Test
    void thePackageExampleTrains() {
        Node w = SourceOp.input("w", Shape.of(2));
        Node loss = w.sub(1.0).square().sum();                            // minimum at w = (1, 1)
        Optimizer adam = Adam.defaults().withLearningRate(Schedule.cosineDecay(0.1, 500, 0.0).withWarmup(10));
        List<Node> state = List.of(SourceOp.input("m", Shape.of(2)), SourceOp.input("v", Shape.of(2)));
        Node t = SourceOp.input("t", Shape.scalar());
        ParamUpdate next = adam.update(w, Autodiff.grad(loss, w), state, t);
        Function step = Function.of(List.of(w, state.get(0), state.get(1), t),
                List.of(next.param(), next.state().get(0), next.state().get(1)));

        Tensor wValue = Tensor.vector(0, 0);
        List<Tensor> s = adam.initialState(wValue);                         // [m = 0, v = 0]
        for (int i = 1; i <= 510; i++) {
            List<Tensor> out = step.call(wValue, s.get(0), s.get(1), Tensor.scalar(i));
            wValue = out.get(0);
            s = out.subList(1, 3);
        }

        assertEquals(1.0, wValue.flat(0), 1e-6);
        assertEquals(1.0, wValue.flat(1), 1e-6);
    }
}
