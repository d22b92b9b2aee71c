package dev.adjoint.core.compile;

import dev.adjoint.core.graph.ContractionOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contractions that share an operand become one (XLA's dot merger):
 * {@code C_i = contract(A_i, B)} for i = 1..r, the same B summed over the same axes, each A_i with one free
 * axis (the same one) and the same contracted axes, becomes {@code contract(concat(A_1, ..., A_r), B)} cut
 * back into its r row blocks. A layer's weight gradients have this form: {@code xᵀ·dZ} and {@code hᵀ·dZ} of a
 * recurrent layer over all steps share the stacked cotangent dZ; so does the bias gradient {@code Σ_rows dZ},
 * the product of a row of ones with dZ, which joins as one more row (the first group of its operand that it
 * fits). Every element is the same sum in the same order (a sum over B's leading axes adds B's rows in order,
 * as the GEMM's chain {@code fma(1, b, acc)} does), so the bits do not change.
 *
 * <p>Merged when B is larger than the A_i together (which the concatenation copies), and only when sound: no
 * A_i depends on a candidate of any merge (a contraction in a group of two or more, even one the size rule
 * then leaves alone), so the merged product is no cycle and every A_i is the node as written.
 */
final class ContractionMerging {

    private ContractionMerging() {
    }

    /**
     * Contractions (and sums) sharing B: {@code b} its position, {@code spec} and {@code free} the members'
     * contraction and A's free axis, {@code members} their positions in order.
     */
    private record Group(int b, ContractionOp.Contraction spec, int free, List<Integer> members) {
    }

    /** A group to merge: each member's A (a row of ones for a sum) and its first row in the merged product. */
    private record Merge(Group group, List<Node> as, Map<Integer, Integer> start) {
    }

    /**
     * The outputs with the merged contractions, recording in {@code merged} what each node of {@code graph}
     * became where it changed; {@code outputs} itself when nothing merges.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> merged) {
        Map<List<Object>, Group> byKey = new LinkedHashMap<>(); // in the order of their first members
        for (int p = 0; p < graph.size(); p++) {
            if (mergeable(graph.node(p))) {
                ContractionOp.Contraction c = (ContractionOp.Contraction) graph.node(p).op();
                int free = freeAxis(graph.node(p).inputs().get(0), c);
                int b = graph.input(p, 1);
                byKey.computeIfAbsent(List.of(b, c, free, graph.node(p).dtype()),
                        k -> new Group(b, c, free, new ArrayList<>())).members().add(p);
            }
        }
        Map<Integer, Group> byOperand = new HashMap<>(); // a sum joins the first group of its operand, if it fits
        for (Group g : byKey.values()) {
            byOperand.putIfAbsent(g.b(), g);
        }
        for (int p = 0; p < graph.size(); p++) {
            Group g = graph.inputCount(p) == 1 ? byOperand.get(graph.input(p, 0)) : null;
            if (g != null && sumOverContracted(graph.node(p), g.spec())) {
                g.members().add(p);
            }
        }
        for (Group g : byOperand.values()) {
            g.members().sort(null);
        }
        // which nodes depend on a candidate: an operand that does cannot join a merged product
        boolean[] candidate = new boolean[graph.size()];
        for (Group g : byKey.values()) {
            for (int p : g.members()) {
                candidate[p] = g.members().size() > 1;
            }
        }
        boolean[] dependent = new boolean[graph.size()];
        for (int p = 0; p < graph.size(); p++) {
            for (int j = 0; j < graph.inputCount(p) && !dependent[p]; j++) {
                int q = graph.input(p, j);
                dependent[p] = candidate[q] || dependent[q];
            }
        }
        Map<Integer, Merge> memberOf = new HashMap<>();
        for (Group g : byKey.values()) {
            Group kept = sound(graph, g, dependent);
            Merge m = kept == null ? null : merge(graph, kept);
            for (int p : kept == null ? List.<Integer>of() : kept.members()) {
                memberOf.put(p, m);
            }
        }
        if (memberOf.isEmpty()) {
            return outputs;
        }
        Map<Merge, Node> product = new IdentityHashMap<>();
        Node[] done = Rebuild.rewrite(graph, (p, node) -> {
            Merge m = memberOf.get(p);
            if (m == null) {
                return node;
            }
            Node whole = product.get(m);
            if (whole == null) { // the first member; no A_i depends on a rewritten node, so each is as written
                report.fired("contractions sharing an operand -> one contraction");
                Node b = node.op() instanceof ContractionOp ? node.inputs().get(1) : node.inputs().get(0);
                whole = Node.apply(m.group().spec(), MovementOp.concat(m.group().free(), m.as()), b);
                product.put(m, whole);
            }
            int start = m.start().get(p);
            int rows = m.as().get(m.group().members().indexOf(p)).shape().dim(m.group().free());
            Node block = MovementOp.slice(whole, 0, start, start + rows);
            return node.op() instanceof ContractionOp ? block : MovementOp.reshape(block, node.shape());
        });
        return Rebuild.outputs(outputs, graph, done, merged);
    }

    /** The members' A (a row of ones, shaped like a contraction's A, for a sum) and their first rows. */
    private static Merge merge(Topology graph, Group g) {
        Node like = null;
        for (int p : g.members()) {
            if (like == null && graph.node(p).op() instanceof ContractionOp) {
                like = graph.node(p).inputs().get(0);
            }
        }
        Node ones = SourceOp.fill(like.shape().with(g.free(), 1), like.dtype(), 1.0);
        List<Node> as = new ArrayList<>();
        Map<Integer, Integer> start = new HashMap<>();
        int row = 0;
        for (int p : g.members()) {
            Node a = graph.node(p).op() instanceof ContractionOp ? graph.node(p).inputs().get(0) : ones;
            as.add(a);
            start.put(p, row);
            row += a.shape().dim(g.free());
        }
        return new Merge(g, as, start);
    }

    /** A contraction without batch axes whose A has exactly one free axis, of a concrete size. */
    private static boolean mergeable(Node node) {
        if (!(node.op() instanceof ContractionOp.Contraction c) || !c.aBatch().isEmpty()) {
            return false;
        }
        Node a = node.inputs().get(0);
        int free = freeAxis(a, c);
        return free >= 0 && a.shape().dim(free) != Shape.BATCH;
    }

    /**
     * Whether {@code node} sums its operand over exactly the contraction's axes of B, when those are B's leading
     * axes in order and A's contracted axes are ascending: then the sum adds B's rows in the order the GEMM's
     * k runs, and is the product of a row of ones with B.
     */
    private static boolean sumOverContracted(Node node, ContractionOp.Contraction c) {
        if (!(node.op() instanceof ReduceOp.Sum s) || s.keepDims()) {
            return false;
        }
        int rank = node.inputs().get(0).rank();
        List<Integer> axes = new ArrayList<>();
        for (int axis : s.axes()) {
            axes.add(axis < 0 ? axis + rank : axis);
        }
        axes.sort(null);
        List<Integer> leading = new ArrayList<>();
        for (int i = 0; i < c.bContracted().size(); i++) {
            leading.add(i);
        }
        List<Integer> aAxes = new ArrayList<>(c.aContracted());
        aAxes.sort(null);
        return axes.equals(leading) && c.bContracted().equals(leading) && aAxes.equals(c.aContracted())
                && rank > leading.size();
    }

    /** A's one free axis, or -1 when it has none or several. */
    private static int freeAxis(Node a, ContractionOp.Contraction c) {
        if (a.rank() != c.aContracted().size() + 1) {
            return -1;
        }
        for (int axis = 0; axis < a.rank(); axis++) {
            if (!c.aContracted().contains(axis)) {
                return axis;
            }
        }
        return -1;
    }

    /**
     * The group with the members that can be merged: those whose A depends on no candidate (so that the merged
     * product is no cycle, and each A stays as written), when B is larger than their A together and at least
     * one contraction and one more member remain; null otherwise.
     */
    private static Group sound(Topology graph, Group g, boolean[] dependent) {
        List<Integer> kept = new ArrayList<>();
        long aSizes = 0;
        int contractions = 0;
        for (int p : g.members()) {
            boolean contraction = graph.node(p).op() instanceof ContractionOp;
            if (!contraction || !dependent[graph.input(p, 0)]) {
                kept.add(p);
                contractions += contraction ? 1 : 0;
                aSizes += contraction ? elements(graph.node(p).inputs().get(0).shape()) : 0;
            }
        }
        long b = elements(graph.node(g.b()).shape());
        return contractions >= 1 && kept.size() >= 2 && b > aSizes ? new Group(g.b(), g.spec(), g.free(), kept)
                : null;
    }

    /** The number of elements, counting the batch dimension as 1. */
    private static long elements(Shape s) {
        long n = 1;
        for (int a = 0; a < s.rank(); a++) {
            n *= s.dim(a) == Shape.BATCH ? 1 : s.dim(a);
        }
        return n;
    }
}
