package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/**
 * The checked geometry of a window sliding over the spatial axes of an image-like tensor: per spatial axis the
 * input size, the window's size and extent ({@code (k - 1)·dilation + 1}), stride, dilation, the padding resolved
 * to cells before and after, and the output size {@code floor((in + before + after - extent) / stride) + 1}.
 * Built by the convolution and pooling ops' shape rules, which report bad geometry here, naming the op, the rule,
 * the shapes and the data format.
 */
final class Stencil {

    final int d;
    final int[] in;
    final int[] k;
    final int[] strides;
    final int[] dilations;
    final int[] before;
    final int[] after;
    final int[] out;

    private Stencil(int[] in, int[] k, int[] strides, int[] dilations, int[][] padding, int[] out) {
        this.d = in.length;
        this.in = in;
        this.k = k;
        this.strides = strides;
        this.dilations = dilations;
        this.before = padding[0];
        this.after = padding[1];
        this.out = out;
    }

    /**
     * The geometry of {@code x} (in {@code spec}'s data format) convolved with kernel {@code w : [k..., C_in/G,
     * C_out]}.
     */
    static Stencil conv(String op, Shape x, Shape w, ConvSpec spec) {
        if (w.rank() < 3 || !w.isConcrete()) {
            throw new IllegalArgumentException(op + ": the kernel must be [k..., C_in/groups, C_out] with concrete"
                    + " dimensions and at least one spatial axis, got " + w);
        }
        int d = w.rank() - 2;
        DataFormat format = spec.dataFormat();
        int[] in = spatial(op, x, d, format);
        int[] k = Arrays.copyOfRange(w.dims(), 0, d);
        int cin = x.dim(format.channelAxis(x.rank()));
        int cinG = w.dim(d);
        int cout = w.dim(d + 1);
        int groups = spec.groups();
        for (int a = 0; a < d; a++) {
            if (k[a] < 1) {
                throw new IllegalArgumentException(op + ": kernel sizes must be >= 1, got kernel " + w);
            }
        }
        if (cin % groups != 0 || cout % groups != 0) {
            throw new IllegalArgumentException(op + ": input and output channels must be divisible by groups, got "
                    + cin + " input and " + cout + " output channels for groups " + groups + " (input " + x + ", "
                    + format.describe(d) + ", kernel " + w + ")");
        }
        if (cinG * groups != cin) {
            throw new IllegalArgumentException(op + ": the kernel's input channels times groups must equal the input's"
                    + " channels, got kernel " + w + " (C_in/groups = " + cinG + ", groups " + groups + ") and input "
                    + x + " (" + format.describe(d) + ", " + cin + " channels)"
                    + (format == DataFormat.CHANNELS_LAST && x.rank() == d + 2 && x.dim(1) == cinG * groups
                    ? "; the input looks channels-first: use DataFormat.CHANNELS_FIRST" : ""));
        }
        int[] strides = perAxis(op, "strides", spec.strides(), d);
        int[] dilations = perAxis(op, "dilations", spec.dilations(), d);
        return fit(op, x, format, in, k, strides, dilations, spec.padding(), "kernel " + w);
    }

    /** The geometry of pooling {@code x} (in {@code spec}'s data format) with {@code spec}'s windows. */
    static Stencil pool(String op, Shape x, PoolSpec spec) {
        requireSpatialAxes(op, x);
        int d = x.rank() - 2;
        DataFormat format = spec.dataFormat();
        int[] in = spatial(op, x, d, format);
        int[] k = perAxis(op, "poolSize", spec.poolSize(), d);
        int[] strides = perAxis(op, "strides", spec.strides(), d);
        Stencil s = fit(op, x, format, in, k, strides, ones(d), spec.padding(), "pool size " + Arrays.toString(k));
        for (int a = 0; a < d; a++) {
            if (s.before[a] >= k[a] || (long) (s.out[a] - 1) * strides[a] - s.before[a] >= in[a]) {
                throw new IllegalArgumentException(op + ": every window must overlap the input, got input " + x + " ("
                        + format.describe(d) + "), pool size " + Arrays.toString(k) + ", strides "
                        + Arrays.toString(strides) + " and padding " + Arrays.toString(s.before) + " before, "
                        + Arrays.toString(s.after) + " after; pad less than the pool size");
            }
        }
        return s;
    }

    /**
     * Checks that {@code x} has a batch axis, at least one spatial axis and a channel axis, before an op's name is
     * derived from its spatial rank.
     *
     * @throws IllegalArgumentException {@code "<op>: the input must have ... (rank >= 3), got <x>"}
     */
    static void requireSpatialAxes(String op, Shape x) {
        if (x.rank() < 3) {
            throw new IllegalArgumentException(op + ": the input must have a batch axis, at least one spatial axis and"
                    + " a channel axis (rank >= 3), got " + x);
        }
    }

    private static Stencil fit(String op, Shape x, DataFormat format, int[] in, int[] k, int[] strides,
            int[] dilations, Padding padding, String window) {
        int d = in.length;
        int[] extent = new int[d];
        for (int a = 0; a < d; a++) { // in long: (k - 1)·dilation wrapped to a negative extent that fit any input
            long e = extent(k[a], dilations[a]);
            if (e > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": the window's extent (k - 1)·dilation + 1 must be at most "
                        + Integer.MAX_VALUE + " on every spatial axis, got " + window + " with dilations "
                        + Arrays.toString(dilations) + " (extent " + e + " on spatial axis " + a + ") and input " + x
                        + " (" + format.describe(d) + ")");
            }
            extent[a] = (int) e;
        }
        if (padding instanceof Padding.Explicit e) {
            perAxis(op, "padding", e.before(), d);
        }
        int[][] pads = padding.resolve(in, extent, strides);
        int[] out = new int[d];
        for (int a = 0; a < d; a++) {
            long padded = (long) in[a] + pads[0][a] + pads[1][a];
            if (padded < extent[a]) {
                throw new IllegalArgumentException(op + ": the " + (dilations[a] > 1 ? "dilated " : "") + "window must"
                        + " fit in the padded input on every spatial axis, got input " + x + " (" + format.describe(d)
                        + "), " + window
                        + (dilations[a] > 1 ? " (extent " + Arrays.toString(extent) + " with dilations "
                        + Arrays.toString(dilations) + ")" : "") + " and padding " + padding + " on spatial axis " + a
                        + " (" + in[a] + " + " + pads[0][a] + " + " + pads[1][a] + " < " + extent[a] + ")"
                        + (padding instanceof Padding.Valid ? "; use Padding.SAME or a smaller window" : ""));
            }
            long cells = positions(padded, extent[a], strides[a]);
            if (cells > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(op + ": the output must have at most " + Integer.MAX_VALUE
                        + " cells per spatial axis, got " + cells + " on spatial axis " + a + " for input " + x + " ("
                        + format.describe(d) + "), " + window + " and padding " + padding + " (" + pads[0][a]
                        + " before, " + pads[1][a] + " after)");
            }
            out[a] = (int) cells;
        }
        return new Stencil(in, k, strides, dilations, pads, out);
    }

    /** The extent {@code (k - 1)·dilation + 1} of a window of k cells spaced by {@code dilation}, in long. */
    static long extent(int k, int dilation) {
        return (long) (k - 1) * dilation + 1;
    }

    /**
     * The number of positions of a window of {@code extent} cells moved by {@code stride} along {@code padded}
     * cells, {@code floor((padded - extent) / stride) + 1}: at most 0 when the window does not fit.
     */
    static long positions(long padded, long extent, int stride) {
        return Math.floorDiv(padded - extent, stride) + 1;
    }

    /** The spatial sizes of {@code x}, checked: rank {@code d + 2}, concrete but for a batch N on axis 0. */
    private static int[] spatial(String op, Shape x, int d, DataFormat format) {
        if (x.rank() != d + 2) {
            throw new IllegalArgumentException(op + ": the input must be " + format.describe(d) + " (rank " + (d + 2)
                    + "), got " + x);
        }
        for (int a = 1; a < x.rank(); a++) {
            if (x.dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException(op + ": only the batch axis may be N, got " + x + " ("
                        + format.describe(d) + ")");
            }
        }
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        return Arrays.copyOfRange(x.dims(), first, first + d);
    }

    /** One value per spatial axis from a list of 1 (every axis) or {@code d} values. */
    static int[] perAxis(String op, String what, List<Integer> values, int d) {
        if (values.size() != 1 && values.size() != d) {
            throw new IllegalArgumentException(op + ": " + what + " must have " + (d == 1 ? "1 entry" : "1 or " + d
                    + " entries") + " (one per spatial axis), got " + values);
        }
        int[] out = new int[d];
        for (int a = 0; a < d; a++) {
            out[a] = values.get(values.size() == 1 ? 0 : a);
        }
        return out;
    }

    private static int[] ones(int d) {
        int[] out = new int[d];
        Arrays.fill(out, 1);
        return out;
    }

    static List<Integer> list(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** The output shape {@code [N, out..., channels]}, channels last. */
    Shape outputShape(int batch, int channels) {
        int[] dims = new int[d + 2];
        dims[0] = batch;
        System.arraycopy(out, 0, dims, 1, d);
        dims[d + 1] = channels;
        return Shape.of(dims);
    }

    /** The permutation taking channels-first {@code [N, C, s...]} to channels-last {@code [N, s..., C]}. */
    static int[] toChannelsLast(int rank) {
        int[] perm = new int[rank];
        for (int a = 1; a < rank - 1; a++) {
            perm[a] = a + 1;
        }
        perm[rank - 1] = 1;
        return perm;
    }

    /** The permutation taking channels-last {@code [N, s..., C]} to channels-first {@code [N, C, s...]}. */
    static int[] toChannelsFirst(int rank) {
        int[] perm = new int[rank];
        perm[1] = rank - 1;
        for (int a = 2; a < rank; a++) {
            perm[a] = a - 1;
        }
        return perm;
    }
}
