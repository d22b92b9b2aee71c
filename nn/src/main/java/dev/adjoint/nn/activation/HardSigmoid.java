package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The hard sigmoid of Keras 3 and PyTorch, {@code relu6(z + 3) / 6}: 0 below -3, 1 above 3, {@code z/6 + 1/2}
 * between; derivative 1/6 inside {@code (-3, 3)}, 0 elsewhere (the kinks included). Keras {@code
 * "hard_sigmoid"}. Keras 2 defined it differently, as {@code clip(0.2 z + 0.5, 0, 1)} (slope 0.2, saturating at
 * ±2.5); a model trained with that definition behaves differently here.
 */
public record HardSigmoid() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.hardSigmoid(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "hard_sigmoid";
    }
}
