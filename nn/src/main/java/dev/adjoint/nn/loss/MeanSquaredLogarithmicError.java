package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean squared logarithmic error {@code L = mean((log(1 + max(yPred, 1e-7)) - log(1 + max(yTrue, 1e-7)))^2)}
 * over all elements (Keras {@code "mean_squared_logarithmic_error"}, aliases {@code "msle"} and {@code "MSLE"}; as
 * in Keras, values below {@code 1e-7} count as {@code 1e-7}, so negative predictions get no gradient). Gradient:
 * {@code dL/dyPred = 2 (log(1 + p) - log(1 + t)) / (n (1 + p))} where {@code yPred > 1e-7}, else 0.
 */
public record MeanSquaredLogarithmicError() implements ElementwiseLoss {

    /** Keras's {@code backend.epsilon()}, the floor of both operands. */
    private static final double EPSILON = 1e-7;

    /** {@code (log(1 + max(yPred, 1e-7)) - log(1 + max(yTrue, 1e-7)))^2} per element. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanSquaredLogarithmicError", yTrue, yPred);
        return yPred.maximum(EPSILON).add(1).log().sub(y.maximum(EPSILON).add(1).log()).square();
    }

    @Override
    public String name() {
        return "mean_squared_logarithmic_error";
    }
}
