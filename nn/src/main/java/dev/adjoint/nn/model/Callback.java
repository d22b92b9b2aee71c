package dev.adjoint.nn.model;

import java.util.Map;

/**
 * Hooks around training, as Keras's callbacks. Every method has an empty default; {@code logs} map metric
 * names ({@code loss}, {@code accuracy}, {@code val_loss}, ...) to averages so far (batch hooks) or for the
 * epoch (epoch hooks). A callback steers training through the {@link TrainingContext}. An exception thrown
 * by a callback stops training; {@code fit} rethrows it wrapped in a {@link CallbackException} naming the
 * callback, and the model keeps the weights of its last completed step.
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

    /** Before a batch (0-based within the epoch). */
    default void onBatchBegin(int batch, TrainingContext context) {
    }

    /** After a batch, with the epoch's running averages. */
    default void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
    }
}
