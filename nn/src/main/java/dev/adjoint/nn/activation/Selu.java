package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.ActivationOp;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The scaled exponential linear unit (Klambauer et al., 2017), {@code selu(z) = scale * z} for {@code z > 0},
 * {@code scale * alpha (e^z - 1)} otherwise, with {@code alpha = 1.67326...} and {@code scale = 1.05070...}
 * (Keras's and PyTorch's constants, {@link ActivationOp.Selu#ALPHA}, {@link ActivationOp.Selu#SCALE}), chosen
 * so that activations keep zero mean and unit variance through layers initialized with {@code lecun_normal}.
 * Keras {@code "selu"}.
 */
public record Selu() implements Activation {

    @Override
    public Node apply(Node x) {
        return ActivationOp.selu(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "selu";
    }
}
