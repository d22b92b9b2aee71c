package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;

/**
 * The mean absolute error {@code mean(|yPred - yTrue|)} as a metric (Keras {@code "mae"}), the same graph as
 * the loss {@link dev.adjoint.nn.loss.MeanAbsoluteError}.
 */
public record MeanAbsoluteError() implements Metric {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return new dev.adjoint.nn.loss.MeanAbsoluteError().apply(yTrue, yPred);
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
