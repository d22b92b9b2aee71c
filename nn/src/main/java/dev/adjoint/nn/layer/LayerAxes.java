package dev.adjoint.nn.layer;

import dev.adjoint.core.tensor.Shape;
import java.util.List;

/**
 * The axes a normalization layer's {@code axis} argument names in an input {@code [N, ...]}: each entry an axis
 * index, negative ones counted from the end ({@code a + rank}), none of them the batch axis 0, no axis twice.
 */
final class LayerAxes {

    private LayerAxes() {
    }

    /**
     * The axes, in the order given.
     *
     * @param layer the layer's class name, for the messages
     * @param axis the argument as the user gave it
     * @param input the input's shape
     * @param concrete whether the axes must have concrete sizes (the layer's parameters span them)
     * @throws IllegalArgumentException naming the layer, the argument and the input, for an axis out of range, the
     *     batch axis, an axis of symbolic size when {@code concrete}, or an axis named twice
     */
    static int[] resolve(String layer, List<Integer> axis, Shape input, boolean concrete) {
        int r = input.rank();
        int[] axes = new int[axis.size()];
        for (int i = 0; i < axes.length; i++) {
            int a = axis.get(i) < 0 ? axis.get(i) + r : axis.get(i);
            if (a < 1 || a >= r || (concrete && input.dim(a) == Shape.BATCH)) {
                throw new IllegalArgumentException(layer + ": axis " + axis + " must name " + (concrete ? "concrete "
                        : "") + "axes other than the batch axis of the input, got " + input);
            }
            for (int j = 0; j < i; j++) {
                if (axes[j] == a) {
                    throw new IllegalArgumentException(layer + ": axis " + axis + " must name distinct axes of the"
                            + " input, got axis " + a + " twice for " + input);
                }
            }
            axes[i] = a;
        }
        return axes;
    }
}
