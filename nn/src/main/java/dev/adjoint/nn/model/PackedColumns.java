package dev.adjoint.nn.model;

import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.kernel.MovementKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several named arrays with a shared batch axis laid side by side as the columns of one matrix, how a
 * {@link Functional} model with several inputs or outputs runs through the one-array training loop: array
 * {@code k} of shape {@code [N, d_k...]} is flattened to {@code [N, |d_k|]} and occupies columns
 * {@code [o_k, o_k + |d_k|)} of the packed {@code [N, Σ_k |d_k|]}, where {@code o_k = Σ_{j<k} |d_j|}
 * ({@code |d|} is the product of the dims, 1 for a scalar per example). Packing and slicing are exact inverses.
 *
 * @param names the arrays' names, distinct
 * @param features each array's shape without the batch axis
 */
public record PackedColumns(List<String> names, List<List<Integer>> features) {

    /** Copies and checks: one shape per name, distinct non-blank names, dims >= 1. */
    public PackedColumns {
        names = List.copyOf(Objects.requireNonNull(names, "names is null"));
        features = Objects.requireNonNull(features, "features is null").stream().map(List::copyOf).toList();
        if (names.size() != features.size() || names.isEmpty()) {
            throw new IllegalArgumentException("columns: one shape per name and at least one, got names " + names
                    + " and shapes " + features);
        }
        if (names.stream().distinct().count() != names.size() || names.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("columns: names must be distinct and not blank, got " + names);
        }
        for (List<Integer> dims : features) {
            if (dims.stream().anyMatch(d -> d < 1)) {
                throw new IllegalArgumentException("columns: dims must be >= 1, got " + features);
            }
        }
    }

    /** The number of arrays. */
    public int count() {
        return names.size();
    }

    /** The shape of array {@code k} with the batch axis, {@code [N, d_k...]}. */
    public Shape shape(int k) {
        return withRows(Shape.BATCH, k);
    }

    /** The packed width {@code Σ_k |d_k|}. */
    public int width() {
        return offset(count());
    }

    /** The position of {@code name}, or -1. */
    public int indexOf(String name) {
        return names.indexOf(name);
    }

    /** Array {@code k} of the packed node {@code [N, width]}. */
    public Node slice(Node packed, int k) {
        return packed.slice(1, offset(k), offset(k + 1)).reshape(shape(k));
    }

    /** Array {@code k} of the packed tensor {@code [n, width]}. */
    public Tensor slice(Tensor packed, int k) {
        int n = packed.shape().dim(0);
        Tensor columns = MovementKernels.slice(packed, new int[] {0, offset(k)}, Shape.of(n, size(k)));
        return columns.reshape(withRows(n, k));
    }

    /** The nodes {@code [N, d_k...]}, flattened and joined along the columns. */
    public Node pack(List<Node> arrays) {
        List<Node> flat = new ArrayList<>();
        for (int k = 0; k < count(); k++) {
            flat.add(arrays.get(k).reshape(Shape.of(Shape.BATCH, size(k))));
        }
        return flat.size() == 1 ? flat.get(0) : MovementOp.concat(1, flat);
    }

    /**
     * The tensors {@code [n, d_k...]} in {@code dtype}, flattened and joined along the columns. Each is cast as
     * {@link Model#fit} casts its one array: a value the dtype does not hold (an integer float32 rounds, a
     * float64 beyond float32's range) is refused, named by the array, its row and its column within the array.
     *
     * @param op the operation, for messages ({@code fit}, {@code predict})
     * @param what the arrays' role, for messages ({@code input}, {@code target})
     * @throws IllegalArgumentException naming the array when the count, a shape or a row count does not fit, or
     *     a value does not survive the cast to {@code dtype}
     */
    public Tensor pack(List<Tensor> arrays, DType dtype, String op, String what) {
        return pack(arrays, dtype, op, what, false);
    }

    /**
     * Targets {@code [n, d_k...]} packed as {@link #pack(List, DType, String, String)} packs them, accepting, as
     * the losses do ({@link dev.adjoint.nn.loss.Targets}) and as {@code fit} of one array does, a target whose
     * shape differs from its output's only by a trailing axis of size 1: Keras's sparse labels {@code [n, 1]}
     * where {@code [n]} is expected, or values {@code [n]} for an output {@code [n, 1]}. The packed columns are
     * the same either way.
     *
     * @param op the operation, for messages ({@code fit}, {@code evaluate})
     * @throws IllegalArgumentException as {@link #pack(List, DType, String, String)}, naming the target
     */
    public Tensor packTargets(List<Tensor> targets, DType dtype, String op) {
        return pack(targets, dtype, op, "target", true);
    }

    private Tensor pack(List<Tensor> arrays, DType dtype, String op, String what, boolean trailingOne) {
        Objects.requireNonNull(arrays, op + ": " + what + "s are null");
        if (arrays.size() != count()) {
            throw new IllegalArgumentException(op + ": the model has " + count() + " " + what + "s " + names + ", got "
                    + arrays.size() + " arrays");
        }
        List<Tensor> flat = new ArrayList<>();
        int rows = -1;
        for (int k = 0; k < count(); k++) {
            Tensor t = Objects.requireNonNull(arrays.get(k), op + ": " + what + " '" + names.get(k) + "' is null");
            Shape expected = withRows(t.shape().rank() == 0 ? 0 : t.shape().dim(0), k);
            if (!t.shape().equals(expected) && !(trailingOne && differByTrailingOne(t.shape(), expected))) {
                throw new IllegalArgumentException(op + ": " + what + " '" + names.get(k) + "' must have shape "
                        + shape(k) + (trailingOne ? " or " + alternative(shape(k)) : "") + ", got " + t.shape());
            }
            if (rows >= 0 && t.shape().dim(0) != rows) {
                throw new IllegalArgumentException(op + ": every " + what + " must have the rows of " + what + " '"
                        + names.get(0) + "' (" + rows + "), got " + t.shape().dim(0) + " rows in '" + names.get(k)
                        + "'");
            }
            rows = t.shape().dim(0);
            flat.add(Batches.cast(t.reshape(Shape.of(rows, size(k))), dtype, op, what + " '" + names.get(k) + "'"));
        }
        return flat.size() == 1 ? flat.get(0) : MovementKernels.concat(flat, 1, Shape.of(rows, width()));
    }

    /** Whether {@code got} is {@code expected} with a trailing axis of size 1 added or removed. */
    private static boolean differByTrailingOne(Shape got, Shape expected) {
        if (got.rank() == expected.rank() + 1 && got.rank() >= 2 && got.dim(-1) == 1) {
            return got.drop(-1).equals(expected);
        }
        if (got.rank() + 1 == expected.rank() && got.rank() >= 1 && expected.dim(-1) == 1) {
            return expected.drop(-1).equals(got);
        }
        return false;
    }

    /** {@code shape} without its trailing axis of size 1 (above the batch axis), else with one added. */
    private static Shape alternative(Shape shape) {
        if (shape.rank() >= 2 && shape.dim(-1) == 1) {
            return shape.drop(-1);
        }
        int[] dims = java.util.Arrays.copyOf(shape.dims(), shape.rank() + 1);
        dims[shape.rank()] = 1;
        return Shape.of(dims);
    }

    /** Every array of the packed tensor, in order. */
    public List<Tensor> unpack(Tensor packed) {
        List<Tensor> arrays = new ArrayList<>();
        for (int k = 0; k < count(); k++) {
            arrays.add(slice(packed, k));
        }
        return arrays;
    }

    private Shape withRows(int rows, int k) {
        int[] dims = new int[features.get(k).size() + 1];
        dims[0] = rows;
        for (int a = 1; a < dims.length; a++) {
            dims[a] = features.get(k).get(a - 1);
        }
        return Shape.of(dims);
    }

    private int size(int k) {
        return features.get(k).stream().reduce(1, (a, b) -> a * b);
    }

    private int offset(int k) {
        int o = 0;
        for (int j = 0; j < k; j++) {
            o += size(j);
        }
        return o;
    }

    /** The dims of a shape after its batch axis. */
    static List<Integer> features(Shape withBatch) {
        List<Integer> dims = new ArrayList<>();
        for (int a = 1; a < withBatch.rank(); a++) {
            dims.add(withBatch.dim(a));
        }
        return dims;
    }
}
