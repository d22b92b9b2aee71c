package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean absolute percentage error {@code L = mean(100 |yTrue - yPred| / max(|yTrue|, 1e-7))} over all elements
 * (Keras {@code "mean_absolute_percentage_error"}, aliases {@code "mape"} and {@code "MAPE"}, with Keras's
 * epsilon {@code 1e-7} keeping a zero target finite). Gradient:
 * {@code dL/dyPred = 100 sign(yPred - yTrue) / (n max(|yTrue|, 1e-7))}, 0 where the error is exactly 0.
 */
public record MeanAbsolutePercentageError() implements ElementwiseLoss {

    /** Keras's {@code backend.epsilon()}, the smallest target magnitude divided by. */
    private static final double EPSILON = 1e-7;

    /** {@code 100 |yTrue - yPred| / max(|yTrue|, 1e-7)} per element. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanAbsolutePercentageError", yTrue, yPred);
        return y.sub(yPred).div(y.abs().maximum(EPSILON)).abs().mul(100);
    }

    @Override
    public String name() {
        return "mean_absolute_percentage_error";
    }
}
