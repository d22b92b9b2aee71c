package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

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

    /**
     * The loss of each example, {@code l_n} of shape {@code [N]}: the per-value losses averaged over every
     * axis but the batch axis, so that {@code apply(yTrue, yPred)} is {@code perExample(yTrue, yPred).mean()}
     * (up to the order of the floating-point sums). Training with sample or class weights minimizes Keras's
     * {@code sum_n w_n l_n / N} built from it.
     *
     * @throws UnsupportedOperationException by default: a loss that does not implement it cannot be weighted
     * @throws IllegalArgumentException if the shapes do not fit the loss, as {@link #apply}
     */
    default Node perExample(Node yTrue, Node yPred) {
        throw new UnsupportedOperationException(name() + ": the loss gives no per-example values; implement"
                + " Loss.perExample to train or evaluate with sample or class weights");
    }

    /**
     * The loss of each time step of a sequence, {@code l_nt} of shape {@code [N, T]} for predictions
     * {@code [N, T, ...]}: the per-value losses averaged over the axes after the time axis, as Keras's loss
     * functions return them. A model whose output carries a mask ({@link dev.adjoint.nn.model.ForwardGraph#outputMask})
     * is trained and evaluated on {@link MaskedMean Keras's masked mean} {@code sum(l m) / (sum(m) + 1e-7)}
     * built from it, so padded steps do not count.
     *
     * @throws UnsupportedOperationException by default: a loss that does not implement it cannot serve a
     *     masked output
     * @throws IllegalArgumentException if the shapes do not fit the loss or have no time axis
     */
    default Node perStep(Node yTrue, Node yPred) {
        throw new UnsupportedOperationException(name() + ": the loss gives no per-step values; implement"
                + " Loss.perStep to train or evaluate a model whose output is masked");
    }

    /**
     * Checks target values that no shape rule can, before {@code fit} or {@code evaluate} runs a step, so
     * bad targets are reported with their row and never after part of the training. By default every value
     * is accepted; losses and metrics taking class labels check that each is an integer in
     * {@code [0, classes)} ({@link Targets#checkLabels}).
     *
     * @param yTrue the targets, rows first
     * @param yPred the shape of the predictions, e.g. {@code [N, 10]}
     * @throws IllegalArgumentException naming the loss, the row and the value
     */
    default void checkTargets(Tensor yTrue, Shape yPred) {
    }

    /** The Keras identifier, e.g. {@code "mean_squared_error"}, as accepted by {@link Losses#byName(String)}. */
    String name();
}
