package dev.adjoint.nn.callback;

import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves the model during {@code fit}, as Keras's {@code ModelCheckpoint}: after every epoch, or with
 * {@code saveBestOnly} only after epochs whose monitored figure beats the best so far, in the direction of its
 * {@link #mode(MonitorMode) mode} (by default {@link MonitorMode#AUTO}: lower is better for losses and errors,
 * higher for accuracies, AUCs, precision, recall and F1, decided from the name, and with {@code saveBestOnly} a
 * name it cannot decide is an error when training begins; an epoch whose figure is NaN is never best). Each file is a
 * whole model ({@link ModelFiles}) with the {@link FitProgress} of the run, written atomically, so training resumes
 * from it exactly:
 *
 * <pre>{@code
 * model.fit(x, y, options.epochs(10).callbacks(ModelCheckpoint.everyEpoch("ckpt.safetensors")));
 * // ... later, in another process:
 * Model model = ModelFiles.load(Path.of("ckpt.safetensors"));
 * FitProgress p = ModelFiles.progress(Path.of("ckpt.safetensors")).orElseThrow();
 * model.fit(x, y, options.epochs(10).resumingFrom(p));                      // bit-identical to no break
 * }</pre>
 *
 * <p>The file path may hold placeholders, {@code "ckpt-{epoch:02d}-{val_loss:.3f}.safetensors"}, with
 * {@code epoch} counted from 1 as in Keras. A monitor or placeholder that training will not report is an
 * {@link IllegalArgumentException} before the first epoch. Missing directories are created (Keras's
 * {@code makedirs}): the template's fixed directory when training begins, so a directory that cannot be created
 * fails before the first epoch, naming it, and a directory a placeholder names before each save. A failed save
 * stops training with a {@code CallbackException} and leaves the previous file intact. A file is written once
 * every callback has seen the epoch's end ({@link TrainingContext#afterEpoch}), with the run's
 * {@link FitProgress}: the learning-rate factor and every stateful callback's state (this one's best value,
 * {@link ReduceLROnPlateau}'s and {@link EarlyStopping}'s counters), so a run resumed with
 * {@code FitOptions.resumingFrom} continues as the unbroken one would.
 */
public final class ModelCheckpoint implements Callback {

    private final String filepath;
    private final CheckpointPath path;
    private final String monitor;
    private final boolean saveBestOnly;
    private final MonitorMode mode;
    private boolean higher;
    private double best = Double.NaN;
    private volatile Path lastSaved;

    /**
     * @param filepath where to save, with optional placeholders
     * @param monitor the figure watched, e.g. {@code val_loss}, or null when {@code saveBestOnly} is false
     * @param saveBestOnly whether to save only epochs that improve on the best so far
     * @throws IllegalArgumentException when the template is malformed, or {@code saveBestOnly} has no monitor
     */
    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly) {
        this(filepath, monitor, saveBestOnly, MonitorMode.AUTO);
    }

    private ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly, MonitorMode mode) {
        this.filepath = Objects.requireNonNull(filepath, "ModelCheckpoint: filepath is null");
        this.path = CheckpointPath.of(filepath);
        if (saveBestOnly && monitor == null) {
            throw new IllegalArgumentException("ModelCheckpoint: saveBestOnly needs a monitor, got none");
        }
        this.monitor = monitor;
        this.saveBestOnly = saveBestOnly;
        this.mode = Objects.requireNonNull(mode, "ModelCheckpoint: mode is null");
    }

    /**
     * The same configuration with Keras's {@code mode}: which way the monitored figure improves, with
     * {@code saveBestOnly}.
     *
     * @throws NullPointerException if {@code mode} is null
     */
    public ModelCheckpoint mode(MonitorMode mode) {
        return new ModelCheckpoint(filepath, monitor, saveBestOnly,
                Objects.requireNonNull(mode, "ModelCheckpoint: mode is null"));
    }

    /**
     * The same configuration with Keras's {@code mode} by its name, {@code "auto"}, {@code "min"} or {@code "max"}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public ModelCheckpoint mode(String mode) {
        return mode(MonitorMode.of(mode));
    }

    /** Which way the monitored figure improves, {@link MonitorMode#AUTO} unless set. */
    public MonitorMode mode() {
        return mode;
    }

    /** Saving after every epoch, monitoring nothing. */
    public static ModelCheckpoint everyEpoch(String filepath) {
        return new ModelCheckpoint(filepath, null, false);
    }

    /** Saving only epochs whose {@code monitor} improves on the best so far. */
    public static ModelCheckpoint bestOnly(String filepath, String monitor) {
        return new ModelCheckpoint(filepath, Objects.requireNonNull(monitor, "ModelCheckpoint: monitor is null"), true);
    }

    /** The file path template. */
    public String filepath() {
        return filepath;
    }

    /** The monitored figure, if any. */
    public Optional<String> monitor() {
        return Optional.ofNullable(monitor);
    }

    /** Whether only improving epochs are saved. */
    public boolean saveBestOnly() {
        return saveBestOnly;
    }

    /** The file written last in the current or last run, if any. */
    public Optional<Path> lastSaved() {
        return Optional.ofNullable(lastSaved);
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        if (monitor != null && !context.availableMetrics().contains(monitor)) {
            throw new IllegalArgumentException("ModelCheckpoint: monitor must be one of " + context.availableMetrics()
                    + ", got '" + monitor + "'");
        }
        path.check(context.availableMetrics());
        if (saveBestOnly) {
            higher = mode.higherIsBetter(monitor, "ModelCheckpoint");
        }
        ModelFiles.requireSaveable(context.model()); // before the first epoch, not after it
        createDirectories(path.fixedDirectory());
        best = Double.NaN;
        lastSaved = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        if (saveBestOnly) {
            Double value = logs.get(monitor);
            if (value == null || value.isNaN()) {
                return;
            }
            boolean improved = Double.isNaN(best)
                    || (higher ? value > best : value < best);
            if (!improved) {
                return;
            }
            best = value;
        }
        Path file = path.format(epoch + 1, logs);
        context.afterEpoch(() -> {
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent()); // a placeholder may name one
                }
                ModelFiles.save(context.model(), file, context.progress(epoch + 1));
            } catch (IOException e) {
                throw new UncheckedIOException("ModelCheckpoint: saving epoch " + (epoch + 1) + " to " + file
                        + " failed, the previous file is unchanged: " + e.getMessage(), e);
            }
            lastSaved = file;
        });
    }

    /**
     * Creates {@code directory} and its missing parents, as Keras's {@code makedirs} before a save.
     *
     * @throws IllegalArgumentException naming the directory and the template when it cannot be created
     */
    private void createDirectories(Path directory) {
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IllegalArgumentException("ModelCheckpoint: cannot create the directory " + directory
                    + " of the filepath '" + filepath + "' before training: " + e, e);
        }
    }

    /** The best monitored value so far, with {@code saveBestOnly}; empty before the first. */
    @Override
    public Map<String, Double> state() {
        return Double.isNaN(best) ? Map.of() : Map.of("best", best);
    }

    @Override
    public void restore(Map<String, Double> state) {
        if (!state.keySet().equals(java.util.Set.of("best"))) {
            throw new IllegalArgumentException("ModelCheckpoint: saved state must hold only 'best', got "
                    + state.keySet());
        }
        best = state.get("best");
    }
}
