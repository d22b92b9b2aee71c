package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.PoolOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Repeats every cell of a volume, Keras's {@code UpSampling3D}: {@code [N, D, H, W, C] -> [N, D·sd, H·sh, W·sw, C]}
 * (or {@code [N, C, D, H, W]} channels first), {@code y[n, i, j, k, c] = x[n, floor(i / sd), floor(j / sh),
 * floor(k / sw), c]} (nearest neighbour, PyTorch's {@code interpolate(mode="nearest")} at integer factors); its
 * gradient sums each block of {@code sd·sh·sw} cells. No parameters; like Keras's, it does not support masking.
 * Keras's defaults: size 2 on every axis, channels last.
 *
 * @param size the factor per spatial axis (one entry: all three), each {@code >= 1}
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record UpSampling3D(List<Integer> size, String dataFormat, String name) implements Layer {

    /** Validates the configuration; a one-entry size is expanded to every axis. */
    public UpSampling3D {
        String layer = LayerArguments.describe("UpSampling3D", name);
        size = Spatial.sizes(layer, "size", size, 3, 1);
        Spatial.format(layer, dataFormat);
    }

    /** By {@code size} (one entry: every axis; none: 2, Keras's default), channels last. */
    public static UpSampling3D of(int... size) {
        return new UpSampling3D(Spatial.list(size.length == 0 ? new int[] {2} : size), "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public UpSampling3D dataFormat(String f) {
        return new UpSampling3D(size, f, name);
    }

    /** With a name. */
    public UpSampling3D named(String newName) {
        return new UpSampling3D(size, dataFormat, newName);
    }

    private DataFormat format() {
        return Spatial.format("UpSampling3D", dataFormat);
    }

    @Override
    public String kind() {
        return "up_sampling3d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("UpSampling3D", name), input, 3, format());
        return Spatial.probe(LayerArguments.describe("UpSampling3D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("UpSampling3D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        return PoolOp.upsampleNearest(x, Spatial.ints(size), format());
    }
}
