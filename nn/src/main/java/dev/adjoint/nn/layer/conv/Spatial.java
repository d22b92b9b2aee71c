package dev.adjoint.nn.layer.conv;

import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Padding;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
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
        Objects.requireNonNull(padding, layer + ": padding is null");
        return switch (padding) {
            case "valid" -> Padding.VALID;
            case "same" -> Padding.SAME;
            default -> throw new IllegalArgumentException(layer + ": padding must be \"valid\" or \"same\", got \""
                    + padding + "\"");
        };
    }

    /** {@code "channels_last"} or {@code "channels_first"}. */
    static DataFormat format(String layer, String dataFormat) {
        Objects.requireNonNull(dataFormat, layer + ": dataFormat is null");
        return switch (dataFormat) {
            case "channels_last" -> DataFormat.CHANNELS_LAST;
            case "channels_first" -> DataFormat.CHANNELS_FIRST;
            default -> throw new IllegalArgumentException(layer + ": dataFormat must be \"channels_last\" or"
                    + " \"channels_first\", got \"" + dataFormat + "\"");
        };
    }

    /**
     * {@code values} with one entry per spatial axis: a single entry is repeated; each must be >= {@code least}.
     *
     * @throws IllegalArgumentException naming the layer and the argument
     */
    static List<Integer> sizes(String layer, String what, List<Integer> values, int rank, int least) {
        Objects.requireNonNull(values, layer + ": " + what + " is null");
        if (values.size() != 1 && values.size() != rank) {
            throw new IllegalArgumentException(layer + ": " + what + " must have 1 or " + rank + " entries, got "
                    + values);
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
     * the op's checks; their errors are prefixed with the layer's name.
     */
    static Shape probe(String layer, Shape input, Function<Node, Node> op) {
        try {
            return op.apply(SourceOp.input("x", input, DType.FLOAT64)).shape();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage(), e);
        }
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
        Objects.requireNonNull(sides, layer + ": " + what + " is null");
        boolean ok = sides.size() == 2;
        for (int a = 0; ok && a < 2; a++) {
            List<Integer> pair = sides.get(a);
            ok = pair != null && pair.size() == 2 && pair.get(0) != null && pair.get(1) != null && pair.get(0) >= 0
                    && pair.get(1) >= 0;
        }
        if (!ok) {
            throw new IllegalArgumentException(layer + ": " + what + " must be ((top, bottom), (left, right)) with"
                    + " counts >= 0, got " + sides);
        }
        return List.of(List.copyOf(sides.get(0)), List.copyOf(sides.get(1)));
    }
}
