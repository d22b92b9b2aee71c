package dev.adjoint.core.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

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
     * topological order). Among a node's inputs, earlier inputs come first; the order is deterministic.
     */
    public static List<Node> topologicalOrder(List<Node> outputs) {
        Objects.requireNonNull(outputs, "outputs is null");
        List<Node> order = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> nodes = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        for (int o = 0; o < outputs.size(); o++) {
            Node root = outputs.get(o);
            if (root == null) {
                throw new NullPointerException("topologicalOrder: output " + o + " is null");
            }
            if (done.contains(root)) {
                continue;
            }
            nodes.push(root);
            next.push(0);
            onStack.add(root);
            while (!nodes.isEmpty()) {
                Node node = nodes.peek();
                int i = next.pop();
                if (i < node.inputs().size()) {
                    next.push(i + 1);
                    Node input = node.inputs().get(i);
                    if (!done.contains(input) && onStack.add(input)) {
                        nodes.push(input);
                        next.push(0);
                    }
                } else {
                    nodes.pop();
                    onStack.remove(node);
                    done.add(node);
                    order.add(node);
                }
            }
        }
        return order;
    }

    /** {@link #topologicalOrder(List)} of one output. */
    public static List<Node> topologicalOrder(Node output) {
        return topologicalOrder(List.of(Objects.requireNonNull(output, "output is null")));
    }

    /** The input placeholders reachable from {@code outputs}, in topological order. */
    public static List<Node> inputs(List<Node> outputs) {
        List<Node> inputs = new ArrayList<>();
        for (Node node : topologicalOrder(outputs)) {
            if (Nodes.isInput(node)) {
                inputs.add(node);
            }
        }
        return inputs;
    }

    /** For each node of {@code order}, the number of nodes in {@code order} using it as an input. */
    public static Map<Node, Integer> useCounts(List<Node> order) {
        Map<Node, Integer> uses = new IdentityHashMap<>();
        for (Node node : order) {
            for (Node input : node.inputs()) {
                uses.merge(input, 1, Integer::sum);
            }
        }
        return uses;
    }
}
