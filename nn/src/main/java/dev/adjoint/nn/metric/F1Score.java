package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * The F1 score of binary predictions (Keras {@code "f1_score"} for one output): the harmonic mean of
 * {@link Precision} and {@link Recall}, {@code F1 = 2PR / (P + R) = 2tp / (2tp + fp + fn)} (0 when there are no
 * positives, predicted or true). Counts add over batches ({@link CountingMetric}); targets are 0 or 1. A
 * prediction is positive above the threshold, 0.5 by default as for {@link Precision} and {@link Recall}; Keras's
 * {@code F1Score} defaults to {@code threshold=None}, an argmax over the outputs, which over a single output
 * would call every example positive.
 *
 * @param threshold the decision threshold; finite (0.5 by default)
 */
public record F1Score(double threshold) implements CountingMetric {

    /** Validates the threshold. */
    public F1Score {
        Thresholds.check("F1Score", threshold);
    }

    /** Threshold 0.5. */
    public F1Score() {
        this(BinaryAccuracy.DEFAULT_THRESHOLD);
    }

    /** {@code [tp, fp, fn]}. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        Node[] c = Confusion.at("F1Score", yTrue, yPred, threshold);
        return Confusion.vector(c[0], c[1], c[3]);
    }

    /** The counts with each prediction counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        Node[] c = Confusion.at("F1Score", yTrue, yPred, threshold, java.util.Objects.requireNonNull(weights,
                "weights is null"));
        return Confusion.vector(c[0], c[1], c[3]);
    }

    @Override
    public Node fromCounts(Node counts) {
        Node twoTp = Confusion.element(counts, 0).mul(2.0);
        return Confusion.divideNoNan(twoTp, twoTp.add(Confusion.element(counts, 1)).add(Confusion.element(counts, 2)));
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Confusion.checkBinary("F1Score", yTrue);
    }

    @Override
    public String name() {
        return "f1_score";
    }
}
