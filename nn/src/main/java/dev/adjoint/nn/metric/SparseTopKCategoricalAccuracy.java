package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Targets;

/**
 * Top-k accuracy with integer labels (Keras {@code "sparse_top_k_categorical_accuracy"}, default
 * {@code k = 5}): for scores {@code [N, C]} and labels {@code [N]} (or {@code [N, 1]}), an example is correct
 * when fewer than k classes score strictly higher than its label, {@code [#{c : yPred_c > yPred_label} < k]};
 * ties count in the label's favour, as in {@link TopKCategoricalAccuracy}. Scores {@code [N, ..., C]} with labels
 * {@code [N, ...]} (a sequence's) count every position once, as Keras's reshape to {@code [-1, C]}.
 *
 * @param k how many top classes count; {@code >= 1}
 */
public record SparseTopKCategoricalAccuracy(int k) implements Metric {

    /** Validates k. */
    public SparseTopKCategoricalAccuracy {
        if (k < 1) {
            throw new IllegalArgumentException("SparseTopKCategoricalAccuracy: k must be >= 1, got " + k);
        }
    }

    /** {@code k = 5}, Keras's default. */
    public SparseTopKCategoricalAccuracy() {
        this(TopKCategoricalAccuracy.DEFAULT_K);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseTopKCategoricalAccuracy", yTrue, yPred);
        return Argmax.inTopKAtEachPosition("SparseTopKCategoricalAccuracy", yPred, labels, k).mean();
    }

    /** {@code [label in the top k]} per position, {@code [N, T]} for scores {@code [N, T, C]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseTopKCategoricalAccuracy", yTrue, yPred);
        return Targets.perStep("SparseTopKCategoricalAccuracy",
                Argmax.inTopKAtEachPosition("SparseTopKCategoricalAccuracy", yPred, labels, k));
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Targets.checkLabels("SparseTopKCategoricalAccuracy", yTrue, yPred);
    }

    @Override
    public String name() {
        return "sparse_top_k_categorical_accuracy";
    }
}
