package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.nn.loss.Targets;
import java.util.Objects;

/**
 * The root mean squared error (Keras {@code "root_mean_squared_error"}, {@code RootMeanSquaredError}): the square
 * root of the mean of {@code (yPred - yTrue)^2} over everything seen so far,
 *
 * <pre>{@code RMSE = sqrt( sum_n w_n e_n / sum_n w_n ),   e_n = mean_d (yPred_nd - yTrue_nd)^2}</pre>
 *
 * where {@code n} runs over the examples of every batch (for a masked output, over every position {@code [n, t]},
 * weighted by its mask value), {@code d} over the values of one example and {@code w_n = 1} without a mask. As
 * Keras's metric is a {@code Mean} of the squared errors whose result is a square root, this is not the mean of
 * the batches' RMSEs: over batches of 1 and 3 examples with squared errors 4 and 0, 0, 0 it is
 * {@code sqrt(4 / 4) = 1}, where the batch values 2 and 0 would average to {@code (1 * 2 + 3 * 0) / 4 = 0.5}.
 * The counts {@code [sum_n w_n e_n, sum_n w_n]} add up over batches ({@link CountingMetric}), so an epoch's value
 * does not depend on the batch size. Its square is the {@code "mse"} metric of the same data; it is an error,
 * minimized by {@code EarlyStopping(mode=auto)}. Targets have {@code yPred}'s shape, or that shape with a last
 * axis of 1 added or dropped, as for the losses.
 */
public record RootMeanSquaredError() implements CountingMetric {

    private static final String WHO = "RootMeanSquaredError";

    /** {@code [sum_n e_n, N]}. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        Node perExample = perExample(yTrue, yPred);
        return Confusion.vector(perExample.sum(), SourceOp.onesLike(perExample).sum());
    }

    /**
     * {@code [sum w e, sum w]} with the weights ({@code [N]} or a mask {@code [N, T]}) covering the leading axes of
     * {@code yPred}, {@code e} the squared error averaged over the axes after them.
     */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        Objects.requireNonNull(weights, "weights is null");
        Node squared = squaredErrors(yTrue, yPred);
        Node w = Confusion.leading(WHO, weights, yPred, weights.rank());
        int[] rest = new int[squared.rank() - w.rank()];
        for (int a = 0; a < rest.length; a++) {
            rest[a] = w.rank() + a;
        }
        Node perPosition = rest.length == 0 ? squared : squared.mean(rest);
        return Confusion.vector(perPosition.mul(w).sum(), w.sum());
    }

    /** {@code sqrt(c0 / c1)} of counts {@code [c0, c1]}, 0 when nothing was counted (Keras's {@code Mean}). */
    @Override
    public Node fromCounts(Node counts) {
        return Confusion.divideNoNan(Confusion.element(counts, 0), Confusion.element(counts, 1)).sqrt();
    }

    private static Node squaredErrors(Node yTrue, Node yPred) {
        Node y = Targets.dense(WHO, yTrue, yPred);
        Node e = yPred.sub(y);
        return e.mul(e);
    }

    private static Node perExample(Node yTrue, Node yPred) {
        Node squared = squaredErrors(yTrue, yPred);
        if (squared.rank() == 0) {
            throw new IllegalArgumentException(WHO + ": yPred needs a batch axis, got " + yPred.shape());
        }
        return Targets.perExample(WHO, squared);
    }

    @Override
    public String name() {
        return "root_mean_squared_error";
    }
}
