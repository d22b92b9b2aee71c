package dev.adjoint.nn.tune;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a search runs (Keras Tuner's {@code directory}, {@code max_trials}, {@code seed},
 * {@code overwrite}): build with {@code TunerOptions.in(Path.of("tuning")).maxTrials(20).seed(7)}.
 *
 * @param directory where trials are persisted, so that an interrupted search resumes
 * @param maxTrials the number of trials at most ({@link Hyperband} plans its own)
 * @param seed drives every random choice of the tuner: the same seed gives the same trials
 * @param parallelTrials how many trials train at once
 * @param overwrite whether an existing search in the directory is deleted instead of resumed
 * @param log where a line per finished trial is printed, or null for silence
 */
public record TunerOptions(Path directory, int maxTrials, long seed, int parallelTrials, boolean overwrite,
        PrintStream log) {

    /** Validates the options. */
    public TunerOptions {
        Objects.requireNonNull(directory, "TunerOptions: directory is null");
        if (maxTrials < 1) {
            throw new IllegalArgumentException("tuner: maxTrials must be >= 1, got " + maxTrials);
        }
        if (parallelTrials < 1) {
            throw new IllegalArgumentException("tuner: parallelTrials must be >= 1, got " + parallelTrials);
        }
    }

    /**
     * Defaults in {@code directory}: 10 trials, seed 0, as many parallel trials as the machine has cores,
     * resuming, printing to standard output.
     */
    public static TunerOptions in(Path directory) {
        return new TunerOptions(directory, 10, 0, Runtime.getRuntime().availableProcessors(), false, System.out);
    }

    /** With another trial count. */
    public TunerOptions maxTrials(int n) {
        return new TunerOptions(directory, n, seed, parallelTrials, overwrite, log);
    }

    /** With another seed. */
    public TunerOptions seed(long s) {
        return new TunerOptions(directory, maxTrials, s, parallelTrials, overwrite, log);
    }

    /** With another number of trials at once. */
    public TunerOptions parallelTrials(int n) {
        return new TunerOptions(directory, maxTrials, seed, n, overwrite, log);
    }

    /** Deleting (true) or resuming (false) a search already in the directory. */
    public TunerOptions overwrite(boolean on) {
        return new TunerOptions(directory, maxTrials, seed, parallelTrials, on, log);
    }

    /** Printing a line per trial to {@code out}, or nothing when null. */
    public TunerOptions log(PrintStream out) {
        return new TunerOptions(directory, maxTrials, seed, parallelTrials, overwrite, out);
    }
}
