package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.loss.Targets;

/**
 * Top-k accuracy for one-hot targets (Keras {@code "top_k_categorical_accuracy"}, default {@code k = 5}):
 * with the true class {@code t = argmax yTrue}, an example of scores {@code [C]} is correct when fewer than
 * k classes score strictly higher than t: {@code [#{c : yPred_c > yPred_t} < k]}. Ties count in the true
 * class's favour, as Keras's {@code in_top_k}: a class tied with others across the k-th place is in the top
 * k. (So top-1 accuracy can exceed {@link Accuracy} when there are ties.) Scores are {@code [N, C]}, or
 * {@code [N, ..., C]} (a sequence's), where every position counts once, as in Keras, which reshapes them to
 * {@code [-1, C]}.
 *
 * @param k how many top classes count; {@code >= 1}
 */
public record TopKCategoricalAccuracy(int k) implements Metric {

    /** Keras's default, 5. */
    public static final int DEFAULT_K = 5;

    /** Validates k. */
    public TopKCategoricalAccuracy {
        if (k < 1) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be >= 1, got " + k);
        }
    }

    /** {@code k = 5}. */
    public TopKCategoricalAccuracy() {
        this(DEFAULT_K);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Node y = Targets.dense("TopKCategoricalAccuracy", yTrue, yPred);
        Node labels = Argmax.lastAxis("TopKCategoricalAccuracy", y);
        return Argmax.inTopKAtEachPosition("TopKCategoricalAccuracy", yPred, labels, k).mean();
    }

    /** {@code [true class in the top k]} per position, {@code [N, T]} for scores {@code [N, T, C]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node y = Targets.dense("TopKCategoricalAccuracy", yTrue, yPred);
        Node labels = Argmax.lastAxis("TopKCategoricalAccuracy", y);
        return Targets.perStep("TopKCategoricalAccuracy",
                Argmax.inTopKAtEachPosition("TopKCategoricalAccuracy", yPred, labels, k));
    }

    @Override
    public String name() {
        return "top_k_categorical_accuracy";
    }
}
