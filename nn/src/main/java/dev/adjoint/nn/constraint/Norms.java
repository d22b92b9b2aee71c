package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/** The checks and the arithmetic the norm constraints share. */
final class Norms {

    /** Keras's {@code backend.epsilon()}, added to a norm before dividing by it. */
    static final double EPSILON = 1e-7;

    private Norms() {
    }

    /** Validates and copies an axis list: at least one axis, none twice. */
    static List<Integer> axes(String who, List<Integer> axis) {
        Objects.requireNonNull(axis, who + ": axis is null");
        List<Integer> copy = List.copyOf(axis);
        if (copy.isEmpty() || copy.stream().distinct().count() != copy.size()) {
            throw new IllegalArgumentException(who + ": axis must name at least one axis, each once, got " + copy);
        }
        return copy;
    }

    /** Checks {@code 0 <= value < inf}. */
    static void nonNegative(String who, String parameter, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(who + ": " + parameter + " must be finite and >= 0, got " + value);
        }
    }

    /**
     * The axes of {@code axis} resolved against a parameter's shape ({@code -1} is the last).
     *
     * @throws IllegalArgumentException naming {@code who} and {@code weight} when an axis is out of range or two
     *     name the same axis
     */
    static int[] resolve(String who, List<Integer> axis, Shape shape, String weight) {
        int rank = shape.rank();
        int[] axes = new int[axis.size()];
        for (int i = 0; i < axes.length; i++) {
            int a = axis.get(i);
            if (a < -rank || a >= rank) {
                throw new IllegalArgumentException(who + ": axis must be in [" + -rank + ", " + rank + ") for the "
                        + weight + " of shape " + shape + ", got " + a);
            }
            axes[i] = a < 0 ? a + rank : a;
        }
        if (java.util.Arrays.stream(axes).distinct().count() != axes.length) {
            throw new IllegalArgumentException(who + ": axis must name each axis of the " + weight + " of shape "
                    + shape + " once, got " + axis);
        }
        return axes;
    }

    /**
     * {@code ||w||} over {@code axes}, kept as size-1 axes: {@code sqrt(sum_axes w^2)}, by core's {@code normL2},
     * which scales by a power of two: Keras's value wherever the squares neither overflow nor underflow, finite
     * where they would (float32 weights near 1e19 gave an infinite norm, and so zero weights after the rescaling).
     */
    static Node norms(Node w, int[] axes) {
        return w.normL2(true, axes);
    }

    /** Keras's rescaling {@code w * (desired / (eps + norms))}. */
    static Node rescale(Node w, Node norms, Node desired) {
        return w.mul(desired.div(norms.add(EPSILON)));
    }
}
