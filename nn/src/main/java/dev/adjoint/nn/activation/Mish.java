package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * Mish (Misra, 2019), {@code mish(z) = z tanh(softplus z)}, derivative {@code t + z (1 - t^2) sigma(z)} with
 * {@code t = tanh(softplus z)}; evaluated with the stable softplus, so it is finite at any z. Keras
 * {@code "mish"}.
 */
public record Mish() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.mish(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "mish";
    }
}
