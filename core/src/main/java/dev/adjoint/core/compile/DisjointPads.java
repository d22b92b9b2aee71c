package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sum of zero-padded blocks that tile an axis is their concatenation:
 *
 * <pre>
 * pad(a, [0, e_1)) + pad(b, [e_1, e_2)) + ... + pad(z, [e_k, n))  =  concat(a, b, ..., z) along the axis
 * </pre>
 *
 * when every term is padded along one and the same axis only, in any order of the terms. This is the
 * gradient of a value read through slices (an LSTM's four gates of {@code z}, the parts of a split): each slice's
 * cotangent padded back to {@code z}'s shape, then summed. The rewritten form copies each block once instead of
 * filling and adding whole-size arrays, with the same values (the one difference: a {@code −0} block element
 * becomes {@code +0} in the sum and stays {@code −0} in the concatenation).
 *
 * <p>Autodiff adds a node's cotangents one at a time, so the sum of k blocks is a chain of k additions, each
 * offered to {@link #concatenation} in turn. Each addition is summarised once, from its operands' summaries (the
 * axis, the number of cells the blocks cover, the blocks themselves as a tree), so the chain costs O(k) to
 * compile whatever k is; the blocks are sorted and checked only when they cover the axis exactly.
 */
final class DisjointPads {

    /**
     * The blocks of a sum of pads along one axis: a leaf is one padded term, an inner summary the union of its
     * operands'. {@code covered} counts the cells of all blocks, so it exceeds the axis when two overlap.
     */
    private record Blocks(int axis, long covered, Node pad, Blocks left, Blocks right) {
    }

    /** A sum that is not (or no longer can be) a tiling, under any further additions. */
    private static final Blocks NONE = new Blocks(-1, 0, null, null, null);

    /** The summary of each sum and pad met so far, by identity; {@link #NONE} for the others. */
    private final Map<Node, Blocks> summaries = new IdentityHashMap<>();

    /** The concatenation equal to {@code sum}, an addition of padded blocks, or null when it is not one. */
    Node concatenation(Node sum) {
        if (!isSum(sum)) {
            return null;
        }
        Blocks blocks = summary(sum);
        if (blocks == NONE || blocks.covered() != sum.shape().dim(blocks.axis())) {
            return null; // blocks with a hole, or overlapping ones that add up: left as a sum
        }
        List<Node> pads = new ArrayList<>();
        Deque<Blocks> work = new ArrayDeque<>(List.of(blocks));
        while (!work.isEmpty()) {
            Blocks b = work.pop();
            if (b.pad() != null) {
                pads.add(b.pad());
            } else {
                work.push(b.right());
                work.push(b.left());
            }
        }
        int axis = blocks.axis();
        pads.sort(Comparator.comparingInt(p -> ((MovementOp.Pad) p.op()).before().get(axis)));
        List<Node> parts = new ArrayList<>(pads.size());
        int at = 0;
        for (Node p : pads) {
            if (((MovementOp.Pad) p.op()).before().get(axis) != at) {
                summaries.put(sum, NONE); // they cover as many cells as the axis has but overlap: never a tiling
                return null;
            }
            Node x = p.inputs().get(0);
            parts.add(x);
            at += x.shape().dim(axis);
        }
        return MovementOp.concat(axis, parts);
    }

    /**
     * The summary of {@code root}, computing those of the sums below it that have none yet with an explicit work
     * list (each node is summarised once, however long the chain).
     */
    private Blocks summary(Node root) {
        Deque<Node> work = new ArrayDeque<>(List.of(root));
        while (!work.isEmpty()) {
            Node n = work.peek();
            if (summaries.containsKey(n)) {
                work.pop();
            } else if (n.op() instanceof MovementOp.Pad pad) {
                work.pop();
                summaries.put(n, leaf(n, pad));
            } else if (!isSum(n)) {
                work.pop();
                summaries.put(n, NONE);
            } else {
                Blocks left = summaries.get(n.inputs().get(0));
                Blocks right = summaries.get(n.inputs().get(1));
                if (left == null || right == null) {
                    if (right == null) {
                        work.push(n.inputs().get(1));
                    }
                    if (left == null) {
                        work.push(n.inputs().get(0));
                    }
                } else {
                    work.pop();
                    summaries.put(n, union(n, left, right));
                }
            }
        }
        return summaries.get(root);
    }

    /** One padded term: the one axis it pads and its block's length there. */
    private static Blocks leaf(Node n, MovementOp.Pad pad) {
        int axis = paddedAxis(pad);
        return axis < 0 ? NONE : new Blocks(axis, n.inputs().get(0).shape().dim(axis), n, null, null);
    }

    /** The blocks of both operands of {@code sum}, or {@link #NONE} when they cannot tile its axis. */
    private static Blocks union(Node sum, Blocks left, Blocks right) {
        if (left == NONE || right == NONE || left.axis() != right.axis()) {
            return NONE;
        }
        long covered = left.covered() + right.covered();
        return covered > sum.shape().dim(left.axis()) ? NONE : new Blocks(left.axis(), covered, null, left, right);
    }

    /** An addition of two operands of its own shape and dtype. */
    private static boolean isSum(Node n) {
        return n.op() instanceof BinaryOp.Add && n.inputs().get(0).shape().equals(n.shape())
                && n.inputs().get(1).shape().equals(n.shape()) && n.inputs().get(0).dtype() == n.dtype()
                && n.inputs().get(1).dtype() == n.dtype();
    }

    /** The one axis {@code pad} pads (on either side), or -1 when it pads none or several. */
    private static int paddedAxis(MovementOp.Pad pad) {
        int axis = -1;
        for (int a = 0; a < pad.before().size(); a++) {
            if (pad.before().get(a) != 0 || pad.after().get(a) != 0) {
                if (axis >= 0) {
                    return -1;
                }
                axis = a;
            }
        }
        return axis;
    }
}
