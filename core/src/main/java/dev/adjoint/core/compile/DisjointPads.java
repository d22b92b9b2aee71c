package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A sum of zero-padded blocks that tile an axis is their concatenation:
 *
 * <pre>
 * pad(a, [0, e_1)) + pad(b, [e_1, e_2)) + ... + pad(z, [e_k, n))  =  concat(a, b, ..., z) along the axis
 * </pre>
 *
 * when every term is padded along one and the same axis only, in any order of the terms. This is the
 * gradient of a value read through slices (an LSTM's four gates of {@code z}): each slice's cotangent padded back
 * to {@code z}'s shape, then summed. The rewritten form copies each block once instead of filling and adding
 * whole-size arrays, with the same values (as for {@code x + 0 → x}, a {@code −0} block element becomes
 * {@code +0} in the sum and stays {@code −0} in the concatenation).
 */
final class DisjointPads {

    private DisjointPads() {
    }

    /** A term: the block and its range along the axis. */
    private record Block(Node x, int start, int end) {
    }

    /** The concatenation equal to {@code sum}, an addition of padded blocks, or null when it is not one. */
    static Node concatenation(Node sum) {
        if (!isSum(sum)) {
            return null;
        }
        List<Node> terms = new ArrayList<>();
        Deque<Node> work = new ArrayDeque<>(List.of(sum));
        while (!work.isEmpty()) {
            Node n = work.pop();
            if (isSum(n)) {
                // a term that is neither a pad nor a sum ends the search at once (a long chain of sums stays
                // linear to compile), and so does a sum of more than MAX_TERMS terms
                for (Node operand : n.inputs()) {
                    if (!isSum(operand) && !(operand.op() instanceof MovementOp.Pad)) {
                        return null;
                    }
                }
                if (terms.size() + work.size() > MAX_TERMS) {
                    return null;
                }
                work.push(n.inputs().get(1));
                work.push(n.inputs().get(0));
            } else {
                terms.add(n);
            }
        }
        int axis = -1;
        List<Block> blocks = new ArrayList<>();
        for (Node t : terms) {
            if (!(t.op() instanceof MovementOp.Pad pad)) {
                return null;
            }
            int a = paddedAxis(pad);
            if (a < 0 || (axis >= 0 && a != axis)) {
                return null;
            }
            axis = a;
            blocks.add(new Block(t.inputs().get(0), pad.before().get(a),
                    pad.before().get(a) + t.inputs().get(0).shape().dim(a)));
        }
        blocks.sort(Comparator.comparingInt(Block::start));
        List<Node> parts = new ArrayList<>();
        int at = 0;
        for (Block b : blocks) {
            if (b.start() != at) {
                return null; // blocks that overlap add up; a gap is left to a larger sum that may fill it
            }
            parts.add(b.x());
            at = b.end();
        }
        return at == sum.shape().dim(axis) ? MovementOp.concat(axis, parts) : null;
    }

    /** The most terms a sum rewritten here has. */
    private static final int MAX_TERMS = 64;

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
