package dev.adjoint.nn.model;

/**
 * The loss became NaN or infinite, or a step's update made a parameter NaN or infinite. Thrown by {@code fit}
 * unless a callback (such as {@code dev.adjoint.nn.callback.TerminateOnNaN}) asked to stop; the diverging step is not
 * applied, so the model keeps its last finite weights.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final int batch;
    private final double loss;
    private final transient History history;

    /** The divergence at {@code (epoch, batch)} with the loss seen and the history up to the last full epoch. */
    public TrainingDivergedException(int epoch, int batch, double loss, History history) {
        this(epoch, batch, loss, "loss is " + loss, history);
    }

    /**
     * The divergence at {@code (epoch, batch)}, with the loss seen, what diverged (e.g. {@code loss is NaN},
     * or a parameter the update made infinite), and the history up to the last full epoch.
     */
    public TrainingDivergedException(int epoch, int batch, double loss, String what, History history) {
        super("fit: training diverged at epoch " + epoch + ", batch " + batch + ": " + what
                + "; the model keeps its last finite weights; lower the learning rate or check the data (fit with"
                + " FitOptions.detectAnomalies(true) names the first non-finite value)");
        this.epoch = epoch;
        this.batch = batch;
        this.loss = loss;
        this.history = history;
    }

    /** The epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** The batch within the epoch (0-based). */
    public int batch() {
        return batch;
    }

    /** The non-finite loss. */
    public double loss() {
        return loss;
    }

    /** The history of completed epochs. */
    public History history() {
        return history;
    }
}
