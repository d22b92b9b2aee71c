package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
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

    /**
     * The outputs rewritten by {@code rule}, given the numbered graph of their nodes: what each node became is
     * kept by position, in an array.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Rule rule) {
        Node[] done = rewrite(graph, rule);
        List<Node> result = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            int p = graph.indexOf(output);
            if (p < 0) {
                throw new IllegalArgumentException("compile: output " + output + " is not in the graph's order");
            }
            result.add(done[p]);
        }
        return result;
    }

    /**
     * A rewrite that also knows where the node stands in the graph being walked: {@code position} is its index
     * in that graph's topological order (the node itself is rebuilt on rewritten inputs, so it may not be the
     * graph's node at that position).
     */
    interface PositionalRule {
        Node rewrite(int position, Node node);
    }

    /**
     * The outputs as {@code done} (what each node of {@code graph} became, by position) makes them, recording in
     * {@code changed} each node of {@code graph} that became another.
     */
    static List<Node> outputs(List<Node> outputs, Topology graph, Node[] done, Map<Node, Node> changed) {
        for (int p = 0; p < done.length; p++) {
            if (done[p] != graph.node(p)) {
                changed.put(graph.node(p), done[p]);
            }
        }
        List<Node> result = new ArrayList<>(outputs.size());
        for (Node output : outputs) {
            result.add(done[graph.indexOf(output)]);
        }
        return result;
    }

    /** What each node of {@code graph} becomes, by position: the walk of {@link #apply(List, Topology, Rule)}. */
    static Node[] rewrite(Topology graph, Rule rule) {
        return rewrite(graph, (position, node) -> rule.rewrite(node));
    }

    /** The same walk, offering each node with its position to {@code rule}. */
    static Node[] rewrite(Topology graph, PositionalRule rule) {
        Node[] done = new Node[graph.size()];
        for (int p = 0; p < done.length; p++) {
            Node node = graph.node(p);
            List<Node> in = node.inputs();
            List<Node> mapped = null;
            for (int i = 0; i < in.size(); i++) {
                Node m = done[graph.input(p, i)];
                if (m != in.get(i) && mapped == null) {
                    mapped = new ArrayList<>(in.subList(0, i));
                }
                if (mapped != null) {
                    mapped.add(m);
                }
            }
            Node rebuilt = mapped == null ? node : Node.apply(node.op(), mapped);
            Node replaced = rule.rewrite(p, rebuilt);
            if (!replaced.shape().equals(node.shape()) || replaced.dtype() != node.dtype()) {
                throw new IllegalStateException("compile: a rewrite of " + node + " changed its type to "
                        + replaced.type());
            }
            done[p] = replaced;
        }
        return done;
    }
}
