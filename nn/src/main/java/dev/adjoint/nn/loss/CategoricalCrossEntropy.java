package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Softmax;

/**
 * Categorical cross-entropy (Keras {@code "categorical_crossentropy"}) for one-hot (or soft) targets along
 * the last axis: per example {@code l = -sum_c y_c ln q_c}, averaged over the examples (and any other
 * non-class axes).
 *
 * <p><b>From logits</b> ({@code fromLogits = true}): {@code ln q = logSoftmax(z) = z - logSumExp(z)}, computed by
 * {@link Softmax#logSoftmax(Node)} after subtracting the row maximum, so logits of {@code ±1e30} give exact,
 * finite values and gradients. Gradient: {@code dL/dz = (softmax(z) sum_c y_c - y) / N}, i.e.
 * {@code (softmax(z) - y) / N} for one-hot targets.
 *
 * <p><b>From probabilities</b>: as Keras, {@code ln q = ln clip(p / sum_c p_c, eps, 1 - eps)} with
 * {@code eps = }{@link Losses#EPSILON}, renormalizing rows that do not sum to 1. When {@code yPred} is an
 * {@code exp} node {@code e^u} (as the {@code Softmax} activation's output is), {@code ln q} is taken as
 * {@code logSoftmax(u)}, which equals {@code ln(p / sum p)} exactly and avoids the clip, as Keras does on
 * its TensorFlow backend with the logits its softmax activation keeps.
 *
 * @param fromLogits whether {@code yPred} holds logits rather than probabilities (Keras's default: false)
 */
public record CategoricalCrossEntropy(boolean fromLogits) implements Loss {

    /** From probabilities, Keras's default. */
    public CategoricalCrossEntropy() {
        this(false);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("CategoricalCrossEntropy", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("CategoricalCrossEntropy", terms(yTrue, yPred));
    }

    /** {@code -sum_c y_c ln q_c} per example (and per position along any other axis). */
    private Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("CategoricalCrossEntropy", yTrue, yPred);
        Targets.requireClassAxis("CategoricalCrossEntropy", yPred);
        Node logQ = fromLogits ? Softmax.logSoftmax(yPred) : Probabilities.logNormalized(yPred);
        return y.mul(logQ).sum(-1).neg();
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    /**
     * Checks before training that every target is a probability in {@code [0, 1]} (one-hot or smoothed rows),
     * naming the row: outside it the loss is not a cross-entropy and has no minimum in yPred.
     */
    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Targets.checkProbabilities("CategoricalCrossEntropy", yTrue);
    }
}
