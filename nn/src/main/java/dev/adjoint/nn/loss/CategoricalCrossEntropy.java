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
 * <p><b>Label smoothing</b> ({@code labelSmoothing = ls > 0}): as Keras, the targets are replaced by
 * {@code y (1 - ls) + ls / C} before the loss, with {@code C} the size of the class axis, so a one-hot target asks
 * for {@code 1 - ls + ls / C} on its class and {@code ls / C} on the others instead of certainty. At
 * {@code ls = 0}, the default, the targets are used as given and the graph is the one without smoothing.
 *
 * @param fromLogits whether {@code yPred} holds logits rather than probabilities (Keras's default: false)
 * @param labelSmoothing how much of each target is spread evenly over the classes, in {@code [0, 1]} (Keras's
 *     default: 0, none)
 */
public record CategoricalCrossEntropy(boolean fromLogits, double labelSmoothing) implements Loss {

    /** Validates labelSmoothing. */
    public CategoricalCrossEntropy {
        Probabilities.requireLabelSmoothing("CategoricalCrossEntropy", labelSmoothing);
    }

    /** Without label smoothing, Keras's default. */
    public CategoricalCrossEntropy(boolean fromLogits) {
        this(fromLogits, 0);
    }

    /** From probabilities, without label smoothing, Keras's defaults. */
    public CategoricalCrossEntropy() {
        this(false);
    }

    /** This loss with {@code labelSmoothing} instead (Keras's {@code label_smoothing}). */
    public CategoricalCrossEntropy withLabelSmoothing(double labelSmoothing) {
        return new CategoricalCrossEntropy(fromLogits, labelSmoothing);
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
        if (labelSmoothing != 0) {
            int classes = yPred.shape().dim(-1);
            if (classes == Shape.BATCH) {
                throw new IllegalArgumentException("CategoricalCrossEntropy: label smoothing needs a concrete class"
                        + " axis, got yPred " + yPred.shape());
            }
            y = y.mul(1 - labelSmoothing).add(labelSmoothing / classes);
        }
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
