package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.layer.LayerArguments;
import dev.adjoint.nn.layer.Masks;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;

/**
 * Repeats every step of a sequence, Keras's {@code UpSampling1D}: {@code [N, T, C] -> [N, T·size, C]},
 * {@code y[n, t, c] = x[n, floor(t / size), c]}; its gradient sums each block of {@code size} steps. No
 * parameters; like Keras's, it does not support masking: the output carries no mask. Keras's default size 2.
 *
 * @param size how many times each step is repeated, {@code >= 1}
 * @param name the layer's name, or null
 */
public record UpSampling1D(int size, String name) implements Layer {

    /** Validates the size. */
    public UpSampling1D {
        if (size < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("UpSampling1D", name)
                    + ": size must be >= 1, got " + size);
        }
    }

    /** Keras's default, size 2. */
    public static UpSampling1D of() {
        return of(2);
    }

    /** Keras's {@code UpSampling1D(size)}. */
    public static UpSampling1D of(int size) {
        return new UpSampling1D(size, null);
    }

    /** With a name. */
    public UpSampling1D named(String newName) {
        return new UpSampling1D(size, newName);
    }

    @Override
    public String kind() {
        return "up_sampling1d";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH || input.dim(2) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("UpSampling1D", name)
                    + ": input must be [N, T, C], got " + input);
        }
        long steps = (long) input.dim(1) * size;
        if (steps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(LayerArguments.describe("UpSampling1D", name)
                    + ": the output must have at most " + Integer.MAX_VALUE
                    + " steps, got " + steps + " for input " + input + " and size " + size);
        }
        return Shape.of(input.dim(0), (int) steps, input.dim(2));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("UpSampling1D", name, context);
        return x.repeat(size, 1);
    }
}
