package dev.adjoint.nn.model;

/**
 * The training thread was interrupted; {@code fit} stopped at a batch boundary, and the model keeps the
 * weights of its last completed step. The thread's interrupt flag stays set.
 */
public final class TrainingInterruptedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Interrupted before batch {@code batch} of epoch {@code epoch}. */
    public TrainingInterruptedException(int epoch, int batch) {
        super("fit: interrupted before batch " + batch + " of epoch " + epoch
                + "; the model keeps the weights of its last completed step");
    }
}
