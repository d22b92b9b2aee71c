package dev.adjoint.core.tensor;

/**
 * The element type of a tensor, and its Java storage.
 *
 * <p>Floating point: {@link #FLOAT64} ({@code double[]}) is the default of {@code core}: symbolic work and
 * gradient checking need its 53-bit mantissa; {@link #FLOAT32} ({@code float[]}) is there for speed, and every
 * real-valued op works in both. Integers: {@link #INT32} ({@code int[]}) and {@link #INT64} ({@code long[]}),
 * two's complement; arithmetic on them wraps around as Java's does. {@link #BOOL} ({@code boolean[]}): the
 * result of comparisons and the condition of {@code where}. Indices and class labels are integers; integer and
 * bool values are never differentiated. Conversions between all five are {@link Tensor#cast}.
 */
public enum DType {
    /** IEEE 754 binary64, stored as {@code double[]}. */
    FLOAT64("f64", 8),
    /** IEEE 754 binary32, stored as {@code float[]}. */
    FLOAT32("f32", 4),
    /** 64-bit two's-complement integers, stored as {@code long[]}. */
    INT64("i64", 8),
    /** 32-bit two's-complement integers, stored as {@code int[]}. */
    INT32("i32", 4),
    /** Truth values, stored as {@code boolean[]}; 1 byte per element in files. */
    BOOL("bool", 1);

    private final String shortName;
    private final int byteSize;

    DType(String shortName, int byteSize) {
        this.shortName = shortName;
        this.byteSize = byteSize;
    }

    /** {@code f64}, {@code f32}, {@code i64}, {@code i32} or {@code bool}, as in printed graphs. */
    public String shortName() {
        return shortName;
    }

    /** Bytes per element (in files; a Java {@code boolean[]} takes one byte per element too). */
    public int byteSize() {
        return byteSize;
    }

    /** True for FLOAT32 and FLOAT64: the dtypes values can be differentiated in. */
    public boolean isFloating() {
        return this == FLOAT64 || this == FLOAT32;
    }

    /** True for INT32 and INT64. */
    public boolean isInteger() {
        return this == INT64 || this == INT32;
    }

    /** True for BOOL. */
    public boolean isBool() {
        return this == BOOL;
    }

    /** {@code x} rounded to this floating type (to nearest float for FLOAT32), returned as a double. */
    public double round(double x) {
        return this == FLOAT32 ? (double) (float) x : x;
    }

    /**
     * True when the finite {@code x} rounds to an infinity in this floating type: IEEE 754 rounds to nearest, so
     * in FLOAT32 exactly the {@code |x| >= 2^128 - 2^103} (the midpoint between {@link Float#MAX_VALUE} and
     * {@code 2^128}, a tie that goes to the even infinity) overflow, and a value just above
     * {@code Float.MAX_VALUE} but below the midpoint rounds down to it. Never true in FLOAT64, for NaN, for an
     * infinity (each is its own value), or for an integer or bool type (whose range is checked as exactness).
     */
    public boolean overflows(double x) {
        return Double.isFinite(x) && Double.isInfinite(round(x));
    }
}
