package dev.adjoint.core.kernel;

/**
 * A convolution's patches read from a copy of its input with the padding written out as zeros, for sources of
 * few channels (a network's first layer: one grey or three colour channels), where a table of tap offsets per
 * row ({@link Patches}) costs more than the multiply-adds it serves.
 *
 * <p>The input {@code x[n, i_1, …, i_d, c]} is copied into {@code xp} with {@code lo_a = max(before_a, 0)} zero
 * positions before it and as many after it along each spatial axis {@code a} as the last window reaches, so that
 * every tap of every output position reads inside. With {@code σ_a} the padded strides (in positions) and {@code
 * C} the channels, the patch matrix is then an affine function of the row and of the column, with no table and no
 * test:
 *
 * <pre>
 *   P[(n, o), (t, c)] = xp[base(n, o) + delta(t, c)],
 *   base(n, o)  = (n·S + Σ_a (o_a·s_a + lo_a - before_a)·σ_a)·C,    S = Π_a (padded size)_a
 *   delta(t, c) = (Σ_a t_a·d_a·σ_a)·C + c
 * </pre>
 *
 * (strides {@code s}, dilations {@code d}). The input gradient's patches ({@link #transposed}) read ȳ the same
 * way, spread out by the strides (zeros between its positions) and padded, with the taps stepping backwards. The
 * values are the source's and zeros where {@link Patches} reads padding or a stride's gap, so products over these
 * patches give the same bits. The copy is as large as the source (spread out, for the input gradient, by the
 * strides), taken from the call's buffer pool and given back at the end.
 */
final class PaddedPatches {

    /** The padded copy of the input. */
    final Object data;

    private final int d;
    private final int[] rowDims;
    private final int rowSize;
    /** Per spatial axis: the step of {@code base} from one output position to the next. */
    private final int[] rowStep;
    private final int imageSize;
    private final int origin;
    /** Per tap, row-major over the window: its offset from the row's base, in positions times channels. */
    private final int[] tapOffsets;

    private PaddedPatches(Object data, int[] rowDims, int[] rowStep, int imageSize, int origin, int[] tapOffsets) {
        this.data = data;
        this.d = rowDims.length;
        this.rowDims = rowDims;
        this.rowSize = Patches.product(rowDims);
        this.rowStep = rowStep;
        this.imageSize = imageSize;
        this.origin = origin;
        this.tapOffsets = tapOffsets;
    }

    /**
     * The padded copy of {@code x} ({@code n} images of spatial size {@code in} and {@code channels} channels) for
     * the forward patches of a convolution with output size {@code out}, window {@code k}, {@code strides},
     * {@code dilations} and padding {@code before} each axis; null when the copy would not fit in an array.
     */
    static PaddedPatches of(Object x, int n, int[] in, int[] out, int[] k, int[] strides, int[] dilations,
            int[] before, int channels) {
        int d = in.length;
        int[] lo = new int[d];
        int[] hi = new int[d];
        int[] origin = new int[d];
        for (int a = 0; a < d; a++) {
            lo[a] = Math.max(before[a], 0);
            long last = (long) (out[a] - 1) * strides[a] - before[a] + (long) (k[a] - 1) * dilations[a];
            hi[a] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, last - (in[a] - 1)));
            origin[a] = lo[a] - before[a];
        }
        return build(x, n, in, ones(d), lo, hi, out, strides, origin, dilations, k, channels);
    }

    /**
     * The padded copy of ȳ ({@code n} images of spatial size {@code out}, {@code channels} channels) for the
     * transposed patches of the same convolution, whose rows are the input's positions (size {@code in}): ȳ spread
     * out by the strides (its position o at {@code o·s}, zeros between) and padded, so that row i's tap t reads
     * position {@code i + before - t·d} of the spread array, a zero wherever that is no multiple of s or outside;
     * the taps step backwards. Null when the copy would not fit in an array or ȳ is empty.
     */
    static PaddedPatches transposed(Object y, int n, int[] in, int[] out, int[] k, int[] strides, int[] dilations,
            int[] before, int channels) {
        int d = in.length;
        int[] lo = new int[d];
        int[] hi = new int[d];
        int[] origin = new int[d];
        int[] back = new int[d];
        for (int a = 0; a < d; a++) {
            if (out[a] == 0) {
                return null;
            }
            long first = before[a] - (long) (k[a] - 1) * dilations[a];
            long last = (long) in[a] - 1 + before[a];
            lo[a] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, -first));
            hi[a] = (int) Math.min(Integer.MAX_VALUE, Math.max(0, last - (long) (out[a] - 1) * strides[a]));
            origin[a] = lo[a] + before[a];
            back[a] = -dilations[a];
        }
        return build(y, n, out, strides, lo, hi, in, ones(d), origin, back, k, channels);
    }

    private static int[] ones(int d) {
        int[] ones = new int[d];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    /**
     * The copy of {@code src} ({@code n} images of {@code srcDims} positions, {@code channels} each) with source
     * position p along axis a at padded position {@code lo_a + p·spread_a}, and {@code hi_a} zero positions after
     * the last; rows of size {@code rowDims}, row coordinate r reading, at tap t, padded position
     * {@code origin_a + r·rowStep_a + t·tapStep_a}. Null when the copy would not fit in an array.
     */
    private static PaddedPatches build(Object src, int n, int[] srcDims, int[] spread, int[] lo, int[] hi,
            int[] rowDims, int[] rowStep, int[] origin, int[] tapStep, int[] k, int channels) {
        int d = srcDims.length;
        int[] dims = new int[d];
        long size = (long) n * channels;
        for (int a = 0; a < d; a++) {
            long extent = srcDims[a] == 0 ? 0 : (long) (srcDims[a] - 1) * spread[a] + 1;
            long padded = lo[a] + extent + hi[a];
            if (padded > Integer.MAX_VALUE) {
                return null;
            }
            dims[a] = (int) padded;
            size *= dims[a];
            if (size > Integer.MAX_VALUE - 8) { // checked per axis: three axes of 2^22 would wrap a long to 0
                return null;
            }
        }
        int[] sigma = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            sigma[a] = s;
            s *= dims[a];
        }
        int imageSize = s * channels;
        int[] step = new int[d];
        int first = 0;
        for (int a = 0; a < d; a++) {
            step[a] = rowStep[a] * sigma[a] * channels;
            first += origin[a] * sigma[a] * channels;
        }
        int taps = Patches.product(k);
        int[] tapOffsets = new int[taps];
        int[] tap = new int[d];
        for (int t = 0; t < taps; t++) {
            for (int a = 0; a < d; a++) {
                tapOffsets[t] += tap[a] * tapStep[a] * sigma[a] * channels;
            }
            for (int a = d - 1; a >= 0 && ++tap[a] == k[a]; a--) {
                tap[a] = 0;
            }
        }
        Object data = src instanceof float[] ? BufferPool.floatsForOverwrite((int) size)
                : BufferPool.doublesForOverwrite((int) size);
        if (data instanceof float[] f) {
            java.util.Arrays.fill(f, 0f);
        } else {
            java.util.Arrays.fill((double[]) data, 0.0);
        }
        copyInto(src, n, srcDims, channels, spread, lo, sigma, imageSize, data);
        return new PaddedPatches(data, rowDims.clone(), step, imageSize, first, tapOffsets);
    }

    /**
     * Copies each run of the source along its last spatial axis (all channels) to its place in the padded array:
     * as one run where the positions stay adjacent, else position by position.
     */
    private static void copyInto(Object src, int n, int[] dims, int channels, int[] spread, int[] lo, int[] sigma,
            int imageSize, Object data) {
        int d = dims.length;
        int last = dims[d - 1];
        int run = last * channels;
        int runs = n * Patches.product(dims) / Math.max(1, last);
        int[] at = new int[d - 1];
        int image = 0;
        for (int r = 0, from = 0; r < runs && run > 0; r++, from += run) {
            int to = image * imageSize + lo[d - 1] * channels;
            for (int a = 0; a < d - 1; a++) {
                to += (at[a] * spread[a] + lo[a]) * sigma[a] * channels;
            }
            if (spread[d - 1] == 1) {
                System.arraycopy(src, from, data, to, run);
            } else {
                for (int p = 0; p < last; p++) {
                    System.arraycopy(src, from + p * channels, data, to + p * spread[d - 1] * channels, channels);
                }
            }
            int a = d - 2;
            for (; a >= 0 && ++at[a] == dims[a]; a--) {
                at[a] = 0;
            }
            image += a < 0 ? 1 : 0;
        }
    }

    /** Gives the padded copy back to the buffer pool it came from: the caller no longer reads it. */
    void release() {
        BufferPool.giveBack(data);
    }

    /** Taps of the window. */
    int taps() {
        return tapOffsets.length;
    }

    /**
     * {@code delta(t, c)} of the module comment for the channels {@code [chanOffset, chanOffset + chans)} of each
     * tap, in the patch matrix's column order (tap-major): {@code out[t·chans + c] = tapOffset(t) + chanOffset + c}.
     */
    int[] columns(int chanOffset, int chans, int[] out) {
        for (int t = 0; t < tapOffsets.length; t++) {
            for (int c = 0; c < chans; c++) {
                out[t * chans + c] = tapOffsets[t] + chanOffset + c;
            }
        }
        return out;
    }

    /** A cursor over the rows from {@code r0}: {@link Rows#next} gives their bases in order. */
    Rows rows(int r0) {
        return new Rows(r0);
    }

    /** The bases of consecutive rows, counted up position by position. */
    final class Rows {
        private final int[] at = new int[d];
        private int n;
        private int base;

        private Rows(int r0) {
            n = r0 / rowSize;
            for (int a = d - 1, p = r0 - n * rowSize; a >= 0; a--) {
                at[a] = p % rowDims[a];
                p /= rowDims[a];
            }
            base = base();
        }

        /**
         * {@code out[i] = base(r + i)} for {@code i < m}, r the cursor's row: the padded array's offset of each
         * row's first tap; the cursor moves on by m rows.
         */
        void next(int m, int[] out) {
            for (int i = 0; i < m; i++) {
                out[i] = base;
                int a = d - 1;
                for (; a >= 0 && ++at[a] == rowDims[a]; a--) {
                    at[a] = 0;
                }
                if (a == d - 1) {
                    base += rowStep[a];
                } else {
                    n += a < 0 ? 1 : 0;
                    base = base();
                }
            }
        }

        private int base() {
            int b = origin + n * imageSize;
            for (int a = 0; a < d; a++) {
                b += at[a] * rowStep[a];
            }
            return b;
        }
    }
}
