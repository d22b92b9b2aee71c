package dev.adjoint.nn.tune;

import java.util.Objects;

/**
 * What a tuner asks to train next: hyperparameter values, for how many epochs, and from which earlier trial's
 * checkpoint (Hyperband continues the best trials of a rung).
 *
 * @param hyperparameters the values
 * @param initialEpoch the epoch to start at (0, or the parent's epoch count)
 * @param epochs the epoch count to train to
 * @param parent the trial to continue, or -1 to train a new model
 */
record Proposal(HyperParameters hyperparameters, int initialEpoch, int epochs, int parent) {

    Proposal {
        Objects.requireNonNull(hyperparameters, "Proposal: hyperparameters is null");
    }

    /** A new model trained for {@code epochs}. */
    static Proposal fresh(HyperParameters hp, int epochs) {
        return new Proposal(hp, 0, epochs, -1);
    }
}
