package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;

/**
 * A {@link LayerContext} that passes every request to an outer one: the base of the contexts a wrapper layer
 * gives the layer it wraps, which override what they change (the parameters' names under a prefix for
 * {@link Bidirectional}'s two copies, the mask for {@link TimeDistributed}'s steps).
 */
abstract class ForwardingContext implements LayerContext {

    /** The wrapper's own context. */
    final LayerContext outer;

    ForwardingContext(LayerContext outer) {
        this.outer = outer;
    }

    @Override
    public Node param(String name) {
        return outer.param(name);
    }

    @Override
    public boolean training() {
        return outer.training();
    }

    @Override
    public boolean trainable() {
        return outer.trainable();
    }

    @Override
    public Node key() {
        return outer.key();
    }

    @Override
    public Node rows() {
        return outer.rows();
    }

    @Override
    public long salt() {
        return outer.salt();
    }

    @Override
    public DType dtype() {
        return outer.dtype();
    }

    @Override
    public void updateState(String name, Node newValue) {
        outer.updateState(name, newValue);
    }

    @Override
    public Node mask() {
        return outer.mask();
    }

    /** Input 0's mask is {@link #mask()}, as a subclass may change it; the others are the outer context's. */
    @Override
    public Node mask(int i) {
        return i == 0 ? mask() : outer.mask(i);
    }

    @Override
    public void maskOutput(Node mask) {
        outer.maskOutput(mask);
    }

    @Override
    public void addActivityLoss(dev.adjoint.nn.regularizer.Regularizer regularizer, Node y) {
        outer.addActivityLoss(regularizer, y);
    }
}
