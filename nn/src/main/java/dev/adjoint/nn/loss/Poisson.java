package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The Poisson loss {@code L = mean(yPred - yTrue log(yPred + 1e-7))} over all elements (Keras {@code "poisson"}):
 * the negative log-likelihood of counts {@code yTrue} under Poisson rates {@code yPred}, up to the term
 * {@code log(yTrue!)} that does not depend on the prediction. The rates must be {@code >= 0} (the output of a
 * {@code softplus} or {@code exp}, say); as in Keras, {@code 1e-7} keeps a zero rate finite, and a rate below
 * {@code -1e-7} gives NaN. Gradient: {@code dL/dyPred = (1 - yTrue / (yPred + 1e-7)) / n}.
 */
public record Poisson() implements ElementwiseLoss {

    /** {@code yPred - yTrue log(yPred + 1e-7)} per element. */
    @Override
    public Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("Poisson", yTrue, yPred);
        return yPred.sub(y.mul(yPred.add(Losses.EPSILON).log()));
    }

    @Override
    public String name() {
        return "poisson";
    }
}
