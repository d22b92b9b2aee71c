package dev.adjoint.nn.tune;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One of a list of values (Keras Tuner's {@code hp.Choice}, and {@code hp.Boolean} as
 * {@code [false, true]}): strings, booleans or numbers, sampled uniformly, encoded for the Gaussian process
 * by their position.
 *
 * @param name the name
 * @param values the distinct values, at least one; the first is the default
 * @param condition when it is active
 */
public record Choice(String name, List<Object> values, Optional<Condition> condition) implements Hyperparameter {

    /** Validates the values: none, nulls, duplicates or unsupported types are errors naming the choice. */
    public Choice {
        Objects.requireNonNull(name, "Choice: name is null");
        Objects.requireNonNull(values, "Choice: values is null");
        Objects.requireNonNull(condition, "Choice: condition is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("tuner space: choice '" + name + "' needs at least one value, got none");
        }
        List<Object> copy = new ArrayList<>();
        for (Object v : values) {
            Values.checkChoice(name, v);
            if (copy.stream().anyMatch(c -> Values.same(c, v))) {
                throw new IllegalArgumentException("tuner space: choice '" + name + "' needs distinct values, got "
                        + v + " twice in " + values);
            }
            copy.add(v);
        }
        values = List.copyOf(copy);
    }

    @Override
    public Object defaultValue() {
        return values.get(0);
    }

    @Override
    public Object sample(Key.Stream stream) {
        return values.get(stream.nextInt(values.size()));
    }

    @Override
    public List<Object> grid() {
        return values;
    }

    @Override
    public long gridSize() {
        return values.size();
    }

    /** The centre {@code (k + 1/2) / n} of choice k's bin of {@code [0, 1]} cut into n equal bins. */
    @Override
    public double toUnit(Object value) {
        Object v = checked(value);
        return (values.indexOf(v) + 0.5) / values.size();
    }

    /** Choice {@code k = floor(u n)}: a uniform u draws each choice equally. */
    @Override
    public Object fromUnit(double u) {
        double clamped = Math.min(1, Math.max(0, u));
        return values.get(Math.min(values.size() - 1, (int) Math.floor(clamped * values.size())));
    }

    @Override
    public Choice when(Condition c) {
        Objects.requireNonNull(c, "Choice.when: condition is null");
        return new Choice(name, values, Optional.of(c));
    }

    @Override
    public Object checked(Object value) {
        for (Object v : values) {
            if (Values.same(v, value)) {
                return v;
            }
        }
        throw new IllegalArgumentException("tuner: choice '" + name + "' takes one of " + values + ", got " + value);
    }
}
