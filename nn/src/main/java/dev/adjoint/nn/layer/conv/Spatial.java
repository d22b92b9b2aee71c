package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The arguments the spatial layers share, in Keras's spelling ({@code padding="same"},
 * {@code data_format="channels_first"}, sizes given once for every axis or once per axis), checked and turned
 * into the core's {@link Padding} and {@link DataFormat}.
 */
final class Spatial {

    private Spatial() {
    }

    /** {@code "valid"} or {@code "same"}. */
    static Padding padding(String layer, String padding) {
        if (Convolution.CAUSAL.equals(padding)) {
            throw new IllegalArgumentException(layer + ": padding must be \"valid\" or \"same\", got \"causal\","
                    + " which is Conv1D's only, as in Keras");
        }
        return switch (choice(layer, "padding", padding, "valid", "same")) {
            case "valid" -> Padding.VALID;
            default -> Padding.SAME;
        };
    }

    /** {@code "channels_last"} or {@code "channels_first"}. */
    static DataFormat format(String layer, String dataFormat) {
        return switch (choice(layer, "dataFormat", dataFormat, "channels_last", "channels_first")) {
            case "channels_last" -> DataFormat.CHANNELS_LAST;
            default -> DataFormat.CHANNELS_FIRST;
        };
    }

    /**
     * {@code value}, one of {@code allowed}, spelled exactly (Keras's strings are lower case). Otherwise an
     * error naming the layer, the argument, the strings allowed and the one given, with the one meant when the
     * value differs from it by case, blanks, a hyphen for the underscore or a letter added or dropped at the
     * end ({@code "SAME"}, {@code "sames"}, {@code "channels-first"}).
     *
     * @throws IllegalArgumentException when {@code value} is not allowed
     * @throws NullPointerException when {@code value} is null
     */
    static String choice(String layer, String what, String value, String... allowed) {
        Objects.requireNonNull(value, layer + ": " + what + " is null");
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        String near = value.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        String meant = null;
        for (String a : allowed) {
            boolean oneMore = near.length() == a.length() + 1 && near.startsWith(a);
            boolean oneLess = near.length() + 1 == a.length() && a.startsWith(near) && !near.isEmpty();
            if (near.equals(a) || oneMore || oneLess) {
                meant = a;
            }
        }
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            names.append(i == 0 ? "" : i == allowed.length - 1 ? " or " : ", ").append('"').append(allowed[i])
                    .append('"');
        }
        throw new IllegalArgumentException(layer + ": " + what + " must be " + names + ", got \"" + value + "\""
                + (meant == null ? "" : "; did you mean \"" + meant + "\"?"));
    }

    /**
     * {@code values} with one entry per spatial axis: a single entry is repeated; each must be >= {@code least}.
     *
     * @throws IllegalArgumentException naming the layer and the argument
     */
    static List<Integer> sizes(String layer, String what, List<Integer> values, int rank, int least) {
        Objects.requireNonNull(values, layer + ": " + what + " is null");
        if (values.size() != 1 && values.size() != rank) {
            throw new IllegalArgumentException(layer + ": " + what + " must have " + (rank == 1 ? "1 entry"
                    : "1 or " + rank + " entries") + ", got " + values);
        }
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            Integer v = values.get(values.size() == 1 ? 0 : a);
            if (v == null || v < least) {
                throw new IllegalArgumentException(layer + ": " + what + " must be >= " + least + ", got " + values);
            }
            out.add(v);
        }
        return List.copyOf(out);
    }

    /** The ints as a list. */
    static List<Integer> list(int... values) {
        Objects.requireNonNull(values, "values is null");
        List<Integer> out = new ArrayList<>();
        for (int v : values) {
            out.add(v);
        }
        return out;
    }

    /** The list as ints. */
    static int[] ints(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The input's channel count, after checking its rank ({@code rank + 2}, batch included); the other checks
     * are the op's, run by {@link #probe}.
     */
    static int channels(String layer, Shape input, int rank, DataFormat format) {
        if (input.rank() != rank + 2) {
            throw new IllegalArgumentException(layer + ": input must be " + format.describe(rank) + ", got " + input);
        }
        int c = input.dim(format.channelAxis(input.rank()));
        if (c == Shape.BATCH) {
            throw new IllegalArgumentException(layer + ": the channel axis must be concrete, got " + input);
        }
        return c;
    }

    /**
     * The shape of {@code op} applied to a placeholder of {@code input}'s shape: the layer's output shape, with
     * the op's checks; their errors are prefixed with the layer's name, and name the layer's {@code padding}
     * argument where the op names the core's {@code Padding}.
     */
    static Shape probe(String layer, Shape input, Function<Node, Node> op) {
        try {
            return op.apply(SourceOp.input("x", input, DType.FLOAT64)).shape();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage().replace("use Padding.SAME",
                    "use padding(\"same\")"), e);
        }
    }

    /**
     * {@link #probe(String, Shape, Function)} for a layer reading {@code format}; when the op refuses an input
     * that looks like images in the other format, the error says what to do if it is. Channels-first images
     * under {@code "channels_last"}: axis 1 holds 1, 3 or 4 cells and the axes after it are equal and at least 8,
     * as {@code [N, 1, 28, 28]} or {@code [N, 3, 32, 32]}; not a small channels-last feature map such as
     * {@code [N, 2, 2, 512]}. Channels-last images under {@code "channels_first"}, the mirror image: the last axis
     * holds 1, 3 or 4 cells and the axes before it (after the batch) are equal and at least 8, as
     * {@code [N, 28, 28, 1]}.
     */
    static Shape probe(String layer, Shape input, DataFormat format, Function<Node, Node> op) {
        try {
            return probe(layer, input, op);
        } catch (IllegalArgumentException e) {
            DataFormat other = format == DataFormat.CHANNELS_LAST ? DataFormat.CHANNELS_FIRST
                    : DataFormat.CHANNELS_LAST;
            if (!looksLike(input, other)) {
                throw e;
            }
            String spelled = other == DataFormat.CHANNELS_LAST ? "channels_last" : "channels_first";
            String axis = other == DataFormat.CHANNELS_LAST ? "axis 1" : "the last axis";
            throw new IllegalArgumentException(e.getMessage() + "; if the input is " + other.describe(input.rank() - 2)
                    + " with C = " + input.dim(other.channelAxis(input.rank())) + ", build the layer with"
                    + " dataFormat(\"" + spelled + "\") or move the channels to " + axis, e);
        }
    }

    /**
     * Whether {@code input} looks like images in {@code format}: its channel axis holds 1, 3 or 4 cells and its
     * spatial axes are equal and at least 8 (see {@link #probe(String, Shape, DataFormat, Function)}).
     */
    private static boolean looksLike(Shape input, DataFormat format) {
        int rank = input.rank();
        if (rank < 3) {
            return false;
        }
        int channelAxis = format.channelAxis(rank);
        int channels = input.dim(channelAxis);
        if (!(channels == 1 || channels == 3 || channels == 4)) {
            return false;
        }
        int first = format == DataFormat.CHANNELS_LAST ? 1 : 2;
        int side = input.dim(first);
        if (side == Shape.BATCH || side < 8) {
            return false;
        }
        for (int a = first; a < first + rank - 2; a++) {
            if (input.dim(a) != side) {
                return false;
            }
        }
        return true;
    }

    /** A per-channel vector {@code [C]} shaped to broadcast against a tensor of rank {@code rank}. */
    static Node perChannel(Node v, int rank, DataFormat format) {
        if (format == DataFormat.CHANNELS_LAST) {
            return v;
        }
        int[] dims = new int[rank - 1];
        java.util.Arrays.fill(dims, 1);
        dims[0] = v.shape().dim(0);
        return v.reshape(dims);
    }

    /** The first spatial axis: 1 channels last, 2 channels first. */
    static int firstSpatialAxis(DataFormat format) {
        return format == DataFormat.CHANNELS_LAST ? 1 : 2;
    }

    /**
     * Keras's {@code ((top, bottom), (left, right))}: two pairs of counts, each >= 0.
     *
     * @throws IllegalArgumentException naming the layer and the argument
     */
    static List<List<Integer>> sides(String layer, String what, List<List<Integer>> sides) {
        return sides(layer, what, sides, 2);
    }

    /**
     * One pair {@code (before, after)} of counts, each >= 0, per spatial axis: Keras's
     * {@code ((top, bottom), (left, right))} for 2 axes, {@code ((front, back), (top, bottom), (left, right))}
     * for 3.
     *
     * @throws IllegalArgumentException naming the layer and the argument
     */
    static List<List<Integer>> sides(String layer, String what, List<List<Integer>> sides, int rank) {
        Objects.requireNonNull(sides, layer + ": " + what + " is null");
        boolean ok = sides.size() == rank;
        for (int a = 0; ok && a < rank; a++) {
            List<Integer> pair = sides.get(a);
            ok = pair != null && pair.size() == 2 && pair.get(0) != null && pair.get(1) != null && pair.get(0) >= 0
                    && pair.get(1) >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException(layer + ": " + what + " must be (" + (rank == 3 ? "(front, back), "
                    : "") + "(top, bottom), (left, right)) with counts >= 0, got " + sides);
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> pair : sides) {
            out.add(List.copyOf(pair));
        }
        return List.copyOf(out);
    }
}
