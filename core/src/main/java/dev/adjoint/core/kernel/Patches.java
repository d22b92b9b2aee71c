package dev.adjoint.core.kernel;

/**
 * The patch matrix of a sliding window ("im2col"), generalized to {@code d} spatial axes and to both directions
 * of a convolution: row {@code r = (n, p)} holds, for each tap {@code t} of the window in row-major order, the
 * {@code chans} channels of the source at the position the tap reads, or zeros where it reads nothing.
 *
 * <p>Where a tap reads is given per axis by a table {@code source[a][p_a·k_a + t_a]}: the source coordinate,
 * or -1. For a convolution's forward and filter gradient the rows are output positions and the source is the
 * input, {@code i = p·stride - before + t·dilation}; for its input gradient (the transposed convolution) the
 * rows are input positions and the source is the output cotangent,
 * {@code o = (p + before - t·dilation) / stride} when that division is exact. Both are plain copies (of float
 * or double arrays alike, through {@link System#arraycopy}), so the bits of a patch are the source's.
 */
final class Patches {

    private final int d;
    private final int[] rowDims;
    private final int rowSize;
    private final int[] srcStrides;
    private final int srcSize;
    private final int[] k;
    private final int taps;
    private final int[][] source;

    private Patches(int[] rowDims, int[] srcDims, int[] k, int[][] source) {
        this.d = rowDims.length;
        this.rowDims = rowDims;
        this.k = k;
        this.source = source;
        this.rowSize = product(rowDims);
        this.srcSize = product(srcDims);
        this.srcStrides = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            srcStrides[a] = s;
            s *= srcDims[a];
        }
        this.taps = product(k);
    }

    static int product(int[] dims) {
        int p = 1;
        for (int v : dims) {
            p *= v;
        }
        return p;
    }

    /** Rows are the output positions {@code out}, reading the input {@code in}: a convolution's patches. */
    static Patches forward(int[] in, int[] out, int[] k, int[] strides, int[] dilations, int[] before) {
        int[][] source = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            source[a] = new int[out[a] * k[a]];
            for (int p = 0; p < out[a]; p++) {
                for (int t = 0; t < k[a]; t++) {
                    int i = p * strides[a] - before[a] + t * dilations[a];
                    source[a][p * k[a] + t] = i >= 0 && i < in[a] ? i : -1;
                }
            }
        }
        return new Patches(out, in, k, source);
    }

    /**
     * Rows are the input positions {@code in}, reading the output {@code out}: the patches of the transposed
     * convolution, each tap at the output position whose window put it on this input position.
     */
    static Patches transposed(int[] in, int[] out, int[] k, int[] strides, int[] dilations, int[] before) {
        int[][] source = new int[in.length][];
        for (int a = 0; a < in.length; a++) {
            source[a] = new int[in[a] * k[a]];
            for (int p = 0; p < in[a]; p++) {
                for (int t = 0; t < k[a]; t++) {
                    int shifted = p + before[a] - t * dilations[a];
                    int o = shifted >= 0 && shifted % strides[a] == 0 ? shifted / strides[a] : -1;
                    source[a][p * k[a] + t] = o < out[a] ? o : -1;
                }
            }
        }
        return new Patches(in, out, k, source);
    }

    /** Taps of the window. */
    int taps() {
        return taps;
    }

    /** Positions per image of the rows' space. */
    int rowSize() {
        return rowSize;
    }

    /**
     * Writes rows {@code [r0, r0 + rows)} of the patch matrix into {@code dst} (row-major, {@code taps·chans}
     * per row): for each tap, channels {@code [chanOffset, chanOffset + chans)} of {@code src}, an array of
     * {@code srcChannels} channels per position, or zeros copied from {@code zeros} (of length >= chans).
     */
    void gather(Object src, int srcChannels, int chanOffset, int chans, Object zeros, Object dst, int r0, int rows) {
        int[] coord = new int[d];
        int[] tap = new int[d];
        int last = d - 1;
        int kLast = k[last];
        int[] lastSource = source[last];
        int leadingTaps = taps / kLast;
        int at = 0;
        for (int r = r0; r < r0 + rows; r++) {
            int n = r / rowSize;
            int p = r - n * rowSize;
            for (int a = last; a >= 0; a--) {
                coord[a] = p % rowDims[a];
                p /= rowDims[a];
            }
            java.util.Arrays.fill(tap, 0);
            int lastBase = coord[last] * kLast;
            for (int lead = 0; lead < leadingTaps; lead++) {
                int base = n * srcSize;
                boolean inside = true;
                for (int a = 0; a < last && inside; a++) {
                    int s = source[a][coord[a] * k[a] + tap[a]];
                    inside = s >= 0;
                    base += s * srcStrides[a];
                }
                if (!inside) {
                    for (int t = 0; t < kLast; t++, at += chans) {
                        System.arraycopy(zeros, 0, dst, at, chans);
                    }
                } else {
                    for (int t = 0; t < kLast; t++, at += chans) {
                        int s = lastSource[lastBase + t];
                        if (s < 0) {
                            System.arraycopy(zeros, 0, dst, at, chans);
                        } else {
                            System.arraycopy(src, (base + s) * srcChannels + chanOffset, dst, at, chans);
                        }
                    }
                }
                for (int a = last - 1; a >= 0; a--) {
                    if (++tap[a] < k[a]) {
                        break;
                    }
                    tap[a] = 0;
                }
            }
        }
    }
}
