package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;

/**
 * Flattens every example to a vector: {@code [N, d1, ..., dk] -> [N, d1 * ... * dk]}. No parameters.
 *
 * <p>As in Keras 3, whose layer does not support masking, the output carries no mask ({@link Masks#drop}).
 *
 * @param name the layer's name, or null
 */
public record Flatten(String name) implements Layer {

    /** A flatten layer. */
    public static Flatten of() {
        return new Flatten(null);
    }

    /** With a name. */
    public Flatten named(String newName) {
        return new Flatten(newName);
    }

    @Override
    public String kind() {
        return "flatten";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() < 1) {
            throw new IllegalArgumentException(LayerArguments.describe("Flatten", name)
                    + ": input must have a batch axis, got " + input);
        }
        int rest = 1;
        for (int a = 1; a < input.rank(); a++) {
            rest *= input.dim(a);
        }
        return Shape.of(input.dim(0), rest);
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        Masks.drop("Flatten", name, context);
        return MovementOp.flatten(x);
    }
}
