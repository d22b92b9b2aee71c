package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Arrays;

/**
 * The shape of an op's result whose dimensions are computed (a tile's {@code d·reps}, a pad's {@code d + before +
 * after}), checked in the op's own words: every dimension and the element count {@code prod_a d_a} (the batch axis N
 * not counted) must be at most {@link Shape#MAX_SIZE}, as a tensor's storage is one Java array.
 */
final class ElementCount {

    private ElementCount() {
    }

    /**
     * {@code Shape.of(dims)}, or an error naming {@code op} and {@code operand} when a dimension or the element count
     * exceeds {@link Shape#MAX_SIZE}.
     *
     * @param dims the result's dimensions, {@link Shape#BATCH} for N
     * @throws IllegalArgumentException {@code "tile: the result must have at most 2147483639 elements, got [200000,
     *     300000] for x : f64[2, 3]"}
     */
    static Shape checked(String op, long[] dims, String operand) {
        long count = 1; // at most 2^31 before each product, so the product never overflows a long
        for (long d : dims) {
            count = d == Shape.BATCH ? count : Math.min(1L << 31, count * Math.min(d, 1L << 31));
        }
        if (count > Shape.MAX_SIZE || Arrays.stream(dims).anyMatch(d -> d > Shape.MAX_SIZE)) {
            throw new IllegalArgumentException(op + ": the result must have at most " + Shape.MAX_SIZE
                    + " elements, got " + Arrays.toString(dims).replace(String.valueOf(Shape.BATCH), "N") + " for "
                    + operand);
        }
        return Shape.of(Arrays.stream(dims).mapToInt(d -> (int) d).toArray());
    }
}
