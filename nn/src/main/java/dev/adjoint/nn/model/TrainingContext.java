package dev.adjoint.nn.model;

import java.util.List;
import java.util.Set;

/** What callbacks can see and steer during {@code fit}. */
public interface TrainingContext {

    /** The model being trained. */
    Model model();

    /** The metric names the epoch logs will hold ({@code loss}, metrics, and their {@code val_} forms). */
    Set<String> availableMetrics();

    /** The run's seed ({@code FitOptions.seed}), which drives shuffling and dropout; checkpoints record it. */
    long seed();

    /** The number of epochs asked for. */
    int epochs();

    /** The number of batches in one epoch. */
    int batchesPerEpoch();

    /** Asks training to stop after the current batch or epoch. */
    void stopTraining();

    /** True once a stop was asked for. */
    boolean stopRequested();

    /** The factor the optimizer's learning rate is multiplied by (1 at the start). */
    double learningRateFactor();

    /**
     * Changes the learning-rate factor from the next step on.
     *
     * @throws IllegalArgumentException when {@code factor} is negative or not finite (0 pauses the updates)
     */
    void setLearningRateFactor(double factor);

    /** The learning rate the optimizer would use at the next step, with the factor applied. */
    double learningRate();

    /**
     * Sets the learning rate of the next step to {@code rate}, as Keras assigns {@code optimizer.learning_rate}:
     * the factor becomes {@code rate / η₀}, with {@code η₀} the optimizer's own rate at the next step, so the rate
     * is set, not scaled, and a rate of 0 (a warm-up's first epoch) can be raised again later. Under an optimizer
     * {@code Schedule} the later steps follow the schedule times that factor.
     *
     * <p>The default, for contexts written before this method, derives {@code η₀ = learningRate() / factor}
     * and sets the factor {@code rate / η₀}; it cannot when the factor or {@code η₀} is 0 (fit's own context can).
     *
     * @throws IllegalArgumentException when {@code rate} is negative or not finite, or above 0 while the
     *     optimizer's own rate is 0; the rate is then unchanged
     * @throws UnsupportedOperationException from the default, when the factor or the optimizer's rate is 0
     */
    default void setLearningRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("setLearningRate: rate must be finite and >= 0, got " + rate);
        }
        double factor = learningRateFactor();
        double own = factor == 0 ? 0 : learningRate() / factor;
        if (own == 0) {
            throw new UnsupportedOperationException("setLearningRate: this context derives the optimizer's rate"
                    + " from learningRate() / learningRateFactor(), which is 0 / " + factor + "; implement"
                    + " setLearningRate to set it");
        }
        setLearningRateFactor(rate / own);
    }

    /** The weights and optimizer state now (an immutable value). */
    ModelState state();

    /** Restores an earlier state (e.g. the best weights seen). */
    void restore(ModelState state);

    /**
     * Where the run stands after {@code completedEpochs} epochs: the seed, the learning-rate factor and every
     * stateful callback's {@link Callback#state()} now. Within {@link #afterEpoch} actions this is the state
     * after every callback has seen the epoch's end.
     */
    FitProgress progress(int completedEpochs);

    /**
     * Runs {@code action} once every callback's {@code onEpochEnd} of the current epoch has run, when the
     * epoch's state is final: the place to write a checkpoint. An exception from it stops training as one from
     * the callback that registered it.
     */
    void afterEpoch(Runnable action);

    /** The per-epoch logs so far. */
    List<java.util.Map<String, Double>> epochLogs();
}
