package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Precision of binary predictions (Keras {@code "precision"}): with a prediction positive when
 * {@code yPred > threshold}, {@code P = tp / (tp + fp)}, the fraction of predicted positives that are positive
 * (0 when nothing is predicted positive). Counts add over batches ({@link CountingMetric}). Targets are 0 or
 * 1; every element of {@code yPred} is one prediction (an output {@code [N, 1]}, or several binary outputs).
 * For logits use threshold 0.
 *
 * @param threshold the decision threshold; finite (Keras's default 0.5)
 */
public record Precision(double threshold) implements CountingMetric {

    /** Validates the threshold. */
    public Precision {
        Thresholds.check("Precision", threshold);
    }

    /** Threshold 0.5. */
    public Precision() {
        this(BinaryAccuracy.DEFAULT_THRESHOLD);
    }

    /** {@code [tp, fp]}. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        Node[] c = Confusion.at("Precision", yTrue, yPred, threshold);
        return Confusion.vector(c[0], c[1]);
    }

    /** The counts with each prediction counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        Node[] c = Confusion.at("Precision", yTrue, yPred, threshold, java.util.Objects.requireNonNull(weights,
                "weights is null"));
        return Confusion.vector(c[0], c[1]);
    }

    @Override
    public Node fromCounts(Node counts) {
        return Confusion.shareOfFirst(counts);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Confusion.checkBinary("Precision", yTrue);
    }

    @Override
    public String name() {
        return "precision";
    }
}
