package dev.adjoint.core.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a sliding window (a convolution's kernel, a pooling window) meets the edges of its input, per spatial
 * axis, with the window's extent {@code e = (k - 1)·dilation + 1} and the stride {@code s}:
 * <ul>
 *   <li>{@link #VALID}: no padding; {@code out = floor((in - e) / s) + 1}, and the window must fit:
 *       {@code in >= e};</li>
 *   <li>{@link #SAME}: {@code out = ceil(in / s)}; the input is padded with {@code total = max((out - 1)·s + e -
 *       in, 0)} cells, {@code floor(total / 2)} before and the rest after: an odd total puts the extra cell at
 *       the end, as TensorFlow and Keras do (PyTorch's {@code padding='same'} does the same);</li>
 *   <li>{@link #explicit}: {@code before[a]} and {@code after[a]} cells per axis;
 *       {@code out = floor((in + before + after - e) / s) + 1}, with {@code in + before + after >= e}.</li>
 * </ul>
 * Convolutions pad with zeros; pooling never lets a padded cell win a maximum or count in an average.
 */
public sealed interface Padding {

    /** No padding. */
    Padding VALID = new Valid();

    /** Output size {@code ceil(in / stride)}, the extra cell of an odd padding at the end. */
    Padding SAME = new Same();

    /**
     * {@code before[a]} and {@code after[a]} cells on spatial axis {@code a}; a single entry in each applies
     * to every spatial axis.
     *
     * @throws IllegalArgumentException when a count is negative or the lists' lengths differ
     */
    static Padding explicit(int[] before, int[] after) {
        Objects.requireNonNull(before, "padding: before is null");
        Objects.requireNonNull(after, "padding: after is null");
        return new Explicit(Arrays.stream(before).boxed().toList(), Arrays.stream(after).boxed().toList());
    }

    /** {@code p} cells before and after on every spatial axis. */
    static Padding explicit(int p) {
        return explicit(new int[] {p}, new int[] {p});
    }

    /**
     * The cells before and after on each of the spatial axes, for inputs of {@code in} cells, windows of
     * extent {@code extent} ({@code (k - 1)·dilation + 1}) and strides {@code strides}: {@code {before, after}}.
     */
    int[][] resolve(int[] in, int[] extent, int[] strides);

    /** No padding. */
    record Valid() implements Padding {
        @Override public int[][] resolve(int[] in, int[] extent, int[] strides) {
            return new int[][] {new int[in.length], new int[in.length]};
        }

        @Override public String toString() {
            return "valid";
        }
    }

    /** TensorFlow's {@code SAME}: {@code out = ceil(in / s)}, the extra cell of an odd total after. */
    record Same() implements Padding {
        @Override public int[][] resolve(int[] in, int[] extent, int[] strides) {
            int[] before = new int[in.length];
            int[] after = new int[in.length];
            for (int a = 0; a < in.length; a++) { // in long: in + stride - 1 passes the int range for large inputs
                long out = ((long) in[a] + strides[a] - 1) / strides[a];
                long total = Math.max((out - 1) * strides[a] + extent[a] - in[a], 0); // < extent: an int
                before[a] = (int) (total / 2);
                after[a] = (int) (total - before[a]);
            }
            return new int[][] {before, after};
        }

        @Override public String toString() {
            return "same";
        }
    }

    /**
     * Given cells before and after each spatial axis (one entry: every axis).
     *
     * @param before cells before, per axis
     * @param after cells after, per axis
     */
    record Explicit(List<Integer> before, List<Integer> after) implements Padding {
        /** Validates and copies the counts. */
        public Explicit {
            before = List.copyOf(before);
            after = List.copyOf(after);
            if (before.size() != after.size() || before.isEmpty()) {
                throw new IllegalArgumentException("padding: needs as many counts before as after, at least one, got "
                        + before + " and " + after);
            }
            for (int i = 0; i < before.size(); i++) {
                if (before.get(i) < 0 || after.get(i) < 0) {
                    throw new IllegalArgumentException("padding: counts must be >= 0, got " + before + " before and "
                            + after + " after");
                }
            }
        }

        @Override public int[][] resolve(int[] in, int[] extent, int[] strides) {
            int[] b = new int[in.length];
            int[] e = new int[in.length];
            for (int a = 0; a < in.length; a++) {
                b[a] = before.get(before.size() == 1 ? 0 : a);
                e[a] = after.get(after.size() == 1 ? 0 : a);
            }
            return new int[][] {b, e};
        }

        @Override public String toString() {
            return "explicit " + before + " " + after;
        }
    }
}
