package dev.adjoint.core.kernel;

/**
 * Elementwise loops over ranges of primitive arrays, the building blocks of the tensor-level kernels: the
 * operation {@code y[yo + i] = f(a[ao + i], b[bo + i])} for {@code 0 <= i < len}, in the array's own
 * precision. Every operation here is exactly rounded in its precision (IEEE 754 add, subtract, multiply,
 * divide, square root, max, min, negate, compare), so the scalar and vector implementations give
 * bit-identical results, and the float32 results equal the reference "compute in double, round once".
 */
interface ArrayOps {

    /** Binary operation codes. */
    int ADD = 0;
    int SUB = 1;
    int MUL = 2;
    int DIV = 3;
    int MAX = 4;
    int MIN = 5;
    /** {@code a > b ? 1 : 0}. */
    int GT = 6;

    /** Unary operation codes. */
    int NEG = 0;
    int RELU = 1;
    int SQRT = 2;
    int ABS = 3;

    /** {@code y = a op b} elementwise. */
    void binary(int op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int len);

    /** {@code y = a op b} elementwise. */
    void binary(int op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int len);

    /** {@code y = a op s} for a scalar {@code s}. */
    void binaryScalar(int op, float[] a, int ao, float s, float[] y, int yo, int len);

    /** {@code y = a op s} for a scalar {@code s}. */
    void binaryScalar(int op, double[] a, int ao, double s, double[] y, int yo, int len);

    /** {@code y = s op b} for a scalar {@code s}. */
    void scalarBinary(int op, float s, float[] b, int bo, float[] y, int yo, int len);

    /** {@code y = s op b} for a scalar {@code s}. */
    void scalarBinary(int op, double s, double[] b, int bo, double[] y, int yo, int len);

    /** {@code y = f(x)} for the unary codes. */
    void unary(int op, float[] x, int xo, float[] y, int yo, int len);

    /** {@code y = f(x)} for the unary codes. */
    void unary(int op, double[] x, int xo, double[] y, int yo, int len);

    /**
     * {@code y[yo + j] += x[xo + t·len + j]} for t in {@code [0, rows)} ascending and j in {@code [0, len)}: rows
     * added one after another, each element one rounding per row in the arrays' precision, as {@code rows} calls
     * of {@link #binary} with {@link #ADD} would.
     */
    default void addRows(float[] x, int xo, int rows, float[] y, int yo, int len) {
        addRows(x, xo, len, rows, y, yo, len);
    }

    /** {@link #addRows(float[], int, int, float[], int, int)} in float64. */
    default void addRows(double[] x, int xo, int rows, double[] y, int yo, int len) {
        addRows(x, xo, len, rows, y, yo, len);
    }

    /**
     * {@link #addRows(float[], int, int, float[], int, int)} over rows {@code ld} apart: {@code y[yo + j] +=
     * x[xo + t·ld + j]}, the same additions in the same order (a range of a wider matrix's columns).
     */
    void addRows(float[] x, int xo, int ld, int rows, float[] y, int yo, int len);

    /** {@link #addRows(float[], int, int, int, float[], int, int)} in float64. */
    void addRows(double[] x, int xo, int ld, int rows, double[] y, int yo, int len);

    /** {@code sum x[xo .. xo+len)} accumulated in double, in a fixed order for a given {@code len}. */
    double sum(float[] x, int xo, int len);

    /** {@code sum x[xo .. xo+len)} in a fixed order for a given {@code len}. */
    double sum(double[] x, int xo, int len);
}
