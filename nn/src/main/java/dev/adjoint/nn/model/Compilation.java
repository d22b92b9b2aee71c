package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.optim.Optimizer;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@code compile} fixes: the optimizer, the loss and the metrics.
 *
 * @param optimizer updates the trainable parameters
 * @param loss the data term of the objective (penalties are added from the layers' regularizers)
 * @param metrics reported beside the loss
 */
public record Compilation(Optimizer optimizer, Loss loss, List<Metric> metrics) {

    /** Validates the fields: no nulls, distinct metric names, none called {@code loss}. */
    public Compilation {
        Objects.requireNonNull(optimizer, "optimizer is null");
        Objects.requireNonNull(loss, "loss is null");
        Objects.requireNonNull(metrics, "metrics is null");
        for (int i = 0; i < metrics.size(); i++) {
            Objects.requireNonNull(metrics.get(i), "compile: metric " + i + " is null");
        }
        metrics = List.copyOf(metrics);
        Set<String> names = new HashSet<>();
        for (Metric m : metrics) {
            if (m.name().equals("loss") || !names.add(m.name())) {
                throw new IllegalArgumentException("compile: metric names must be distinct and not 'loss', got "
                        + metrics.stream().map(Metric::name).toList());
            }
        }
    }

    /**
     * Runs the loss's and the metrics' {@code checkTargets} on a whole dataset's targets before any step, so a
     * bad label is reported with its row in the dataset, before anything was trained.
     *
     * @param op the operation, for messages ({@code fit}, {@code evaluate})
     * @throws IllegalArgumentException {@code "<op>: <loss or metric>: ..."} at the first bad target
     */
    public void checkTargets(String op, Tensor yTrue, Shape yPred) {
        try {
            loss.checkTargets(yTrue, yPred);
            for (Metric m : metrics) {
                m.checkTargets(yTrue, yPred);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /** The names reported per epoch: {@code loss} and the metrics. */
    public List<String> reportedNames() {
        List<String> names = new java.util.ArrayList<>();
        names.add("loss");
        metrics.forEach(m -> names.add(m.name()));
        return names;
    }
}
