package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Map;
import java.util.Objects;

/**
 * Stops training when a monitored figure has stopped improving, as Keras 3's {@code EarlyStopping}: an epoch
 * improves when its value beats the best so far by more than {@code minDelta} in the direction of its
 * {@link #mode(MonitorMode) mode} (by default {@link MonitorMode#AUTO}: lower is better for losses and errors,
 * higher for accuracies, AUCs, precision, recall and F1, decided from the name, and a name it cannot decide,
 * a custom metric's, is an error when training begins; NaN never improves); at the {@code patience}-th epoch in a row
 * without improvement training stops (with patience 0, at the first), though never after the first epoch. A monitored
 * name that training will not report is an error before the first epoch.
 *
 * <p>With a {@link #baseline}, an epoch that improves on the best so far but not on the baseline is still the
 * best epoch, but counts toward {@code patience}; as in Keras 3, training stops only at an epoch that does not
 * improve on the best, once {@code patience} epochs have passed since the baseline was last beaten. So a figure
 * that improves every epoch trains on even if it never reaches the baseline, and stops at its first epoch without
 * improvement after that. Epochs before {@link #startFromEpoch} are a warm-up, not watched at all.
 *
 * <p>With {@code restoreBestWeights} the model goes back, when training ends (stopped early or not, as Keras 3
 * does), to the weights of its best epoch; when no epoch improved (every value NaN), to those of the first
 * watched epoch, which Keras takes as the best until one improves. The weights only, as in Keras: the optimizer's
 * state and the step count stay where training ended.
 *
 * <p>The configuration is immutable; the best value seen is the state of the current run, reset when
 * training begins. That {@link #state()} (the best value and the epochs waited) is part of every checkpoint,
 * so a resumed run stops where the unbroken one would; the best epoch's weights are not (a checkpoint holds
 * one set of weights), so with {@code restoreBestWeights} a resumed run restores the best weights it has seen
 * itself, if any.
 */
public final class EarlyStopping implements Callback {

    private final String monitor;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBestWeights;
    private final double baseline;
    private final int startFromEpoch;
    private final MonitorMode mode;
    private boolean higher;
    private boolean hasBest;
    private double best;
    private int wait;
    private ModelState bestState;

    /**
     * @param monitor the figure watched, e.g. {@code val_loss}
     * @param patience epochs without improvement before stopping, >= 0
     * @param minDelta the smallest change that counts as improvement, >= 0
     * @param restoreBestWeights whether to restore the best epoch's weights at the end
     */
    public EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights) {
        this(monitor, patience, minDelta, restoreBestWeights, Double.NaN, 0, MonitorMode.AUTO);
    }

    private EarlyStopping(String monitor, int patience, double minDelta, boolean restoreBestWeights, double baseline,
            int startFromEpoch, MonitorMode mode) {
        this.monitor = Objects.requireNonNull(monitor, "EarlyStopping: monitor is null");
        if (patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("EarlyStopping: minDelta must be finite and >= 0, got " + minDelta);
        }
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBestWeights = restoreBestWeights;
        this.baseline = baseline;
        this.startFromEpoch = startFromEpoch;
        this.mode = Objects.requireNonNull(mode, "EarlyStopping: mode is null");
    }

    /** Watching {@code val_loss} with the given patience, minDelta 0, no restore (Keras's defaults otherwise). */
    public static EarlyStopping onValidationLoss(int patience) {
        return new EarlyStopping("val_loss", patience, 0, false);
    }

    /** The same configuration restoring the best weights at the end. */
    public EarlyStopping restoringBestWeights() {
        return new EarlyStopping(monitor, patience, minDelta, true, baseline, startFromEpoch, mode);
    }

    /**
     * The same configuration with Keras's {@code baseline}: an epoch resets the count of epochs without
     * improvement only when it also beats {@code baseline} by more than {@code minDelta}, so once {@code patience}
     * epochs have passed without getting past the baseline, the first epoch that does not improve on the best
     * stops training (one that improves never does, as in Keras 3).
     *
     * @throws IllegalArgumentException if {@code baseline} is not finite
     */
    public EarlyStopping baseline(double baseline) {
        if (!Double.isFinite(baseline)) {
            throw new IllegalArgumentException("EarlyStopping: baseline must be finite, got " + baseline);
        }
        return new EarlyStopping(monitor, patience, minDelta, restoreBestWeights, baseline, startFromEpoch, mode);
    }

    /**
     * The same configuration with Keras's {@code start_from_epoch}: epochs {@code 0} to {@code epochs - 1} are a
     * warm-up, neither watched nor counted, and cannot stop training.
     *
     * @throws IllegalArgumentException if {@code epochs < 0}
     */
    public EarlyStopping startFromEpoch(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("EarlyStopping: startFromEpoch must be >= 0, got " + epochs);
        }
        return new EarlyStopping(monitor, patience, minDelta, restoreBestWeights, baseline, epochs, mode);
    }

    /**
     * The same configuration with Keras's {@code mode}: which way the monitored figure improves.
     *
     * @throws NullPointerException if {@code mode} is null
     */
    public EarlyStopping mode(MonitorMode mode) {
        return new EarlyStopping(monitor, patience, minDelta, restoreBestWeights, baseline, startFromEpoch,
                Objects.requireNonNull(mode, "EarlyStopping: mode is null"));
    }

    /**
     * The same configuration with Keras's {@code mode} by its name, {@code "auto"}, {@code "min"} or {@code "max"}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public EarlyStopping mode(String mode) {
        return mode(MonitorMode.of(mode));
    }

    /** Which way the monitored figure improves, {@link MonitorMode#AUTO} unless set. */
    public MonitorMode mode() {
        return mode;
    }

    /** The monitored figure.
    public String monitor() {
        return monitor;
    }

    /**
     * True when {@code value} beats {@code best} by more than {@code minDelta} in the right direction; the first
     * finite value always does, and NaN never does.
     */
    static boolean isImprovement(double value, boolean hasBest, double best, double minDelta, boolean higher) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (!hasBest) {
            return true;
        }
        return higher ? value > best + minDelta : value < best - minDelta;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (!context.availableMetrics().contains(monitor)) {
            throw new IllegalArgumentException("EarlyStopping: monitor must be one of " + context.availableMetrics()
                    + ", got '" + monitor + "'");
        }
        higher = mode.higherIsBetter(monitor, "EarlyStopping");
        hasBest = false;
        wait = 0;
        bestState = null;
    }

    @Override
    public Map<String, Double> state() {
        return Plateau.state(hasBest, best, wait, Map.of());
    }

    @Override
    public void restore(Map<String, Double> state) {
        Plateau.check("EarlyStopping", state);
        hasBest = state.containsKey("best");
        best = state.getOrDefault("best", 0.0);
        wait = state.get("wait").intValue();
    }

    /**
     * Keras 3's rule: {@code wait} counts the epoch, an improvement on the best becomes the best (and its weights
     * the ones to restore) and resets {@code wait} when it also beats the baseline, and training stops once
     * {@code wait >= patience} after the first epoch.
     */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        if (epoch < startFromEpoch) {
            return;
        }
        double value = logs.get(monitor);
        if (restoreBestWeights && bestState == null) {
            bestState = context.state(); // the best until an epoch improves
        }
        wait++;
        if (isImprovement(value, hasBest, best, minDelta, higher)) {
            hasBest = true;
            best = value;
            if (restoreBestWeights) {
                bestState = context.state();
            }
            if (Double.isNaN(baseline) || isImprovement(value, true, baseline, minDelta, higher)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            context.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (restoreBestWeights && bestState != null) {
            // the weights only, as Keras: the optimizer's moments and the step count go on from where training ended
            ModelState now = context.state();
            context.restore(new ModelState(bestState.params(), now.optimizer(), now.step()));
        }
    }
}
