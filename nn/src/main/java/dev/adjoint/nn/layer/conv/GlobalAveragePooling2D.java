package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The mean over height and width, Keras's {@code GlobalAveragePooling2D}: {@code [N, H, W, C] -> [N, C]}. With
 * {@code keepdims} the spatial axes stay as size 1.
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalAveragePooling2D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalAveragePooling2D {
        Spatial.format(LayerArguments.describe("GlobalAveragePooling2D", name), dataFormat);
    }

    /** Channels last, spatial axes removed. */
    public static GlobalAveragePooling2D of() {
        return new GlobalAveragePooling2D("channels_last", false, null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public GlobalAveragePooling2D dataFormat(String f) {
        return new GlobalAveragePooling2D(f, keepdims, name);
    }

    /** Keeping the spatial axes as size 1, or not. */
    public GlobalAveragePooling2D keepdims(boolean keep) {
        return new GlobalAveragePooling2D(dataFormat, keep, name);
    }

    /** With a name. */
    public GlobalAveragePooling2D named(String newName) {
        return new GlobalAveragePooling2D(dataFormat, keepdims, newName);
    }

    @Override
    public String kind() {
        return "global_average_pooling2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        String layer = LayerArguments.describe("GlobalAveragePooling2D", name);
        DataFormat format = Spatial.format(layer, dataFormat);
        Spatial.channels(layer, input, 2, format);
        return Spatial.probe(layer, input, x -> Pooling.global(x, false, format, keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("GlobalAveragePooling2D", name, context);
        return Pooling.global(x, false, Spatial.format("GlobalAveragePooling2D", dataFormat), keepdims);
    }
}
