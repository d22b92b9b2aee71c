package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;

/**
 * An activation: an elementwise function {@code a_i = sigma(z_i)} (or, for {@link Softmax} and
 * {@link LogSoftmax}, a function along one axis) built from graph operations, so its derivative is a graph too.
 *
 * <p>The result has the input's shape and dtype. Implementations are immutable; the library's are records of
 * their hyperparameters. Implement this interface for a custom activation: compose core ops, or write a
 * {@code CustomOp} with its own VJP.
 */
public interface Activation {

    /**
     * The activation of {@code x}, a node of {@code x}'s shape and dtype.
     *
     * @throws NullPointerException if {@code x} is null
     */
    Node apply(Node x);

    /** The Keras identifier, e.g. {@code "relu"}, as accepted by {@link Activations#byName(String)}. */
    String name();
}
