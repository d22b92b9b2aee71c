package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The maximum over the steps, Keras's {@code GlobalMaxPooling1D}: {@code [N, steps, C] -> [N, C]}; the
 * gradient goes to the first maximum. With {@code keepdims} the spatial axes stay as size 1.
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalMaxPooling1D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalMaxPooling1D {
        Spatial.format(LayerArguments.describe("GlobalMaxPooling1D", name), dataFormat);
    }

    /** Channels last, spatial axes removed. */
    public static GlobalMaxPooling1D of() {
        return new GlobalMaxPooling1D("channels_last", false, null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public GlobalMaxPooling1D dataFormat(String f) {
        return new GlobalMaxPooling1D(f, keepdims, name);
    }

    /** Keeping the spatial axes as size 1, or not. */
    public GlobalMaxPooling1D keepdims(boolean keep) {
        return new GlobalMaxPooling1D(dataFormat, keep, name);
    }

    /** With a name. */
    public GlobalMaxPooling1D named(String newName) {
        return new GlobalMaxPooling1D(dataFormat, keepdims, newName);
    }

    @Override
    public String kind() {
        return "global_max_pooling1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        String layer = LayerArguments.describe("GlobalMaxPooling1D", name);
        DataFormat format = Spatial.format(layer, dataFormat);
        Spatial.channels(layer, input, 1, format);
        return Spatial.probe(layer, input, x -> Pooling.global(x, true, format, keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("GlobalMaxPooling1D", name, context);
        return Pooling.global(x, true, Spatial.format("GlobalMaxPooling1D", dataFormat), keepdims);
    }
}
