package dev.adjoint.core.graph;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Traversals of a graph. Every traversal in Adjoint is iterative, with an explicit work list, so a
 * 100,000-node chain never overflows the stack; shared nodes are visited once, so a DAG with exponentially
 * many paths is still traversed in linear time.
 */
public final class Graphs {

    private Graphs() {
    }

    /**
     * The nodes reachable from {@code outputs}, each once, every node after all of its inputs (a
     * topological order). Among a node's inputs, earlier inputs come first; the order is deterministic. A
     * pass that keeps state per node wants {@link Topology#of(List)}, which numbers the same order.
     */
    public static List<Node> topologicalOrder(List<Node> outputs) {
        return new ArrayList<>(Topology.of(outputs).order());
    }

    /** {@link #topologicalOrder(List)} of one output. */
    public static List<Node> topologicalOrder(Node output) {
        return topologicalOrder(List.of(Objects.requireNonNull(output, "output is null")));
    }

    /** The input placeholders reachable from {@code outputs}, in topological order. */
    public static List<Node> inputs(List<Node> outputs) {
        List<Node> inputs = new ArrayList<>();
        for (Node node : topologicalOrder(outputs)) {
            if (SourceOp.isInput(node)) {
                inputs.add(node);
            }
        }
        return inputs;
    }

    /** For each node of {@code order}, the number of nodes in {@code order} using it as an input. */
    public static Map<Node, Integer> useCounts(List<Node> order) {
        Map<Node, Integer> uses = new IdentityHashMap<>(order.size());
        for (Node node : order) {
            List<Node> inputs = node.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                uses.merge(inputs.get(i), 1, Integer::sum);
            }
        }
        return uses;
    }
}
