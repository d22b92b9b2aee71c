package dev.adjoint.nn.tune;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The hyperparameters a search explores, in order, each an int range, a float range (linear or log) or a
 * choice, possibly active only under a condition on an earlier one:
 *
 * <pre>{@code
 * SearchSpace space = SearchSpace.builder()
 *         .intRange("units", 32, 256, 32)
 *         .floatRange("learning_rate", 1e-4, 1e-2, Sampling.LOG)
 *         .choice("activation", "relu", "tanh")
 *         .choice("layers", 1, 2)
 *         .intRange("units_2", 16, 128, 16).when("layers", 2)     // only for two layers
 *         .build();
 * }</pre>
 *
 * <p>Everything is checked when built: empty ranges, duplicate names, conditions on unknown or later
 * hyperparameters or on values the parent never takes are errors naming the hyperparameter.
 */
public final class SearchSpace {

    private final List<Hyperparameter> parameters;
    private final Map<String, Hyperparameter> byName = new LinkedHashMap<>();

    private SearchSpace(List<Hyperparameter> parameters) {
        this.parameters = List.copyOf(parameters);
        for (Hyperparameter p : this.parameters) {
            if (byName.containsKey(p.name())) {
                throw new IllegalArgumentException("tuner space: hyperparameter names must be unique, got '" + p.name()
                        + "' twice");
            }
            p.condition().ifPresent(c -> {
                Hyperparameter parent = byName.get(c.parent());
                if (parent == null) {
                    throw new IllegalArgumentException("tuner space: '" + p.name() + "' is conditional on '"
                            + c.parent() + "', which must be defined before it; defined: " + byName.keySet());
                }
                for (Object v : c.values()) {
                    parent.checked(v);
                }
            });
            byName.put(p.name(), p);
        }
        if (this.parameters.isEmpty()) {
            throw new IllegalArgumentException("tuner space: needs at least one hyperparameter, got none");
        }
    }

    /** A builder of a space. */
    public static Builder builder() {
        return new Builder();
    }

    /** The hyperparameters, in order. */
    public List<Hyperparameter> parameters() {
        return parameters;
    }

    /**
     * The hyperparameter called {@code name}.
     *
     * @throws IllegalArgumentException listing the names when there is none
     */
    public Hyperparameter parameter(String name) {
        Hyperparameter p = byName.get(Objects.requireNonNull(name, "SearchSpace.parameter: name is null"));
        if (p == null) {
            throw new IllegalArgumentException("tuner: no hyperparameter named '" + name + "'; the space has "
                    + byName.keySet());
        }
        return p;
    }

    /**
     * The active hyperparameters' values for {@code choose(p)} on each active one in order: a hyperparameter
     * is active when it has no condition, or its parent is active with a value the condition names.
     */
    HyperParameters assign(java.util.function.Function<Hyperparameter, Object> choose) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Hyperparameter p : parameters) {
            if (isActive(p, values)) {
                values.put(p.name(), p.checked(choose.apply(p)));
            }
        }
        return new HyperParameters(this, values);
    }

    private static boolean isActive(Hyperparameter p, Map<String, Object> values) {
        Optional<Condition> c = p.condition();
        return c.isEmpty() || (values.containsKey(c.get().parent()) && c.get().holdsFor(values.get(c.get().parent())));
    }

    /** Values drawn from {@code key}: uniform in each active hyperparameter's scale. */
    public HyperParameters sample(Key key) {
        Key.Stream stream = Objects.requireNonNull(key, "SearchSpace.sample: key is null").stream();
        return assign(p -> p.sample(stream));
    }

    /** Every hyperparameter at its default (minimum, first choice). */
    public HyperParameters defaults() {
        return assign(Hyperparameter::defaultValue);
    }

    /**
     * The values for the given (possibly loaded) map, checked against the space: every active hyperparameter
     * needs a valid value, inactive ones none.
     *
     * @throws IllegalArgumentException naming the first missing, extra or invalid value
     */
    public HyperParameters values(Map<String, ?> given) {
        Objects.requireNonNull(given, "SearchSpace.values: values is null");
        HyperParameters hp = assign(p -> {
            if (!given.containsKey(p.name())) {
                throw new IllegalArgumentException("tuner: active hyperparameter '" + p.name() + "' has no value, got "
                        + given.keySet());
            }
            return given.get(p.name());
        });
        for (String name : given.keySet()) {
            if (!hp.values().containsKey(name)) {
                throw new IllegalArgumentException("tuner: '" + name + "' is not an active hyperparameter of the space,"
                        + " got a value " + given.get(name));
            }
        }
        return hp;
    }

    /**
     * Every combination of values, hyperparameters varying from the last (fastest) to the first, inactive ones
     * left out: the order of {@link GridSearch}.
     *
     * @throws IllegalArgumentException when a float range has no step, or there are more than {@code limit}
     *     combinations
     */
    public List<HyperParameters> grid(int limit) {
        List<HyperParameters> out = new ArrayList<>();
        // Sized arithmetically before any list is made: a range of a billion values is refused, not listed.
        long combinations = 1;
        for (Hyperparameter p : parameters) {
            long size = p.gridSize();
            combinations = size == 0 ? 0 : combinations > Long.MAX_VALUE / size ? Long.MAX_VALUE : combinations * size;
        }
        if (combinations > 100L * limit) {
            throw new IllegalArgumentException("tuner: the grid has more than " + limit + " points ("
                    + (combinations == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : String.valueOf(combinations))
                    + " combinations); give the ranges larger steps");
        }
        List<List<Object>> grids = parameters.stream().map(Hyperparameter::grid).toList();
        int[] index = new int[parameters.size()];
        while (true) {
            HyperParameters hp = assign(p -> grids.get(parameters.indexOf(p)).get(index[parameters.indexOf(p)]));
            boolean canonical = true;
            for (int i = 0; i < parameters.size(); i++) {
                canonical &= hp.values().containsKey(parameters.get(i).name()) || index[i] == 0;
            }
            if (canonical) {
                if (out.size() == limit) {
                    throw new IllegalArgumentException("tuner: the grid has more than " + limit + " points; give the"
                            + " ranges larger steps");
                }
                out.add(hp);
            }
            int i = parameters.size() - 1;
            while (i >= 0 && ++index[i] == grids.get(i).size()) {
                index[i--] = 0;
            }
            if (i < 0) {
                return out;
            }
        }
    }

    /** One line per hyperparameter, e.g. {@code units: int 32..256 step 32}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Hyperparameter p : parameters) {
            sb.append(p).append('\n');
        }
        return sb.toString();
    }

    /** Adds hyperparameters in order; {@link #when} makes the last one conditional. */
    public static final class Builder {
        private final List<Hyperparameter> parameters = new ArrayList<>();

        private Builder() {
        }

        /** Integers {@code min .. max}, every one. */
        public Builder intRange(String name, int min, int max) {
            return intRange(name, min, max, 1);
        }

        /** Integers {@code min, min + step, ... <= max}. */
        public Builder intRange(String name, int min, int max, int step) {
            return add(new IntRange(name, min, max, step, Sampling.LINEAR, Optional.empty()));
        }

        /**
         * Integers sampled in {@code sampling}'s scale: linear, {@code min, min + step, ... <= max}; log, Keras Tuner's
         * {@code hp.Int(..., step, sampling="log")}, the step a factor: {@code min, min step, min step^2, ... <= max}
         * (step 1: every integer, log-uniformly). See {@link IntRange}.
         */
        public Builder intRange(String name, int min, int max, int step, Sampling sampling) {
            return add(new IntRange(name, min, max, step, sampling, Optional.empty()));
        }

        /** Reals in {@code [min, max]}, sampled in {@code sampling}'s scale. */
        public Builder floatRange(String name, double min, double max, Sampling sampling) {
            return add(new FloatRange(name, min, max, 0, sampling, Optional.empty()));
        }

        /** Reals {@code min + k step} (linear) or {@code min * step^k} (log) up to {@code max}. */
        public Builder floatRange(String name, double min, double max, double step, Sampling sampling) {
            return add(new FloatRange(name, min, max, step, sampling, Optional.empty()));
        }

        /** One of {@code values} (strings, booleans or numbers). */
        public Builder choice(String name, Object... values) {
            Objects.requireNonNull(values, "SearchSpace.Builder.choice: values is null");
            return add(new Choice(name, Arrays.asList(values), Optional.empty()));
        }

        /** {@code false} or {@code true}. */
        public Builder bool(String name) {
            return choice(name, false, true);
        }

        /** Any hyperparameter. */
        public Builder add(Hyperparameter parameter) {
            parameters.add(Objects.requireNonNull(parameter, "SearchSpace.Builder.add: parameter is null"));
            return this;
        }

        /** Makes the last hyperparameter active only when {@code parent} takes one of {@code values}. */
        public Builder when(String parent, Object... values) {
            Objects.requireNonNull(values, "SearchSpace.Builder.when: values is null");
            if (parameters.isEmpty()) {
                throw new IllegalStateException("tuner space: when(...) needs a hyperparameter before it");
            }
            int last = parameters.size() - 1;
            parameters.set(last, parameters.get(last).when(new Condition(parent, Arrays.asList(values))));
            return this;
        }

        /**
         * The space.
         *
         * @throws IllegalArgumentException on duplicate names or bad conditions
         */
        public SearchSpace build() {
            return new SearchSpace(parameters);
        }
    }
}
