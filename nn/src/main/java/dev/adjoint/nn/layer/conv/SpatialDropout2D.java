package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * Dropout of whole feature maps, Keras's {@code SpatialDropout2D} (Tompson et al. 2015): while training, each
 * channel of each example is kept with probability {@code 1 - rate} and scaled by {@code 1 / (1 - rate)}, all its
 * cells together: {@code y = x · m / (1 - rate)} with {@code m ~ Bernoulli(1 - rate)} of shape
 * {@code [N, 1, 1, C]} (or {@code [N, C, 1, 1]}), example n's row drawn from the step's key, the layer's salt and
 * the example's index in the training data (see {@link LayerContext#rows()}), so an example's mask does not depend
 * on which examples share its batch or shard. Neighbouring cells of a feature map are strongly correlated, so
 * dropping cells one by one would hardly regularize. The identity at inference.
 *
 * @param rate the fraction of channels dropped, in [0, 1)
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record SpatialDropout2D(double rate, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public SpatialDropout2D {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("SpatialDropout2D", name)
                    + ": rate must be in [0, 1), got " + rate);
        }
        Spatial.format(LayerArguments.describe("SpatialDropout2D", name), dataFormat);
    }

    /** Spatial dropout with the given rate, channels last. */
    public static SpatialDropout2D of(double rate) {
        return new SpatialDropout2D(rate, "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public SpatialDropout2D dataFormat(String f) {
        return new SpatialDropout2D(rate, f, name);
    }

    /** With a name. */
    public SpatialDropout2D named(String newName) {
        return new SpatialDropout2D(rate, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "spatial_dropout2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("SpatialDropout2D", name), input, 2, Spatial.format("SpatialDropout2D",
                dataFormat));
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        context.maskOutput(context.mask()); // Keras's Dropout: supports_masking, the mask passes unchanged
        return ChannelDropout.apply(x, context, rate, Spatial.format("SpatialDropout2D", dataFormat));
    }
}
