package dev.adjoint.nn.regularizer;

import dev.adjoint.core.graph.Node;

/**
 * A penalty on a parameter added to the objective: for a loss {@code L} and regularized parameters
 * {@code W_1, ..., W_k}, the objective is {@code J = L + sum_i penalty(W_i)} and its gradient by {@code W_i}
 * is {@code dL/dW_i + d penalty/dW_i}.
 *
 * <p>The penalty is a rank-0 node of {@code w}'s dtype built from graph operations, so its gradient comes
 * from autodiff like the loss's.
 */
public interface Regularizer {

    /**
     * The penalty of {@code w}, a rank-0 node.
     *
     * @throws NullPointerException if {@code w} is null
     */
    Node penalty(Node w);

    /** The Keras identifier, e.g. {@code "l2"}. */
    String name();
}
