package dev.adjoint.nn.model;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress: on a terminal a live bar per epoch (batches done, elapsed time and ETA, the
 * running loss and metrics; drawn by me.tongfei:progressbar, cut at the terminal's width), and after each
 * epoch, on a terminal or not, one line with its duration and all its figures, validation included:
 * {@code Epoch 3/20 - 0.4s - loss 0.1234 - accuracy 0.9612 - val_loss 0.1502 - val_accuracy 0.9556}.
 * {@link Verbosity#EPOCH_LINES} prints only the lines.
 */
final class ProgressReporter implements Callback {

    private final boolean bar;
    private final PrintStream out;
    private ProgressBar progress;
    private BarLine line;
    private long epochStart;

    /**
     * The console consumer, leaving the end of the bar's line to the reporter: progressbar 0.10.2 ends it only
     * when its update thread has drawn the bar once before {@code close()} (a fast epoch can close first), so
     * the reporter ends the line itself once {@code close()} has drawn the last state.
     */
    private static final class BarLine extends ConsoleProgressBarConsumer {
        private volatile boolean drawn;

        BarLine(PrintStream out) {
            super(out);
        }

        @Override
        public void accept(String rendered) {
            super.accept(rendered);
            drawn = true;
        }

        @Override
        public void close() {
            // the reporter ends the line (see the class comment)
        }
    }

    ProgressReporter(Verbosity verbosity) {
        this(verbosity, System.out, isTerminal());
    }

    /** Reporting to {@code out}, as on a terminal (a bar, for {@link Verbosity#PROGRESS}) or not (lines). */
    ProgressReporter(Verbosity verbosity, PrintStream out, boolean terminal) {
        this.bar = verbosity == Verbosity.PROGRESS && terminal;
        this.out = out;
    }

    /** True when standard output is an interactive terminal (JDK 22+ asks {@code Console.isTerminal}). */
    static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void onEpochBegin(int epoch, TrainingContext context) {
        epochStart = System.nanoTime();
        if (bar) {
            line = new BarLine(out);
            progress = new ProgressBarBuilder().setTaskName("Epoch " + (epoch + 1) + "/" + context.epochs())
                    .setInitialMax(context.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(200).setConsumer(line).setUnit(" batches", 1).build();
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
        if (progress != null) {
            progress.stepTo(batch + 1L);
            progress.setExtraMessage(" " + Fit.format(logs));
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        closeBar();
        double seconds = (System.nanoTime() - epochStart) / 1e9;
        out.printf(java.util.Locale.ROOT, "Epoch %d/%d - %.1fs - %s%n", epoch + 1, context.epochs(), seconds,
                Fit.format(logs));
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        closeBar();
    }

    /** Draws the bar's last state (close waits for it) and ends its line. */
    private void closeBar() {
        if (progress != null) {
            progress.close();
            if (line.drawn) {
                out.println();
            }
            progress = null;
            line = null;
        }
    }
}
