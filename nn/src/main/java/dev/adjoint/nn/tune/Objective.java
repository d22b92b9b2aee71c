package dev.adjoint.nn.tune;

import dev.adjoint.nn.model.History;
import java.util.List;
import java.util.Objects;

/**
 * What a search optimizes: a metric reported by {@code fit} ({@code loss}, {@code accuracy}, or their
 * validation values {@code val_loss}, {@code val_accuracy}, ...) and a direction (Keras Tuner's
 * {@code kt.Objective("val_accuracy", direction="max")}). A trial's score is the metric's best value over its
 * epochs.
 *
 * <p>Named after Keras Tuner's class; {@link dev.adjoint.nn.model.Objective} is another idea, the data term a
 * training step minimizes. A file that uses both imports one and names the other by its package.
 *
 * @param metric the name of a metric in the training history
 * @param direction whether smaller or larger is better
 */
public record Objective(String metric, Direction direction) {

    /** Whether smaller or larger values are better. */
    public enum Direction {
        /** Smaller is better (losses). */
        MINIMIZE,
        /** Larger is better (accuracies). */
        MAXIMIZE
    }

    /** Checks for nulls. */
    public Objective {
        Objects.requireNonNull(metric, "Objective: metric is null");
        Objects.requireNonNull(direction, "Objective: direction is null");
    }

    /** Larger {@code metric} is better. */
    public static Objective maximize(String metric) {
        return new Objective(metric, Direction.MAXIMIZE);
    }

    /** Smaller {@code metric} is better. */
    public static Objective minimize(String metric) {
        return new Objective(metric, Direction.MINIMIZE);
    }

    /** Whether {@code a} is strictly better than {@code b}; a NaN is never better, anything beats a NaN. */
    public boolean isBetter(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return direction == Direction.MAXIMIZE ? a > b : a < b;
    }

    /** Completed trials best first by score, ties by id. */
    java.util.Comparator<Trial> bestFirst() {
        return (a, b) -> isBetter(a.score(), b.score()) ? -1 : isBetter(b.score(), a.score()) ? 1
                : Integer.compare(a.id(), b.id());
    }

    /** The value as a loss to minimize ({@code -value} when maximizing). */
    double asLoss(double value) {
        return direction == Direction.MAXIMIZE ? -value : value;
    }

    /**
     * The (0-based) index of the best epoch of {@code history} by this objective, or -1 when no epoch has a
     * finite value.
     */
    public int bestEpoch(History history) {
        List<Double> values = history.names().contains(metric) ? history.metric(metric) : List.of();
        int best = -1;
        for (int e = 0; e < values.size(); e++) {
            double v = values.get(e);
            if (Double.isFinite(v) && (best < 0 || isBetter(v, values.get(best)))) {
                best = e;
            }
        }
        return best;
    }

    /** {@code val_accuracy (max)}. */
    @Override
    public String toString() {
        return metric + (direction == Direction.MAXIMIZE ? " (max)" : " (min)");
    }
}
