package dev.adjoint.core.tensor;

/**
 * The element type of a tensor.
 *
 * <p>{@link #FLOAT64} is the default of {@code core}: symbolic work and gradient checking need its 53-bit
 * mantissa. {@link #FLOAT32} is there for speed; every op works in both. Index-valued tensors (labels for
 * {@code oneHot}, indices for {@code gather}) use a floating type holding integers, exact up to 2^53 in
 * float64 and 2^24 in float32.
 */
public enum DType {
    /** IEEE 754 binary64. */
    FLOAT64("f64", 8),
    /** IEEE 754 binary32. */
    FLOAT32("f32", 4);

    private final String shortName;
    private final int byteSize;

    DType(String shortName, int byteSize) {
        this.shortName = shortName;
        this.byteSize = byteSize;
    }

    /** {@code f64} or {@code f32}, as in printed graphs. */
    public String shortName() {
        return shortName;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** {@code x} rounded to this type (to nearest float for FLOAT32), returned as a double. */
    public double round(double x) {
        return this == FLOAT32 ? (double) (float) x : x;
    }
}
