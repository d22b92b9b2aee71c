package dev.adjoint.core.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
        // One set, only ever added to: a node is marked when it is pushed. Graphs are acyclic (a node's
        // inputs exist before it), so a marked node met again is either finished or below the top of the
        // stack in a part the walk has already left; either way it must not be pushed twice. This gives
        // the same order as tracking "on stack" and "done" separately, with a third of the hashing.
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Node[] nodes = new Node[64];
        int[] next = new int[64];
        for (int o = 0; o < outputs.size(); o++) {
            Node root = outputs.get(o);
            if (root == null) {
                throw new NullPointerException("topologicalOrder: output " + o + " is null");
            }
            if (!seen.add(root)) {
                continue;
            }
            int top = 0;
            nodes[0] = root;
            next[0] = 0;
            while (top >= 0) {
                Node node = nodes[top];
                List<Node> inputs = node.inputs();
                int i = next[top];
                if (i < inputs.size()) {
                    next[top] = i + 1;
                    Node input = inputs.get(i);
                    if (seen.add(input)) {
                        if (++top == nodes.length) {
                            nodes = Arrays.copyOf(nodes, top * 2);
                            next = Arrays.copyOf(next, top * 2);
                        }
                        nodes[top] = input;
                        next[top] = 0;
                    }
                } else {
                    nodes[top--] = null;
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
