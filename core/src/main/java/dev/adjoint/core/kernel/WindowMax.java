package dev.adjoint.core.kernel;

/**
 * Max pooling's search for the maximum of a window, per channel: the vector version ({@link VectorWindowMax},
 * loaded reflectively by {@link Kernels}) or {@link #SCALAR}; both give the same bits.
 *
 * <p>The rule: a window's cells are visited in row-major order, the first cell is the best so far, and a cell
 * holding v replaces the best b when {@code v > b}, or v is NaN and b is not. So the search ends at the first
 * maximum, or the first NaN; equal values (+0.0 and -0.0 included) keep the earlier cell.
 * <ul>
 *   <li>{@code challenge}: one step of that search over a run of channels, for windows of any shape. Per channel
 *       {@code ch < c}: with {@code v = x[xo + ch]}, when v replaces {@code best[ch]}, then {@code best[ch] = v}
 *       and {@code arg[ch] = cell + ch}. Offsets are carried in the element type (exact below 2^24 in float),
 *       so that the search is one compare and two blends per lane;</li>
 *   <li>{@code maxRow}, {@code pickRow}, {@code scatterRow}: the whole search over a row of windows that tile
 *       the input ({@link TiledMaxPool}), each window's taps read straight from x and its winner kept in
 *       registers, with the winner's value, the value of u there, or the gradient written out directly.</li>
 * </ul>
 */
interface WindowMax {

    /** The per-channel step on floats. */
    void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c);

    /** The per-channel step on doubles. */
    void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c);

    /**
     * Max pooling of one row of {@code windows} windows of {@code k0 × k1} cells, channels last: window q's tap
     * {@code (t0, t1)} is {@code x[xo + t0·row + (q·k1 + t1)·c + ch]}, and
     * {@code y[yo + q·c + ch] = x} at the window's first maximum (see the class comment).
     */
    void maxRow(float[] x, int xo, int row, int k0, int k1, int windows, int c, float[] y, int yo);

    /** {@link #maxRow(float[], int, int, int, int, int, int, float[], int)} on doubles. */
    void maxRow(double[] x, int xo, int row, int k0, int k1, int windows, int c, double[] y, int yo);

    /**
     * Like {@link #maxRow(float[], int, int, int, int, int, int, float[], int) maxRow}, but
     * {@code y[yo + q·c + ch] = u} at the position of x's first maximum, u laid out as x.
     */
    void pickRow(float[] x, float[] u, int xo, int row, int k0, int k1, int windows, int c, float[] y, int yo);

    /** {@link #pickRow(float[], float[], int, int, int, int, int, int, float[], int)} on doubles. */
    void pickRow(double[] x, double[] u, int xo, int row, int k0, int k1, int windows, int c, double[] y, int yo);

    /**
     * The adjoint of {@code pickRow} over the windows' cells: with the windows of
     * {@link #maxRow(float[], int, int, int, int, int, int, float[], int) maxRow}, every cell of every window of
     * z (laid out as x) is written once, {@code 0 + g[go + q·c + ch]} at the window's first maximum (as a
     * zero-filled z with g added: -0.0 becomes +0.0) and {@code +0.0} at its other cells. When {@code rectified},
     * the value at the maximum is {@code (0 + g) · [max > 0]} (the factor 1 or 0, so -0.0 for a negative g over a
     * maximum that is not positive): the product a ReLU's gradient mask {@code [x > 0]} makes with the scatter.
     */
    void scatterRow(float[] x, float[] g, int xo, int row, int k0, int k1, int windows, int c, float[] z, int go,
            boolean rectified);

    /** {@link #scatterRow(float[], float[], int, int, int, int, int, int, float[], int, boolean)} on doubles. */
    void scatterRow(double[] x, double[] g, int xo, int row, int k0, int k1, int windows, int c, double[] z,
            int go, boolean rectified);

    /** The step and the rows in plain Java. */
    WindowMax SCALAR = new WindowMax() {
        @Override
        public void challenge(float[] x, int xo, float[] best, float[] arg, int cell, int c) {
            scalar(x, xo, best, arg, cell, 0, c);
        }

        @Override
        public void challenge(double[] x, int xo, double[] best, double[] arg, int cell, int c) {
            scalar(x, xo, best, arg, cell, 0, c);
        }

        @Override
        public void maxRow(float[] x, int xo, int row, int k0, int k1, int windows, int c, float[] y, int yo) {
            for (int q = 0; q < windows; q++) {
                pickCells(x, x, xo + q * k1 * c, row, k0, k1, c, 0, y, yo + q * c);
            }
        }

        @Override
        public void maxRow(double[] x, int xo, int row, int k0, int k1, int windows, int c, double[] y, int yo) {
            for (int q = 0; q < windows; q++) {
                pickCells(x, x, xo + q * k1 * c, row, k0, k1, c, 0, y, yo + q * c);
            }
        }

        @Override
        public void pickRow(float[] x, float[] u, int xo, int row, int k0, int k1, int windows, int c, float[] y,
                int yo) {
            for (int q = 0; q < windows; q++) {
                pickCells(x, u, xo + q * k1 * c, row, k0, k1, c, 0, y, yo + q * c);
            }
        }

        @Override
        public void pickRow(double[] x, double[] u, int xo, int row, int k0, int k1, int windows, int c,
                double[] y, int yo) {
            for (int q = 0; q < windows; q++) {
                pickCells(x, u, xo + q * k1 * c, row, k0, k1, c, 0, y, yo + q * c);
            }
        }

        @Override
        public void scatterRow(float[] x, float[] g, int xo, int row, int k0, int k1, int windows, int c,
                float[] z, int go, boolean rectified) {
            for (int q = 0; q < windows; q++) {
                scatterCells(x, g, xo + q * k1 * c, row, k0, k1, c, 0, z, go + q * c, rectified);
            }
        }

        @Override
        public void scatterRow(double[] x, double[] g, int xo, int row, int k0, int k1, int windows, int c,
                double[] z, int go, boolean rectified) {
            for (int q = 0; q < windows; q++) {
                scatterCells(x, g, xo + q * k1 * c, row, k0, k1, c, 0, z, go + q * c, rectified);
            }
        }
    };

    /**
     * The cell of x's first maximum (NaN first) in the window at {@code w}, channel {@code ch}: taps
     * {@code (t0, t1)} at {@code w + t0·row + t1·c + ch}, in row order, without branches on the data.
     */
    static int firstMaxCell(float[] x, int w, int row, int k0, int k1, int c, int ch) {
        int at = w + ch;
        float b = x[at];
        for (int t0 = 0; t0 < k0; t0++) {
            for (int t1 = 0, cell = w + t0 * row + ch; t1 < k1; t1++, cell += c) {
                float v = x[cell];
                boolean take = v > b | (v != v & b == b);
                b = take ? v : b;
                at = take ? cell : at;
            }
        }
        return at;
    }

    /** {@link #firstMaxCell(float[], int, int, int, int, int, int)} on doubles. */
    static int firstMaxCell(double[] x, int w, int row, int k0, int k1, int c, int ch) {
        int at = w + ch;
        double b = x[at];
        for (int t0 = 0; t0 < k0; t0++) {
            for (int t1 = 0, cell = w + t0 * row + ch; t1 < k1; t1++, cell += c) {
                double v = x[cell];
                boolean take = v > b | (v != v & b == b);
                b = take ? v : b;
                at = take ? cell : at;
            }
        }
        return at;
    }

    /**
     * One window of {@code pickRow} for channels {@code [from, c)} in plain Java: {@code y[yo + ch] = u} at x's
     * first maximum ({@link #firstMaxCell}).
     */
    static void pickCells(float[] x, float[] u, int w, int row, int k0, int k1, int c, int from, float[] y,
            int yo) {
        for (int ch = from; ch < c; ch++) {
            y[yo + ch] = u[firstMaxCell(x, w, row, k0, k1, c, ch)];
        }
    }

    /** {@link #pickCells(float[], float[], int, int, int, int, int, int, float[], int)} on doubles. */
    static void pickCells(double[] x, double[] u, int w, int row, int k0, int k1, int c, int from, double[] y,
            int yo) {
        for (int ch = from; ch < c; ch++) {
            y[yo + ch] = u[firstMaxCell(x, w, row, k0, k1, c, ch)];
        }
    }

    /**
     * One window of {@code scatterRow} for channels {@code [from, c)} in plain Java: every cell
     * {@code w + t0·row + t1·c + ch} of z gets +0.0, then the first maximum of x gets {@code 0 + g[go + ch]}, times
     * {@code [max > 0]} when {@code rectified}.
     */
    static void scatterCells(float[] x, float[] g, int w, int row, int k0, int k1, int c, int from, float[] z,
            int go, boolean rectified) {
        for (int ch = from; ch < c; ch++) {
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = 0, cell = w + t0 * row + ch; t1 < k1; t1++, cell += c) {
                    z[cell] = 0f;
                }
            }
            int first = firstMaxCell(x, w, row, k0, k1, c, ch);
            float v = 0f + g[go + ch];
            z[first] = rectified ? v * (x[first] > 0f ? 1f : 0f) : v;
        }
    }

    /** {@link #scatterCells(float[], float[], int, int, int, int, int, int, float[], int, boolean)} on doubles. */
    static void scatterCells(double[] x, double[] g, int w, int row, int k0, int k1, int c, int from, double[] z,
            int go, boolean rectified) {
        for (int ch = from; ch < c; ch++) {
            for (int t0 = 0; t0 < k0; t0++) {
                for (int t1 = 0, cell = w + t0 * row + ch; t1 < k1; t1++, cell += c) {
                    z[cell] = 0.0;
                }
            }
            int first = firstMaxCell(x, w, row, k0, k1, c, ch);
            double v = 0.0 + g[go + ch];
            z[first] = rectified ? v * (x[first] > 0.0 ? 1.0 : 0.0) : v;
        }
    }

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
