package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Elementwise;
import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The logistic function {@code sigma(z) = 1 / (1 + e^-z)}, with {@code sigma'(z) = sigma(z) (1 - sigma(z))}
 * (Keras {@code "sigmoid"}).
 *
 * <p>Core's primitive evaluates {@code e^z / (1 + e^z)} for negative z, so no input overflows; for
 * {@code |z|} beyond about 37 (float64) the output rounds to 0 or 1 and the derivative to 0, the saturation
 * that makes deep sigmoid networks slow to train. Feed the logits, not the sigmoid, to a cross-entropy when
 * you can ({@code BinaryCrossEntropy(true)}); the loss also recognises a sigmoid node and does so itself.
 */
public record Sigmoid() implements Activation {

    @Override
    public Node apply(Node x) {
        return Elementwise.sigmoid(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "sigmoid";
    }
}
