package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.optim.Optimizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Validates the fields (no nulls, no metric called {@code loss}) and names a metric listed again after its
     * first as Keras 3's {@code compile} does: the second {@code mae} reports as {@code mae_1}, the third as
     * {@code mae_2} (an output's metric likewise, {@code out_mae_1}).
     *
     * @throws IllegalArgumentException for a metric called {@code loss}, or when a new name is already taken
     */
    public Compilation {
        Objects.requireNonNull(optimizer, "compile: optimizer is null");
        Objects.requireNonNull(loss, "compile: loss is null");
        Objects.requireNonNull(metrics, "compile: metrics is null");
        for (int i = 0; i < metrics.size(); i++) {
            Objects.requireNonNull(metrics.get(i), "compile: metric " + i + " is null");
        }
        metrics = List.copyOf(distinctlyNamed(metrics));
    }

    /** The metrics with each repeat of a name renamed {@code <name>_<k>}, k counting the repeats from 1. */
    private static List<Metric> distinctlyNamed(List<Metric> metrics) {
        List<String> asked = metrics.stream().map(Metric::name).toList();
        Map<String, Integer> seen = new HashMap<>();
        Set<String> names = new HashSet<>();
        List<Metric> named = new ArrayList<>();
        for (Metric m : metrics) {
            if (m.name().equals("loss")) {
                throw new IllegalArgumentException("compile: metric names must not be 'loss', got " + asked);
            }
            int repeat = seen.merge(m.name(), 1, Integer::sum) - 1;
            Metric renamed = repeat == 0 ? m : renamed(m, m.name() + "_" + repeat, asked);
            if (!names.add(renamed.name())) {
                throw new IllegalArgumentException("compile: metric names must be distinct after Keras's renaming of"
                        + " repeats (name_1, name_2, ...), got " + renamed.name() + " twice in " + asked);
            }
            named.add(renamed);
        }
        return named;
    }

    private static Metric renamed(Metric m, String name, List<String> asked) {
        if (m instanceof OutputMetric om) {
            return new OutputMetric(name, om.predictions(), om.targets(), om.output(), om.metric());
        }
        if (m instanceof OutputCountingMetric oc) {
            return new OutputCountingMetric(name, oc.predictions(), oc.targets(), oc.output(), oc.metric());
        }
        return Metrics.named(name, m);
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
