package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;

/**
 * What a layer sees while its graph is built: its parameter nodes, whether the graph is for training or
 * inference, the random key of the step and the indices of the batch's examples, and a place to put new values of its
 * state.
 */
public interface LayerContext {

    /** The node of the parameter {@code name} declared by the layer's {@link Layer#params}. */
    Node param(String name);

    /** True while building the training step, false for evaluation and prediction. */
    boolean training();

    /**
     * False when the layer's weights are frozen ({@link Frozen}, Keras's {@code trainable = False}): a layer
     * whose training behaviour exists for its weights' sake then behaves as in inference while training, as
     * batch normalization uses and keeps its moving statistics instead of the batch's. True by default.
     */
    default boolean trainable() {
        return true;
    }

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

    /**
     * The mask of the (first) input, {@code [N, T]}, nonzero where a time step is present, or null when it has
     * none: set by the layer that made the input ({@code Masking}, an embedding of padded indices) or by the
     * architecture ({@code Layers.mask}). By default a layer's output keeps its input's mask when it keeps the
     * input's time axis (rank 3 or more, axis 1 of the same size), and has none otherwise.
     */
    Node mask();

    /**
     * The mask {@code [N, T_i]} of input {@code i} of a layer applied to several ({@link Layer#applyAll}), or null
     * when that input has none: attention reads the masks of its value and key sequences here. {@code mask(0)} is
     * {@link #mask()}; by default the other inputs have none.
     */
    default Node mask(int i) {
        return i == 0 ? mask() : null;
    }

    /**
     * Gives the (first) output the mask {@code [N, T]} (null: none), instead of the default rule of {@link #mask()}.
     */
    void maskOutput(Node mask);

    /**
     * Adds the activity loss of an output {@code y} of a layer that a wrapper applies itself, {@code R(y) / N} with N
     * the rows of y ({@code R(y)} for a rank-0 y), as the model adds for the outputs of the layers it applies
     * ({@link Layer#activityRegularizer()}): Keras's {@code Bidirectional} calls its two copies as layers, and every
     * call adds the activity loss of each of its outputs. A context that collects no losses (the default) ignores it.
     *
     * @param regularizer the wrapped layer's activity regularizer
     * @param y an output of the wrapped layer
     */
    default void addActivityLoss(dev.adjoint.nn.regularizer.Regularizer regularizer, Node y) {
        // no losses collected here
    }
}
