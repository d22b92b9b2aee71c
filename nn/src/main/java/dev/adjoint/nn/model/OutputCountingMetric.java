package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.CountingMetric;
import dev.adjoint.nn.metric.Metric;

/**
 * A counting metric (precision, recall, F1, AUC, IoU, R², RMSE, ...) of one output of a model with several
 * outputs, reported under Keras's key {@code <output>_<metric>}: the counts of output {@code k},
 * {@code c(y_k, ŷ_k)}, read from the packed arrays ({@link PackedColumns}), add up over the batches, and the epoch's
 * value is {@code M(Σ c)} as for the metric of a model with one output. {@link OutputMetric} is the same for
 * metrics that average; this one is a {@link CountingMetric}, so the loops that sum counts see it as one.
 *
 * @param name the reported name, e.g. {@code class_precision}
 * @param predictions the outputs' layout in the packed predictions
 * @param targets the targets' layout in the packed targets
 * @param output the output's position
 * @param metric the counting metric of that output (declared as a {@link Metric} so that model files store it as
 *     one)
 */
public record OutputCountingMetric(String name, PackedColumns predictions, PackedColumns targets, int output,
        Metric metric) implements CountingMetric {

    /** Checks for null, the output's position, and that the metric counts. */
    public OutputCountingMetric {
        OutputMetric.checkFields("output counting metric", name, predictions, targets, output, metric);
        if (!(metric instanceof CountingMetric)) {
            throw new IllegalArgumentException("output counting metric: the metric must count, got " + metric.name()
                    + "; report other metrics of an output with OutputMetric");
        }
    }

    private CountingMetric counting() {
        return (CountingMetric) metric;
    }

    @Override
    public Node counts(Node yTrue, Node yPred) {
        return counting().counts(targets.slice(yTrue, output), predictions.slice(yPred, output));
    }

    /** The output's counts with each position weighted ({@link CountingMetric#counts(Node, Node, Node)}). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        return counting().counts(targets.slice(yTrue, output), predictions.slice(yPred, output), weights);
    }

    @Override
    public Node fromCounts(Node counts) {
        return counting().fromCounts(counts);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        OutputMetric.checkOutputTargets(name, predictions, targets, output, metric, yTrue);
    }
}
