package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.Scan;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loops that one loop computes too: the VJP of a {@link Scan} builds the same loop, on the same inputs, extended
 * to also output (stacked) the values its reverse pass reads. The shorter loop's outputs are the first outputs of
 * the longer one, so the shorter is replaced by the longer and the forward pass runs once. Loops are grouped by
 * their inputs, their body's parameters and their settings; within a group, a loop whose body's results begin
 * the longest body's results is merged into it.
 */
final class LoopMerging {

    private record Key(List<Node> inputs, List<Node> parameters, int carries, int sequences, int length,
            boolean reverse, Scan.Residuals residuals) {
    }

    private LoopMerging() {
    }

    /** The rule replacing each mergeable loop by the loop extending it, or null when there is none. */
    static Rebuild.Rule rule(Topology written, Report report) {
        Map<Key, List<Node>> groups = new HashMap<>();
        Map<Op, Integer> uses = new HashMap<>();
        for (Node node : written.order()) {
            if (node.op() instanceof Scan s) {
                uses.merge(s, 1, Integer::sum);
                groups.computeIfAbsent(new Key(node.inputs(), s.body().parameters(), s.carries(), s.sequences(),
                        s.length(), s.reverse(), s.residuals()), k -> new ArrayList<>()).add(node);
            }
        }
        Map<Op, Scan> extendedBy = new IdentityHashMap<>();
        for (List<Node> group : groups.values()) {
            Scan longest = (Scan) group.get(0).op();
            for (Node node : group) {
                Scan s = (Scan) node.op();
                longest = s.body().results().size() > longest.body().results().size() ? s : longest;
            }
            List<Node> all = longest.body().results();
            for (Node node : group) {
                Scan s = (Scan) node.op();
                List<Node> results = s.body().results();
                // an op applied to other inputs elsewhere too is left alone: the rule sees ops, not nodes
                if (!s.equals(longest) && uses.get(s) == 1 && all.subList(0, results.size()).equals(results)) {
                    extendedBy.put(s, longest);
                }
            }
        }
        if (extendedBy.isEmpty()) {
            return null;
        }
        return node -> {
            Scan longer = extendedBy.get(node.op());
            if (longer == null) {
                return node;
            }
            report.fired("loop merged into the loop extending it");
            return Node.apply(longer, node.inputs());
        };
    }
}
