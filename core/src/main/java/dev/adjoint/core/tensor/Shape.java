package dev.adjoint.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * The shape of a tensor: an immutable list of dimension sizes, row-major.
 *
 * <p>A shape of rank 0 is a scalar ({@code []}, one element); rank 1 is a vector ({@code [n]}), and so on.
 * The element count is the product of the dimensions; an empty product is 1, a zero dimension makes an
 * empty tensor.
 *
 * <h2>The symbolic batch dimension</h2>
 * A graph node's shape may contain the symbolic dimension {@link #BATCH}, printed {@code N}: "as many rows as
 * the inputs bound at evaluation have". A model built once for {@code x : [N, 784]} is evaluated with 128
 * rows, with the last short batch of 17 rows and with any number of rows in {@code predict}, without being
 * rebuilt: shape rules treat {@code N} as a dimension equal only to itself, and evaluation binds it per call
 * ({@link #bind(int)}). A {@link Tensor} always has a concrete shape.
 *
 * <p>A shape has at most {@link #MAX_RANK} axes (NumPy's limit too), so that a shape read from a file or built
 * from untrusted numbers cannot make printing, strides or kernels work through an absurd number of axes.
 *
 * <p>Shapes are values: {@link #equals(Object)} compares dimensions.
 */
public final class Shape {

    /**
     * The symbolic batch dimension, printed {@code N}; bound to a concrete size at evaluation. Its value,
     * {@code Integer.MIN_VALUE}, is one nobody types by accident: {@code -1} is not a dimension here (in
     * {@code reshape(int...)} it means "infer this dimension", as in NumPy), so a NumPy habit cannot silently
     * introduce a batch axis.
     */
    public static final int BATCH = Integer.MIN_VALUE;

    /** The largest rank a shape may have: 64, as in NumPy. */
    public static final int MAX_RANK = 64;

    /**
     * The largest element count a shape may have: {@code 2^31 - 9 = Integer.MAX_VALUE - 8}, the longest array the
     * HotSpot JVM allocates ({@code ArraysSupport.SOFT_MAX_ARRAY_LENGTH}), as a tensor's storage is one Java array;
     * longer requests fail with a bare {@link OutOfMemoryError} ("Requested array size exceeds VM limit").
     */
    public static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    private static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /**
     * A shape with the given dimensions; each is {@code >= 0} or {@link #BATCH}, at most {@link #MAX_RANK} of
     * them.
     *
     * @throws IllegalArgumentException naming the shape when a dimension is negative, the rank exceeds
     *     {@link #MAX_RANK} or the element count exceeds {@link #MAX_SIZE}
     */
    public static Shape of(int... dims) {
        Objects.requireNonNull(dims, "dims is null");
        if (dims.length > MAX_RANK) {
            throw new IllegalArgumentException("shape: rank must be at most " + MAX_RANK + ", got rank "
                    + dims.length);
        }
        int[] copy = dims.clone();
        long count = 1;
        for (int i = 0; i < copy.length; i++) {
            int d = copy[i];
            if (d < 0 && d != BATCH) {
                throw new IllegalArgumentException("shape: dimensions must be >= 0 or Shape.BATCH (N), got "
                        + Arrays.toString(dims).replace(String.valueOf(BATCH), "N") + " (dimension " + i + " is "
                        + d + ")" + (d == -1 ? "; -1 (infer this dimension) is understood by reshape(int...) only"
                        : ""));
            }
            if (d > 0) {
                count *= d;
                if (count > MAX_SIZE) {
                    throw new IllegalArgumentException("shape: the element count must be at most " + MAX_SIZE + ", got "
                            + Arrays.toString(dims).replace(String.valueOf(BATCH), "N") + "; split the tensor");
                }
            }
        }
        return copy.length == 0 ? SCALAR : new Shape(copy);
    }

    /** The rank-0 shape {@code []}. */
    public static Shape scalar() {
        return SCALAR;
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.length;
    }

    /** Size of dimension {@code axis}; negative axes count from the end. May be {@link #BATCH}. */
    public int dim(int axis) {
        return dims[normalizeAxis(axis, "dim")];
    }

    /** A copy of the dimensions. */
    public int[] dims() {
        return dims.clone();
    }

    /** True when no dimension is {@link #BATCH}. */
    public boolean isConcrete() {
        for (int d : dims) {
            if (d == BATCH) {
                return false;
            }
        }
        return true;
    }

    /** True for rank 0. */
    public boolean isScalar() {
        return dims.length == 0;
    }

    /**
     * Number of elements, the product of the dimensions.
     *
     * @throws IllegalStateException if the shape contains the symbolic {@code N}
     */
    public int size() {
        int n = 1;
        for (int d : dims) {
            if (d == BATCH) {
                throw new IllegalStateException("shape: size needs concrete dimensions, got " + this
                        + "; bind N first");
            }
            n *= d;
        }
        return n;
    }

    /** Replaces every {@code N} by {@code batch}; a concrete shape is returned unchanged. */
    public Shape bind(int batch) {
        if (isConcrete()) {
            return this;
        }
        int[] out = dims.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == BATCH) {
                out[i] = batch;
            }
        }
        return of(out);
    }

    /** Row-major strides in elements (the last axis has stride 1); needs a concrete shape. */
    public int[] strides() {
        int[] strides = new int[dims.length];
        int s = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= dims[i];
        }
        return strides;
    }

    /**
     * Turns a possibly negative axis into {@code 0 <= axis < rank}.
     *
     * @param op the op name used in the error message
     * @throws IllegalArgumentException when the axis is out of range
     */
    public int normalizeAxis(int axis, String op) {
        int r = dims.length;
        if (r == 0) {
            throw new IllegalArgumentException(op + ": a scalar has no axes, got axis " + axis
                    + " for shape []; reshape it to [1] first");
        }
        if (axis < -r || axis >= r) {
            throw new IllegalArgumentException(op + ": axis must be in [" + (-r) + ", " + r + "), got axis "
                    + axis + " for shape " + this);
        }
        return axis < 0 ? axis + r : axis;
    }

    /**
     * The NumPy broadcast of two shapes: align on the right; each pair of dimensions must be equal or one of
     * them 1.
     *
     * @param op the op name used in the error message
     * @throws IllegalArgumentException naming both shapes when they do not broadcast
     */
    public static Shape broadcast(Shape a, Shape b, String op) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da == db || db == 1) {
                out[i] = da;
            } else if (da == 1) {
                out[i] = db;
            } else {
                throw new IllegalArgumentException(op + ": shapes must broadcast (equal dimensions or 1, aligned"
                        + " on the right), got " + a + " and " + b);
            }
        }
        return of(out);
    }

    /** A shape with {@code axis} removed. */
    public Shape drop(int axis) {
        int a = normalizeAxis(axis, "drop");
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, a);
        System.arraycopy(dims, a + 1, out, a, dims.length - a - 1);
        return of(out);
    }

    /** A shape with dimension {@code axis} replaced by {@code size}. */
    public Shape with(int axis, int size) {
        int[] out = dims.clone();
        out[normalizeAxis(axis, "with")] = size;
        return of(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code [3, 4]}, {@code [N, 784]}, {@code []}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(dims[i] == BATCH ? "N" : Integer.toString(dims[i]));
        }
        return sb.append(']').toString();
    }
}
