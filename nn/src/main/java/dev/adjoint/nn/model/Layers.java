package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.layer.Layer;
import java.util.List;

/** Applies layers inside an {@link Architecture}, wiring in their weights and the masks of sequences. */
public interface Layers {

    /** The layer's output for {@code x}. */
    Node apply(Layer layer, Node x);

    /**
     * The layer's outputs for several inputs ({@link Layer#applyAll}): e.g. a recurrent layer given its initial
     * states, or returning its final states.
     */
    List<Node> applyAll(Layer layer, List<Node> inputs);

    /**
     * Marks which time steps of the sequence {@code x} ({@code [N, T, ...]}) are present: {@code mask} is
     * {@code [N, T]}, nonzero where present. Layers applied to {@code x} (recurrent layers, attention) see it,
     * and pass it on.
     *
     * @return x
     */
    Node mask(Node x, Node mask);
}
