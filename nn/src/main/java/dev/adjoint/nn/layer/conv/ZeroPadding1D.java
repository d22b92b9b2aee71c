package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import java.util.List;

/**
 * Zeros before and after every sequence, Keras's {@code ZeroPadding1D}: {@code [N, T, C] -> [N, b + T + a, C]}
 * with {@code padding = (b, a)}, the input at steps {@code b .. b + T - 1}. No parameters; like Keras's, it does not
 * support masking: the output carries no mask. Keras's default padding 1 on each side.
 *
 * @param padding the steps added before and after, each {@code >= 0}
 * @param name the layer's name, or null
 */
public record ZeroPadding1D(List<Integer> padding, String name) implements Layer {

    /** Validates the padding: two sizes {@code >= 0} (one entry: both sides). */
    public ZeroPadding1D {
        padding = Spatial.sizes(LayerArguments.describe("ZeroPadding1D", name), "padding", padding, 2, 0);
    }

    /** Keras's default, one step on each side. */
    public static ZeroPadding1D of() {
        return of(1);
    }

    /** {@code padding} steps on each side. */
    public static ZeroPadding1D of(int padding) {
        return new ZeroPadding1D(List.of(padding), null);
    }

    /** {@code before} steps before and {@code after} after. */
    public static ZeroPadding1D of(int before, int after) {
        return new ZeroPadding1D(List.of(before, after), null);
    }

    /** With a name. */
    public ZeroPadding1D named(String newName) {
        return new ZeroPadding1D(padding, newName);
    }

    @Override
    public String kind() {
        return "zero_padding1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("ZeroPadding1D", name)
                    + ": input must be [N, T, C], got " + input);
        }
        long steps = (long) input.dim(1) + padding.get(0) + padding.get(1);
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(LayerArguments.describe("ZeroPadding1D", name)
                    + ": the output must have at most " + Integer.MAX_VALUE
                    + " steps, got " + steps + " for input " + input + " and padding " + padding);
        }
        return Shape.of(input.dim(0), (int) steps, input.dim(2));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("ZeroPadding1D", name, context);
        return x.pad(new int[] {0, padding.get(0), 0}, new int[] {0, padding.get(1), 0});
    }
}
