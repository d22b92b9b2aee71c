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
 * {@code o = (p + before - t·dilation) / stride} when that division is exact. The matrix is never stored:
 * it packs itself into a GEMM's row panels ({@link RowPanels}), as itself for a convolution's forward and
 * input gradient ({@link #rows}) and transposed for its filter gradient ({@link #columns}); the values are
 * copies, so the bits of a patch are the source's.
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
    /**
     * Per axis and row coordinate: the source coordinate of the first tap when every tap of the axis reads
     * inside, at a constant step from it (the axis's {@code steps}); else -1.
     */
    private final int[][] first;
    /** Per tap: its source position relative to the first tap's, for rows whose taps are all {@link #first}. */
    private final int[] tapDelta;

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
        this.first = new int[d][];
        int[] steps = new int[d];
        for (int a = 0; a < d; a++) {
            first[a] = new int[rowDims[a]];
            steps[a] = step(source[a], rowDims[a], k[a]);
            for (int p = 0; p < rowDims[a]; p++) {
                boolean linear = true;
                for (int t = 0; t < k[a]; t++) {
                    int src = source[a][p * k[a] + t];
                    linear &= src >= 0 && src == source[a][p * k[a]] + t * steps[a];
                }
                first[a][p] = linear ? source[a][p * k[a]] : -1;
            }
        }
        this.tapDelta = new int[taps];
        int[] tap = new int[d];
        for (int t = 0; t < taps; t++) {
            for (int a = 0; a < d; a++) {
                tapDelta[t] += tap[a] * steps[a] * srcStrides[a];
            }
            for (int a = d - 1; a >= 0; a--) {
                if (++tap[a] < k[a]) {
                    break;
                }
                tap[a] = 0;
            }
        }
    }

    /** The step between an axis's taps at the first row coordinate where its first two taps read inside, or 0. */
    private static int step(int[] source, int positions, int k) {
        for (int p = 0; k > 1 && p < positions; p++) {
            if (source[p * k] >= 0 && source[p * k + 1] >= 0) {
                return source[p * k + 1] - source[p * k];
            }
        }
        return 0;
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
     * Where patch row {@code r} reads for each tap: {@code offsets[t]} is the offset in the source of the first
     * of the row's channels for tap t ({@code position·srcChannels + chanOffset}), or -1 for zeros.
     */
    private void offsets(int r, int srcChannels, int chanOffset, int[] coord, int[] tap, int[] offsets) {
        int n = r / rowSize;
        int p = r - n * rowSize;
        for (int a = d - 1; a >= 0; a--) {
            coord[a] = p % rowDims[a];
            p /= rowDims[a];
        }
        java.util.Arrays.fill(tap, 0);
        int kLast = k[d - 1];
        int[] lastSource = source[d - 1];
        int lastBase = coord[d - 1] * kLast;
        for (int t = 0; t < taps; t += kLast) {
            int base = n * srcSize;
            boolean inside = true;
            for (int a = 0; a < d - 1 && inside; a++) {
                int s = source[a][coord[a] * k[a] + tap[a]];
                inside = s >= 0;
                base += s * srcStrides[a];
            }
            for (int q = 0; q < kLast; q++) {
                int s = inside ? lastSource[lastBase + q] : -1;
                offsets[t + q] = s < 0 ? -1 : (base + s) * srcChannels + chanOffset;
            }
            for (int a = d - 2; a >= 0; a--) {
                if (++tap[a] < k[a]) {
                    break;
                }
                tap[a] = 0;
            }
        }
    }

    /**
     * The tap offsets of patch rows {@code [r0, r0 + m)} into {@code tab}: row {@code r0 + i}'s at
     * {@code tab[i·taps ..]}, followed by rows of -1 up to {@code padded} rows.
     */
    void table(int r0, int m, int padded, int srcChannels, int chanOffset, int[] tab) {
        int[] coord = new int[d];
        int[] tap = new int[d];
        int[] offsets = new int[taps];
        int[] at = new int[d]; // row r0 + i's coordinates, counted up row by row
        int n = r0 / rowSize;
        for (int a = d - 1, p = r0 - n * rowSize; a >= 0; a--) {
            at[a] = p % rowDims[a];
            p /= rowDims[a];
        }
        for (int i = 0; i < m; i++) {
            int base = n * srcSize;
            for (int a = 0; a < d && base >= 0; a++) {
                int f = first[a][at[a]];
                base = f < 0 ? -1 : base + f * srcStrides[a];
            }
            if (base >= 0) { // every tap inside, at fixed distances from the first
                for (int t = 0, row = i * taps; t < taps; t++) {
                    tab[row + t] = (base + tapDelta[t]) * srcChannels + chanOffset;
                }
            } else {
                offsets(r0 + i, srcChannels, chanOffset, coord, tap, offsets);
                System.arraycopy(offsets, 0, tab, i * taps, taps);
            }
            for (int a = d - 1; a >= 0; a--) {
                if (++at[a] < rowDims[a]) {
                    break;
                }
                at[a] = 0;
                n += a == 0 ? 1 : 0;
            }
        }
        java.util.Arrays.fill(tab, m * taps, padded * taps, -1);
    }

    /**
     * The patch matrix {@code [rows, taps·chans]} from patch row {@code r0} on, as a GEMM's A: row i is patch row
     * {@code r0 + i}, column {@code (t, c)} the source's channel {@code chanOffset + c} where tap t reads.
     */
    RowPanels rows(Object src, int srcChannels, int chanOffset, int chans, int r0) {
        return new RowPanels() {
            @Override public void pack(int i0, int rows, int p0, int kc, float[] ap, int mr) {
                packRows(src, srcChannels, chanOffset, chans, r0 + i0, rows, p0, kc, ap, mr);
            }

            @Override public void pack(int i0, int rows, int p0, int kc, double[] ap, int mr) {
                packRows(src, srcChannels, chanOffset, chans, r0 + i0, rows, p0, kc, ap, mr);
            }
        };
    }

    /**
     * The transposed patch matrix {@code [taps·chans, rows]} from patch row {@code r0} on, as a GEMM's A: row
     * {@code (t, c)}, column p is patch row {@code r0 + p}.
     */
    RowPanels columns(Object src, int srcChannels, int chanOffset, int chans, int r0) {
        return new RowPanels() {
            @Override public void pack(int i0, int rows, int p0, int kc, float[] ap, int mr) {
                packColumns(src, srcChannels, chanOffset, chans, r0, i0, rows, p0, kc, ap, mr);
            }

            @Override public void pack(int i0, int rows, int p0, int kc, double[] ap, int mr) {
                packColumns(src, srcChannels, chanOffset, chans, r0, i0, rows, p0, kc, ap, mr);
            }
        };
    }

    /**
     * Patch rows {@code [first, first + rows)}, columns {@code [p0, p0 + kc)}, into panels of mr rows: each tap's
     * run of channels is copied with a stride of mr, or zeros.
     */
    private void packRows(Object src, int srcChannels, int chanOffset, int chans, int first, int rows, int p0,
            int kc, Object ap, int mr) {
        int[] coord = new int[d];
        int[] tap = new int[d];
        int[] offsets = Scratch.ints(2, taps);
        float[] sf = src instanceof float[] f ? f : null;
        float[] af = sf != null ? (float[]) ap : null;
        double[] sd = sf == null ? (double[]) src : null;
        double[] ad = sf == null ? (double[]) ap : null;
        for (int i = 0; i < (rows + mr - 1) / mr * mr; i++) {
            int base = i / mr * mr * kc + i % mr;
            if (i >= rows) {
                for (int p = 0; p < kc; p++) {
                    if (af != null) {
                        af[base + p * mr] = 0f;
                    } else {
                        ad[base + p * mr] = 0.0;
                    }
                }
                continue;
            }
            offsets(first + i, srcChannels, chanOffset, coord, tap, offsets);
            for (int p = p0, end = p0 + kc; p < end; ) {
                int t = p / chans;
                int c = p - t * chans;
                int run = Math.min(chans - c, end - p);
                int at = base + (p - p0) * mr;
                int off = offsets[t];
                if (af != null) {
                    copyStrided(sf, off < 0 ? -1 : off + c, af, at, mr, run);
                } else {
                    copyStrided(sd, off < 0 ? -1 : off + c, ad, at, mr, run);
                }
                p += run;
            }
        }
    }

    /** {@code dst[at + j·stride] = src[from + j]} for j < len, or zeros when {@code from < 0}. */
    private static void copyStrided(float[] src, int from, float[] dst, int at, int stride, int len) {
        if (from < 0) {
            for (int j = 0; j < len; j++) {
                dst[at + j * stride] = 0f;
            }
        } else {
            for (int j = 0; j < len; j++) {
                dst[at + j * stride] = src[from + j];
            }
        }
    }

    private static void copyStrided(double[] src, int from, double[] dst, int at, int stride, int len) {
        if (from < 0) {
            for (int j = 0; j < len; j++) {
                dst[at + j * stride] = 0.0;
            }
        } else {
            for (int j = 0; j < len; j++) {
                dst[at + j * stride] = src[from + j];
            }
        }
    }

    /**
     * Columns {@code [i0, i0 + rows)} of the patch matrix (as rows of A) over patch rows {@code r0 + [p0, p0 +
     * kc)} (as columns of A), into panels of mr rows.
     */
    private void packColumns(Object src, int srcChannels, int chanOffset, int chans, int r0, int i0, int rows,
            int p0, int kc, Object ap, int mr) {
        int[] coord = new int[d];
        int[] tap = new int[d];
        int[] offsets = Scratch.ints(2, taps);
        float[] sf = src instanceof float[] f ? f : null;
        float[] af = sf != null ? (float[]) ap : null;
        double[] sd = sf == null ? (double[]) src : null;
        double[] ad = sf == null ? (double[]) ap : null;
        int padded = (rows + mr - 1) / mr * mr;
        for (int p = 0; p < kc; p++) {
            offsets(r0 + p0 + p, srcChannels, chanOffset, coord, tap, offsets);
            for (int i = 0; i < padded; i++) {
                int col = i0 + i;
                int t = col / chans;
                int off = i < rows ? offsets[t] : -1;
                int at = i / mr * mr * kc + p * mr + i % mr;
                if (af != null) {
                    af[at] = off < 0 ? 0f : sf[off + col - t * chans];
                } else {
                    ad[at] = off < 0 ? 0.0 : sd[off + col - t * chans];
                }
            }
        }
    }
}
