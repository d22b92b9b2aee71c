package dev.adjoint.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.NamedFunction;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.HashMap;
import java.util.Map;

/** The example in {@code package-info.java}, compiled and run. */
class PackageExampleTest {

    @Test
    void thePackageExampleTrains() {
        Node w = SourceOp.input("w", Shape.of(2));
        Node loss = w.sub(1.0).square().sum();                            // minimum at w = (1, 1)
        Optimizer adam = Adam.defaults().withLearningRate(Schedule.cosineDecay(0.1, 500, 0.0).withWarmup(10));
        Map<String, Tensor> params = Map.of("w", Tensor.vector(0, 0));
        Map<String, Tensor> state = adam.init(params);                    // w/m = 0, w/v = 0
        Map<String, Node> s = NamedFunction.inputsLike(state);
        Node t = SourceOp.input("t", Shape.scalar());
        Update next = adam.update(Map.of("w", Autodiff.grad(loss, w)), s, Map.of("w", w), t);
        Map<String, Node> in = new HashMap<>(s);
        in.put("w", w);
        in.put("t", t);
        Map<String, Node> out = new HashMap<>(next.state());
        out.putAll(next.params());
        NamedFunction step = NamedFunction.of(in, out);                  // (w, w/m, w/v, t) -> (w, w/m, w/v)

        Map<String, Tensor> values = new HashMap<>(state);
        values.putAll(params);
        for (int i = 1; i <= 510; i++) {
            values.put("t", Tensor.scalar(i));
            values = new HashMap<>(step.call(values));
        }

        assertEquals(1.0, values.get("w").flat(0), 1e-6);
        assertEquals(1.0, values.get("w").flat(1), 1e-6);
    }
}
