package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Arrays;

/**
 * The shape of an op's result whose dimensions are computed (a tile's {@code d·reps}, a pad's {@code d + before +
 * after}), checked in the op's own words: every dimension and the element count {@code prod_a d_a} (the batch axis N
 * not counted) must fit in an {@code int}, as a tensor's storage is one Java array.
 */
final class ElementCount {

    private ElementCount() {
    }

    /**
     * {@code Shape.of(dims)}, or an error naming {@code op} and {@code operand} when a dimension or the element count
     * exceeds {@link Integer#MAX_VALUE}.
     *
     * @param dims the result's dimensions, {@link Shape#BATCH} for N
     * @throws IllegalArgumentException {@code "tile: the result must have at most 2147483647 elements, got [200000,
     *     300000] for x : f64[2, 3]"}
     */
    static Shape checked(String op, long[] dims, String operand) {
        long count = 1;
        boolean fits = true;
        for (long d : dims) {
            if (d != Shape.BATCH) {
                fits &= d <= Integer.MAX_VALUE;
                count = fits ? Math.min((long) Integer.MAX_VALUE + 1, count * d) : count;
            }
        }
        if (!fits || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(op + ": the result must have at most " + Integer.MAX_VALUE
                    + " elements, got " + Arrays.toString(dims).replace(String.valueOf(Shape.BATCH), "N") + " for "
                    + operand);
        }
        int[] out = new int[dims.length];
        for (int a = 0; a < out.length; a++) {
            out[a] = (int) dims[a];
        }
        return Shape.of(out);
    }
}
