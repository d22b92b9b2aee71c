package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;

/**
 * A metric computed from counts that add up over batches, as Keras's stateful metrics are (precision,
 * recall, AUC): a batch contributes its counts (true positives, false positives, ... at one or more
 * thresholds), an epoch's value is the metric of the summed counts, not the mean of the batches' values.
 * Precision over two batches is {@code (tp1 + tp2) / (tp1 + tp2 + fp1 + fp2)}, which the mean of
 * {@code tp1 / (tp1 + fp1)} and {@code tp2 / (tp2 + fp2)} is not.
 *
 * <p>{@code fit} and {@code evaluate} sum {@link #counts} over their batches (in float64) and report
 * {@link #fromCounts} of the totals; {@link #apply} is the value of one batch.
 */
public interface CountingMetric extends Metric {

    /**
     * The counts of one batch, a rank-1 node of non-negative numbers whose sum over batches is the
     * dataset's.
     *
     * @throws IllegalArgumentException if the shapes do not fit the metric
     */
    Node counts(Node yTrue, Node yPred);

    /**
     * The counts of one batch with each prediction counting its weight, as Keras's counting metrics take a
     * {@code sample_weight}: a model whose output carries a mask {@code [N, T]} counts each position by its mask
     * value, so masked positions count for nothing. The weights cover the leading axes of {@code yPred} and apply
     * to every element after them.
     *
     * @throws UnsupportedOperationException by default: a metric that does not implement it cannot serve a
     *     masked output
     * @throws IllegalArgumentException if the shapes do not fit the metric
     */
    default Node counts(Node yTrue, Node yPred, Node weights) {
        throw new UnsupportedOperationException(name() + ": the metric gives no weighted counts; implement"
                + " CountingMetric.counts(yTrue, yPred, weights) to report it for a model whose output is masked");
    }

    /** The metric of (summed) counts, a rank-0 node of the counts' dtype. */
    Node fromCounts(Node counts);

    /** The metric of one batch: {@code fromCounts(counts(yTrue, yPred))}. */
    @Override
    default Node apply(Node yTrue, Node yPred) {
        return fromCounts(counts(yTrue, yPred));
    }
}
