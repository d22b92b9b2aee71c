package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * The rectified linear unit {@code relu(z) = max(z, 0)}, with derivative {@code [z > 0]}: 0 at {@code z = 0},
 * as in Keras ({@code "relu"}), TensorFlow and PyTorch.
 */
public record Relu() implements Activation {

    @Override
    public Node apply(Node x) {
        return UnaryOp.relu(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "relu";
    }
}
