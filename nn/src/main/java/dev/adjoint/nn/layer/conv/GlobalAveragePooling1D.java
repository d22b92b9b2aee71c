package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * The mean over the steps, Keras's {@code GlobalAveragePooling1D}: {@code [N, steps, C] -> [N, C]}. With
 * {@code keepdims} the spatial axes stay as size 1.
 *
 * <p>With a mask {@code m : [N, T]} on the input (from {@code Masking}, an embedding with {@code maskZero}, or
 * {@code Layers.mask}), only the present steps are averaged, as Keras does:
 * {@code y[n, c] = sum_t x[n, t, c] * p[n, t] / max(1, sum_t p[n, t])} with {@code p = (m != 0)}, so the output
 * does not depend on how much padding a row has. A row with no present step gives zeros: Keras divides by
 * {@code sum_t p[n, t] = 0} there and gives NaN ({@code 0 / 0}), which would poison every loss and gradient of the
 * batch; the {@code max(1, .)} changes nothing else, since a row with a present step has {@code sum_t p >= 1}.
 * The output has no time axis, so it carries no mask (Keras's {@code compute_mask} gives None).
 *
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param keepdims whether the spatial axes stay as size 1
 * @param name the layer's name, or null
 */
public record GlobalAveragePooling1D(String dataFormat, boolean keepdims, String name) implements Layer {

    /** Validates the data format. */
    public GlobalAveragePooling1D {
        Spatial.format(LayerArguments.describe("GlobalAveragePooling1D", name), dataFormat);
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
        String layer = LayerArguments.describe("GlobalAveragePooling1D", name);
        DataFormat format = Spatial.format(layer, dataFormat);
        Spatial.channels(layer, input, 1, format);
        return Spatial.probe(layer, input, x -> Pooling.global(x, false, format, keepdims));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        DataFormat format = Spatial.format("GlobalAveragePooling1D", dataFormat);
        Node mask = context.mask();
        context.maskOutput(null);
        if (mask == null) {
            return Pooling.global(x, false, format, keepdims);
        }
        int steps = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        if (x.rank() != 3 || mask.rank() != 2 || mask.shape().dim(1) != x.shape().dim(steps)) {
            throw new IllegalArgumentException(LayerArguments.describe("GlobalAveragePooling1D", name)
                    + ": the mask must be [N, T] over the steps (axis "
                    + steps + ") of the input, got mask " + mask.shape() + " for input " + x.shape());
        }
        Node present = BinaryOp.notEqual(mask, SourceOp.scalar(0.0, mask.dtype())).cast(x.dtype());
        Node weights = present.unsqueeze(format == DataFormat.CHANNELS_LAST ? 2 : 1);
        Node count = present.sum(true, 1).maximum(1.0);
        Node mean = x.mul(weights).sum(steps).div(count);
        return keepdims ? mean.unsqueeze(steps) : mean;
    }
}
