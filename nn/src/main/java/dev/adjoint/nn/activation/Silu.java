package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The sigmoid-weighted linear unit {@code silu(z) = z sigma(z)}, also called swish (with {@code beta = 1}),
 * derivative {@code sigma(z) (1 + z (1 - sigma(z)))}: smooth, non-monotonic, unbounded above. Keras
 * {@code "silu"}, with the alias {@code "swish"}.
 */
public record Silu() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.silu(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "silu";
    }
}
