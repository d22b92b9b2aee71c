package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Removes steps at the start and end of every sequence, Keras's {@code Cropping1D}:
 * {@code [N, T, C] -> [N, T - b - a, C]} with {@code cropping = (b, a)}, {@code y[n, t, c] = x[n, b + t, c]}.
 * No parameters; like Keras's, it does not support masking: the output carries no mask. Keras's default cropping
 * 1 on each side.
 *
 * @param cropping the steps removed at the start and at the end, each {@code >= 0}
 * @param name the layer's name, or null
 */
public record Cropping1D(List<Integer> cropping, String name) implements Layer {

    /** Validates the cropping: two sizes {@code >= 0} (one entry: both sides). */
    public Cropping1D {
        cropping = Spatial.sizes(LayerArguments.describe("Cropping1D", name), "cropping", cropping, 2, 0);
    }

    /** Keras's default, one step on each side. */
    public static Cropping1D of() {
        return of(1);
    }

    /** {@code cropping} steps on each side. */
    public static Cropping1D of(int cropping) {
        return new Cropping1D(List.of(cropping), null);
    }

    /** {@code start} steps at the start and {@code end} at the end. */
    public static Cropping1D of(int start, int end) {
        return new Cropping1D(List.of(start, end), null);
    }

    /** With a name. */
    public Cropping1D named(String newName) {
        return new Cropping1D(cropping, newName);
    }

    @Override
    public String kind() {
        return "cropping1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("Cropping1D", name)
                    + ": input must be [N, T, C], got " + input);
        }
        long kept = (long) input.dim(1) - cropping.get(0) - cropping.get(1);
        if (kept < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("Cropping1D", name)
                    + ": the cropping " + cropping + " must leave at least one of"
                    + " the input's " + input.dim(1) + " steps, got " + kept + " for input " + input);
        }
        return Shape.of(input.dim(0), (int) kept, input.dim(2));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Cropping1D", name, context);
        int start = cropping.get(0);
        return x.slice(1, start, start + outputShape(x.shape()).dim(1));
    }
}
