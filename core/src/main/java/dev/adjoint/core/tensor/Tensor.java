package dev.adjoint.core.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, dense, row-major array of numbers with a concrete {@link Shape} and a {@link DType}.
 *
 * <p>Tensors are values: no method changes one, factories copy the caller's arrays, and accessors return
 * copies, so a tensor bound to a graph can never be changed behind its back. Element {@code (i0, ..., ik)}
 * lives at flat index {@code sum_j i_j * stride_j} with row-major strides. Each dtype has its natural storage
 * ({@code double[]}, {@code float[]}, {@code long[]}, {@code int[]}, {@code boolean[]}); the accessors read any
 * of them as doubles ({@link #flat}, exact except for int64 values beyond 2^53, which round to nearest) and
 * integer or bool tensors exactly as longs ({@link #flatLong}).
 *
 * <p>Equality is by identity (tensors can be large); compare values with {@link #allClose(Tensor, double,
 * double)} or {@link #sameValues(Tensor)}.
 */
public final class Tensor {

    private final Shape shape;
    private final int size;
    private final DType dtype;
    /** The elements: a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} or {@code boolean[]}. */
    final Object data;

    Tensor(Shape shape, Object data) {
        this.shape = shape;
        this.data = data;
        this.dtype = Conversions.dtypeOf(data);
        this.size = Conversions.length(data);
        if (size != shape.size()) {
            throw new IllegalArgumentException("tensor: data length must equal the shape's element count, got "
                    + size + " for shape " + shape);
        }
    }

    static Tensor adopt(DType dtype, Shape shape, double[] data) {
        if (!dtype.isFloating()) {
            throw new IllegalStateException("tensor: doubles are adopted as " + dtype.shortName() + " only through"
                    + " a conversion, got a kernel adopting them directly");
        }
        return new Tensor(shape, Conversions.fromDoubles(dtype, data, "tensor"));
    }

    private static Shape concrete(Shape shape, String op) {
        Objects.requireNonNull(shape, "shape is null");
        if (!shape.isConcrete()) {
            throw new IllegalArgumentException(op + ": a tensor needs a concrete shape, got " + shape);
        }
        return shape;
    }

    // ---------------------------------------------------------------- factories

    /**
     * A tensor of the given dtype and shape whose elements are the flat, row-major {@code data} (copied),
     * rounded to nearest for FLOAT32. For FLOAT32 a finite value must not round to an infinity
     * ({@link DType#overflows}: 1e300 is an error, not {@code Infinity}; NaN and the infinities given as such
     * are kept); for an integer dtype each value must be an integer in its range, for BOOL 0 or 1 (use
     * {@link #ofLongs} for int64 values beyond 2^53).
     *
     * @throws IllegalArgumentException naming the first value that the dtype cannot hold, and its index
     */
    public static Tensor of(DType dtype, Shape shape, double... data) {
        return of(dtype, shape, data, "tensor");
    }

    private static Tensor of(DType dtype, Shape shape, double[] data, String op) {
        Objects.requireNonNull(dtype, "dtype is null");
        Objects.requireNonNull(data, "data is null");
        concrete(shape, op);
        requireLength(data.length, shape);
        for (int i = 0; i < data.length; i++) {
            requireNoOverflow(dtype, data[i], op, " at index " + i);
        }
        return new Tensor(shape, Conversions.fromDoubles(dtype, dtype == DType.FLOAT64 ? data.clone() : data, op));
    }

    /**
     * Checks that the finite {@code value} does not round to an infinity in {@code dtype}, as a tensor made from
     * values must (a kernel's result, which may overflow, is adopted without this check).
     *
     * @throws IllegalArgumentException naming {@code op}, the value, {@code where} it is and the dtype's range
     */
    private static void requireNoOverflow(DType dtype, double value, String op, String where) {
        if (dtype.overflows(value)) {
            throw new IllegalArgumentException(op + ": a finite " + dtype.shortName() + " element must lie within "
                    + dtype.shortName() + "'s range [-" + (double) Float.MAX_VALUE + ", " + (double) Float.MAX_VALUE
                    + "], got " + value + where + ", which rounds to " + (value > 0 ? "" : "-") + "Infinity; scale"
                    + " the values, use FLOAT64, or give an infinity explicitly");
        }
    }

    /** A float64 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor of(Shape shape, double... data) {
        return of(DType.FLOAT64, shape, data);
    }

    /** A float32 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor of(Shape shape, float[] data) {
        Objects.requireNonNull(data, "data is null");
        return copyOf(shape, data, data.length);
    }

    /** An int64 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor ofLongs(Shape shape, long... data) {
        Objects.requireNonNull(data, "data is null");
        return copyOf(shape, data, data.length);
    }

    /** An int32 tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor ofInts(Shape shape, int... data) {
        Objects.requireNonNull(data, "data is null");
        return copyOf(shape, data, data.length);
    }

    /** A bool tensor of the given shape from flat, row-major {@code data} (copied). */
    public static Tensor ofBooleans(Shape shape, boolean... data) {
        Objects.requireNonNull(data, "data is null");
        return copyOf(shape, data, data.length);
    }

    private static Tensor copyOf(Shape shape, Object data, int length) {
        concrete(shape, "tensor");
        requireLength(length, shape);
        Object copy = Conversions.allocate(Conversions.dtypeOf(data), length);
        System.arraycopy(data, 0, copy, 0, length);
        return new Tensor(shape, copy);
    }

    private static void requireLength(int length, Shape shape) {
        if (length != shape.size()) {
            throw new IllegalArgumentException("tensor: data length must equal the shape's element count, got "
                    + length + " for shape " + shape);
        }
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
        if ((long) rows.length * cols > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("matrix: the element count must be at most " + Shape.MAX_SIZE
                    + ", got " + rows.length + " rows of " + cols + " (" + (long) rows.length * cols + "); split it");
        }
        Shape shape = Shape.of(rows.length, cols);
        double[] flat = new double[shape.size()];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return adopt(DType.FLOAT64, shape, flat);
    }

    /** A rank-0 tensor, held as {@link #of(DType, Shape, double...)} holds values (1e300 is no FLOAT32). */
    public static Tensor scalar(DType dtype, double value) {
        return of(dtype, Shape.scalar(), new double[] {value}, "scalar");
    }

    /** A rank-0 float64 tensor. */
    public static Tensor scalar(double value) {
        return scalar(DType.FLOAT64, value);
    }

    /**
     * The key tensor for {@code key}: an INT64 scalar holding {@link Key#tensorValue()}, an integer in
     * {@code [0, 2^53)}, the value a rank-0 key input of the random ops expects ({@code RandomOp.uniform}).
     */
    public static Tensor key(Key key) {
        Objects.requireNonNull(key, "key: key is null");
        return ofLongs(Shape.scalar(), key.tensorValue());
    }

    /**
     * Every element equal to {@code value}, which the dtype must hold: rounded to nearest for FLOAT32 unless a
     * finite value would round to an infinity ({@link DType#overflows}); an integer in range for INT32 and
     * INT64; 0 or 1 for BOOL.
     *
     * @throws IllegalArgumentException naming the value the dtype cannot hold
     */
    public static Tensor full(DType dtype, Shape shape, double value) {
        Objects.requireNonNull(dtype, "dtype is null");
        int size = concrete(shape, "full").size();
        requireNoOverflow(dtype, value, "full", "");
        return new Tensor(shape, Conversions.filled(dtype, size, value, "full"));
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

    /**
     * The vector {@code [0, 1, ..., n-1]} in int64, as NumPy's {@code arange(n)} and PyTorch's, and as
     * {@link #arange(long, long, long)}; {@code arange(DType.FLOAT64, 0, n, 1)} gives it in float64.
     *
     * @throws IllegalArgumentException if {@code n < 0} (NumPy gives an empty array, PyTorch an error)
     */
    public static Tensor arange(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("arange: n must be >= 0, got " + n);
        }
        return arange(0, n, 1);
    }

    /**
     * NumPy's {@code arange(start, stop, step)} in int64 (PyTorch's for integer arguments): {@code start + i·step}
     * for {@code i = 0, ..., ceil((stop - start) / step) - 1}, so stop itself is never reached; none when stop
     * lies on the other side of start than step points (NumPy gives an empty array there, PyTorch an error).
     * Exact integer arithmetic: {@code arange(10, 0, -3) = [10, 7, 4, 1]}.
     *
     * @throws IllegalArgumentException when step is 0 or there would be more than {@link Shape#MAX_SIZE} elements
     */
    public static Tensor arange(long start, long stop, long step) {
        if (step == 0) {
            throw new IllegalArgumentException("arange: step must not be 0, got start " + start + ", stop " + stop);
        }
        java.math.BigInteger[] qr = java.math.BigInteger.valueOf(stop).subtract(java.math.BigInteger.valueOf(start))
                .divideAndRemainder(java.math.BigInteger.valueOf(step));
        // ceil((stop - start) / step) from the truncated quotient: one more when the remainder points the step's way
        java.math.BigInteger steps = qr[1].signum() != 0 && qr[1].signum() == Long.signum(step)
                ? qr[0].add(java.math.BigInteger.ONE) : qr[0];
        long count = steps.signum() <= 0 ? 0 : steps.bitLength() > 31 ? Long.MAX_VALUE : steps.longValue();
        if (count > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("arange: at most " + Shape.MAX_SIZE + " elements, got start "
                    + start + ", stop " + stop + ", step " + step);
        }
        long[] data = new long[(int) count];
        for (int i = 0; i < data.length; i++) {
            data[i] = start + i * step; // between start and stop, so never overflowing
        }
        return ofLongs(Shape.of(data.length), data);
    }

    /**
     * NumPy's {@code arange(start, stop, step, dtype)}: {@code ceil((stop - start) / step)} elements (none when
     * that is not positive), stop excluded. Floating: NumPy's values {@code s + i·δ} with {@code s} the start and
     * {@code δ = (start + step) - s} in the dtype, computed in the dtype's arithmetic as NumPy fills them
     * (PyTorch's last bits differ, and depend on its CPU's vector width). Integer dtypes need integer arguments and
     * give {@link #arange(long, long, long)}'s values.
     *
     * @throws IllegalArgumentException for a zero or non-finite argument, BOOL, non-integers with an integer
     *     dtype, values the dtype cannot hold, or more than {@link Shape#MAX_SIZE} elements
     */
    public static Tensor arange(DType dtype, double start, double stop, double step) {
        Objects.requireNonNull(dtype, "dtype is null");
        String args = "start " + start + ", stop " + stop + ", step " + step;
        if (!Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step) || step == 0
                || dtype == DType.BOOL) {
            throw new IllegalArgumentException("arange: start, stop and step must be finite and step not 0, in a"
                    + " numeric dtype, got " + args + " in " + dtype.shortName());
        }
        if (dtype.isInteger()) {
            if (Math.rint(start) != start || Math.rint(stop) != stop || Math.rint(step) != step
                    || Math.abs(start) >= 0x1p63 || Math.abs(stop) >= 0x1p63 || Math.abs(step) >= 0x1p63) {
                throw new IllegalArgumentException("arange: an integer dtype needs integer start, stop and step"
                        + " within int64, got " + args + " in " + dtype.shortName());
            }
            Tensor longs = arange((long) start, (long) stop, (long) step);
            return dtype == DType.INT64 ? longs : of(dtype, longs.shape(), longs.toDoubleArray(), "arange");
        }
        double count = Math.ceil((stop - start) / step);
        if (count > Shape.MAX_SIZE) {
            throw new IllegalArgumentException("arange: at most " + Shape.MAX_SIZE + " elements, got " + args);
        }
        double[] data = new double[(int) Math.max(0, count)];
        double delta = (start + step) - start;
        float start32 = (float) start;
        float delta32 = (float) (start + step) - start32;
        for (int i = 0; i < data.length; i++) {
            data[i] = dtype == DType.FLOAT32 ? start32 + i * delta32 : start + i * delta;
        }
        return of(dtype, Shape.of(data.length), data, "arange");
    }

    /**
     * NumPy's {@code linspace(start, end, steps)}: {@code steps} values evenly spaced from start to end, both
     * included, {@code y_i = start + i·(end - start) / (steps - 1)} computed in float64 with the last set to end
     * exactly, then rounded once to the dtype; one step gives {@code [start]}, none an empty vector. (PyTorch's
     * CPU kernel fills the second half backwards from end, so its last bits differ in places.)
     *
     * @throws IllegalArgumentException for a negative count, non-finite bounds or spacing, or a non-floating dtype
     */
    public static Tensor linspace(double start, double end, int steps, DType dtype) {
        requireFloating(dtype, "linspace");
        double delta = end - start;
        if (steps < 0 || !Double.isFinite(delta)) {
            throw new IllegalArgumentException("linspace: steps must be >= 0 and start, end and end - start finite,"
                    + " got start " + start + ", end " + end + ", steps " + steps);
        }
        double[] data = new double[steps];
        double step = steps > 1 ? delta / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            data[i] = step == 0 && delta != 0 && steps > 1 ? i / (double) (steps - 1) * delta + start
                    : i * step + start;
        }
        if (steps > 1) {
            data[steps - 1] = end;
        }
        return of(dtype, Shape.of(steps), data, "linspace");
    }

    /**
     * Independent uniform samples in {@code [low, high)} determined by {@code key}.
     *
     * @throws IllegalArgumentException unless {@code low < high}, both are finite in {@code dtype} and the
     *     width {@code high - low} is a finite double
     */
    public static Tensor uniform(Key key, DType dtype, Shape shape, double low, double high) {
        Objects.requireNonNull(key, "key is null");
        requireFloating(dtype, "uniform");
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
        requireFloating(dtype, "normal");
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

    private static void requireFloating(DType dtype, String op) {
        Objects.requireNonNull(dtype, "dtype is null");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException(op + ": dtype must be floating-point (f32 or f64), got "
                    + dtype.shortName() + "; draw floats and cast them");
        }
    }

    // ---------------------------------------------------------------- accessors

    /** The shape (always concrete). */
    public Shape shape() {
        return shape;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.rank();
    }

    /**
     * The element at flat row-major index {@code i}, as a double: exact for the float dtypes, int32 and bool (1
     * or 0); an int64 beyond 2^53 is rounded to nearest (read it with {@link #flatLong}).
     */
    public double flat(int i) {
        return Conversions.toDouble(data, checkFlat(i, "flat"));
    }

    /**
     * The element at flat row-major index {@code i} of an integer or bool tensor, exactly (a bool as 1 or 0).
     *
     * @throws IllegalStateException for a float tensor, whose elements are read with {@link #flat}
     */
    public long flatLong(int i) {
        requireExact("flatLong");
        return Conversions.toLong(data, checkFlat(i, "flatLong"));
    }

    private int checkFlat(int i, String op) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException(op + ": index must be in [0, " + size() + "), got " + i);
        }
        return i;
    }

    /** The element at the given multi-index, as a double (see {@link #flat}). */
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

    /** The only element of a one-element tensor, as a double (see {@link #flat}). */
    public double item() {
        return flat(checkItem("item"));
    }

    /** The only element of a one-element integer or bool tensor, exactly (see {@link #flatLong}). */
    public long itemLong() {
        return flatLong(checkItem("itemLong"));
    }

    private int checkItem(String op) {
        if (size() != 1) {
            throw new IllegalStateException(op + ": tensor must have exactly one element, got shape " + shape);
        }
        return 0;
    }

    /** A copy of the elements as doubles, row-major (see {@link #flat}). */
    public double[] toDoubleArray() {
        return (double[]) converted(DType.FLOAT64);
    }

    /** A copy of the elements as floats (rounded to nearest where float32 cannot hold them), row-major. */
    public float[] toFloatArray() {
        return (float[]) converted(DType.FLOAT32);
    }

    /** A copy of the elements of an integer or bool tensor as longs, exactly, row-major. */
    public long[] toLongArray() {
        requireExact("toLongArray");
        return (long[]) converted(DType.INT64);
    }

    /** A copy of the elements of an integer or bool tensor as ints (an int64 wraps, as {@link #cast}), row-major. */
    public int[] toIntArray() {
        requireExact("toIntArray");
        return (int[]) converted(DType.INT32);
    }

    /** A copy of the elements as truth values, {@code x != 0}, row-major. */
    public boolean[] toBooleanArray() {
        return (boolean[]) converted(DType.BOOL);
    }

    private void requireExact(String op) {
        if (dtype.isFloating()) {
            throw new IllegalStateException(op + ": tensor must have an integer or bool dtype, got "
                    + dtype.shortName() + "; read floats as doubles, or cast first, which truncates");
        }
    }

    private Object converted(DType to) {
        Object out = Conversions.allocate(to, size());
        Conversions.convert(data, out, shape);
        return out;
    }

    /** The same elements with another shape of equal element count (shares no mutable state). */
    public Tensor reshape(Shape newShape) {
        concrete(newShape, "reshape");
        if (newShape.size() != size()) {
            throw new IllegalArgumentException("reshape: element count must be preserved, got " + shape
                    + " (" + size() + " elements) and " + newShape + " (" + newShape.size() + " elements)");
        }
        return new Tensor(newShape, data);
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
        Object out = Conversions.allocate(dtype, rows.length * row);
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(data, checkRow(rows[i], n, i) * row, out, i * row, row);
        }
        return new Tensor(shape.with(0, rows.length), out);
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

    /**
     * The elements converted to {@code dtype}; the tensor itself when it has that dtype. Float to float and
     * integer to float round to nearest; float to integer truncates toward zero (as C and NumPy's
     * {@code astype}); int64 to int32 keeps the low 32 bits (wraps); to bool is {@code x != 0} (NaN is true);
     * bool is 1 or 0.
     *
     * @throws ArithmeticException naming the element when a float is NaN, infinite or, truncated, outside the
     *     integer dtype's range (NumPy's result is platform-dependent there; an error is the defined result)
     */
    public Tensor cast(DType dtype) {
        Objects.requireNonNull(dtype, "dtype is null");
        return dtype == this.dtype ? this : new Tensor(shape, converted(dtype));
    }

    // ---------------------------------------------------------------- comparison

    /**
     * True when shapes are equal and every pair of elements satisfies {@code |a - b| <= atol + rtol * |b|}
     * (NumPy's rule, with {@code other} as the reference); NaNs are equal to NaNs, infinities to equal
     * infinities. Elements are compared as doubles, except that two integer elements that are equal as longs
     * always agree.
     *
     * @throws IllegalArgumentException when a tolerance is negative or NaN
     */
    public boolean allClose(Tensor other, double rtol, double atol) {
        Objects.requireNonNull(other, "other is null");
        if (!(rtol >= 0) || !(atol >= 0)) { // NaN compares false: a NaN tolerance would accept anything
            throw new IllegalArgumentException("allClose: tolerances must be >= 0 (not NaN), got rtol " + rtol
                    + " and atol " + atol);
        }
        if (!shape.equals(other.shape)) {
            return false;
        }
        boolean integers = !dtype.isFloating() && !other.dtype.isFloating();
        for (int i = 0; i < size(); i++) {
            if (integers && flatLong(i) == other.flatLong(i)) {
                continue;
            }
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
        return dtype == other.dtype && shape.equals(other.shape) && Conversions.sameBits(data, other.data);
    }

    /**
     * {@code f64[2, 3] [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]}, {@code i64[2] [3, 7]}, {@code bool[2] [true, false]};
     * along each axis at most six entries are shown, the first three and last three with {@code ...} between.
     * When even that would show more than 1,000 numbers (many short axes), only the element count is printed:
     * {@code f32[2, 2, ..., 2] <1048576 elements>}.
     */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}
