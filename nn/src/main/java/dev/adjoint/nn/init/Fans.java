package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * The fan-in and fan-out of a parameter, the numbers of inputs and outputs each of its units connects to,
 * computed as Keras's {@code compute_fans}:
 * <ul>
 *   <li>rank 0: {@code fanIn = fanOut = 1};</li>
 *   <li>rank 1 {@code [n]} (a bias): {@code fanIn = fanOut = n};</li>
 *   <li>rank 2 {@code [in, out]} (a dense kernel, {@code y = x W}): {@code fanIn = in}, {@code fanOut = out};</li>
 *   <li>rank {@code >= 3} {@code [k1, ..., kr, in, out]} (a convolution kernel): with the receptive field
 *       size {@code r = k1 * ... * kr}, {@code fanIn = r in} and {@code fanOut = r out}.</li>
 * </ul>
 *
 * @param fanIn the number of inputs per output unit
 * @param fanOut the number of outputs per input unit
 */
public record Fans(long fanIn, long fanOut) {

    /** Validates the fans. */
    public Fans {
        if (fanIn < 0 || fanOut < 0) {
            throw new IllegalArgumentException("Fans: fans must be >= 0, got fanIn " + fanIn + " and fanOut "
                    + fanOut);
        }
    }

    /**
     * The fans of a parameter of this shape.
     *
     * @throws IllegalArgumentException if the shape contains the symbolic batch dimension
     */
    public static Fans of(Shape shape) {
        Objects.requireNonNull(shape, "shape is null");
        if (!shape.isConcrete()) {
            throw new IllegalArgumentException("Fans: shape must be concrete, got " + shape);
        }
        int rank = shape.rank();
        if (rank == 0) {
            return new Fans(1, 1);
        }
        if (rank == 1) {
            return new Fans(shape.dim(0), shape.dim(0));
        }
        long receptiveField = 1;
        for (int a = 0; a < rank - 2; a++) {
            receptiveField *= shape.dim(a);
        }
        return new Fans(receptiveField * shape.dim(rank - 2), receptiveField * shape.dim(rank - 1));
    }

    /** {@code (fanIn + fanOut) / 2}, the Glorot average. */
    public double average() {
        return (fanIn + fanOut) / 2.0;
    }
}
