package dev.adjoint.examples;

import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.TrainingContext;
import java.util.Locale;
import java.util.Map;

/** Prints each epoch's wall-clock seconds with its logs, and adds them up. */
final class EpochTimer implements Callback {

    private long start;
    private double total;

    @Override
    public void onEpochBegin(int epoch, TrainingContext context) {
        start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        double seconds = (System.nanoTime() - start) / 1e9;
        total += seconds;
        System.out.printf(Locale.ROOT, "epoch %d: %.1f s, %s%n", epoch + 1, seconds, logs);
    }

    /** The seconds of all epochs so far. */
    double total() {
        return total;
    }
}
