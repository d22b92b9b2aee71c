package dev.adjoint.nn.io;

/**
 * Where a {@code fit} run stood when a checkpoint was written: what is needed, beside the model, to resume
 * it exactly with {@code FitOptions.defaults().seed(seed).initialEpoch(epoch)}. (The step count and the
 * optimizer state travel with the model's state.)
 *
 * @param epoch the number of completed epochs, i.e. the 0-based epoch to resume at, >= 0
 * @param seed the run's {@code FitOptions.seed}, which drives shuffling and dropout
 */
public record FitProgress(int epoch, long seed) {

    /** Validates the epoch. */
    public FitProgress {
        if (epoch < 0) {
            throw new IllegalArgumentException("fit progress: epoch must be >= 0, got " + epoch);
        }
    }
}
