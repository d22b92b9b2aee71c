package dev.adjoint.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, dense, row-major array of numbers with a concrete {@link Shape} and a {@link DType}.
 *
 * <p>Tensors are values: no method changes one, factories copy the caller's arrays, and accessors return
 * copies, so a tensor bound to a graph can never be changed behind its back. Element {@code (i0, ..., ik)}
 * lives at flat index {@code sum_j i_j * stride_j} with row-major strides.
 *
 * <p>Equality is by identity (tensors can be large); compare values with {@link #allClose(Tensor, double,
 * double)} or {@link #sameValues(Tensor)}.
 */
public final class Tensor {

    private static final int PRINT_LIMIT = 6;
    private static final int PRINT_TOTAL = 1000;

    private final Shape shape;
    final double[] f64;
    final float[] f32;

    Tensor(Shape shape, double[] f64, float[] f32) {
        this.shape = shape;
        this.f64 = f64;
        this.f32 = f32;
    }

    static Tensor adopt(DType dtype, Shape shape, double[] data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("tensor: data length must equal the shape's element count, got "
                    + data.length + " for shape " + shape);
        }
        if (dtype == DType.FLOAT64) {
            return new Tensor(shape, data, null);
        }
        float[] f = new float[data.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) data[i];
        }
        return new Tensor(shape, null, f);
    }

    private static Shape concrete(Shape shape, String op) {
        Objects.requireNonNull(shape, "shape is null");
        if (!shape.isConcrete()) {
            throw new IllegalArgumentException(op + ": a tensor needs a concrete shape, got " + shape);
        }
        return shape;
    }

    // ---------------------------------------------------------------- factories

    /** A tensor of the given dtype and shape whose elements are the flat, row-major {@code data} (copied). */
    public static Tensor of(DType dtype, Shape shape, double... data) {
        Objects.requireNonNull(dtype, "dtype is null");
        Objects.requireNonNull(data, "data is null");
        concrete(shape, "tensor");
        return adopt(dtype, shape, data.clone());
    }

    /** A float64 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor of(Shape shape, double... data) {
        return of(DType.FLOAT64, shape, data);
    }

    /** A float32 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor of(Shape shape, float[] data) {
        Objects.requireNonNull(data, "data is null");
        concrete(shape, "tensor");
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("tensor: data length must equal the shape's element count, got "
                    + data.length + " for shape " + shape);
        }
        return new Tensor(shape, null, data.clone());
    }

    /** A float64 vector. */
    public static Tensor vector(double... data) {
        return of(Shape.of(data.length), data);
    }

    /**
     * A float64 matrix from rows of equal length (copied).
     *
     * @throws NullPointerException naming the row when one is null
     * @throws IllegalArgumentException when rows differ in length or the element count does not fit in an
     *     {@code int}
     */
    public static Tensor matrix(double[][] rows) {
        Objects.requireNonNull(rows, "rows is null");
        for (int i = 0; i < rows.length; i++) {
            Objects.requireNonNull(rows[i], "matrix: row " + i + " is null");
        }
        int cols = rows.length == 0 ? 0 : rows[0].length;
        for (int i = 1; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("matrix: rows must have equal length, got row 0 of length "
                        + cols + " and row " + i + " of length " + rows[i].length);
            }
        }
        if ((long) rows.length * cols > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("matrix: the element count must fit in an int, got " + rows.length
                    + " rows of " + cols + " (" + (long) rows.length * cols + " elements); split the matrix");
        }
        Shape shape = Shape.of(rows.length, cols);
        double[] flat = new double[shape.size()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return adopt(DType.FLOAT64, shape, flat);
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(DType dtype, double value) {
        return of(dtype, Shape.scalar(), value);
    }

    /** A rank-0 float64 tensor. */
    public static Tensor scalar(double value) {
        return scalar(DType.FLOAT64, value);
    }

    /** Every element equal to {@code value}. */
    public static Tensor full(DType dtype, Shape shape, double value) {
        Objects.requireNonNull(dtype, "dtype is null");
        double[] data = new double[concrete(shape, "full").size()];
        Arrays.fill(data, value);
        return adopt(dtype, shape, data);
    }

    /** All zeros. */
    public static Tensor zeros(DType dtype, Shape shape) {
        return full(dtype, shape, 0.0);
    }

    /** All zeros, float64. */
    public static Tensor zeros(Shape shape) {
        return zeros(DType.FLOAT64, shape);
    }

    /** All ones. */
    public static Tensor ones(DType dtype, Shape shape) {
        return full(dtype, shape, 1.0);
    }

    /** All ones, float64. */
    public static Tensor ones(Shape shape) {
        return ones(DType.FLOAT64, shape);
    }

    /** The vector {@code [0, 1, ..., n-1]} in float64. */
    public static Tensor arange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("arange: n must be >= 0, got " + n);
        }
        double[] data = new double[n];
        for (int i = 0; i < n; i++) {
            data[i] = i;
        }
        return adopt(DType.FLOAT64, Shape.of(n), data);
    }

    /**
     * Independent uniform samples in {@code [low, high)} determined by {@code key}.
     *
     * @throws IllegalArgumentException unless {@code low < high}, both are finite in {@code dtype} and the
     *     width {@code high - low} is a finite double
     */
    public static Tensor uniform(Key key, DType dtype, Shape shape, double low, double high) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(dtype, "dtype is null");
        if (!Double.isFinite(dtype.round(low)) || !Double.isFinite(dtype.round(high))) {
            throw new IllegalArgumentException("uniform: low and high must be finite in " + dtype.shortName()
                    + ", got low " + low + " and high " + high);
        }
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform: low must be < high, got low " + low + " and high "
                    + high);
        }
        if (Double.isInfinite(high - low)) {
            throw new IllegalArgumentException("uniform: the width high - low must be a finite double, got low "
                    + low + " and high " + high + "; use a narrower interval");
        }
        Key.Stream stream = key.stream();
        double[] data = new double[concrete(shape, "uniform").size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = belowHigh(dtype, low + (high - low) * stream.nextDouble(), high);
        }
        return adopt(dtype, shape, data);
    }

    /**
     * {@code v} rounded to {@code dtype}, moved down to the dtype's largest value below {@code high} when the
     * rounding reached {@code high}: a draw just under 1 rounds to 1.0f in float32, which would break the
     * half-open interval (and a {@code uniform < keep} mask with keep 1).
     */
    private static double belowHigh(DType dtype, double v, double high) {
        double r = dtype.round(v);
        while (r >= high) {
            r = dtype == DType.FLOAT32 ? Math.nextDown((float) r) : Math.nextDown(r);
        }
        return r;
    }

    /**
     * Independent normal samples with the given mean and standard deviation, determined by {@code key}.
     *
     * @throws IllegalArgumentException unless {@code mean} is finite in {@code dtype} and {@code stddev} is
     *     finite and {@code >= 0}, or when a sample overflows {@code dtype}
     */
    public static Tensor normal(Key key, DType dtype, Shape shape, double mean, double stddev) {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(dtype, "dtype is null");
        if (!Double.isFinite(dtype.round(mean))) {
            throw new IllegalArgumentException("normal: mean must be finite in " + dtype.shortName() + ", got "
                    + mean);
        }
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("normal: stddev must be finite and >= 0, got " + stddev);
        }
        Key.Stream stream = key.stream();
        double[] data = new double[concrete(shape, "normal").size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = mean + stddev * stream.nextGaussian();
            if (!Double.isFinite(dtype.round(data[i]))) {
                throw new IllegalArgumentException("normal: samples must be finite in " + dtype.shortName()
                        + ", got " + data[i] + " from mean " + mean + " and stddev " + stddev
                        + "; use a smaller mean or stddev");
            }
        }
        return adopt(dtype, shape, data);
    }

    // ---------------------------------------------------------------- accessors

    /** The shape (always concrete). */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return f64 != null ? DType.FLOAT64 : DType.FLOAT32;
    }

    /** Number of elements. */
    public int size() {
        return f64 != null ? f64.length : f32.length;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /** The element at flat row-major index {@code i}, as a double. */
    public double flat(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("flat: index must be in [0, " + size() + "), got " + i);
        }
        return f64 != null ? f64[i] : f32[i];
    }

    /** The element at the given multi-index, as a double. */
    public double get(int... index) {
        Objects.requireNonNull(index, "index is null");
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("get: index must have one entry per axis, got "
                    + Arrays.toString(index) + " for shape " + shape);
        }
        int flat = 0;
        int[] strides = shape.strides();
        for (int a = 0; a < index.length; a++) {
            if (index[a] < 0 || index[a] >= shape.dim(a)) {
                throw new IndexOutOfBoundsException("get: index " + Arrays.toString(index) + " is out of range"
                        + " for shape " + shape + " at axis " + a);
            }
            flat += index[a] * strides[a];
        }
        return flat(flat);
    }

    /** The only element of a one-element tensor. */
    public double item() {
        if (size() != 1) {
            throw new IllegalStateException("item: tensor must have exactly one element, got shape " + shape);
        }
        return flat(0);
    }

    /** A copy of the elements as doubles, row-major. */
    public double[] toDoubleArray() {
        if (f64 != null) {
            return f64.clone();
        }
        double[] out = new double[f32.length];
        for (int i = 0; i < f32.length; i++) {
            out[i] = f32[i];
        }
        return out;
    }

    /** A copy of the elements as floats (rounded to nearest for FLOAT64), row-major. */
    public float[] toFloatArray() {
        if (f32 != null) {
            return f32.clone();
        }
        float[] out = new float[f64.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) f64[i];
        }
        return out;
    }

    /** The same elements with another shape of equal element count (shares no mutable state). */
    public Tensor reshape(Shape newShape) {
        concrete(newShape, "reshape");
        if (newShape.size() != size()) {
            throw new IllegalArgumentException("reshape: element count must be preserved, got " + shape
                    + " (" + size() + " elements) and " + newShape + " (" + newShape.size() + " elements)");
        }
        return new Tensor(newShape, f64, f32);
    }

    /**
     * The rows {@code rows[0], rows[1], ...} along the first axis, in that order (a copy): how a batch is
     * taken from a dataset.
     *
     * @throws IndexOutOfBoundsException naming the row when one is out of range
     */
    public Tensor takeRows(int... rows) {
        Objects.requireNonNull(rows, "rows is null");
        if (shape.rank() == 0) {
            throw new IllegalArgumentException("takeRows: tensor must have rank >= 1, got shape " + shape);
        }
        int n = shape.dim(0);
        int row = n == 0 ? 0 : size() / n;
        Shape out = shape.with(0, rows.length);
        if (f64 != null) {
            double[] data = new double[rows.length * row];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(f64, checkRow(rows[i], n, i) * row, data, i * row, row);
            }
            return new Tensor(out, data, null);
        }
        float[] data = new float[rows.length * row];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(f32, checkRow(rows[i], n, i) * row, data, i * row, row);
        }
        return new Tensor(out, null, data);
    }

    /** Rows {@code from <= i < to} along the first axis (a copy). */
    public Tensor rowRange(int from, int to) {
        if (shape.rank() == 0 || from < 0 || to < from || to > shape.dim(0)) {
            throw new IllegalArgumentException("rowRange: needs 0 <= from <= to <= rows, got from " + from + " and to "
                    + to + " for shape " + shape);
        }
        int[] rows = new int[to - from];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = from + i;
        }
        return takeRows(rows);
    }

    private static int checkRow(int r, int n, int position) {
        if (r < 0 || r >= n) {
            throw new IndexOutOfBoundsException("takeRows: row must be in [0, " + n + "), got " + r + " at position "
                    + position);
        }
        return r;
    }

    /** The elements converted to {@code dtype} (rounded to nearest when narrowing). */
    public Tensor cast(DType dtype) {
        Objects.requireNonNull(dtype, "dtype is null");
        if (dtype == dtype()) {
            return this;
        }
        return adopt(dtype, shape, toDoubleArray());
    }

    // ---------------------------------------------------------------- comparison

    /**
     * True when shapes are equal and every pair of elements satisfies {@code |a - b| <= atol + rtol * |b|}
     * (NumPy's rule, with {@code other} as the reference); NaNs are equal to NaNs, infinities to equal
     * infinities.
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        Objects.requireNonNull(other, "other is null");
        if (!shape.equals(other.shape)) {
            return false;
        }
        for (int i = 0; i < size(); i++) {
            double a = flat(i);
            double b = other.flat(i);
            if (Double.isNaN(a) || Double.isNaN(b)) {
                if (!(Double.isNaN(a) && Double.isNaN(b))) {
                    return false;
                }
            } else if (Double.isInfinite(a) || Double.isInfinite(b)) {
                if (a != b) {
                    return false;
                }
            } else if (Math.abs(a - b) > atol + rtol * Math.abs(b)) {
                return false;
            }
        }
        return true;
    }

    /** True when dtype, shape and every element's bits are equal. */
    public boolean sameValues(Tensor other) {
        Objects.requireNonNull(other, "other is null");
        return dtype() == other.dtype() && shape.equals(other.shape)
                && (f64 != null ? Arrays.equals(f64, other.f64) : Arrays.equals(f32, other.f32));
    }

    // ---------------------------------------------------------------- printing

    /**
     * {@code f64[2, 3] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}; along each axis at most six entries are shown,
     * the first three and last three with {@code ...} between. When even that would show more than
     * 1,000 numbers (many short axes), only the element count is printed:
     * {@code f32[2, 2, ..., 2] <1048576 elements>}.
     */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(dtype().shortName()).append(shape).append(' ');
        int rank = shape.rank();
        if (rank == 0) {
            return sb.append(format(flat(0))).toString();
        }
        long shown = 1;
        for (int a = 0; a < rank && shown <= PRINT_TOTAL; a++) {
            shown *= Math.min(shape.dim(a), PRINT_LIMIT);
        }
        if (shown > PRINT_TOTAL) {
            return sb.append('<').append(size()).append(" elements>").toString();
        }
        int[] dims = shape.dims();
        int[] strides = shape.strides();
        int[] index = new int[rank];
        int axis = 0;
        sb.append('[');
        while (axis >= 0) {
            if (index[axis] == dims[axis]) {
                sb.append(']');
                axis--;
                if (axis >= 0) {
                    advance(sb, index, axis, dims[axis]);
                }
            } else if (axis == rank - 1) {
                int offset = 0;
                for (int a = 0; a < rank; a++) {
                    offset += index[a] * strides[a];
                }
                sb.append(format(flat(offset)));
                advance(sb, index, axis, dims[axis]);
            } else {
                axis++;
                index[axis] = 0;
                sb.append('[');
            }
        }
        return sb.toString();
    }

    /** Moves to the next shown entry of {@code axis}, writing the separator and any {@code ...} before it. */
    private static void advance(StringBuilder sb, int[] index, int axis, int n) {
        index[axis]++;
        if (index[axis] < n) {
            sb.append(", ");
            if (n > PRINT_LIMIT && index[axis] == PRINT_LIMIT / 2) {
                sb.append("..., ");
                index[axis] = n - PRINT_LIMIT / 2;
            }
        }
    }

    private String format(double v) {
        return dtype() == DType.FLOAT32 ? Float.toString((float) v) : Double.toString(v);
    }
}
