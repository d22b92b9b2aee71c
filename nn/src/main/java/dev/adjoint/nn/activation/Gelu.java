package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, 2016), {@code gelu(z) = z Phi(z)} with {@code Phi} the
 * standard normal distribution function, derivative {@code Phi(z) + z phi(z)}; with {@code approximate}, the
 * tanh form {@code z (1 + tanh(sqrt(2/pi) (z + 0.044715 z^3))) / 2}. Keras {@code "gelu"}
 * ({@code approximate=False} by default, as in Keras 3), PyTorch's {@code gelu(approximate='none' | 'tanh')};
 * core's {@code ActivationOp.gelu} evaluates both without cancellation for negative z.
 *
 * @param approximate true for the tanh form
 */
public record Gelu(boolean approximate) implements Activation {

    /** The exact form, Keras's default. */
    public Gelu() {
        this(false);
    }

    @Override
    public Node apply(Node x) {
        Objects.requireNonNull(x, "x is null");
        return ActivationOp.gelu(x, approximate ? ActivationOp.Gelu.Approximation.TANH
                : ActivationOp.Gelu.Approximation.NONE);
    }

    @Override
    public String name() {
        return "gelu";
    }
}
