package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Map;
import java.util.Objects;

/**
 * Sets the learning rate at the start of every epoch from a function of the epoch, as Keras's
 * {@code LearningRateScheduler}: before epoch {@code e} (counted from 0) the rate becomes
 * {@code η_e = schedule.rate(e, η)}, with {@code η} the rate the optimizer would use at its next step. A step
 * decay that halves the rate every 10 epochs is {@code (e, lr) -> e > 0 && e % 10 == 0 ? lr / 2 : lr}; a rate
 * given per epoch ignores {@code lr}: {@code (e, lr) -> 1e-3 * Math.pow(0.9, e)}.
 *
 * <p>Keras's linear warm-up from 0 is {@code (e, lr) -> 1e-3 * Math.min(1, e / 2.0)}: epoch 0 runs at rate 0 (the
 * weights do not move), epoch 1 at {@code 5e-4}, the later ones at {@code 1e-3}.
 *
 * <p>The rate is set through the training step's learning-rate factor input
 * ({@link TrainingContext#setLearningRate}), so nothing is recompiled: the factor becomes {@code η_e / η₀}, with
 * {@code η₀} the optimizer's own rate at the epoch's first step, so a rate of 0 can be followed by any other. With a
 * constant optimizer rate every step of the epoch uses {@code η_e} (rounded to the model's dtype). Under an
 * optimizer {@code Schedule} the epoch's first step uses {@code η_e} and the later ones the schedule times the same
 * factor (Keras refuses to combine the two). Each epoch's logs, and so the history, get
 * {@value ReduceLROnPlateau#LEARNING_RATE}: the optimizer's rate at the epoch's end, {@code η_e} under a constant
 * optimizer rate (Keras 3 logs the same). The factor is part of every checkpoint, and a resumed run calls the
 * function again for its first epoch.
 */
public final class LearningRateScheduler implements Callback {

    /** The rate for an epoch. */
    @FunctionalInterface
    public interface EpochSchedule {
        /**
         * The learning rate for epoch {@code epoch}.
         *
         * @param epoch the epoch about to start, from 0
         * @param current the rate the optimizer would use at its next step
         * @return the rate for the epoch: finite and {@code >= 0}
         */
        double rate(int epoch, double current);
    }

    private final EpochSchedule schedule;

    /** Sets the rate from {@code schedule} before each epoch. */
    public LearningRateScheduler(EpochSchedule schedule) {
        this.schedule = Objects.requireNonNull(schedule, "LearningRateScheduler: schedule is null");
    }

    /**
     * Sets the epoch's rate.
     *
     * @throws IllegalArgumentException naming the epoch when the schedule gives a rate that is negative or not
     *     finite, or a rate above 0 while the optimizer's own rate is 0 (nothing to set it from); the rate is then
     *     unchanged
     */
    @Override
    public void onEpochBegin(int epoch, TrainingContext context) {
        double current = context.learningRate();
        double rate = schedule.rate(epoch, current);
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule must give a finite rate >= 0,"
                    + " got " + rate + " for epoch " + epoch + " (current rate " + current + ")");
        }
        if (rate != current) {
            try {
                context.setLearningRate(rate);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("LearningRateScheduler: epoch " + epoch + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        logs.put(ReduceLROnPlateau.LEARNING_RATE, context.learningRate());
    }
}
