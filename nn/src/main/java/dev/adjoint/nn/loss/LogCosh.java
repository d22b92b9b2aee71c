package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The log-cosh loss {@code L = mean(log(cosh(yPred - yTrue)))} over all elements (Keras {@code "log_cosh"}): about
 * {@code e^2 / 2} for a small error {@code e = yPred - yTrue} and {@code |e| - log 2} for a large one, so it works
 * like the squared error near 0 and like the absolute error in the tails, and is smooth everywhere. Gradient:
 * {@code dL/dyPred = tanh(e) / n}.
 *
 * <p>{@code cosh} itself overflows beyond {@code |e| ≈ 710} (89 in float32), so, as Keras, the term is computed
 * as {@code x + softplus(-2x) - log 2}, here with {@code x = |e|} (log-cosh is even): {@code -2|e|} is never
 * positive, so no intermediate overflows even at {@code |e| = 1e30} in float32, and the value is {@code |e| - log 2}
 * there, with gradient {@code ±1 / n}.
 */
public record LogCosh() implements ElementwiseLoss {

    private static final double LOG_2 = Math.log(2);

    /** {@code |e| + softplus(-2 |e|) - log 2} per element, {@code e = yPred - yTrue}. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("LogCosh", yTrue, yPred);
        Node x = yPred.sub(y).abs();
        return x.add(x.mul(-2.0).softplus()).sub(LOG_2);
    }

    @Override
    public String name() {
        return "log_cosh";
    }
}
