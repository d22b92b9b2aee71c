package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Zero rows and columns around an image, Keras's {@code ZeroPadding2D}: {@code [N, H, W, C] ->
 * [N, top + H + bottom, left + W + right, C]}. Padding {@code ((top, bottom), (left, right))}; the default 1
 * on every side.
 *
 * @param padding {@code [[top, bottom], [left, right]]}, each >= 0
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record ZeroPadding2D(List<List<Integer>> padding, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public ZeroPadding2D {
        String layer = LayerArguments.describe("ZeroPadding2D", name);
        padding = Spatial.sides(layer, "padding", padding);
        Spatial.format(layer, dataFormat);
    }

    /** One cell on every side, channels last: Keras's default {@code padding=(1, 1)}. */
    public static ZeroPadding2D of() {
        return of(1);
    }

    /** {@code p} cells on every side, channels last. */
    public static ZeroPadding2D of(int p) {
        return of(p, p);
    }

    /** {@code rows} cells above and below, {@code columns} left and right, channels last. */
    public static ZeroPadding2D of(int rows, int columns) {
        return new ZeroPadding2D(List.of(List.of(rows, rows), List.of(columns, columns)), "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public ZeroPadding2D dataFormat(String f) {
        return new ZeroPadding2D(padding, f, name);
    }

    /** With a name. */
    public ZeroPadding2D named(String newName) {
        return new ZeroPadding2D(padding, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "zero_padding2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("ZeroPadding2D", name), input, 2, Spatial.format("ZeroPadding2D",
                dataFormat));
        return Spatial.probe(LayerArguments.describe("ZeroPadding2D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("ZeroPadding2D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        int first = Spatial.firstSpatialAxis(Spatial.format("ZeroPadding2D", dataFormat));
        int[] before = new int[x.rank()];
        int[] after = new int[x.rank()];
        for (int a = 0; a < 2; a++) {
            before[first + a] = padding.get(a).get(0);
            after[first + a] = padding.get(a).get(1);
        }
        return x.pad(before, after);
    }
}
