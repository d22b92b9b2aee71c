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
 * (strides {@code s}, dilations {@code d}). The values are the input's and zeros where {@link Patches} reads
 * padding, so products over these patches give the same bits.
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
    private final int channels;
    /** Per tap, row-major over the window: its offset from the row's base, in positions times channels. */
    private final int[] tapOffsets;

    private PaddedPatches(Object data, int[] rowDims, int[] rowStep, int imageSize, int origin, int channels,
            int[] tapOffsets) {
        this.data = data;
        this.d = rowDims.length;
        this.rowDims = rowDims;
        this.rowSize = Patches.product(rowDims);
        this.rowStep = rowStep;
        this.imageSize = imageSize;
        this.origin = origin;
        this.channels = channels;
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
        int[] dims = new int[d];
        long size = (long) n * channels;
        for (int a = 0; a < d; a++) {
            lo[a] = Math.max(before[a], 0);
            long last = (long) (out[a] - 1) * strides[a] - before[a] + (long) (k[a] - 1) * dilations[a];
            long hi = Math.max(0, last - (in[a] - 1));
            dims[a] = (int) Math.min(Integer.MAX_VALUE, lo[a] + in[a] + hi);
            size *= dims[a];
        }
        if (size > Integer.MAX_VALUE - 8) {
            return null;
        }
        int[] sigma = new int[d];
        int s = 1;
        for (int a = d - 1; a >= 0; a--) {
            sigma[a] = s;
            s *= dims[a];
        }
        int imageSize = s * channels;
        int[] rowStep = new int[d];
        int origin = 0;
        for (int a = 0; a < d; a++) {
            rowStep[a] = strides[a] * sigma[a] * channels;
            origin += (lo[a] - before[a]) * sigma[a] * channels;
        }
        int taps = Patches.product(k);
        int[] tapOffsets = new int[taps];
        int[] tap = new int[d];
        for (int t = 0; t < taps; t++) {
            for (int a = 0; a < d; a++) {
                tapOffsets[t] += tap[a] * dilations[a] * sigma[a] * channels;
            }
            for (int a = d - 1; a >= 0 && ++tap[a] == k[a]; a--) {
                tap[a] = 0;
            }
        }
        Object data = x instanceof float[] ? BufferPool.floatsForOverwrite((int) size)
                : BufferPool.doublesForOverwrite((int) size);
        if (data instanceof float[] f) {
            java.util.Arrays.fill(f, 0f);
        } else {
            java.util.Arrays.fill((double[]) data, 0.0);
        }
        copyInto(x, n, in, channels, lo, sigma, imageSize, data);
        return new PaddedPatches(data, out.clone(), rowStep, imageSize, origin, channels, tapOffsets);
    }

    /** Copies each run of x along its last spatial axis (all channels) to its place in the padded array. */
    private static void copyInto(Object x, int n, int[] in, int channels, int[] lo, int[] sigma, int imageSize,
            Object data) {
        int d = in.length;
        int run = in[d - 1] * channels;
        int runs = n * Patches.product(in) / Math.max(1, in[d - 1]);
        int[] at = new int[d - 1];
        int image = 0;
        for (int r = 0, from = 0; r < runs && run > 0; r++, from += run) {
            int to = image * imageSize + lo[d - 1] * channels;
            for (int a = 0; a < d - 1; a++) {
                to += (at[a] + lo[a]) * sigma[a] * channels;
            }
            System.arraycopy(x, from, data, to, run);
            int a = d - 2;
            for (; a >= 0 && ++at[a] == in[a]; a--) {
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
