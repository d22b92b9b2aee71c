package dev.adjoint.nn.model;

import java.util.Map;

/**
 * Hooks around training, as Keras's callbacks. Every method has an empty default; {@code logs} map metric
 * names ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to averages so far (batch hooks) or for the
 * epoch (epoch hooks). A callback steers training through the {@link TrainingContext}. An exception thrown
 * by a callback stops training; {@code fit} rethrows it wrapped in a {@link CallbackException} naming the
 * callback, and the model keeps the weights of its last completed step.
 *
 * <p>A callback that learns as training goes (a best value, a count of epochs without improvement) exposes
 * that as its {@link #state()}; checkpoints store it and a run resumed with {@code FitOptions.resumingFrom}
 * hands it back through {@link #restore}, so the resumed run behaves as the unbroken one would.
 */
public interface Callback {

    /** Before the first epoch; the place to validate configuration against the available metrics. */
    default void onTrainBegin(TrainingContext context) {
    }

    /** After the last epoch (also after an early stop). */
    default void onTrainEnd(TrainingContext context) {
    }

    /** Before an epoch (0-based). */
    default void onEpochBegin(int epoch, TrainingContext context) {
    }

    /** After an epoch, with its training and validation figures. */
    default void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
    }

    /**
     * What this callback learned so far in the run, as named finite numbers, for a checkpoint; empty (the
     * default) for a callback that keeps nothing between epochs.
     */
    default Map<String, Double> state() {
        return Map.of();
    }

    /**
     * Continues from a {@link #state()} saved by an earlier run; called after {@link #onTrainBegin} when
     * {@code fit} resumes from a checkpoint that holds this callback's state.
     *
     * @throws IllegalArgumentException naming the entry when the state is not one this callback wrote
     */
    default void restore(Map<String, Double> state) {
    }

    /** Before a batch (0-based within the epoch). */
    default void onBatchBegin(int batch, TrainingContext context) {
    }

    /** After a batch, with the epoch's running averages. */
    default void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
    }
}
