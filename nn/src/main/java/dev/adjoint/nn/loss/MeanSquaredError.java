package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean squared error {@code L = mean((yPred - yTrue)^2)} over all elements (Keras
 * {@code "mean_squared_error"}, alias {@code "mse"}). Gradient: {@code dL/dyPred = 2 (yPred - yTrue) / n}
 * with {@code n} the element count (taken at evaluation when the batch is {@code N}).
 */
public record MeanSquaredError() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("MeanSquaredError", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("MeanSquaredError", terms(yTrue, yPred));
    }

    private static Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanSquaredError", yTrue, yPred);
        return yPred.sub(y).square();
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }
}
