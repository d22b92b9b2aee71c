package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Rows and columns cut from the edges of an image, Keras's {@code Cropping2D}: {@code [N, H, W, C] ->
 * [N, H - top - bottom, W - left - right, C]}. Cropping {@code ((top, bottom), (left, right))}; the default
 * none. At least one row and one column must remain.
 *
 * @param cropping {@code [[top, bottom], [left, right]]}, each >= 0
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record Cropping2D(List<List<Integer>> cropping, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public Cropping2D {
        String layer = LayerArguments.describe("Cropping2D", name);
        cropping = Spatial.sides(layer, "cropping", cropping);
        Spatial.format(layer, dataFormat);
    }

    /** {@code c} rows and columns cut from every edge, Keras's {@code Cropping2D(cropping=c)}, channels last. */
    public static Cropping2D of(int c) {
        return of(c, c);
    }

    /** {@code rows} cut above and below, {@code columns} left and right, channels last. */
    public static Cropping2D of(int rows, int columns) {
        return new Cropping2D(List.of(List.of(rows, rows), List.of(columns, columns)), "channels_last", null);
    }

    /** {@code ((top, bottom), (left, right))}, channels last. */
    public static Cropping2D of(int top, int bottom, int left, int right) {
        return new Cropping2D(List.of(List.of(top, bottom), List.of(left, right)), "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Cropping2D dataFormat(String f) {
        return new Cropping2D(cropping, f, name);
    }

    /** With a name. */
    public Cropping2D named(String newName) {
        return new Cropping2D(cropping, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "cropping2d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("Cropping2D", name), input, 2, Spatial.format("Cropping2D",
                dataFormat));
        int first = Spatial.firstSpatialAxis(Spatial.format("Cropping2D", dataFormat));
        for (int a = 0; a < 2; a++) {
            int size = input.dim(first + a);
            if (size == Shape.BATCH || (long) cropping.get(a).get(0) + cropping.get(a).get(1) >= size) {
                throw new IllegalArgumentException(LayerArguments.describe("Cropping2D", name)
                        + ": the cropping " + cropping + " must leave at least one"
                        + " cell on each spatial axis, got " + input);
            }
        }
        return Spatial.probe(LayerArguments.describe("Cropping2D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Cropping2D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        int first = Spatial.firstSpatialAxis(Spatial.format("Cropping2D", dataFormat));
        Node y = x;
        for (int a = 0; a < 2; a++) {
            int axis = first + a;
            y = y.slice(axis, cropping.get(a).get(0), x.shape().dim(axis) - cropping.get(a).get(1));
        }
        return y;
    }
}
