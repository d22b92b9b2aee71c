package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;

/**
 * Repeats every example's vector n times, Keras's {@code RepeatVector}: {@code [N, F] -> [N, n, F]},
 * {@code y[i, t, f] = x[i, f]} for every step t (an encoder's summary fed to each step of a decoder). No
 * parameters; the output carries no mask.
 *
 * @param n the number of repetitions, the output's steps, {@code >= 1}
 * @param name the layer's name, or null
 */
public record RepeatVector(int n, String name) implements Layer {

    /** Validates n. */
    public RepeatVector {
        if (n < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("RepeatVector", name)
                    + ": n must be >= 1, got " + n);
        }
    }

    /** Keras's {@code RepeatVector(n)}. */
    public static RepeatVector of(int n) {
        return new RepeatVector(n, null);
    }

    /** With a name. */
    public RepeatVector named(String newName) {
        return new RepeatVector(n, newName);
    }

    @Override
    public String kind() {
        return "repeat_vector";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 2 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("RepeatVector", name)
                    + ": input must be [N, features], got " + input);
        }
        return Shape.of(input.dim(0), n, input.dim(1));
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return x.unsqueeze(1).repeat(n, 1);
    }
}
