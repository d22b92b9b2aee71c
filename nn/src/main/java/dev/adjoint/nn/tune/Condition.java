package dev.adjoint.nn.tune;

import java.util.List;
import java.util.Objects;

/**
 * When a hyperparameter is active: only when the hyperparameter {@code parent} is active and takes one of
 * {@code values} (Keras Tuner's {@code conditional_scope}). An inactive hyperparameter has no value in a trial.
 *
 * @param parent the name of a hyperparameter defined earlier in the space
 * @param values the parent's values for which the hyperparameter applies, not empty
 */
public record Condition(String parent, List<Object> values) {

    /** Validates and copies the values. */
    public Condition {
        Objects.requireNonNull(parent, "Condition: parent is null");
        Objects.requireNonNull(values, "Condition: values is null");
        if (values.isEmpty()) {
            throw new IllegalArgumentException("tuner space: a condition on '" + parent + "' needs at least one"
                    + " value, got none");
        }
        values = List.copyOf(values);
    }

    /** Whether the parent's value satisfies the condition. */
    public boolean holdsFor(Object parentValue) {
        return values.stream().anyMatch(v -> Values.same(v, parentValue));
    }
}
