package dev.adjoint.nn.tune;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values of one trial: what a model-building function reads (Keras Tuner's {@code hp} inside
 * {@code build(hp)}). Only active hyperparameters have values; reading an inactive or unknown one is an error
 * naming it, so a typo cannot silently fall back to a default.
 *
 * <pre>{@code
 * Model build(HyperParameters hp) {
 *     model.add(Dense.of(hp.intValue("units"), Activations.byName(hp.string("activation"))));
 *     if (hp.intValue("layers") == 2) {
 *         model.add(Dense.of(hp.intValue("units_2"), new Relu()));
 *     }
 *     model.compile(Adam.defaults().withLearningRate(hp.doubleValue("learning_rate")), ...);
 * }
 * }</pre>
 */
public final class HyperParameters {

    private final SearchSpace space;
    private final Map<String, Object> values;

    HyperParameters(SearchSpace space, Map<String, Object> values) {
        this.space = space;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The space the values belong to. */
    public SearchSpace space() {
        return space;
    }

    /** The active hyperparameters' values, in the space's order. */
    public Map<String, Object> values() {
        return values;
    }

    /** Whether {@code name} is active in this trial. */
    public boolean isActive(String name) {
        space.parameter(name);
        return values.containsKey(name);
    }

    /**
     * The value of {@code name}.
     *
     * @throws IllegalArgumentException when the space has no such hyperparameter or it is inactive here
     */
    public Object value(String name) {
        Hyperparameter p = space.parameter(name);
        Object v = values.get(name);
        if (v == null) {
            Condition c = p.condition().orElseThrow();
            throw new IllegalArgumentException("tuner: '" + name + "' is not active in this trial: it applies when "
                    + c.parent() + " is one of " + c.values() + ", got " + c.parent() + " = "
                    + (values.containsKey(c.parent()) ? values.get(c.parent()) : "(inactive)"));
        }
        return v;
    }

    /** An int range's (or a numeric choice's) value. */
    public int intValue(String name) {
        Object v = value(name);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("tuner: '" + name + "' is not an integer, got " + v);
        }
        return n.intValue();
    }

    /** A float range's (or a numeric choice's) value. */
    public double doubleValue(String name) {
        Object v = value(name);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("tuner: '" + name + "' is not a number, got " + v);
        }
        return n.doubleValue();
    }

    /** A string choice's value. */
    public String string(String name) {
        Object v = value(name);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("tuner: '" + name + "' is not a string, got " + v);
        }
        return s;
    }

    /** A boolean choice's value. */
    public boolean bool(String name) {
        Object v = value(name);
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("tuner: '" + name + "' is not a boolean, got " + v);
        }
        return b;
    }

    /** The values encoded to {@code [0, 1]} per hyperparameter of the space; inactive ones at 0. */
    double[] toUnit() {
        double[] u = new double[space.parameters().size()];
        for (int i = 0; i < u.length; i++) {
            Hyperparameter p = space.parameters().get(i);
            u[i] = values.containsKey(p.name()) ? p.toUnit(values.get(p.name())) : 0;
        }
        return u;
    }

    /** Equal values of the same hyperparameters (numbers by value). */
    boolean sameValues(HyperParameters other) {
        if (!values.keySet().equals(other.values.keySet())) {
            return false;
        }
        return values.keySet().stream().allMatch(k -> Values.same(values.get(k), other.values.get(k)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HyperParameters other && space == other.space && sameValues(other);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.keySet());
    }

    /** {@code {units=128, learning_rate=0.003, activation=relu}}. */
    @Override
    public String toString() {
        return values.toString();
    }
}
