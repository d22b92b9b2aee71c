package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The identity {@code a = z}, derivative 1: Keras's {@code "linear"}, the activation of a layer that has
 * none. {@link #apply} returns its input itself and adds no node.
 */
public record Linear() implements Activation {

    @Override
    public Node apply(Node x) {
        return Objects.requireNonNull(x, "x is null");
    }

    @Override
    public String name() {
        return "linear";
    }
}
