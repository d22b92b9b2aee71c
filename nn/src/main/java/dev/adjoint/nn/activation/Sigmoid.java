package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * The logistic function {@code sigma(z) = 1 / (1 + e^-z)}, with {@code sigma'(z) = sigma(z) (1 - sigma(z))}
 * (Keras {@code "sigmoid"}).
 *
 * <p>Core's primitive evaluates {@code e^z / (1 + e^z)} for negative z, so no input overflows. The derivative
 * is at most 1/4 and decays like {@code e^-|z|}: the saturation that makes deep sigmoid networks slow to
 * train; for {@code z} beyond about 37 in float64 (17 in float32) {@code sigma(z)} rounds to 1 and the
 * derivative, computed from it, to 0. Feed the logits, not the sigmoid, to a cross-entropy when
 * you can ({@code BinaryCrossEntropy(true)}); the loss also recognises a sigmoid node and does so itself.
 */
public record Sigmoid() implements Activation {

    @Override
    public Node apply(Node x) {
        return UnaryOp.sigmoid(Objects.requireNonNull(x, "x is null"));
    }

    @Override
    public String name() {
        return "sigmoid";
    }
}
