package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * A loss: the mean over the batch of a per-example loss, {@code L = (1/N) sum_n l(yTrue_n, yPred_n)}, as a
 * rank-0 node of {@code yPred}'s dtype.
 *
 * <p>As in Keras, a per-example loss over several values (the outputs of a regression, the time steps of a
 * sequence) is their mean over the non-batch axes, so for equal-sized examples {@code L} is the mean of all
 * per-value losses. The batch axis may be the symbolic {@code N}: the count is then taken at evaluation, so
 * one compiled function serves every batch size. Labels are cast to {@code yPred}'s dtype.
 *
 * <p>The gradient {@code dL/dyPred} comes from the ops' VJPs; each record's Javadoc gives it. Implement this
 * interface for a custom loss, using {@link Targets} for the argument checks.
 */
public interface Loss {

    /**
     * The loss of predictions {@code yPred} against targets {@code yTrue}, a rank-0 node.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the shapes do not fit the loss, naming the loss and the shapes
     */
    Node apply(Node yTrue, Node yPred);

    /** The Keras identifier, e.g. {@code "mean_squared_error"}, as accepted by {@link Losses#byName(String)}. */
    String name();
}
