package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The hard swish (Howard et al., 2019, MobileNetV3), {@code z relu6(z + 3) / 6}: a piecewise quadratic
 * stand-in for {@code z sigma(z)}; derivative 0 below -3, {@code z/3 + 1/2} on {@code [-3, 3]}, 1 above.
 * Keras {@code "hard_swish"}, which Keras 3 also calls {@code "hard_silu"}.
 */
public record HardSwish() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.hardSwish(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "hard_swish";
    }
}
