package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * {@code softplus(z) = ln(1 + e^z)}, a smooth ReLU, with derivative {@code sigma(z)} (Keras
 * {@code "softplus"}). Core's primitive evaluates {@code max(z, 0) + log1p(e^-|z|)}, which never overflows:
 * {@code softplus(1e4) = 1e4} and {@code softplus(-1e4) = 0}.
 */
public record Softplus() implements Activation {

    @Override
    public Node apply(Node x) {
        return UnaryOp.softplus(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "softplus";
    }
}
