package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;

/**
 * The per-example standard normal draws of the Gaussian noise layers ({@link GaussianNoise}, {@link GaussianDropout}).
 */
final class StandardNormal {

    private StandardNormal() {
    }

    /** {@code x}, cast to the model's dtype unless it is already floating point: noise is drawn in a float type. */
    static Node floating(Node x, LayerContext context) {
        return x.dtype().isFloating() ? x : x.cast(context.dtype());
    }

    /**
     * {@code z ~ N(0, 1)} of {@code x}'s shape and (floating) dtype, row n drawn from the step's key, the layer's
     * salt and example n's index in the training data: {@link RandomOp#normalByRow}.
     */
    static Node like(Node x, LayerContext context) {
        return RandomOp.normalByRow(context.key(), context.rows(), x.shape(), x.dtype(), context.salt());
    }
}
