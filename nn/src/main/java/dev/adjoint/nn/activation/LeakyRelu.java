package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * The leaky ReLU {@code f(z) = z} for {@code z > 0}, {@code alpha z} otherwise, with derivative
 * {@code z > 0 ? 1 : alpha}: negative inputs keep a small gradient, so units cannot die.
 *
 * <p>Default {@code alpha = 0.2}, the default of the function {@code keras.activations.leaky_relu}
 * ({@code negative_slope=0.2}), which is what the name {@code "leaky_relu"} resolves to in Keras. The layer
 * {@code keras.layers.LeakyReLU} defaults to 0.3 and PyTorch's {@code LeakyReLU} to 0.01: pass the slope
 * explicitly to match those. (A learned slope, the parametric ReLU, is a layer, not an activation.)
 *
 * @param alpha the slope for {@code z <= 0}; finite and {@code >= 0}
 */
public record LeakyRelu(double alpha) implements Activation {

    /** The default slope, {@code keras.activations.leaky_relu}'s 0.2. */
    public static final double DEFAULT_ALPHA = 0.2;

    /** Validates the slope. */
    public LeakyRelu {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("LeakyRelu: alpha must be finite and >= 0, got " + alpha);
        }
    }

    /** The slope {@link #DEFAULT_ALPHA}. */
    public LeakyRelu() {
        this(DEFAULT_ALPHA);
    }

    @Override
    public Node apply(Node x) {
        return UnaryOp.leakyRelu(Objects.requireNonNull(x, "x is null"), alpha);
    }

    @Override
    public String name() {
        return "leaky_relu";
    }
}
