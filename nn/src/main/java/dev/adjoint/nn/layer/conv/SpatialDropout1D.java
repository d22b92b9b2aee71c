package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.LayerContext;

/**
 * Dropout of whole channels of a sequence, Keras's {@code SpatialDropout1D}: while training, each channel of each
 * example is kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, at every step together:
 * {@code y = x · m / (1 - rate)} with {@code m ~ Bernoulli(1 - rate)} of shape {@code [N, 1, C]}, example n's row
 * drawn from the step's key, the layer's salt and the example's index in the training data (see
 * {@link LayerContext#rows()}), as {@link SpatialDropout2D} draws. The identity at inference. As Keras's
 * (a {@code Dropout}), it passes the input's mask on.
 *
 * @param rate the fraction of channels dropped, in [0, 1)
 * @param name the layer's name, or null
 */
public record SpatialDropout1D(double rate, String name) implements Layer {

    /** Validates the rate. */
    public SpatialDropout1D {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("SpatialDropout1D", name)
                    + ": rate must be in [0, 1), got " + rate);
        }
    }

    /** Keras's {@code SpatialDropout1D(rate)}. */
    public static SpatialDropout1D of(double rate) {
        return new SpatialDropout1D(rate, null);
    }

    /** With a name. */
    public SpatialDropout1D named(String newName) {
        return new SpatialDropout1D(rate, newName);
    }

    @Override
    public String kind() {
        return "spatial_dropout1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(2) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("SpatialDropout1D", name)
                    + ": input must be [N, T, C], got " + input);
        }
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        context.maskOutput(context.mask());
        return ChannelDropout.apply(x, context, rate, DataFormat.CHANNELS_LAST);
    }
}
