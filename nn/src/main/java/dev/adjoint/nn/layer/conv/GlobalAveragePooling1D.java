package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The mean over the steps, Keras's {@code GlobalAveragePooling1D}: {@code [N, steps, C] -> [N, C]}. With {@code keepdims} the spatial axes stay as size 1.
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalAveragePooling1D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalAveragePooling1D {
        Spatial.format("GlobalAveragePooling1D", dataFormat);
    }

    /** Channels last, spatial axes removed. */
    public static GlobalAveragePooling1D of() {
        return new GlobalAveragePooling1D("channels_last", false, null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public GlobalAveragePooling1D dataFormat(String f) {
        return new GlobalAveragePooling1D(f, keepdims, name);
    }

    /** Keeping the spatial axes as size 1, or not. */
    public GlobalAveragePooling1D keepdims(boolean keep) {
        return new GlobalAveragePooling1D(dataFormat, keep, name);
    }

    /** With a name. */
    public GlobalAveragePooling1D named(String newName) {
        return new GlobalAveragePooling1D(dataFormat, keepdims, newName);
    }

    @Override
    public String kind() {
        return "global_average_pooling1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels("GlobalAveragePooling1D", input, 1, Spatial.format("GlobalAveragePooling1D", dataFormat));
        return Spatial.probe("GlobalAveragePooling1D", input, x -> Pooling.global(x, false, Spatial.format("GlobalAveragePooling1D", dataFormat),
                keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return Pooling.global(x, false, Spatial.format("GlobalAveragePooling1D", dataFormat), keepdims);
    }
}
