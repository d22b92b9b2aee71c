package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.PoolOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;
import java.util.Objects;

/**
 * Upsampling of height and width by integer factors, Keras's {@code UpSampling2D}: {@code [N, H, W, C] ->
 * [N, H·sh, W·sw, C]}, each cell repeated ({@code "nearest"}) or interpolated linearly with half-pixel centres
 * ({@code "bilinear"}, as Keras and PyTorch's {@code align_corners=False}). Defaults: size 2, channels last,
 * nearest.
 *
 * @param size the factor per spatial axis (one entry: both)
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param interpolation {@code "nearest"} or {@code "bilinear"}
 * @param name the layer's name, or null
 */
public record UpSampling2D(List<Integer> size, String dataFormat, String interpolation, String name)
        implements Layer {

    /** Validates the configuration; a one-entry size is expanded to both axes. */
    public UpSampling2D {
        String layer = LayerArguments.describe("UpSampling2D", name);
        size = Spatial.sizes(layer, "size", size, 2, 1);
        Spatial.format(layer, dataFormat);
        LayerArguments.nonNull(interpolation, "UpSampling2D", name, "interpolation");
        if (!interpolation.equals("nearest") && !interpolation.equals("bilinear")) {
            throw new IllegalArgumentException(LayerArguments.describe("UpSampling2D", name)
                    + ": interpolation must be \"nearest\" or \"bilinear\", got \"" + interpolation + "\"");
        }
    }

    /** By {@code size} (one entry: both axes; none: 2, the default), channels last, nearest. */
    public static UpSampling2D of(int... size) {
        return new UpSampling2D(Spatial.list(size.length == 0 ? new int[] {2} : size), "channels_last", "nearest",
                null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public UpSampling2D dataFormat(String f) {
        return new UpSampling2D(size, f, interpolation, name);
    }

    /** With {@code "nearest"} or {@code "bilinear"}. */
    public UpSampling2D interpolation(String i) {
        return new UpSampling2D(size, dataFormat, i, name);
    }

    /** With a name. */
    public UpSampling2D named(String newName) {
        return new UpSampling2D(size, dataFormat, interpolation, newName);
    }

    @Override
    public String kind() {
        return "up_sampling2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("UpSampling2D", name), input, 2, Spatial.format("UpSampling2D",
                dataFormat));
        return Spatial.probe(LayerArguments.describe("UpSampling2D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("UpSampling2D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        int[] factors = Spatial.ints(size);
        return interpolation.equals("nearest")
                ? PoolOp.upsampleNearest(x, factors, Spatial.format("UpSampling2D", dataFormat))
                : PoolOp.upsampleBilinear(x, factors, Spatial.format("UpSampling2D", dataFormat));
    }
}
