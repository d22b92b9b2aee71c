package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;

/**
 * How a model computes its output from its input: a function that applies layers to nodes. It is called
 * every time the model builds a graph (training step, evaluation, prediction), so it must apply the same
 * layers in the same order each time. Applying one {@code Layer} object twice shares its weights.
 *
 * <pre>{@code
 * Architecture residual = (x, layers) -> {
 *     Node h = layers.apply(Dense.of(32, new Relu()), x);
 *     Node g = layers.apply(Dense.of(32), h);
 *     return layers.apply(Dense.of(10), h.add(g));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface Architecture {

    /** The output for input {@code x}. */
    Node build(Node x, Layers layers);
}
