package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean absolute error {@code L = mean(|yPred - yTrue|)} over all elements (Keras
 * {@code "mean_absolute_error"}, alias {@code "mae"}). Gradient: {@code dL/dyPred = sign(yPred - yTrue) / n},
 * 0 where the error is exactly 0.
 */
public record MeanAbsoluteError() implements ElementwiseLoss {

    /** {@code |yPred - yTrue|} per element. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanAbsoluteError", yTrue, yPred);
        return yPred.sub(y).abs();
    }

    @Override
    public String name() {
        return "mean_absolute_error";
    }
}
