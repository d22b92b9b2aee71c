package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;

/**
 * The mean squared error {@code mean((yPred - yTrue)^2)} as a metric (Keras {@code "mse"}), the same graph as
 * the loss {@link dev.adjoint.nn.loss.MeanSquaredError}.
 */
public record MeanSquaredError() implements Metric {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return new dev.adjoint.nn.loss.MeanSquaredError().apply(yTrue, yPred);
    }

    @Override
    public String name() {
        return "mean_squared_error";
    }
}
