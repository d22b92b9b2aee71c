package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean absolute error {@code L = mean(|yPred - yTrue|)} over all elements (Keras
 * {@code "mean_absolute_error"}, alias {@code "mae"}). Gradient: {@code dL/dyPred = sign(yPred - yTrue) / n},
 * 0 where the error is exactly 0.
 */
public record MeanAbsoluteError() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("MeanAbsoluteError", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("MeanAbsoluteError", terms(yTrue, yPred));
    }

    private static Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanAbsoluteError", yTrue, yPred);
        return yPred.sub(y).abs();
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
