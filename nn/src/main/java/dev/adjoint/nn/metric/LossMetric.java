package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Loss;
import java.util.Objects;

/**
 * A loss reported as a metric under the loss's own name (Keras's {@code metrics=["mae"]} beside another
 * loss): the same graph, {@code M = L(yTrue, yPred)}, a mean over the batch of a per-example score. One class
 * for every loss, so that no metric class repeats a loss class (and no wildcard import meets two
 * {@code MeanSquaredError}s).
 *
 * <pre>{@code
 * model.compile(Adam.defaults(), new MeanSquaredError(), new LossMetric(new MeanAbsoluteError()));
 * }</pre>
 *
 * @param loss the loss to report
 */
public record LossMetric(Loss loss) implements Metric {

    /** Checks for null. */
    public LossMetric {
        Objects.requireNonNull(loss, "loss is null");
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return loss.apply(yTrue, yPred);
    }

    /** The loss's per-step values ({@link Loss#perStep}). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return loss.perStep(yTrue, yPred);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        loss.checkTargets(yTrue, yPred);
    }

    /** The loss's name, e.g. {@code mean_absolute_error}. */
    @Override
    public String name() {
        return loss.name();
    }
}
