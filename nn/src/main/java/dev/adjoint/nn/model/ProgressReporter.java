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
 * Shows training progress: on a terminal a live bar per epoch (batches done, ETA, running loss and
 * metrics; drawn by me.tongfei:progressbar), otherwise, or with {@link Verbosity#EPOCH_LINES}, one line per
 * epoch with its duration and figures.
 */
final class ProgressReporter implements Callback {

    private final boolean bar;
    private final PrintStream out = System.out;
    private ProgressBar progress;
    private long epochStart;

    ProgressReporter(Verbosity verbosity) {
        this.bar = verbosity == Verbosity.PROGRESS && isTerminal();
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
            progress = new ProgressBarBuilder().setTaskName("Epoch " + (epoch + 1) + "/" + context.epochs())
                    .setInitialMax(context.batchesPerEpoch()).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).showSpeed().setUnit(" batches", 1).build();
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
        if (progress != null) {
            progress.setExtraMessage(" " + Fit.format(logs));
            progress.close();
            progress = null;
        } else {
            double seconds = (System.nanoTime() - epochStart) / 1e9;
            out.printf("Epoch %d/%d - %.1fs - %s%n", epoch + 1, context.epochs(), seconds, Fit.format(logs));
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
