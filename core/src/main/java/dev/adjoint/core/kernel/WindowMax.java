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

    /** The step in plain Java, without branches on the data (comparisons of random values mispredict). */
    WindowMax SCALAR = new WindowMax() {
        @Override
        public void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c) {
            for (int ch = 0; ch < c; ch++) {
                float v = x[xo + ch];
                float b = best[ch];
                boolean take = v > b | (v != v & b == b);
                best[ch] = take ? v : b;
                arg[ch] = take ? cell + ch : arg[ch];
            }
        }

        @Override
        public void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c) {
            for (int ch = 0; ch < c; ch++) {
                double v = x[xo + ch];
                double b = best[ch];
                boolean take = v > b | (v != v & b == b);
                best[ch] = take ? v : b;
                arg[ch] = take ? cell + ch : arg[ch];
            }
        }
    };
}
