package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The maximum over height and width, Keras's {@code GlobalMaxPooling2D}: {@code [N, H, W, C] -> [N, C]};
 * the gradient goes to the first maximum in row-major order. With {@code keepdims} the spatial axes stay as size 1.
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalMaxPooling2D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalMaxPooling2D {
        Spatial.format(LayerArguments.describe("GlobalMaxPooling2D", name), dataFormat);
    }

    /** Channels last, spatial axes removed. */
    public static GlobalMaxPooling2D of() {
        return new GlobalMaxPooling2D("channels_last", false, null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public GlobalMaxPooling2D dataFormat(String f) {
        return new GlobalMaxPooling2D(f, keepdims, name);
    }

    /** Keeping the spatial axes as size 1, or not. */
    public GlobalMaxPooling2D keepdims(boolean keep) {
        return new GlobalMaxPooling2D(dataFormat, keep, name);
    }

    /** With a name. */
    public GlobalMaxPooling2D named(String newName) {
        return new GlobalMaxPooling2D(dataFormat, keepdims, newName);
    }

    @Override
    public String kind() {
        return "global_max_pooling2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        String layer = LayerArguments.describe("GlobalMaxPooling2D", name);
        DataFormat format = Spatial.format(layer, dataFormat);
        Spatial.channels(layer, input, 2, format);
        return Spatial.probe(layer, input, x -> Pooling.global(x, true, format, keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("GlobalMaxPooling2D", name, context);
        return Pooling.global(x, true, Spatial.format("GlobalMaxPooling2D", dataFormat), keepdims);
    }
}
