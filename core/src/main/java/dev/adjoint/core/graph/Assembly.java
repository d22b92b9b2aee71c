package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Assembling tensors from parts and taking them apart, with PyTorch's semantics: {@code stack} (parts joined
 * along a new axis), {@code unbind} and {@code chunk} (the inverse cuts), {@code meshgrid} (coordinate grids),
 * and the diagonals of matrices: {@code diagonal} takes one out, {@code diagEmbed} puts a vector onto one (the
 * adjoint of diagonal), {@code diag} is NumPy's either way. All are exact compositions of the movement ops
 * (reshape, permute, slice, pad, concat, broadcast): no arithmetic touches a value, and being linear their
 * gradients are the adjoint movements, which differentiate again.
 */
public final class Assembly {

    private Assembly() {
    }

    /** How {@link #meshgrid} orders its output axes. */
    public enum Indexing {
        /** Matrix indexing: output {@code k} varies along axis {@code k}; shape {@code [n_0, n_1, ...]}. */
        IJ,
        /**
         * Cartesian indexing (NumPy's default): the first two axes swapped, shape {@code [n_1, n_0, n_2, ...]}, so
         * output 0 varies along axis 1 (x across columns) and output 1 along axis 0.
         */
        XY
    }

    /**
     * {@code torch.stack}: the parts, all of one shape {@code s} and one dtype, joined along a new axis at
     * {@code axis} (in {@code [-(rank+1), rank]}, negative from the end of the result):
     * {@code y[..., k, ...] = parts[k]}, shape {@code s} with {@code parts.size()} inserted at {@code axis}.
     *
     * @throws IllegalArgumentException for no parts, parts of different shapes or dtypes, or an axis out of range
     */
    public static Node stack(int axis, List<Node> parts) {
        Objects.requireNonNull(parts, "stack: parts is null");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: needs at least one part, got none");
        }
        List<Node> columns = new ArrayList<>();
        Node first = Objects.requireNonNull(parts.get(0), "stack: part 0 is null");
        for (int k = 0; k < parts.size(); k++) {
            Node part = Objects.requireNonNull(parts.get(k), "stack: part " + k + " is null");
            if (!part.shape().equals(first.shape()) || part.dtype() != first.dtype()) {
                throw new IllegalArgumentException("stack: parts must share one shape and dtype, got part 0 "
                        + first.describe() + " and part " + k + " " + part.describe());
            }
            int r = part.rank();
            if (axis < -(r + 1) || axis > r) {
                throw new IllegalArgumentException("stack: axis must be in [" + (-(r + 1)) + ", " + r + "], got axis "
                        + axis + " for parts " + first.describe());
            }
            columns.add(part.unsqueeze(axis));
        }
        return MovementOp.concat(axis < 0 ? axis + first.rank() + 1 : axis, columns);
    }

    /** {@link #stack(int, List)} of the parts given one by one. */
    public static Node stack(int axis, Node... parts) {
        Objects.requireNonNull(parts, "stack: parts is null");
        return stack(axis, Arrays.asList(parts));
    }

    /**
     * {@code torch.unbind}: the slices {@code x[..., k, ...]} along {@code axis}, each without that axis, for
     * {@code k = 0, ..., d - 1} (none for an empty axis). {@code stack(axis, unbind(x, axis)) = x}.
     *
     * @throws IllegalArgumentException for an axis out of range (a scalar has none) or the batch axis N
     */
    public static List<Node> unbind(Node x, int axis) {
        Objects.requireNonNull(x, "unbind: operand is null");
        int a = x.axis(axis, "unbind");
        int d = concrete(x, a, "unbind");
        List<Node> parts = new ArrayList<>();
        for (int k = 0; k < d; k++) {
            parts.add(MovementOp.slice(x, a, k, k + 1).squeeze(a));
        }
        return parts;
    }

    /**
     * {@code torch.chunk}: x cut along {@code axis} into consecutive parts of {@code ceil(d / chunks)}
     * elements, the last one shorter when the size does not divide d; so there may be fewer than {@code chunks}
     * parts ({@code d = 6, chunks = 4}: three parts of 2). An empty axis gives {@code chunks} empty parts, as
     * PyTorch does.
     *
     * @throws IllegalArgumentException when {@code chunks <= 0}, or the axis is out of range or N
     */
    public static List<Node> chunk(Node x, int chunks, int axis) {
        Objects.requireNonNull(x, "chunk: operand is null");
        int a = x.axis(axis, "chunk");
        int d = concrete(x, a, "chunk");
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: chunks must be > 0, got " + chunks + " for axis " + axis
                    + " of " + x.describe());
        }
        List<Node> parts = new ArrayList<>();
        if (d == 0) {
            for (int k = 0; k < chunks; k++) {
                parts.add(MovementOp.slice(x, a, 0, 0));
            }
            return parts;
        }
        int size = (int) ((d + (long) chunks - 1) / chunks);
        for (int at = 0; at < d; at += size) {
            parts.add(MovementOp.slice(x, a, at, (int) Math.min(d, (long) at + size)));
        }
        return parts;
    }

    /**
     * {@code torch.diagonal}: the elements {@code x[..., i, ..., i + offset, ...]} of axes {@code axis1} (rows)
     * and {@code axis2} (columns), with those two axes removed and the diagonal appended as the last axis, of
     * length {@code max(0, min(n, m - offset))} for {@code offset >= 0} and {@code max(0, min(n + offset, m))}
     * below. Built as permute, reshape to {@code n·m} and a slice of step {@code m + 1}; its gradient puts the
     * cotangent back on the diagonal, {@link #diagEmbed}'s placement.
     *
     * @throws IllegalArgumentException for rank below 2, equal or out-of-range axes, or N among them
     */
    public static Node diagonal(Node x, int offset, int axis1, int axis2) {
        Objects.requireNonNull(x, "diagonal: operand is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException("diagonal: operand must have rank >= 2, got " + x.describe());
        }
        int a1 = x.axis(axis1, "diagonal");
        int a2 = x.axis(axis2, "diagonal");
        if (a1 == a2) {
            throw new IllegalArgumentException("diagonal: axis1 and axis2 must differ, got " + axis1 + " and "
                    + axis2 + " for " + x.describe());
        }
        int n = concrete(x, a1, "diagonal");
        int m = concrete(x, a2, "diagonal");
        int r = x.rank();
        int[] order = new int[r];
        int[] lead = new int[r - 1];
        for (int a = 0, k = 0; a < r; a++) {
            if (a != a1 && a != a2) {
                lead[k] = x.shape().dim(a);
                order[k++] = a;
            }
        }
        order[r - 2] = a1;
        order[r - 1] = a2;
        long length = offset >= 0 ? Math.min(n, (long) m - offset) : Math.min((long) n + offset, m);
        int count = (int) Math.max(0, length);
        lead[r - 2] = n * m;
        Node flat = Matrices.permuteUnlessIdentity(x, order).reshape(Shape.of(lead));
        if (count == 0) {
            return MovementOp.slice(flat, r - 2, 0, 0);
        }
        int start = offset >= 0 ? offset : -offset * m;
        return ArrangeOp.slice(flat, r - 2, start, start + (count - 1) * (m + 1) + 1, m + 1);
    }

    /**
     * {@code torch.diag_embed}: v's last axis (length L) put on the {@code offset} diagonal of new matrices of
     * size {@code n = L + |offset|}, zero elsewhere, whose row and column axes are {@code axis1} and {@code axis2}
     * of the result (rank {@code rank(v) + 1}; negative from its end), the other axes those of v in order:
     * {@code y[..., i, ..., i + offset, ...] = v[..., i]}. The adjoint of {@link #diagonal}: {@code <diagEmbed(v),
     * X> = <v, diagonal(X)>}. Built from pad, reshape, slice and permute, so off-diagonal zeros are exact (even
     * where v holds infinities).
     *
     * @throws IllegalArgumentException for a scalar v, equal or out-of-range axes, or an N last axis
     */
    public static Node diagEmbed(Node v, int offset, int axis1, int axis2) {
        Objects.requireNonNull(v, "diagEmbed: operand is null");
        int r = v.rank() + 1;
        if (v.rank() < 1) {
            throw new IllegalArgumentException("diagEmbed: operand must have rank >= 1, got " + v.describe());
        }
        if (axis1 < -r || axis1 >= r || axis2 < -r || axis2 >= r
                || Math.floorMod(axis1, r) == Math.floorMod(axis2, r)) {
            throw new IllegalArgumentException("diagEmbed: axis1 and axis2 must be distinct axes of the rank-" + r
                    + " result, in [" + -r + ", " + r + "), got " + axis1 + " and " + axis2 + " for " + v.describe());
        }
        int length = concrete(v, r - 2, "diagEmbed");
        long size = length + Math.abs((long) offset);
        long[] out = Arrays.stream(v.shape().dims()).asLongStream().toArray();
        out = Arrays.copyOf(out, r);
        out[r - 2] = size;
        out[r - 1] = size;
        ElementCount.checked("diagEmbed", out, v.describe());
        int n = (int) size;
        int[] zeros = new int[r];
        int[] after = new int[r];
        after[r - 1] = n;
        Node rows = MovementOp.pad(v.unsqueeze(-1), zeros, after);
        int[] lead = Arrays.copyOf(v.shape().dims(), r - 1);
        lead[r - 2] = length * (n + 1);
        int start = offset >= 0 ? offset : -offset * n;
        int rest = n * n - start - length * (n + 1);
        int[] before = new int[r - 1];
        int[] tail = new int[r - 1];
        before[r - 2] = start;
        tail[r - 2] = Math.max(0, rest);
        Node flat = MovementOp.pad(rows.reshape(Shape.of(lead)), before, tail);
        if (rest < 0) {
            flat = MovementOp.slice(flat, r - 2, 0, n * n);
        }
        int[] square = Arrays.copyOf(v.shape().dims(), r);
        square[r - 2] = n;
        square[r - 1] = n;
        int[] order = new int[r];
        int p1 = Math.floorMod(axis1, r);
        int p2 = Math.floorMod(axis2, r);
        for (int a = 0, k = 0; a < r; a++) {
            order[a] = a == p1 ? r - 2 : a == p2 ? r - 1 : k++;
        }
        return Matrices.permuteUnlessIdentity(flat.reshape(Shape.of(square)), order);
    }

    /**
     * NumPy's {@code diag} (and {@code torch.diag}): of a vector, the square matrix with it on the {@code offset}
     * diagonal ({@link #diagEmbed} over axes 0, 1); of a matrix, its {@code offset} diagonal as a vector
     * ({@link #diagonal} over axes 0, 1).
     *
     * @throws IllegalArgumentException unless x has rank 1 or 2
     */
    public static Node diag(Node x, int offset) {
        Objects.requireNonNull(x, "diag: operand is null");
        return switch (x.rank()) {
            case 1 -> diagEmbed(x, offset, 0, 1);
            case 2 -> diagonal(x, offset, 0, 1);
            default -> throw new IllegalArgumentException("diag: operand must be a vector or a matrix (rank 1 or"
                    + " 2), got " + x.describe());
        };
    }

    /**
     * {@code torch.meshgrid} / {@code numpy.meshgrid}: from vectors {@code x_0, ..., x_{k-1}} (a scalar counts
     * as a vector of one) of lengths {@code n_k}, the grids {@code G_k[i_0, ..., i_{k-1}] = x_k[i_k]}, each of
     * shape {@code [n_0, ..., n_{k-1}]} ({@link Indexing#IJ}) or with the first two axes swapped
     * ({@link Indexing#XY}).
     *
     * @throws IllegalArgumentException for no vectors or one of rank above 1
     */
    public static List<Node> meshgrid(Indexing indexing, List<Node> vectors) {
        Objects.requireNonNull(indexing, "meshgrid: indexing is null");
        Objects.requireNonNull(vectors, "meshgrid: vectors is null");
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("meshgrid: needs at least one vector, got none");
        }
        int k = vectors.size();
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            Node x = Objects.requireNonNull(vectors.get(i), "meshgrid: vector " + i + " is null");
            if (x.rank() > 1) {
                throw new IllegalArgumentException("meshgrid: operands must have rank 0 or 1, got vector " + i
                        + " " + x.describe());
            }
            dims[i] = x.rank() == 0 ? 1 : x.shape().dim(0);
        }
        boolean swap = indexing == Indexing.XY && k >= 2;
        int[] target = dims.clone();
        if (swap) {
            target[0] = dims[1];
            target[1] = dims[0];
        }
        List<Node> grids = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int at = swap && i < 2 ? 1 - i : i;
            int[] column = new int[k];
            Arrays.fill(column, 1);
            column[at] = dims[i];
            grids.add(vectors.get(i).reshape(Shape.of(column)).broadcastTo(Shape.of(target)));
        }
        return grids;
    }

    /** {@link #meshgrid(Indexing, List)} of the vectors given one by one. */
    public static List<Node> meshgrid(Indexing indexing, Node... vectors) {
        Objects.requireNonNull(vectors, "meshgrid: vectors is null");
        return meshgrid(indexing, Arrays.asList(vectors));
    }

    private static int concrete(Node x, int a, String op) {
        int d = x.shape().dim(a);
        if (d == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": needs a concrete size on axis " + a + ", not the batch"
                    + " axis N, got " + x.describe());
        }
        return d;
    }
}
