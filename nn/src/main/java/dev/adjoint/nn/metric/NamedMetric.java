package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * A metric reported under a name of the user's choosing, {@code M_name(yTrue, yPred) = M(yTrue, yPred)}: the
 * same graph, only the key in the logs differs. Keras reports a metric given by a string under that string
 * ({@code metrics=["mae"]} logs {@code mae} and {@code val_mae}, not {@code mean_absolute_error});
 * {@link Metrics#byName} wraps its aliases in this record so that the history, the CSV log, the progress bar and
 * the callbacks' {@code monitor} see the name the user wrote.
 *
 * <p>A {@link CountingMetric} is not wrapped here (its counts would be hidden from the loop that sums them):
 * {@link NamedCountingMetric} names one, and {@link Metrics#named} picks the right record.
 *
 * @param name the reported name, not blank and not {@code loss}
 * @param metric the metric computed
 */
public record NamedMetric(String name, Metric metric) implements Metric {

    /** Validates the fields. */
    public NamedMetric {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(metric, "metric is null");
        if (name.isBlank() || name.equals("loss")) {
            throw new IllegalArgumentException("NamedMetric: name must be non-blank and not 'loss', got '" + name
                    + "'");
        }
        if (metric instanceof CountingMetric) {
            throw new IllegalArgumentException("NamedMetric: a counting metric is named by NamedCountingMetric"
                    + " (or Metrics.named), got " + metric.name() + " to be named '" + name + "'");
        }
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return metric.apply(yTrue, yPred);
    }

    /** The wrapped metric's per-step values ({@link Metric#perStep}). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return metric.perStep(yTrue, yPred);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        metric.checkTargets(yTrue, yPred);
    }
}
