package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether a loop body computes row by row along the batch axis: every value with the symbolic batch dimension N
 * has it as its leading axis, and row n of such a value depends only on row n of the values it is computed from
 * (and on values without N, the same for every row). Such a body gives the same bits for any split of the rows,
 * so a loop can run blocks of rows as independent loops, one per thread, with no synchronization between steps.
 *
 * <p>The ops that keep rows apart: elementwise ops (whose operands have equal shapes), broadcasting, slicing,
 * padding, concatenation and reductions over axes other than the leading one, permutations and reshapes that
 * keep it, and {@code A · B} with A by rows and B without N. A value without N computed from values by rows (a
 * sum over the rows, such as a weight's gradient) or any other op makes the body not row by row; it then runs as
 * one loop.
 */
final class RowwiseBody {

    /**
     * Which parameters and results of a row-by-row body are split by rows (the others are the same in every
     * block: the values read at every step, and whatever is computed from them alone).
     *
     * @param parameters per parameter, whether it has rows
     * @param results per result, whether it has rows
     */
    record Layout(boolean[] parameters, boolean[] results) {
    }

    private static final Map<Subgraph, Layout> LAYOUTS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Layout NONE = new Layout(new boolean[0], new boolean[0]);

    private RowwiseBody() {
    }

    /** The body's layout, or null when it does not compute row by row (cached per body). */
    static Layout of(Subgraph body) {
        Layout layout = LAYOUTS.computeIfAbsent(body, RowwiseBody::analyze);
        return layout == NONE ? null : layout;
    }

    private static Layout analyze(Subgraph body) {
        Topology graph = Topology.of(body.results());
        boolean[] rows = new boolean[graph.size()];
        for (int i = 0; i < graph.size(); i++) {
            Node n = graph.node(i);
            boolean anyRows = false;
            for (int j = 0; j < graph.inputCount(i); j++) {
                anyRows |= rows[graph.input(i, j)];
            }
            boolean hasN = hasN(n.shape());
            if (hasN && !leadingN(n.shape())) {
                return NONE;
            }
            if (!anyRows) {
                // a parameter or a fill with N has rows (a fill's are all alike); any other source with N may not
                boolean source = SourceOp.isInput(n) || n.op() instanceof SourceOp.Fill
                        || n.op() instanceof MovementOp.BroadcastTo;
                if (hasN && !source) {
                    return NONE;
                }
                rows[i] = hasN;
            } else if (hasN && keepsRows(n)) {
                rows[i] = true;
            } else {
                return NONE;
            }
        }
        List<Node> params = body.parameters();
        boolean[] p = new boolean[params.size()];
        for (int i = 0; i < p.length; i++) {
            int at = graph.indexOf(params.get(i));
            p[i] = at >= 0 ? rows[at] : leadingN(params.get(i).shape());
        }
        boolean any = false;
        for (boolean b : p) {
            any |= b;
        }
        if (!any) {
            return NONE; // nothing to split
        }
        boolean[] r = new boolean[body.results().size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = rows[graph.indexOf(body.results().get(i))];
        }
        return new Layout(p, r);
    }

    private static boolean hasN(Shape shape) {
        for (int d : shape.dims()) {
            if (d == Shape.BATCH) {
                return true;
            }
        }
        return false;
    }

    /** N as the leading axis and nowhere else. */
    private static boolean leadingN(Shape shape) {
        int[] dims = shape.dims();
        for (int a = 0; a < dims.length; a++) {
            if ((dims[a] == Shape.BATCH) != (a == 0)) {
                return false;
            }
        }
        return dims.length > 0;
    }

    /** Whether {@code n}'s op, with operands by rows where they have N, computes row n from rows n only. */
    private static boolean keepsRows(Node n) {
        Op op = n.op();
        List<Node> in = n.inputs();
        if (op instanceof ElementwiseOp) {
            return true; // operands of equal shapes, N leading in each
        }
        if (op instanceof MovementOp.BroadcastTo) {
            return in.get(0).rank() == n.rank();
        }
        if (op instanceof MovementOp.Slice || op instanceof MovementOp.Pad) {
            return true; // the batch axis is taken whole, padded by nothing (checked when the node was built)
        }
        if (op instanceof MovementOp.Concat c) {
            return c.axis() != 0;
        }
        if (op instanceof MovementOp.Permute p) {
            return p.perm().get(0) == 0;
        }
        if (op instanceof MovementOp.Reshape) {
            return leadingN(in.get(0).shape());
        }
        if (op instanceof LinalgOp.MatMul) {
            return !hasN(in.get(1).shape()) && in.get(1).rank() == 2 && in.get(0).rank() >= 2;
        }
        if (op instanceof ReduceOp.Sum s) {
            return keepsAxisZero(s.axes(), s.keepDims(), in.get(0).rank(), n.rank());
        }
        if (op instanceof ReduceOp.Extremum e) {
            return keepsAxisZero(e.axes(), e.keepDims(), in.get(0).rank(), n.rank());
        }
        if (op instanceof ReduceOp.LogSumExp l) {
            return keepsAxisZero(l.axes(), l.keepDims(), in.get(0).rank(), n.rank());
        }
        return false;
    }

    private static boolean keepsAxisZero(List<Integer> axes, boolean keepDims, int rank, int outRank) {
        for (int a : axes) {
            if (a == 0 || a + rank == 0) {
                return false;
            }
        }
        return outRank >= 1;
    }
}
