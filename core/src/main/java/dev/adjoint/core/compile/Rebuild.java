package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The walk every pass shares: visit the nodes in topological order, rebuild each one on its rewritten inputs
 * (keeping the original node when no input changed) and offer it to a rule, which may return a replacement
 * of the same shape and dtype. Iterative, so its cost is linear in the graph and its depth unbounded.
 */
final class Rebuild {

    /** A local rewrite: the replacement for {@code node} (whose inputs are already rewritten), or itself. */
    interface Rule {
        Node rewrite(Node node);
    }

    private Rebuild() {
    }

    static List<Node> apply(List<Node> outputs, Rule rule) {
        return apply(outputs, Graphs.topologicalOrder(outputs), rule);
    }

    /** {@link #apply(List, Rule)} on a known topological order of {@code outputs}' nodes. */
    static List<Node> apply(List<Node> outputs, List<Node> order, Rule rule) {
        Map<Node, Node> done = new IdentityHashMap<>(order.size());
        for (Node node : order) {
            List<Node> in = node.inputs();
            List<Node> mapped = null;
            for (int i = 0; i < in.size(); i++) {
                Node m = done.get(in.get(i));
                if (m != in.get(i) && mapped == null) {
                    mapped = new ArrayList<>(in.subList(0, i));
                }
                if (mapped != null) {
                    mapped.add(m);
                }
            }
            Node rebuilt = mapped == null ? node : Node.apply(node.op(), mapped);
            Node replaced = rule.rewrite(rebuilt);
            if (!replaced.shape().equals(node.shape()) || replaced.dtype() != node.dtype()) {
                throw new IllegalStateException("compile: a rewrite of " + node + " changed its type to "
                        + replaced.type());
            }
            done.put(node, replaced);
        }
        List<Node> result = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            result.add(done.get(output));
        }
        return result;
    }
}
