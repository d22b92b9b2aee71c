package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * A metric: the mean over the batch of a per-example score, {@code M = (1/N) sum_n m(yTrue_n, yPred_n)}, as
 * a rank-0 node of {@code yPred}'s dtype. Like a loss, the batch axis may be the symbolic {@code N}, values
 * over several non-batch axes are averaged, and labels are cast to {@code yPred}'s dtype.
 *
 * <p>A metric is one batch's value; averaging over an epoch (weighted by batch sizes) is the training loop's
 * job.
 */
public interface Metric {

    /**
     * The metric of predictions {@code yPred} against targets {@code yTrue}, a rank-0 node.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the shapes do not fit the metric, naming the metric and the shapes
     */
    Node apply(Node yTrue, Node yPred);

    /**
     * The metric's score at each time step of a sequence, {@code m_nt} of shape {@code [N, T]} for predictions
     * {@code [N, T, ...]} (averaged over the axes after the time axis, as Keras's metric functions return
     * them). A model whose output carries a mask reports {@code sum(m_nt mask_nt) / sum(mask_nt)} over the
     * valid steps, summed over the batches of an epoch as Keras's {@code Mean} metrics do
     * ({@link MetricTotals#outputs(Metric, Node, Node, Node)}).
     *
     * @throws UnsupportedOperationException by default: a metric that does not implement it cannot serve a
     *     masked output
     * @throws IllegalArgumentException if the shapes do not fit the metric or have no time axis
     */
    default Node perStep(Node yTrue, Node yPred) {
        throw new UnsupportedOperationException(name() + ": the metric gives no per-step values; implement"
                + " Metric.perStep to report it for a model whose output is masked");
    }

    /**
     * Checks target values that no shape rule can, before {@code fit} or {@code evaluate} runs a step, so
     * bad targets are reported with their row and never after part of the training. By default every value
     * is accepted; losses and metrics taking class labels check that each is an integer in
     * {@code [0, classes)} ({@link dev.adjoint.nn.loss.Targets#checkLabels}).
     *
     * @param yTrue the targets, rows first
     * @param yPred the shape of the predictions, e.g. {@code [N, 10]}
     * @throws IllegalArgumentException naming the metric, the row and the value
     */
    default void checkTargets(Tensor yTrue, Shape yPred) {
    }

    /** The Keras identifier, e.g. {@code "accuracy"}, as accepted by {@link Metrics#byName(String)}. */
    String name();
}
