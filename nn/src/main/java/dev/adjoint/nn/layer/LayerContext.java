package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;

/**
 * What a layer sees while its graph is built: its parameter nodes, whether the graph is for training or
 * inference, the random key of the step and the indices of the batch's examples, and a place to put new values of its state.
 */
public interface LayerContext {

    /** The node of the parameter {@code name} declared by the layer's {@link Layer#params}. */
    Node param(String name);

    /** True while building the training step, false for evaluation and prediction. */
    boolean training();

    /**
     * The rank-0 random key of the current step (training only); layers derive independent streams from it
     * with {@link #salt()}.
     */
    Node key();

    /**
     * The rank-1 indices of the batch's examples in the training data (training only), one per row: per-example
     * randomness drawn from {@link #key()} and these indices (as dropout draws its masks, see
     * {@link dev.adjoint.core.graph.RandomOp#bernoulliByRow}) does not depend on which other examples share the
     * batch, so a batch split into shards draws what the whole batch would.
     */
    Node rows();

    /** A number distinct for every layer of the model, to salt its random streams. */
    long salt();

    /** The model's dtype. */
    DType dtype();

    /**
     * Declares the value a non-trainable parameter takes after this training step (batch normalization's
     * moving averages). Ignored when not training.
     */
    void updateState(String name, Node newValue);
}
