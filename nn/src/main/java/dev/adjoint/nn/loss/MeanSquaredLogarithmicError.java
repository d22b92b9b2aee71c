package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The mean squared logarithmic error {@code L = mean((log(1 + max(yPred, 1e-7)) - log(1 + max(yTrue, 1e-7)))^2)}
 * over all elements (Keras {@code "mean_squared_logarithmic_error"}, aliases {@code "msle"} and {@code "MSLE"}; as
 * in Keras, values below {@code 1e-7} count as {@code 1e-7}, so negative predictions get no gradient). Gradient:
 * {@code dL/dyPred = 2 (log(1 + p) - log(1 + t)) / (n (1 + p))} where {@code yPred > 1e-7}, else 0.
 */
public record MeanSquaredLogarithmicError() implements Loss {

    /** Keras's {@code backend.epsilon()}, the floor of both operands. */
    private static final double EPSILON = 1e-7;

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("MeanSquaredLogarithmicError", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("MeanSquaredLogarithmicError", terms(yTrue, yPred));
    }

    private static Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("MeanSquaredLogarithmicError", yTrue, yPred);
        return yPred.maximum(EPSILON).add(1).log().sub(y.maximum(EPSILON).add(1).log()).square();
    }

    @Override
    public String name() {
        return "mean_squared_logarithmic_error";
    }
}
