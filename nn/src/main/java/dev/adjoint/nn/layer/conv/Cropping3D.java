package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Cells cut from the faces of a volume, Keras's {@code Cropping3D}: {@code [N, D, H, W, C] ->
 * [N, D - front - back, H - top - bottom, W - left - right, C]} (or {@code [N, C, D, H, W]} channels first),
 * {@code y[n, i, j, k, c] = x[n, front + i, top + j, left + k, c]}; its gradient puts the cotangent back in place,
 * zeros on the cut cells. Cropping {@code ((front, back), (top, bottom), (left, right))}; Keras's default 1 on
 * every side. At least one cell must remain on each axis. No parameters; like Keras's, it does not support
 * masking.
 *
 * @param cropping {@code [[front, back], [top, bottom], [left, right]]}, each >= 0
 * @param dataFormat {@code "channels_last"} or {@code "channels_first"}
 * @param name the layer's name, or null
 */
public record Cropping3D(List<List<Integer>> cropping, String dataFormat, String name) implements Layer {

    /** Validates the configuration. */
    public Cropping3D {
        String layer = LayerArguments.describe("Cropping3D", name);
        cropping = Spatial.sides(layer, "cropping", cropping, 3);
        Spatial.format(layer, dataFormat);
    }

    /** One cell cut from every face, channels last: Keras's default {@code cropping=((1, 1), (1, 1), (1, 1))}. */
    public static Cropping3D of() {
        return of(1);
    }

    /** {@code c} cells cut from every face, Keras's {@code Cropping3D(cropping=c)}, channels last. */
    public static Cropping3D of(int c) {
        return of(c, c, c);
    }

    /** {@code depth}, {@code rows} and {@code columns} cut from both ends of each axis, channels last. */
    public static Cropping3D of(int depth, int rows, int columns) {
        return new Cropping3D(List.of(List.of(depth, depth), List.of(rows, rows), List.of(columns, columns)),
                "channels_last", null);
    }

    /** With {@code "channels_last"} or {@code "channels_first"}. */
    public Cropping3D dataFormat(String f) {
        return new Cropping3D(cropping, f, name);
    }

    /** With a name. */
    public Cropping3D named(String newName) {
        return new Cropping3D(cropping, dataFormat, newName);
    }

    @Override
    public String kind() {
        return "cropping3d";
    }

    @Override
    public Shape outputShape(Shape input) {
        Spatial.channels(LayerArguments.describe("Cropping3D", name), input, 3, Spatial.format("Cropping3D",
                dataFormat));
        int first = Spatial.firstSpatialAxis(Spatial.format("Cropping3D", dataFormat));
        for (int a = 0; a < 3; a++) {
            int size = input.dim(first + a);
            if (size == Shape.BATCH || (long) cropping.get(a).get(0) + cropping.get(a).get(1) >= size) {
                throw new IllegalArgumentException(LayerArguments.describe("Cropping3D", name)
                        + ": the cropping " + cropping + " must leave at least one"
                        + " cell on each spatial axis, got " + input);
            }
        }
        return Spatial.probe(LayerArguments.describe("Cropping3D", name), input, this::output);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Cropping3D", name, context);
        return output(x);
    }

    /** The layer's output for {@code x}. */
    private Node output(Node x) {
        int first = Spatial.firstSpatialAxis(Spatial.format("Cropping3D", dataFormat));
        Node y = x;
        for (int a = 0; a < 3; a++) {
            int axis = first + a;
            y = y.slice(axis, cropping.get(a).get(0), x.shape().dim(axis) - cropping.get(a).get(1));
        }
        return y;
    }
}
