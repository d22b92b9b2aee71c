package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The exponential {@code exp(z) = e^z}, Keras {@code "exponential"}; derivative {@code e^z}. It overflows to
 * {@code +inf} above {@code z ≈ 709.78} in float64 and {@code z ≈ 88.72} in float32, and underflows to 0 below
 * about {@code -745} and {@code -103.97}, as in Keras.
 */
public record Exponential() implements Activation {

    @Override
    public Node apply(Node x) {
        return Objects.requireNonNull(x, "x is null").exp();
    }

    @Override
    public String name() {
        return "exponential";
    }
}
