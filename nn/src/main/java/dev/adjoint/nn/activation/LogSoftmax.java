package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * The log-softmax along {@code axis}, {@code l_i = z_i - log sum_j e^(z_j)} (Keras {@code "log_softmax"},
 * default {@code axis = -1}): the logarithm of {@link Softmax}'s output, computed without forming it, by core's
 * {@code logSoftmax} ({@code u - logSumExp(u)} with {@code u = z - max z}, the maximum's gradient stopped), so
 * logits of {@code ±1e30} give exact, finite values and gradients. Derivative {@code I - softmax(z)} along the
 * axis: {@code zBar = lBar - softmax(z) · sum_j lBar_j}.
 *
 * @param axis the axis normalized over, negative counting from the end; checked against the input's rank when
 *     applied
 */
public record LogSoftmax(int axis) implements Activation {

    /** Keras's default axis, -1 (the last). */
    public static final int DEFAULT_AXIS = -1;

    /** {@code axis = -1}. */
    public LogSoftmax() {
        this(DEFAULT_AXIS);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code x} has rank 0 or {@code axis} is not one of its axes
     */
    @Override
    public Node apply(Node x) {
        Objects.requireNonNull(x, "x is null");
        if (x.rank() < 1) {
            throw new IllegalArgumentException("LogSoftmax: input must have rank >= 1 (a class axis), got "
                    + x.shape());
        }
        if (axis < -x.rank() || axis >= x.rank()) {
            throw new IllegalArgumentException("LogSoftmax: axis must be in [" + -x.rank() + ", " + x.rank()
                    + ") for an input of rank " + x.rank() + ", got " + axis);
        }
        return x.logSoftmax(axis);
    }

    @Override
    public String name() {
        return "log_softmax";
    }
}
