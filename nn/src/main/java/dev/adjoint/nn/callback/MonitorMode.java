package dev.adjoint.nn.callback;

import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.nn.metric.RootMeanSquaredError;
import java.util.Locale;
import java.util.Objects;

/**
 * Which way a monitored figure improves, Keras's {@code mode} of {@link EarlyStopping}, {@link ModelCheckpoint}
 * and {@link ReduceLROnPlateau}: {@link #MIN} (lower is better), {@link #MAX} (higher is better), or {@link #AUTO},
 * the direction inferred from the name as Keras 3 does.
 *
 * <p>{@code AUTO} minimizes {@code loss} and an output's loss ({@code val_out_loss}); maximizes the built-in metrics
 * Keras marks {@code direction "up"} (accuracies, AUCs, precision, recall, F1, R², IoUs); minimizes the other built-in
 * metrics (errors such as {@code mae}); the name may carry {@code val_}, an output's prefix ({@code val_out_auc})
 * and a repeat's suffix ({@code mae_1}). Any other name, a custom metric's, cannot be inferred: as in Keras 3 that
 * is an error when training begins, asking for {@code MIN} or {@code MAX}, never a silent guess.
 */
public enum MonitorMode {
    /** The direction inferred from the monitored name. */
    AUTO,
    /** Lower values are better. */
    MIN,
    /** Higher values are better. */
    MAX;

    /**
     * The mode called {@code name}, Keras's {@code "auto"}, {@code "min"} or {@code "max"}.
     *
     * @throws IllegalArgumentException for any other name (Keras warns and falls back to {@code "auto"})
     */
    public static MonitorMode of(String name) {
        Objects.requireNonNull(name, "name is null");
        return switch (name) {
            case "auto" -> AUTO;
            case "min" -> MIN;
            case "max" -> MAX;
            default -> throw new IllegalArgumentException("MonitorMode: mode must be one of [auto, min, max], got '"
                    + name + "'");
        };
    }

    /** The Keras name, {@code "auto"}, {@code "min"} or {@code "max"}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * True when higher values of {@code monitor} are better under this mode.
     *
     * @param owner the callback, named in the error
     * @throws IllegalArgumentException under {@code AUTO} for a name whose direction cannot be inferred
     */
    boolean higherIsBetter(String monitor, String owner) {
        if (this != AUTO) {
            return this == MAX;
        }
        String base = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
        base = base.replaceFirst("_[0-9]+$", ""); // a repeated metric's suffix, "mae_1"
        if (base.equals("loss") || base.endsWith("_loss")) {
            return false;
        }
        Boolean up = builtInDirection(base);
        for (int i = base.indexOf('_'); up == null && i >= 0; i = base.indexOf('_', i + 1)) {
            up = builtInDirection(base.substring(i + 1)); // an output's prefix, "out_auc"
        }
        if (up == null) {
            throw new IllegalArgumentException(owner + ": mode 'auto' cannot infer whether '" + monitor
                    + "' should be minimized or maximized, got a name that is neither a loss nor a built-in metric;"
                    + " pass mode MIN or MAX");
        }
        return up;
    }

    /**
     * Whether the built-in metric {@code name} improves upwards: every one but an error (a loss as a metric, the
     * root mean squared error), as Keras's {@code _direction}.
     */
    private static Boolean builtInDirection(String name) {
        if (name.equals("io_u") || name.equals("mean_io_u")) {
            return true; // IoU and MeanIoU, which need a number of classes, so no string names them
        }
        if (!Metrics.names().contains(name)) {
            return null;
        }
        Metric m = Metrics.byName(name);
        Metric unwrapped = Metrics.unnamed(m);
        return !(unwrapped instanceof LossMetric || unwrapped instanceof RootMeanSquaredError);
    }
}
