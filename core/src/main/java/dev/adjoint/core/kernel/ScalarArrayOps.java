package dev.adjoint.core.kernel;

/**
 * The portable {@link ArrayOps}: plain loops. Sums use eight interleaved partial sums (lane {@code i mod 8}),
 * combined pairwise, the same order the vector implementation uses, so both give identical sums for 8-lane
 * double vectors and sums within rounding of each other otherwise.
 */
final class ScalarArrayOps implements ArrayOps {

    static float apply(int op, float a, float b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            // through float64: the same bits (see SubnormalSafeFloats), without the slow path for subnormals
            case MUL: return (float) ((double) a * b);
            case DIV: return (float) ((double) a / b);
            case MAX: return Math.max(a, b);
            case MIN: return Math.min(a, b);
            case GT: return a > b ? 1f : 0f;
            default: throw new IllegalArgumentException("binary: unknown op code " + op);
        }
    }

    static double apply(int op, double a, double b) {
        switch (op) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case MAX: return Math.max(a, b);
            case MIN: return Math.min(a, b);
            case GT: return a > b ? 1.0 : 0.0;
            default: throw new IllegalArgumentException("binary: unknown op code " + op);
        }
    }

    static float apply(int op, float x) {
        switch (op) {
            case NEG: return -x;
            case RELU: return x < 0 ? 0f : x; // -0.0 and NaN stay themselves, as in PyTorch
            case SQRT: return (float) Math.sqrt(x);
            case ABS: return Math.abs(x);
            default: throw new IllegalArgumentException("unary: unknown op code " + op);
        }
    }

    static double apply(int op, double x) {
        switch (op) {
            case NEG: return -x;
            case RELU: return x < 0 ? 0.0 : x; // -0.0 and NaN stay themselves, as in PyTorch
            case SQRT: return Math.sqrt(x);
            case ABS: return Math.abs(x);
            default: throw new IllegalArgumentException("unary: unknown op code " + op);
        }
    }

    @Override
    public void binary(int op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void binary(int op, double[] a, int ao, double[] b, int bo, double[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, a[ao + i], b[bo + i]);
        }
    }

    @Override
    public void binaryScalar(int op, float[] a, int ao, float s, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, a[ao + i], s);
        }
    }

    @Override
    public void binaryScalar(int op, double[] a, int ao, double s, double[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, a[ao + i], s);
        }
    }

    @Override
    public void scalarBinary(int op, float s, float[] b, int bo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, s, b[bo + i]);
        }
    }

    @Override
    public void scalarBinary(int op, double s, double[] b, int bo, double[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, s, b[bo + i]);
        }
    }

    @Override
    public void unary(int op, float[] x, int xo, float[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, x[xo + i]);
        }
    }

    @Override
    public void unary(int op, double[] x, int xo, double[] y, int yo, int len) {
        for (int i = 0; i < len; i++) {
            y[yo + i] = apply(op, x[xo + i]);
        }
    }

    @Override
    public void addRows(float[] x, int xo, int ld, int rows, float[] y, int yo, int len) {
        for (int t = 0; t < rows; t++) {
            int at = xo + t * ld;
            for (int j = 0; j < len; j++) {
                y[yo + j] += x[at + j];
            }
        }
    }

    @Override
    public void addRows(double[] x, int xo, int ld, int rows, double[] y, int yo, int len) {
        for (int t = 0; t < rows; t++) {
            int at = xo + t * ld;
            for (int j = 0; j < len; j++) {
                y[yo + j] += x[at + j];
            }
        }
    }

    @Override
    public double sum(float[] x, int xo, int len) {
        double[] lanes = new double[8];
        for (int i = 0; i < len; i++) {
            lanes[i & 7] += x[xo + i];
        }
        return combine(lanes);
    }

    @Override
    public double sum(double[] x, int xo, int len) {
        double[] lanes = new double[8];
        for (int i = 0; i < len; i++) {
            lanes[i & 7] += x[xo + i];
        }
        return combine(lanes);
    }

    static double combine(double[] lanes) {
        return ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
    }
}
