package dev.adjoint.nn.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Real numbers in {@code [min, max]} (Keras Tuner's {@code hp.Float}), sampled uniformly or, with
 * {@link Sampling#LOG}, uniformly in the logarithm (learning rates). With a step the values are discrete:
 * {@code min + k step} (linear) or {@code min * step^k} (log, {@code step > 1} a factor), up to {@code max};
 * {@link GridSearch} needs one.
 *
 * @param name the name
 * @param min the smallest value, finite ({@code > 0} for log)
 * @param max the largest value, finite, {@code > min}
 * @param step 0 for a continuous range, else the spacing (linear) or factor (log)
 * @param sampling linear or log
 * @param condition when it is active
 */
public record FloatRange(String name, double min, double max, double step, Sampling sampling,
        Optional<Condition> condition) implements Hyperparameter {

    /** Validates the range: an empty range, a bad step or a log range through 0 is an error. */
    public FloatRange {
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(sampling, "sampling is null");
        Objects.requireNonNull(condition, "condition is null");
        if (!Double.isFinite(min) || !Double.isFinite(max) || !(min < max)) {
            throw new IllegalArgumentException("tuner space: float '" + name + "' needs finite min < max, got min "
                    + min + " and max " + max + (min >= max ? " (an empty range)" : ""));
        }
        if (sampling == Sampling.LOG && !(min > 0)) {
            throw new IllegalArgumentException("tuner space: float '" + name + "' with log sampling needs min > 0, got "
                    + min);
        }
        if (!(step >= 0) || Double.isInfinite(step) || (sampling == Sampling.LOG && step != 0 && !(step > 1))) {
            throw new IllegalArgumentException("tuner space: float '" + name + "' needs step 0 (continuous) or "
                    + (sampling == Sampling.LOG ? "a factor > 1" : "a spacing > 0") + ", got " + step);
        }
    }

    private int steps() {
        return (int) Math.floor(sampling == Sampling.LOG ? Math.log(max / min) / Math.log(step) + 1e-9
                : (max - min) / step + 1e-9);
    }

    /** The k-th value, kept within {@code [min, max]} (a last step may overshoot by a rounding error). */
    private double valueAt(int k) {
        return Math.min(max, sampling == Sampling.LOG ? min * Math.pow(step, k) : min + k * step);
    }

    @Override
    public Object defaultValue() {
        return min;
    }

    @Override
    public List<Object> grid() {
        if (step == 0) {
            throw new IllegalArgumentException("tuner: a grid needs a step for float '" + name + "', got a continuous"
                    + " range [" + min + ", " + max + "]");
        }
        List<Object> values = new ArrayList<>();
        for (int k = 0; k <= steps(); k++) {
            values.add(valueAt(k));
        }
        return values;
    }

    @Override
    public double toUnit(Object value) {
        return sampling.toUnit((Double) checked(value), min, max);
    }

    @Override
    public Object fromUnit(double u) {
        double v = sampling.fromUnit(u, min, max);
        if (step > 0) {
            double k = sampling == Sampling.LOG ? Math.log(v / min) / Math.log(step) : (v - min) / step;
            v = valueAt((int) Math.max(0, Math.min(steps(), Math.round(k))));
        }
        return Math.min(max, Math.max(min, v));
    }

    @Override
    public FloatRange when(Condition c) {
        return new FloatRange(name, min, max, step, sampling, Optional.of(c));
    }

    @Override
    public Object checked(Object value) {
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (v >= min && v <= max) {
                return v;
            }
        }
        throw new IllegalArgumentException("tuner: float '" + name + "' takes values in [" + min + ", " + max
                + "], got " + value);
    }
}
