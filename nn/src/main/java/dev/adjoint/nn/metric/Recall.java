package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Recall of binary predictions (Keras {@code "recall"}): with a prediction positive when
 * {@code yPred > threshold}, {@code R = tp / (tp + fn)}, the fraction of positives predicted positive (0 when
 * there are none). Counts add over batches ({@link CountingMetric}); targets are 0 or 1.
 *
 * @param threshold the decision threshold; finite (Keras's default 0.5)
 */
public record Recall(double threshold) implements CountingMetric {

    /** Validates the threshold. */
    public Recall {
        Thresholds.check("Recall", threshold);
    }

    /** Threshold 0.5. */
    public Recall() {
        this(BinaryAccuracy.DEFAULT_THRESHOLD);
    }

    /** {@code [tp, fn]}. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        Node[] c = Confusion.at("Recall", yTrue, yPred, threshold);
        return Confusion.vector(c[0], c[3]);
    }

    /** The counts with each prediction counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        Node[] c = Confusion.at("Recall", yTrue, yPred, threshold, java.util.Objects.requireNonNull(weights,
                "weights is null"));
        return Confusion.vector(c[0], c[3]);
    }

    @Override
    public Node fromCounts(Node counts) {
        return Confusion.shareOfFirst(counts);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Confusion.checkBinary("Recall", yTrue);
    }

    @Override
    public String name() {
        return "recall";
    }
}
