package dev.adjoint.nn.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a {@code fit} run stood at the end of an epoch: what is needed, beside the model, to resume it exactly
 * with {@link FitOptions#resumingFrom}. The step count and the optimizer state travel with the model's state;
 * this holds the rest: the completed epochs, the run's seed, the learning-rate factor callbacks had set (e.g.
 * {@code ReduceLROnPlateau}'s reduction, which Keras keeps in the optimizer) and every stateful callback's
 * {@link Callback#state()}, by the callback's name in the run ({@code ReduceLROnPlateau},
 * {@code EarlyStopping}, a second one of a kind {@code EarlyStopping_1}).
 *
 * @param epoch the number of completed epochs, i.e. the 0-based epoch to resume at, >= 0
 * @param seed the run's {@code FitOptions.seed}, which drives shuffling and dropout
 * @param learningRateFactor the factor the optimizer's learning rate was multiplied by, finite and >= 0 (0 while a
 *     warm-up's first epochs run at rate 0)
 * @param callbacks the stateful callbacks' states by name, each as named finite numbers (sorted copies)
 */
public record FitProgress(int epoch, long seed, double learningRateFactor,
        Map<String, Map<String, Double>> callbacks) {

    /** Validates the fields and copies the states. */
    public FitProgress {
        if (epoch < 0) {
            throw new IllegalArgumentException("fit progress: epoch must be >= 0, got " + epoch);
        }
        if (!(learningRateFactor >= 0) || Double.isInfinite(learningRateFactor)) {
            throw new IllegalArgumentException("fit progress: learningRateFactor must be finite and >= 0, got "
                    + learningRateFactor);
        }
        Objects.requireNonNull(callbacks, "fit progress: callbacks is null");
        Map<String, Map<String, Double>> copy = new TreeMap<>();
        callbacks.forEach((name, state) -> copy.put(Objects.requireNonNull(name, "fit progress: a callback name is"
                + " null"), checked(name, state)));
        callbacks = Collections.unmodifiableMap(copy);
    }

    /** Where a run without stateful callbacks stood: factor 1, no callback state. */
    public FitProgress(int epoch, long seed) {
        this(epoch, seed, 1.0, Map.of());
    }

    private static Map<String, Double> checked(String name, Map<String, Double> state) {
        Objects.requireNonNull(state, "fit progress: the state of callback '" + name + "' is null");
        Map<String, Double> copy = new TreeMap<>();
        state.forEach((key, value) -> {
            if (key == null || value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("fit progress: callback '" + name + "' state must map names to"
                        + " finite numbers, got " + key + " = " + value);
            }
            copy.put(key, value);
        });
        return Collections.unmodifiableMap(copy);
    }
}
