package dev.adjoint.nn.layer;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * Scales each example's vectors along the axes A to unit Euclidean norm, as Keras 3's {@code UnitNormalization}
 * (and TensorFlow's {@code l2_normalize}) with its fixed floor of 1e-12 on the sum of squares:
 *
 * <pre>
 * y = x / sqrt(max(sum over A of x², 1e-12))
 * </pre>
 *
 * so a vector whose norm is below 1e-6 is multiplied by 1e6 rather than divided by its norm (a zero vector stays
 * zero). No parameters; the mask passes on unchanged (Keras's {@code supports_masking}). Keras's default: the last
 * axis. Unlike Keras, the batch axis 0 is refused: an example's output must not depend on the rest of its batch.
 *
 * @param axis the axes A, distinct, none the batch axis 0 (negative counts from the end)
 * @param name the layer's name, or null
 */
public record UnitNormalization(List<Integer> axis, String name) implements Layer {

    /** Keras's floor on the sum of squares. */
    static final double FLOOR = 1e-12;

    /** Validates the axes. */
    public UnitNormalization {
        LayerArguments.nonNull(axis, "UnitNormalization", name, "axis");
        axis = List.copyOf(axis);
        if (axis.isEmpty() || axis.contains(0)) {
            throw new IllegalArgumentException(LayerArguments.describe("UnitNormalization", name)
                    + ": axis must list one or more axes other than the" + " batch axis 0, got " + axis);
        }
    }

    /** Keras's default: the last axis. */
    public static UnitNormalization of() {
        return new UnitNormalization(List.of(-1), null);
    }

    /** Normalizing over these axes (Keras's {@code axis}, an int or a list). */
    public UnitNormalization axis(int... axes) {
        List<Integer> list = LayerArguments.list(axes, "UnitNormalization", name, "axis");
        return new UnitNormalization(list, name);
    }

    /** With a name. */
    public UnitNormalization named(String newName) {
        return new UnitNormalization(axis, newName);
    }

    @Override
    public String kind() {
        return "unit_normalization";
    }

    /** The axes A of the input, each in {@code [1, rank)}. */
    private int[] axes(Shape input) {
        return LayerAxes.resolve("UnitNormalization", axis, input, false);
    }

    @Override
    public Shape outputShape(Shape input) {
        axes(input);
        return input;
    }

    @Override
    public Node apply(Node x, LayerContext context) {
        return x.mul(x.square().sum(true, axes(x.shape())).maximum(FLOOR).rsqrt());
    }
}
