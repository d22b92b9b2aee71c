package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The maximum over depth, height and width, Keras's {@code GlobalMaxPooling3D}:
 * {@code [N, D, H, W, C] -> [N, C]} ({@code [N, C, D, H, W]} channels first); the gradient goes to the first
 * maximum in row-major order. With {@code keepdims} the spatial axes stay as size 1. Like Keras's, it does not
 * support masking: the output carries no mask.
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalMaxPooling3D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalMaxPooling3D {
        Spatial.format(LayerArguments.describe("GlobalMaxPooling3D", name), dataFormat);
    }

    /** Channels last, spatial axes removed. */
    public static GlobalMaxPooling3D of() {
        return new GlobalMaxPooling3D("channels_last", false, null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public GlobalMaxPooling3D dataFormat(String f) {
        return new GlobalMaxPooling3D(f, keepdims, name);
    }

    /** Keeping the spatial axes as size 1, or not. */
    public GlobalMaxPooling3D keepdims(boolean keep) {
        return new GlobalMaxPooling3D(dataFormat, keep, name);
    }

    /** With a name. */
    public GlobalMaxPooling3D named(String newName) {
        return new GlobalMaxPooling3D(dataFormat, keepdims, newName);
    }

    @Override
    public String kind() {
        return "global_max_pooling3d";
    }

    private DataFormat format() {
        return Spatial.format("GlobalMaxPooling3D", dataFormat);
    }

    @Override
    public Shape outputShape(Shape input) {
        String layer = LayerArguments.describe("GlobalMaxPooling3D", name);
        Spatial.channels(layer, input, 3, format());
        return Spatial.probe(layer, input, x -> Pooling.global(x, true, format(), keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("GlobalMaxPooling3D", name, context);
        return Pooling.global(x, true, format(), keepdims);
    }
}
