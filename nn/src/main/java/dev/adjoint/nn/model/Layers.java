package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.layer.Layer;

/** Applies layers inside an {@link Architecture}, wiring in their weights. */
@FunctionalInterface
public interface Layers {

    /** The layer's output for {@code x}. */
    Node apply(Layer layer, Node x);
}
