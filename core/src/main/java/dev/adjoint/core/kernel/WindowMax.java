package dev.adjoint.core.kernel;

/**
 * One step of max pooling's search for the maximum of a window, over a run of channels: the vector version
 * ({@link VectorWindowMax}, loaded reflectively by {@link Kernels}) or {@link #SCALAR}; both give the same
 * values. Per channel {@code ch < c}: with {@code v = x[xo + ch]}, when {@code v > best[ch]}, or v is NaN and
 * {@code best[ch]} is not, then {@code best[ch] = v} and {@code arg[ch] = cell + ch}. Offsets are carried in
 * the element type (exact below 2^24 in float), so that the search is one compare and two blends per lane.
 */
interface WindowMax {

    /** The per-channel step on floats. */
    void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c);

    /** The per-channel step on doubles. */
    void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c);

    /** The step in plain Java. */
    WindowMax SCALAR = new WindowMax() {
        @Override
        public void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c) {
            scalar(x, xo, best, arg, cell, 0, c);
        }

        @Override
        public void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c) {
            scalar(x, xo, best, arg, cell, 0, c);
        }
    };

    /**
     * The step for channels {@code [from, c)} in plain Java, without branches on the data (comparisons of random
     * values mispredict).
     */
    static void scalar(float[] x, int xo, float[] best, float[] arg, int cell, int from, int c) {
        for (int ch = from; ch < c; ch++) {
            float v = x[xo + ch];
            float b = best[ch];
            boolean take = v > b | (v != v & b == b);
            best[ch] = take ? v : b;
            arg[ch] = take ? cell + ch : arg[ch];
        }
    }

    /** {@link #scalar(float[], int, float[], float[], int, int, int)} on doubles. */
    static void scalar(double[] x, int xo, double[] best, double[] arg, int cell, int from, int c) {
        for (int ch = from; ch < c; ch++) {
            double v = x[xo + ch];
            double b = best[ch];
            boolean take = v > b | (v != v & b == b);
            best[ch] = take ? v : b;
            arg[ch] = take ? cell + ch : arg[ch];
        }
    }
}
