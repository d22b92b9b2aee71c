package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * A {@link CountingMetric} reported under a name of the user's choosing: the same counts and the same
 * {@code M(Σ counts)}, only the key in the logs differs. Keras programs name their stateful metrics
 * ({@code MeanIoU(num_classes=3, name="miou")}, two {@code IoU}s for two classes, a second {@code precision} at
 * another threshold) and {@code compile} renames a repeated one {@code precision_1}; {@link NamedMetric} cannot
 * carry such a metric, since the loop that sums counts over batches looks for a {@code CountingMetric}, so this
 * record is one: the fit and evaluate loops add its {@link #counts} as the wrapped metric's.
 *
 * <p>Build it with {@link Metrics#named(String, Metric)}, which picks this record or {@link NamedMetric}.
 *
 * @param name the reported name, not blank and not {@code loss}
 * @param metric the counting metric computed (declared as a {@link Metric} so that model files store it as one)
 */
public record NamedCountingMetric(String name, Metric metric) implements CountingMetric {

    /** Validates the fields; a named metric given as {@code metric} is unwrapped (the new name wins). */
    public NamedCountingMetric {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(metric, "metric is null");
        if (name.isBlank() || name.equals("loss")) {
            throw new IllegalArgumentException("NamedCountingMetric: name must be non-blank and not 'loss', got '"
                    + name + "'");
        }
        if (metric instanceof NamedCountingMetric named) {
            metric = named.metric();
        }
        if (!(metric instanceof CountingMetric)) {
            throw new IllegalArgumentException("NamedCountingMetric: the metric must count (precision, recall, AUC,"
                    + " IoU, ...), got " + metric.name() + "; name other metrics with NamedMetric");
        }
    }

    private CountingMetric counting() {
        return (CountingMetric) metric;
    }

    @Override
    public Node counts(Node yTrue, Node yPred) {
        return counting().counts(yTrue, yPred);
    }

    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        return counting().counts(yTrue, yPred, weights);
    }

    @Override
    public Node fromCounts(Node counts) {
        return counting().fromCounts(counts);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return counting().apply(yTrue, yPred);
    }

    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return metric.perStep(yTrue, yPred);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        metric.checkTargets(yTrue, yPred);
    }
}
