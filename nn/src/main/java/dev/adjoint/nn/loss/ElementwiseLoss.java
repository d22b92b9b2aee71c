package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * A loss that is the mean of a per-element term {@code ℓ(yTrue_i, yPred_i)}: {@code L = (1/n) Σ_i ℓ_i} over all
 * elements, its per-example form the mean over each example's elements and its per-step form the mean over the
 * axes after the time axis ({@code [N, T]}, Keras's per-step loss), so that weights and masks apply to it as to
 * every other loss. An implementation gives only the terms.
 */
public interface ElementwiseLoss extends Loss {

    /**
     * The per-element terms {@code ℓ_i}, of {@code yPred}'s shape (after checking the targets against it).
     */
    Node terms(Node yTrue, Node yPred);

    @Override
    default Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    default Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample(getClass().getSimpleName(), terms(yTrue, yPred));
    }

    @Override
    default Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep(getClass().getSimpleName(), terms(yTrue, yPred));
    }
}
