package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Shape;

/**
 * Marks the padding of a sequence, as Keras's {@code Masking}: for {@code x : [N, T, F]}, time step t of row n is
 * present unless all its features equal {@code maskValue}. The output is x with the absent steps set to zero,
 * and carries the mask {@code [N, T]} to the layers after it (a recurrent layer then keeps its state over absent
 * steps).
 *
 * @param maskValue the value that marks padding
 * @param name the layer's name, or null
 */
public record Masking(double maskValue, String name) implements Layer {

    /** Validates the mask value. */
    public Masking {
        if (!Double.isFinite(maskValue)) {
            throw new IllegalArgumentException(LayerArguments.describe("Masking", name)
                    + ": maskValue must be finite, got " + maskValue);
        }
    }

    /** Keras's default: padding is 0. */
    public static Masking of() {
        return new Masking(0.0, null);
    }

    /** Padding marked by {@code value}. */
    public static Masking of(double value) {
        return new Masking(value, null);
    }

    /** With a name. */
    public Masking named(String newName) {
        return new Masking(maskValue, newName);
    }

    @Override
    public String kind() {
        return "masking";
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3 || input.dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(LayerArguments.describe("Masking", name)
                    + ": input must be a sequence [N, T, features], got " + input);
        }
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        // Keras's any(x != maskValue) over the features: false, a masked step, where there are none
        Node present = BinaryOp.notEqual(x, SourceOp.scalar(maskValue, x.dtype())).any(-1).cast(x.dtype());
        context.maskOutput(present);
        return x.mul(present.unsqueeze(-1));
    }
}
