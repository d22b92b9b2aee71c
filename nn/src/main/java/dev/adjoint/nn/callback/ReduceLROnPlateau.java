package dev.adjoint.nn.callback;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Map;
import java.util.Objects;

/**
 * Lowers the learning rate when a monitored figure stops improving, as Keras's {@code ReduceLROnPlateau}:
 * after {@code patience} epochs without an improvement larger than {@code minDelta} (in the direction of its
 * {@link #mode(MonitorMode) mode}, by default inferred from the name as {@link MonitorMode#AUTO} says), the rate
 * is multiplied by {@code factor} (not below {@code minLr}), then {@code cooldown} epochs pass before counting
 * again. Once the rate is at {@code minLr} (compared in float32, as Keras 3 compares its float32 rate variable with
 * {@code np.float32(min_lr)}) a plateau changes nothing: no reduction, no cooldown, and the wait keeps counting,
 * so a rate that a schedule raises again is lowered at the next epoch without improvement. The
 * rate changes through the training step's learning-rate factor input, so nothing is recompiled. Each epoch's
 * logs, and so the history, get {@value #LEARNING_RATE}: the optimizer's current rate, the one its next step
 * would use (Keras 3 logs the same).
 *
 * <p>Its {@link #state()} (the best value, the epochs waited, the cooldown left) and the lowered factor are part
 * of every checkpoint, so a run resumed with {@code FitOptions.resumingFrom} keeps the reduced rate and its
 * count, as Keras keeps the reduced rate in the optimizer.
 */
public final class ReduceLROnPlateau implements Callback {

    /**
     * The figure this callback adds to each epoch's logs, as Keras 3's does: the optimizer's current learning rate,
     * the one its next step would use, read before any reduction at the epoch's end (under a schedule, the rate
     * after the epoch's last step). The history and the callbacks after this one (a {@link CsvLogger}) see it.
     */
    public static final String LEARNING_RATE = "learning_rate";

    private final String monitor;
    private final double factor;
    private final int patience;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final MonitorMode mode;
    private boolean higher;
    private boolean hasBest;
    private double best;
    private int wait;
    private int cooling;

    /**
     * @param monitor the figure watched
     * @param factor the multiplier, in (0, 1)
     * @param patience epochs without improvement before lowering, >= 0
     * @param minDelta the smallest change that counts as improvement, >= 0
     * @param cooldown epochs to wait after lowering, >= 0
     * @param minLr the lowest rate, finite and >= 0
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown,
            double minLr) {
        this(monitor, factor, patience, minDelta, cooldown, minLr, MonitorMode.AUTO);
    }

    private ReduceLROnPlateau(String monitor, double factor, int patience, double minDelta, int cooldown,
            double minLr, MonitorMode mode) {
        this.monitor = Objects.requireNonNull(monitor, "ReduceLROnPlateau: monitor is null");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience and cooldown must be >= 0, got "
                    + patience + " and " + cooldown);
        }
        if (!(minDelta >= 0) || !(minLr >= 0) || Double.isInfinite(minDelta) || Double.isInfinite(minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: minDelta and minLr must be finite and >= 0, got "
                    + minDelta + " and " + minLr);
        }
        this.factor = factor;
        this.patience = patience;
        this.minDelta = minDelta;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.mode = Objects.requireNonNull(mode, "ReduceLROnPlateau: mode is null");
    }

    /**
     * The same configuration with Keras's {@code mode}: which way the monitored figure improves.
     *
     * @throws NullPointerException if {@code mode} is null
     */
    public ReduceLROnPlateau mode(MonitorMode mode) {
        return new ReduceLROnPlateau(monitor, factor, patience, minDelta, cooldown, minLr,
                Objects.requireNonNull(mode, "ReduceLROnPlateau: mode is null"));
    }

    /**
     * The same configuration with Keras's {@code mode} by its name, {@code "auto"}, {@code "min"} or {@code "max"}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public ReduceLROnPlateau mode(String mode) {
        return mode(MonitorMode.of(mode));
    }

    /** Which way the monitored figure improves, {@link MonitorMode#AUTO} unless set. */
    public MonitorMode mode() {
        return mode;
    }

    /** Keras's defaults: factor 0.1, patience 10, minDelta 1e-4, cooldown 0, minLr 0. */
    public static ReduceLROnPlateau defaults(String monitor) {
        return new ReduceLROnPlateau(monitor, 0.1, 10, 1e-4, 0, 0);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (!context.availableMetrics().contains(monitor)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: monitor must be one of "
                    + context.availableMetrics() + ", got '" + monitor + "'");
        }
        higher = mode.higherIsBetter(monitor, "ReduceLROnPlateau");
        hasBest = false;
        wait = 0;
        cooling = 0;
    }

    @Override
    public Map<String, Double> state() {
        return Plateau.state(hasBest, best, wait, Map.of("cooling", (double) cooling));
    }

    @Override
    public void restore(Map<String, Double> state) {
        Plateau.check("ReduceLROnPlateau", state, "cooling");
        hasBest = state.containsKey("best");
        best = state.getOrDefault("best", 0.0);
        wait = state.get("wait").intValue();
        cooling = state.get("cooling").intValue();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        logs.put(LEARNING_RATE, context.learningRate());
        double value = logs.get(monitor);
        if (cooling > 0) {
            cooling--;
            wait = 0;
        }
        if (EarlyStopping.isImprovement(value, hasBest, best, minDelta, higher)) {
            hasBest = true;
            best = value;
            wait = 0;
        } else if (cooling == 0 && ++wait >= patience) {
            double lr = context.learningRate();
            if ((float) lr > (float) minLr) {
                double target = Math.max(lr * factor, minLr);
                context.setLearningRateFactor(context.learningRateFactor() * target / lr);
                cooling = cooldown;
                wait = 0;
            }
        }
    }
}
