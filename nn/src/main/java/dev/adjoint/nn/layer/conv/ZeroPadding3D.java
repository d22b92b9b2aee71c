package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Zero cells around a volume, Keras's {@code ZeroPadding3D}: {@code [N, D, H, W, C] -> [N, front + D + back,
 * top + H + bottom, left + W + right, C]} (or {@code [N, C, D, H, W]} channels first), the input at cells
 * {@code front .. front + D - 1} and so on, zeros elsewhere (PyTorch's {@code F.pad} with zeros); its gradient
 * is the cotangent's inner block. Padding {@code ((front, back), (top, bottom), (left, right))}; Keras's default
 * 1 on every side. No parameters; like Keras's, it does not support masking.
 *
 * @param padding {@code [[front, back], [top, bottom], [left, right]]}, each >= 0
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record ZeroPadding3D(List<List<Integer>> padding, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public ZeroPadding3D {
        String layer = LayerArguments.describe("ZeroPadding3D", name);
        padding = Spatial.sides(layer, "padding", padding, 3);
        Spatial.format(layer, dataFormat);
    }

    /** One cell on every side, channels last: Keras's default {@code padding=((1, 1), (1, 1), (1, 1))}. */
    public static ZeroPadding3D of() {
        return of(1);
    }

    /** {@code p} cells on every side, channels last. */
    public static ZeroPadding3D of(int p) {
        return of(p, p, p);
    }

    /** {@code depth}, {@code rows} and {@code columns} cells on both sides of each axis, channels last. */
    public static ZeroPadding3D of(int depth, int rows, int columns) {
        return new ZeroPadding3D(List.of(List.of(depth, depth), List.of(rows, rows), List.of(columns, columns)),
                "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public ZeroPadding3D dataFormat(String f) {
        return new ZeroPadding3D(padding, f, name);
    }

    /** With a name. */
    public ZeroPadding3D named(String newName) {
        return new ZeroPadding3D(padding, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "zero_padding3d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("ZeroPadding3D", name), input, 3, Spatial.format("ZeroPadding3D",
                dataFormat));
        int first = Spatial.firstSpatialAxis(Spatial.format("ZeroPadding3D", dataFormat));
        for (int a = 0; a < 3; a++) {
            long size = (long) input.dim(first + a) + padding.get(a).get(0) + padding.get(a).get(1);
            if (input.dim(first + a) != Shape.BATCH && size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(LayerArguments.describe("ZeroPadding3D", name)
                        + ": the output must have at most " + Integer.MAX_VALUE
                        + " cells per spatial axis, got " + size + " for input " + input + " and padding " + padding);
            }
        }
        return Spatial.probe(LayerArguments.describe("ZeroPadding3D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("ZeroPadding3D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        int first = Spatial.firstSpatialAxis(Spatial.format("ZeroPadding3D", dataFormat));
        int[] before = new int[x.rank()];
        int[] after = new int[x.rank()];
        for (int a = 0; a < 3; a++) {
            before[first + a] = padding.get(a).get(0);
            after[first + a] = padding.get(a).get(1);
        }
        return x.pad(before, after);
    }
}
