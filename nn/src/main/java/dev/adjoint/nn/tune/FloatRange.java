package dev.adjoint.nn.tune;

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
        Objects.requireNonNull(name, "FloatRange: name is null");
        Objects.requireNonNull(sampling, "FloatRange: sampling is null");
        Objects.requireNonNull(condition, "FloatRange: condition is null");
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

    /**
     * How many steps {@code v} is from {@code min}: {@code (v - min) / step}, or {@code ln(v / min) / ln(step)}
     * for log, computed so that neither {@code v - min} nor {@code v / min} overflows on the way.
     */
    private double position(double v) {
        if (sampling == Sampling.LOG) {
            double ratio = v / min;
            return Double.isInfinite(ratio) ? (Math.log(v) - Math.log(min)) / Math.log(step)
                    : Math.log(ratio) / Math.log(step);
        }
        double span = v - min;
        return Double.isInfinite(span) ? (v / 2 - min / 2) / step * 2 : span / step;
    }

    /** The index of the last value, {@link Long#MAX_VALUE} when larger (a tiny step). */
    private long steps() {
        // A rounding error may leave the last step just short: (1 - 0) / 1e-9 is 999999999.9999999, so a few ulps
        // of tolerance besides 1e-9 (a double beyond a long saturates to Long.MAX_VALUE).
        double position = position(max);
        return (long) Math.floor(position + Math.max(1e-9, 8 * Math.ulp(position)));
    }

    /** The k-th value, kept within {@code [min, max]} (a last step may overshoot by a rounding error). */
    private double valueAt(long k) {
        double v;
        if (sampling == Sampling.LOG) {
            v = min * Math.pow(step, k);
            if (Double.isInfinite(v) || Double.isInfinite(Math.pow(step, k))) { // overflow on the way
                v = Math.exp(Math.log(min) + k * Math.log(step));
            }
        } else {
            v = min + k * step;
            if (Double.isInfinite(k * step)) { // overflow on the way: in halves
                v = 2 * (min / 2 + k * (step / 2));
            }
        }
        return Math.min(max, v);
    }

    @Override
    public Object defaultValue() {
        return min;
    }

    @Override
    public List<Object> grid() {
        long size = gridSize();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tuner: float '" + name + "' has " + (size == Long.MAX_VALUE
                    ? "more than " + Long.MAX_VALUE : String.valueOf(size)) + " values in [" + min + ", " + max
                    + "] with step " + step + ", more than a grid lists (" + Integer.MAX_VALUE + "); give it a larger"
                    + " step");
        }
        return LazyGrid.of((int) size, this::valueAt);
    }

    @Override
    public long gridSize() {
        if (step == 0) {
            throw new IllegalArgumentException("tuner: a grid needs a step for float '" + name + "', got a continuous"
                    + " range [" + min + ", " + max + "]");
        }
        long steps = steps();
        return steps == Long.MAX_VALUE ? Long.MAX_VALUE : steps + 1;
    }

    /**
     * Continuous: the value's position on the sampling's scale. With a step: the centre {@code (k + 1/2) / n} of
     * value k's bin of {@code [0, 1]} cut into n equal bins (Keras Tuner's encoding of a stepped range), up to
     * {@code 2^52} values; beyond, its position.
     */
    @Override
    public double toUnit(Object value) {
        double v = (Double) checked(value);
        if (binned()) {
            return (Math.round(position(v)) + 0.5) / ((double) steps() + 1);
        }
        return sampling.toUnit(v, min, max);
    }

    /**
     * Continuous: the value at position u of the sampling's scale. With a step: value {@code k = floor(u n)} of the
     * n, so a uniform u draws each value equally, as Keras Tuner does (on a log scale the values are themselves
     * evenly spaced in the logarithm).
     */
    @Override
    public Object fromUnit(double u) {
        if (binned()) {
            long k = (long) Math.floor(Math.min(1, Math.max(0, u)) * ((double) steps() + 1));
            return Math.min(max, Math.max(min, valueAt(Math.max(0, Math.min(steps(), k)))));
        }
        double v = sampling.fromUnit(u, min, max);
        if (step > 0) { // more values than a double's bins tell apart: the nearest to the position
            v = valueAt(Math.max(0, Math.min(steps(), Math.round(position(v)))));
        }
        return Math.min(max, Math.max(min, v));
    }

    /**
     * Whether the values are encoded by bins: a step, and at most {@code 2^52} values, so that {@code (k + 1/2) / n}
     * and {@code floor(u n)} are exact enough to give k back (a larger grid, such as a step of 1e-17 in [0, 1], is
     * encoded by position, where each end's half bin is one value in 2^52).
     */
    private boolean binned() {
        return step > 0 && steps() < (1L << 52);
    }

    @Override
    public FloatRange when(Condition c) {
        Objects.requireNonNull(c, "FloatRange.when: condition is null");
        return new FloatRange(name, min, max, step, sampling, Optional.of(c));
    }

    /**
     * {@code value} as a double, when it is in {@code [min, max]} and, with a step, on the grid: within a
     * rounding error of {@code min + k step}, or of {@code min step^k} for log ({@code 1e-9} of a step, as the
     * grid's last value is counted, or 8 ulps of the range's scale, where the grid's own values round, so that the
     * values the range gives pass). Keras Tuner floors an off-grid value into its bin; here it is refused.
     *
     * @throws IllegalArgumentException naming the hyperparameter, its range and grid, and the value
     */
    @Override
    public Object checked(Object value) {
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (v >= min && v <= max) {
                if (step == 0) {
                    return v;
                }
                double position = position(v);
                if (Math.abs(position - Math.rint(position)) <= Math.max(1e-9, 8 * Math.ulp(position))) {
                    return v;
                }
                // the grid value computed as the range computes it: min + k step rounds at the scale of max, which
                // a step far below it (1e-6 in [100, 101]) turns into millions of its steps' 1e-9
                double grid = valueAt(Math.max(0, Math.min(steps(), (long) Math.rint(position))));
                double scale = Math.max(Math.max(Math.abs(min), Math.abs(max)), Math.abs(v));
                if (Math.abs(v - grid) <= 8 * Math.ulp(sampling == Sampling.LOG ? Math.abs(v) : scale)) {
                    return v;
                }
                throw new IllegalArgumentException("tuner: float '" + name + "' takes the values "
                        + (sampling == Sampling.LOG ? "min * step^k" : "min + k step") + " in [" + min + ", " + max
                        + "] (step " + step + "), got " + value + ", which is off that grid");
            }
        }
        throw new IllegalArgumentException("tuner: float '" + name + "' takes values in [" + min + ", " + max
                + "], got " + value);
    }
}
