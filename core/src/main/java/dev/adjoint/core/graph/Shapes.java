package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Factories for movement ops. Primitives: reshape, permute, broadcastTo, slice, pad, concat (see
 * {@link MovementOp}). Compositions: {@code transpose} (permute of the last two axes), {@code squeeze},
 * {@code unsqueeze} and {@code flatten} (reshapes).
 */
public final class Shapes {

    private Shapes() {
    }

    /** The same elements in {@code target} (which may contain N where the input has it). */
    public static Node reshape(Node x, Shape target) {
        Objects.requireNonNull(x, "reshape: operand is null");
        Objects.requireNonNull(target, "reshape: target is null");
        return x.shape().equals(target) ? x : Node.apply(new MovementOp.Reshape(target), x);
    }

    /** Axis {@code a} of the result is axis {@code perm[a]} of x. */
    public static Node permute(Node x, int... perm) {
        Objects.requireNonNull(x, "permute: operand is null");
        Objects.requireNonNull(perm, "permute: perm is null");
        return Node.apply(new MovementOp.Permute(Arrays.stream(perm).boxed().toList()), x);
    }

    /** Swaps the last two axes (rank >= 2). */
    public static Node transpose(Node x) {
        Objects.requireNonNull(x, "transpose: operand is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException("transpose: operand must have rank >= 2, got " + x.shape());
        }
        int[] perm = new int[x.rank()];
        for (int a = 0; a < perm.length; a++) {
            perm[a] = a;
        }
        perm[perm.length - 1] = perm.length - 2;
        perm[perm.length - 2] = perm.length - 1;
        return permute(x, perm);
    }

    /** Repeats x along its size-1 axes and new leading axes. */
    public static Node broadcastTo(Node x, Shape target) {
        Objects.requireNonNull(x, "broadcastTo: operand is null");
        Objects.requireNonNull(target, "broadcastTo: target is null");
        return x.shape().equals(target) ? x : Node.apply(new MovementOp.BroadcastTo(target), x);
    }

    /** Removes axis {@code axis}, which must have size 1. */
    public static Node squeeze(Node x, int axis) {
        Objects.requireNonNull(x, "squeeze: operand is null");
        int a = x.shape().normalizeAxis(axis, "squeeze");
        if (x.shape().dim(a) != 1) {
            throw new IllegalArgumentException("squeeze: axis must have size 1, got axis " + axis + " of "
                    + x.shape());
        }
        return reshape(x, x.shape().drop(a));
    }

    /** Inserts an axis of size 1 at position {@code axis} (in {@code [-(rank+1), rank]}). */
    public static Node unsqueeze(Node x, int axis) {
        Objects.requireNonNull(x, "unsqueeze: operand is null");
        int r = x.rank();
        if (axis < -(r + 1) || axis > r) {
            throw new IllegalArgumentException("unsqueeze: axis must be in [" + (-(r + 1)) + ", " + r + "], got axis "
                    + axis + " for shape " + x.shape());
        }
        int a = axis < 0 ? axis + r + 1 : axis;
        int[] dims = x.shape().dims();
        int[] out = new int[r + 1];
        System.arraycopy(dims, 0, out, 0, a);
        out[a] = 1;
        System.arraycopy(dims, a, out, a + 1, r - a);
        return reshape(x, Shape.of(out));
    }

    /** {@code [d0, d1, ..., dk] -> [d0, d1*...*dk]}: keeps the first (batch) axis, flattens the rest. */
    public static Node flatten(Node x) {
        Objects.requireNonNull(x, "flatten: operand is null");
        if (x.rank() < 1) {
            throw new IllegalArgumentException("flatten: operand must have rank >= 1, got " + x.shape());
        }
        int rest = 1;
        for (int a = 1; a < x.rank(); a++) {
            if (x.shape().dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException("flatten: only the first axis may be N, got " + x.shape());
            }
            rest *= x.shape().dim(a);
        }
        return reshape(x, Shape.of(x.shape().dim(0), rest));
    }

    /** Elements {@code start <= i < end} along one axis, all of the others. */
    public static Node slice(Node x, int axis, int start, int end) {
        Objects.requireNonNull(x, "slice: operand is null");
        int a = x.shape().normalizeAxis(axis, "slice");
        Integer[] starts = new Integer[x.rank()];
        Integer[] ends = new Integer[x.rank()];
        Arrays.fill(starts, 0);
        Arrays.fill(ends, Integer.MAX_VALUE);
        starts[a] = start;
        ends[a] = end;
        return Node.apply(new MovementOp.Slice(List.of(starts), List.of(ends)), x);
    }

    /** Zeros around x: {@code before[a]} and {@code after[a]} along each axis. */
    public static Node pad(Node x, int[] before, int[] after) {
        Objects.requireNonNull(x, "pad: operand is null");
        Objects.requireNonNull(before, "pad: before is null");
        Objects.requireNonNull(after, "pad: after is null");
        return Node.apply(new MovementOp.Pad(Arrays.stream(before).boxed().toList(),
                Arrays.stream(after).boxed().toList()), x);
    }

    /** The parts joined along {@code axis} (negative counts from the end). */
    public static Node concat(int axis, Node... parts) {
        Objects.requireNonNull(parts, "concat: parts is null");
        return concat(axis, Arrays.asList(parts));
    }

    /** The parts joined along {@code axis} (negative counts from the end). */
    public static Node concat(int axis, List<Node> parts) {
        Objects.requireNonNull(parts, "concat: parts is null");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: needs at least one part, got none");
        }
        List<Node> copy = new ArrayList<>(parts);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) == null) {
                throw new NullPointerException("concat: part " + i + " is null");
            }
        }
        int a = copy.get(0).shape().normalizeAxis(axis, "concat");
        return Node.apply(new MovementOp.Concat(a), copy);
    }
}
