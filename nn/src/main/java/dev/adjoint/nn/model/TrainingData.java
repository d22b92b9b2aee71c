package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Key;

/**
 * Training data as {@code fit} visits it, wherever its rows live: {@code fit} numbers the examples
 * {@code 0 .. rows() - 1}, draws each epoch's order of them from the seed, cuts the order into batches and
 * asks the data for the training step on each batch; it keeps the loop, the callbacks, the history and the
 * checks of every step. Tensors in memory are one kind of training data ({@link Model#fit(
 * dev.adjoint.core.tensor.Tensor, dev.adjoint.core.tensor.Tensor, FitOptions)}); examples spread over a
 * cluster are another ({@code dev.adjoint.nn.spark}).
 */
public interface TrainingData {

    /** The number of examples. */
    int rows();

    /**
     * Called before the first step of each epoch with the order in which it visits the examples: batch
     * {@code b} of the epoch holds the examples {@code order[b * batchSize ..]}. Data that must move its
     * examples to where the steps compute them does it here; by default nothing happens.
     */
    default void beginEpoch(int epoch, int[] order, int batchSize) {
    }

    /**
     * The training step from {@code state} on the examples {@code rows} (batch {@code batch} of the epoch),
     * as {@link TrainStep#apply(ModelState, dev.adjoint.core.tensor.Tensor, dev.adjoint.core.tensor.Tensor,
     * int[], Key, double)} or {@link ShardedStep} compute it.
     *
     * @param key the step's random key
     * @param lrFactor the multiplier of the learning rate
     */
    TrainStep.Result step(ModelState state, int batch, int[] rows, Key key, double lrFactor);

    /**
     * {@code fit} is done with {@code spent}, the state before the last step, and nothing else holds it; the
     * next step may reuse its arrays for its results ({@link TrainStep#reclaim}) except those shared with
     * {@code kept}, the model's state now. By default nothing happens.
     */
    default void reclaim(ModelState spent, ModelState kept) {
    }
}
