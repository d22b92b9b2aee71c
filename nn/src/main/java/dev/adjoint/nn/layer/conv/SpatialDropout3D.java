package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * Dropout of whole feature volumes, Keras's {@code SpatialDropout3D}: while training, each channel of each example
 * of {@code [N, D, H, W, C]} (or {@code [N, C, D, H, W]}) is kept with probability {@code 1 - rate} and scaled by
 * {@code 1 / (1 - rate)}, all its cells together: {@code y = x · m / (1 - rate)} with {@code m ~ Bernoulli(1 - rate)}
 * of shape {@code [N, 1, 1, 1, C]} (or {@code [N, C, 1, 1, 1]}), drawn as {@link SpatialDropout2D} draws. The
 * identity at inference. As Keras's (a {@code Dropout}), it passes the input's mask on.
 *
 * @param rate the fraction of channels dropped, in [0, 1)
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record SpatialDropout3D(double rate, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public SpatialDropout3D {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(LayerArguments.describe("SpatialDropout3D", name)
                    + ": rate must be in [0, 1), got " + rate);
        }
        Spatial.format(LayerArguments.describe("SpatialDropout3D", name), dataFormat);
    }

    /** Spatial dropout with the given rate, channels last. */
    public static SpatialDropout3D of(double rate) {
        return new SpatialDropout3D(rate, "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public SpatialDropout3D dataFormat(String f) {
        return new SpatialDropout3D(rate, f, name);
    }

    /** With a name. */
    public SpatialDropout3D named(String newName) {
        return new SpatialDropout3D(rate, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "spatial_dropout3d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("SpatialDropout3D", name), input, 3, Spatial.format("SpatialDropout3D",
                dataFormat));
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        context.maskOutput(context.mask()); // Keras's Dropout: supports_masking, the mask passes unchanged
        return ChannelDropout.apply(x, context, rate, Spatial.format("SpatialDropout3D", dataFormat));
    }
}
