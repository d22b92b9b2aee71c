package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * {@code softsign(z) = z / (1 + |z|)}, in {@code (-1, 1)} like tanh but saturating polynomially; derivative
 * {@code 1 / (1 + |z|)^2}. Keras {@code "softsign"}.
 */
public record Softsign() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.softsign(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "softsign";
    }
}
