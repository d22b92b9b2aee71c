package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Categorical cross-entropy with integer labels (Keras {@code "sparse_categorical_crossentropy"}): for
 * scores {@code yPred : [N, C]} and labels {@code yTrue : [N]} (integers in {@code [0, C)} held in a float
 * dtype; Keras's {@code [N, 1]} is accepted too), per example {@code l_n = -ln q[n, yTrue_n]}, averaged
 * over the batch. Scores of a sequence {@code [N, T, C]} (or more axes) take labels {@code [N, T]}: each
 * example's loss is the mean over its positions, so the batch's loss is the mean over every position, as
 * Keras's; a model whose output is masked takes the mean over the unmasked positions ({@link #perStep},
 * {@link MaskedMean}). The same as {@link CategoricalCrossEntropy} with one-hot targets, without building them.
 *
 * <p>From logits, {@code l_n = logSumExp(z_n) − z[n, yTrue_n]} is the op {@code IndexOp.softmaxCrossEntropy}
 * (stable for {@code ±1e30}), whose gradient is {@code (softmax(z) − onehot(y)) / N}. From probabilities,
 * {@code ln q} is computed as in {@link CategoricalCrossEntropy} (the clipped logarithm of the renormalized
 * probabilities, or {@code logSoftmax(u)} when {@code yPred = e^u} is a softmax output) and the label's entry
 * picked with {@code IndexOp.pickPerRow}.
 * Labels outside {@code [0, C)} are reported at evaluation.
 *
 * @param fromLogits whether {@code yPred} holds logits rather than probabilities (Keras's default: false)
 */
public record SparseCategoricalCrossEntropy(boolean fromLogits) implements Loss {

    /** From probabilities, Keras's default. */
    public SparseCategoricalCrossEntropy() {
        this(false);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return perExample(yTrue, yPred).mean();
    }

    /** {@code -ln q[n, yTrue_n]}, of shape {@code [N]}. */
    @Override
    public Node perExample(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseCategoricalCrossEntropy", yTrue, yPred);
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException("SparseCategoricalCrossEntropy: yPred must have shape [N, C] or"
                    + " [N, ..., C], got " + yPred.shape());
        }
        if (yPred.rank() > 2) {
            return Targets.perExample("SparseCategoricalCrossEntropy", perPosition(labels, yPred));
        }
        if (fromLogits) {
            return IndexOp.softmaxCrossEntropy(yPred, labels);
        }
        return IndexOp.pickPerRow(Probabilities.logNormalized(yPred), labels).neg();
    }

    /** {@code -ln q[n, t, yTrue[n, t]]} for scores {@code [N, T, C]}, of shape {@code [N, T]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseCategoricalCrossEntropy", yTrue, yPred);
        if (yPred.rank() < 3) {
            throw new IllegalArgumentException("SparseCategoricalCrossEntropy: per-step losses need scores [N, T, C],"
                    + " got " + yPred.shape());
        }
        return Targets.perStep("SparseCategoricalCrossEntropy", perPosition(labels, yPred));
    }

    /**
     * {@code -ln q[n, ..., yTrue[n, ...]]} for scores {@code [N, ..., C]}, of the labels' shape: from logits
     * {@code logSumExp(z) − z[label]} along the class axis.
     */
    private Node perPosition(Node labels, Node yPred) {
        Node index = labels.unsqueeze(-1); // float labels are read as indices, so 1.5 is an error, not class 1
        if (fromLogits) {
            return yPred.logSumExp(-1).sub(yPred.takeAlongAxis(index, -1).squeeze(-1));
        }
        return Probabilities.logNormalized(yPred).takeAlongAxis(index, -1).squeeze(-1).neg();
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Targets.checkLabels("SparseCategoricalCrossEntropy", yTrue, yPred);
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }
}
