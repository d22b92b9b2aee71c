package dev.adjoint.nn.tune;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Integers {@code min, min + step, ..., <= max} (Keras Tuner's {@code hp.Int}), sampled uniformly (each of the
 * {@code n} values with probability {@code 1/n}, as Keras Tuner draws them). With {@link Sampling#LOG} the step is
 * a factor, as Keras Tuner's: a step {@code s >= 2} gives {@code min, min s, min s^2, ..., <= max}, each drawn with
 * probability {@code 1/n}; step 1 (Keras Tuner's {@code step=None}) keeps every integer in {@code [min, max]}, drawn
 * as Keras Tuner draws them, {@code v = floor(min ((max + 1) / min)^u)} for a uniform u in [0, 1): integer k with
 * probability {@code ln((k + 1) / k) / ln((max + 1) / min)}.
 *
 * @param name the name
 * @param min the smallest value
 * @param max the largest value, {@code >= min}
 * @param step the spacing ({@code >= 1}), or with log sampling the factor ({@code >= 2}; 1 for every integer)
 * @param sampling linear or log ({@code min >= 1} for log)
 * @param condition when it is active
 */
public record IntRange(String name, int min, int max, int step, Sampling sampling, Optional<Condition> condition)
        implements Hyperparameter {

    /** Validates the range: an empty range or a bad step is an error naming the hyperparameter. */
    public IntRange {
        Objects.requireNonNull(name, "IntRange: name is null");
        Objects.requireNonNull(sampling, "IntRange: sampling is null");
        Objects.requireNonNull(condition, "IntRange: condition is null");
        if (min > max) {
            throw new IllegalArgumentException("tuner space: int '" + name + "' needs min <= max, got min " + min
                    + " and max " + max + " (an empty range)");
        }
        if (step < 1) {
            throw new IllegalArgumentException("tuner space: int '" + name + "' needs step >= 1, got " + step);
        }
        if (sampling == Sampling.LOG && min < 1) {
            throw new IllegalArgumentException("tuner space: int '" + name + "' with log sampling needs min >= 1, got "
                    + min);
        }
    }

    /**
     * The number of values, up to 2^32 (in long: {@code intRange(-2e9, 2e9)} has 4,000,000,001); with a factor,
     * {@code 1 + floor(log_step(max / min))}, counted exactly in integers.
     */
    public long count() {
        if (!multiplies()) {
            return ((long) max - min) / step + 1;
        }
        long n = 1;
        for (long v = (long) min * step; v <= max; v *= step) { // below 2^62: both factors are below 2^31
            n++;
        }
        return n;
    }

    /** Whether the step is a factor: log sampling with a step of at least 2. */
    private boolean multiplies() {
        return sampling == Sampling.LOG && step > 1;
    }

    /**
     * Value {@code k}, {@code 0 <= k < count()}: {@code min + k step}, or {@code min step^k} with a factor, computed
     * in long (it overflows an int on the way).
     */
    private int valueAt(long k) {
        if (multiplies()) {
            long v = min;
            for (long i = 0; i < k; i++) {
                v *= step;
            }
            return (int) v;
        }
        return (int) (min + k * step);
    }

    /**
     * Whether {@code v} (in {@code [min, max]}) is {@code min · step^k} for some k, multiplied in long: a product
     * stays below {@code 2^62} until it reaches v, where the int product wrapped ({@code 65537² = 2^32 + 131073}).
     */
    private boolean onPowers(long v) {
        long w = min;
        while (w < v) {
            w *= step;
        }
        return w == v;
    }

    /** The index k of a value of the range ({@link #checked} values only). */
    private long indexOf(int v) {
        if (multiplies()) {
            long k = 0;
            for (long w = min; w < v; w *= step) {
                k++;
            }
            return k;
        }
        return ((long) v - min) / step;
    }

    @Override
    public Object defaultValue() {
        return min;
    }

    @Override
    public List<Object> grid() {
        long count = count();
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tuner: int '" + name + "' has " + count + " values " + min + ".." + max
                    + " in steps of " + step + ", more than a grid lists (" + Integer.MAX_VALUE + "); give it a larger"
                    + " step");
        }
        return LazyGrid.of((int) count, this::valueAt);
    }

    @Override
    public long gridSize() {
        return count();
    }

    /**
     * Linear, or log with a factor: the centre {@code (k + 1/2) / n} of value k's bin of {@code [0, 1]} cut into n
     * equal bins (Keras Tuner's encoding of a stepped range); log with step 1: the centre of v's interval
     * {@code [v, v + 1)} on the logarithmic scale of {@code [min, max + 1)},
     * {@code ln((v + 1/2) / min) / ln((max + 1) / min)}, Keras Tuner's {@code value_to_prob}.
     */
    @Override
    public double toUnit(Object value) {
        int v = (Integer) checked(value);
        if (sampling == Sampling.LINEAR || multiplies()) {
            return (indexOf(v) + 0.5) / count();
        }
        return sampling.toUnit(v + 0.5, min, max + 1.0);
    }

    /**
     * Linear, or log with a factor: value {@code k = floor(u n)}, so a uniform u draws each value equally; log with
     * step 1: {@code floor(min ((max + 1) / min)^u)}, at most max, Keras Tuner's {@code prob_to_value}.
     */
    @Override
    public Object fromUnit(double u) {
        if (sampling == Sampling.LINEAR || multiplies()) {
            long k = (long) Math.floor(Math.min(1, Math.max(0, u)) * count());
            return valueAt(Math.min(count() - 1, k));
        }
        double v = Math.floor(sampling.fromUnit(u, min, max + 1.0));
        return (int) Math.max(min, Math.min(max, v));
    }

    @Override
    public IntRange when(Condition c) {
        Objects.requireNonNull(c, "IntRange.when: condition is null");
        return new IntRange(name, min, max, step, sampling, Optional.of(c));
    }

    @Override
    public Object checked(Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            long v = n.longValue();
            if (v >= min && v <= max && (multiplies() ? onPowers(v) : (v - min) % step == 0)) {
                return (int) v;
            }
        }
        throw new IllegalArgumentException("tuner: int '" + name + "' takes " + (multiplies() ? grid() + " (" + min
                + " times the powers of " + step + " up to " + max + ")" : min + ".." + max + " in steps of " + step)
                + ", got " + value);
    }
}
