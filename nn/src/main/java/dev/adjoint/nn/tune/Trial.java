package dev.adjoint.nn.tune;

import java.util.Map;
import java.util.Objects;

/**
 * One training run of a search: its hyperparameters, the epochs it trained, and how it ended.
 *
 * @param id the trial's number, from 0, in the order the search proposed it
 * @param hyperparameters the values it trained with
 * @param status running, completed or failed
 * @param initialEpoch the epoch it started at: 0, or where the trial it continues stopped (Hyperband)
 * @param epochs the epoch count it trained to
 * @param parent the trial whose checkpoint it continued, or -1
 * @param score the objective's best value over its epochs (NaN unless completed)
 * @param bestEpoch the 0-based epoch of that value, counted from the start of training (-1 unless completed)
 * @param logs the metrics of its best epoch (empty unless completed)
 * @param error why it failed, or null
 */
public record Trial(int id, HyperParameters hyperparameters, Status status, int initialEpoch, int epochs,
        int parent, double score, int bestEpoch, Map<String, Double> logs, String error) {

    /** Where a trial stands. */
    public enum Status {
        /** Started and not finished: a search that resumes runs it again. */
        RUNNING,
        /** Trained, with a score and a saved model. */
        COMPLETED,
        /** Training or building the model threw; the search went on. */
        FAILED
    }

    /** Checks for nulls and copies the logs. */
    public Trial {
        Objects.requireNonNull(hyperparameters, "Trial: hyperparameters is null");
        Objects.requireNonNull(status, "Trial: status is null");
        logs = Map.copyOf(Objects.requireNonNull(logs, "Trial: logs is null"));
    }

    /** A trial about to start. */
    static Trial running(int id, Proposal p) {
        return new Trial(id, p.hyperparameters(), Status.RUNNING, p.initialEpoch(), p.epochs(), p.parent(),
                Double.NaN, -1, Map.of(), null);
    }

    /** Whether this trial is what {@code p} proposes (same values, epochs and parent). */
    boolean runs(Proposal p) {
        return hyperparameters.sameValues(p.hyperparameters()) && initialEpoch == p.initialEpoch()
                && epochs == p.epochs() && parent == p.parent();
    }

    /** Whether it completed with a score. */
    public boolean completed() {
        return status == Status.COMPLETED;
    }
}
