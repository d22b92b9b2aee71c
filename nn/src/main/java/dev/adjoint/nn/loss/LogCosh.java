package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The log-cosh loss {@code L = mean(log(cosh(yPred - yTrue)))} over all elements (Keras {@code "log_cosh"}): about
 * {@code e^2 / 2} for a small error {@code e = yPred - yTrue} and {@code |e| - log 2} for a large one, so it works
 * like the squared error near 0 and like the absolute error in the tails, and is smooth everywhere. Gradient:
 * {@code dL/dyPred = tanh(e) / n}.
 *
 * <p>{@code cosh} itself overflows beyond {@code |e| ≈ 710} (89 in float32), so the term is computed as Keras
 * computes it, {@code e + softplus(-2e) - log 2}, with the stable {@code softplus}: no intermediate overflows
 * until {@code |e|} passes half the largest value of the dtype ({@code 1.7e38} in float32), so the value is
 * {@code |e| - log 2} at {@code |e| = 1e30} in float32 too, with gradient {@code ±1 / n}. The form has no kink, so
 * its second derivative is {@code (1 - tanh^2(e)) / n} everywhere, 1/n at {@code e = 0} included.
 */
public record LogCosh() implements ElementwiseLoss {

    private static final double LOG_2 = Math.log(2);

    /** {@code e + softplus(-2e) - log 2} per element, {@code e = yPred - yTrue}. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("LogCosh", yTrue, yPred);
        Node e = yPred.sub(y);
        return e.add(e.mul(-2.0).softplus()).sub(LOG_2);
    }

    @Override
    public String name() {
        return "log_cosh";
    }
}
