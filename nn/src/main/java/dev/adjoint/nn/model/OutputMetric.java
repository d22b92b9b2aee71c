package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.Metric;
import java.util.Objects;

/**
 * A metric of one output of a model with several outputs, reported under Keras's key
 * {@code <output>_<metric>} (and {@code <output>_loss} for the output's unweighted loss): {@code M(y_k, ŷ_k)}
 * with output {@code k}'s targets and predictions read from the packed arrays ({@link PackedColumns}).
 *
 * @param name the reported name, e.g. {@code class_sparse_categorical_accuracy}
 * @param predictions the outputs' layout in the packed predictions
 * @param targets the targets' layout in the packed targets
 * @param output the output's position
 * @param metric the metric of that output
 */
public record OutputMetric(String name, PackedColumns predictions, PackedColumns targets, int output, Metric metric)
        implements Metric {

    /** Checks for null and the output's position. */
    public OutputMetric {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(predictions, "predictions is null");
        Objects.requireNonNull(targets, "targets is null");
        Objects.requireNonNull(metric, "metric is null");
        if (output < 0 || output >= predictions.count() || targets.count() != predictions.count()) {
            throw new IllegalArgumentException("output metric: output must be in [0, " + predictions.count()
                    + ") with one target layout per output, got " + output);
        }
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return metric.apply(targets.slice(yTrue, output), predictions.slice(yPred, output));
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        try {
            metric.checkTargets(targets.slice(yTrue, output), predictions.shape(output));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("output '" + predictions.names().get(output) + "' " + name + ": "
                    + e.getMessage(), e);
        }
    }
}
