package dev.adjoint.core.compile;

import dev.adjoint.core.graph.ContractionOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Contractions that share an operand become one (XLA's dot merger):
 * {@code C_i = contract(A_i, B)} for i = 1..r, the same B summed over the same axes, each A_i with one free
 * axis (the same one) and the same contracted axes, becomes {@code contract(concat(A_1, ..., A_r), B)} cut
 * back into its r row blocks. A layer's weight gradients have this form: {@code xᵀ·dZ} and {@code hᵀ·dZ} of a
 * recurrent layer over all steps share the stacked cotangent dZ, which the GEMM then packs once instead of r
 * times, on more rows. Every element is the same sum in the same order, so the bits do not change.
 *
 * <p>Merged only when it pays (B larger than the A_i together, which the concatenation copies) and when it is
 * sound: no A_i depends on a contraction that could be merged (so the merged product is no cycle).
 */
final class ContractionMerging {

    private ContractionMerging() {
    }

    /**
     * The outputs with the merged contractions, recording in {@code merged} what each node of {@code graph}
     * became where it changed; {@code outputs} itself when nothing merges.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> merged) {
        // contractions by (B's position, their axes): candidates for one merged product
        Map<List<Object>, List<Integer>> groups = new HashMap<>();
        for (int p = 0; p < graph.size(); p++) {
            if (mergeable(graph.node(p))) {
                ContractionOp.Contraction c = (ContractionOp.Contraction) graph.node(p).op();
                int free = freeAxis(graph.node(p).inputs().get(0), c);
                groups.computeIfAbsent(List.of(graph.input(p, 1), c, free, graph.node(p).dtype()),
                        k -> new ArrayList<>()).add(p);
            }
        }
        // which nodes depend on a candidate: an operand that does cannot join a merged product
        boolean[] candidate = new boolean[graph.size()];
        for (List<Integer> members : groups.values()) {
            for (int p : members) {
                candidate[p] = members.size() > 1;
            }
        }
        boolean[] dependent = new boolean[graph.size()];
        for (int p = 0; p < graph.size(); p++) {
            for (int j = 0; j < graph.inputCount(p) && !dependent[p]; j++) {
                int q = graph.input(p, j);
                dependent[p] = candidate[q] || dependent[q];
            }
        }
        // member position -> its group's members
        Map<Integer, List<Integer>> memberOf = new HashMap<>();
        for (List<Integer> members : groups.values()) {
            List<Integer> kept = sound(graph, members, dependent);
            for (int p : kept) {
                memberOf.put(p, kept);
            }
        }
        if (memberOf.isEmpty()) {
            return outputs;
        }
        Map<List<Integer>, Node> product = new IdentityHashMap<>();
        Node[] done = Rebuild.rewrite(graph, (p, node) -> {
            List<Integer> members = memberOf.get(p);
            if (members == null) {
                return node;
            }
            ContractionOp.Contraction c = (ContractionOp.Contraction) node.op();
            int free = freeAxis(node.inputs().get(0), c);
            Node whole = product.get(members);
            if (whole == null) { // the first member; no A_i depends on a rewritten node, so each is as written
                report.fired("contractions sharing an operand -> one contraction");
                List<Node> as = new ArrayList<>();
                for (int q : members) {
                    as.add(graph.node(graph.input(q, 0)));
                }
                whole = Node.apply(c, MovementOp.concat(free, as), node.inputs().get(1));
                product.put(members, whole);
            }
            int start = 0;
            for (int q : members) {
                if (q == p) {
                    break;
                }
                start += graph.node(q).inputs().get(0).shape().dim(free);
            }
            int rows = node.inputs().get(0).shape().dim(free);
            return MovementOp.slice(whole, 0, start, start + rows);
        });
        for (int p = 0; p < done.length; p++) {
            if (done[p] != graph.node(p)) {
                merged.put(graph.node(p), done[p]);
            }
        }
        List<Node> result = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            result.add(done[graph.indexOf(output)]);
        }
        return result;
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
     * The members that can be merged (in order): those whose A depends on no candidate contraction (so that
     * the merged product is no cycle, and each A stays as written), when B is larger than their A together;
     * an empty list when fewer than two remain.
     */
    private static List<Integer> sound(Topology graph, List<Integer> members, boolean[] dependent) {
        if (members.size() < 2) {
            return List.of();
        }
        List<Integer> kept = new ArrayList<>();
        long aSizes = 0;
        for (int p : members) {
            if (!dependent[graph.input(p, 0)]) {
                kept.add(p);
                aSizes += elements(graph.node(p).inputs().get(0).shape());
            }
        }
        long b = elements(graph.node(members.get(0)).inputs().get(1).shape());
        return kept.size() >= 2 && b > aSizes ? kept : List.of();
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
