package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * The hyperbolic tangent {@code tanh z = (e^z - e^-z) / (e^z + e^-z) = 2 sigma(2z) - 1}, with
 * {@code tanh'(z) = 1 - tanh^2 z} (Keras {@code "tanh"}). Zero-centred, saturating at {@code ±1}.
 */
public record Tanh() implements Activation {

    @Override
    public Node apply(Node x) {
        return UnaryOp.tanh(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "tanh";
    }
}
