package dev.adjoint.core.graph;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A graph as arrays: the nodes reachable from some outputs in topological order ({@link Graphs#topologicalOrder}),
 * numbered by their position {@code 0 .. size() - 1}, and each node's inputs as positions. Node {@code i}'s
 * inputs come before it: {@code input(i, j) < i}.
 *
 * <p>This is the numbering a pass over a large graph wants: state per node lives in an array indexed by
 * position (a {@code Node[]} of cotangents, a {@code boolean[]} of marks), read in order, instead of in an
 * identity hash map probed at a random slot per lookup. Numbering a graph reads each node and edge once;
 * {@link #indexOf} then answers in constant time, without hashing the node. A topology holds its graph's
 * nodes and never changes.
 */
public final class Topology {

    private final Node[] nodes;
    /** The inputs of node i are {@code inputIndex[inputStart[i] .. inputStart[i + 1])}. */
    private final int[] inputStart;
    private final int[] inputIndex;
    /** Position + 1 of each node. */
    private final NodeTable positions;

    private Topology(Node[] nodes, int[] inputStart, int[] inputIndex, NodeTable positions) {
        this.nodes = nodes;
        this.inputStart = inputStart;
        this.inputIndex = inputIndex;
        this.positions = positions;
    }

    /**
     * The nodes reachable from {@code outputs}, each once, every node after all of its inputs. Among a node's
     * inputs, earlier inputs come first; the order is deterministic (a depth-first walk with an explicit stack,
     * so a 100,000-node chain is fine).
     *
     * @throws NullPointerException if {@code outputs} or one of them is null
     */
    public static Topology of(List<Node> outputs) {
        Objects.requireNonNull(outputs, "outputs is null");
        // one table: -1 while a node is on the stack (it is marked when pushed, so never pushed twice), then
        // its position + 1 once finished; a graph is acyclic, so every input of a finished node is finished
        NodeTable positions = new NodeTable();
        Node[] order = new Node[64];
        int[] inputStart = new int[65];
        int[] inputIndex = new int[64];
        int size = 0;
        Node[] stack = new Node[64];
        int[] next = new int[64];
        for (int o = 0; o < outputs.size(); o++) {
            Node root = outputs.get(o);
            if (root == null) {
                throw new NullPointerException("topologicalOrder: output " + o + " is null");
            }
            if (positions.get(root) != 0) {
                continue;
            }
            positions.put(root, -1);
            int top = 0;
            stack[0] = root;
            next[0] = 0;
            while (top >= 0) {
                Node node = stack[top];
                List<Node> inputs = node.inputs();
                int i = next[top];
                if (i < inputs.size()) {
                    next[top] = i + 1;
                    Node input = inputs.get(i);
                    if (positions.get(input) == 0) {
                        positions.put(input, -1);
                        if (++top == stack.length) {
                            stack = Arrays.copyOf(stack, top * 2);
                            next = Arrays.copyOf(next, top * 2);
                        }
                        stack[top] = input;
                        next[top] = 0;
                    }
                    continue;
                }
                stack[top--] = null;
                if (size == order.length) {
                    order = Arrays.copyOf(order, size * 2);
                    inputStart = Arrays.copyOf(inputStart, size * 2 + 1);
                }
                int edges = inputStart[size];
                if (edges + inputs.size() > inputIndex.length) {
                    inputIndex = Arrays.copyOf(inputIndex, Math.max(inputIndex.length * 2, edges + inputs.size()));
                }
                for (int j = 0; j < inputs.size(); j++) {
                    inputIndex[edges + j] = positions.get(inputs.get(j)) - 1;
                }
                order[size] = node;
                inputStart[size + 1] = edges + inputs.size();
                positions.put(node, ++size);
            }
        }
        return new Topology(Arrays.copyOf(order, size), inputStart, inputIndex, positions);
    }

    /** {@link #of(List)} of one output. */
    public static Topology of(Node output) {
        return of(List.of(Objects.requireNonNull(output, "output is null")));
    }

    /**
     * Numbers a known topological order, e.g. one {@link Graphs#topologicalOrder} returned: the positions are
     * those in {@code order}.
     *
     * @throws IllegalArgumentException if a node appears twice, or an input of a node is not before it
     */
    public static Topology ofOrder(List<Node> order) {
        Objects.requireNonNull(order, "order is null");
        int size = order.size();
        Node[] nodes = new Node[size];
        int[] inputStart = new int[size + 1];
        NodeTable positions = new NodeTable();
        for (int i = 0; i < size; i++) {
            Node node = order.get(i);
            if (node == null) {
                throw new NullPointerException("topology: node " + i + " of the order is null");
            }
            if (positions.get(node) != 0) {
                throw new IllegalArgumentException("topology: each node must appear once, got " + node
                        + " at " + (positions.get(node) - 1) + " and " + i);
            }
            nodes[i] = node;
            inputStart[i + 1] = inputStart[i] + node.inputs().size();
            positions.put(node, i + 1);
        }
        int[] inputIndex = new int[inputStart[size]];
        for (int i = 0; i < size; i++) {
            List<Node> inputs = nodes[i].inputs();
            for (int j = 0; j < inputs.size(); j++) {
                int p = positions.get(inputs.get(j)) - 1;
                if (p < 0 || p >= i) {
                    throw new IllegalArgumentException("topology: every input must come before its node, got input "
                            + j + " of " + nodes[i] + " at " + i + (p < 0 ? " missing" : " at " + p));
                }
                inputIndex[inputStart[i] + j] = p;
            }
        }
        return new Topology(nodes, inputStart, inputIndex, positions);
    }

    /** The number of nodes. */
    public int size() {
        return nodes.length;
    }

    /** The node at position {@code i}. */
    public Node node(int i) {
        return nodes[i];
    }

    /** The nodes in topological order (an unmodifiable view). */
    public List<Node> order() {
        return Collections.unmodifiableList(Arrays.asList(nodes));
    }

    /** The position of {@code node}, or -1 when it is not in this graph. */
    public int indexOf(Node node) {
        Objects.requireNonNull(node, "node is null");
        int p = positions.get(node) - 1;
        return p >= 0 && nodes[p] == node ? p : -1;
    }

    /** The number of inputs of node {@code i}. */
    public int inputCount(int i) {
        return inputStart[i + 1] - inputStart[i];
    }

    /** The position of input {@code j} of node {@code i}. */
    public int input(int i, int j) {
        Objects.checkIndex(j, inputCount(i));
        return inputIndex[inputStart[i] + j];
    }

    /** For each position, how many times the nodes of this graph use that node as an input. */
    public int[] useCounts() {
        int[] uses = new int[nodes.length];
        for (int e = 0; e < inputStart[nodes.length]; e++) {
            uses[inputIndex[e]]++;
        }
        return uses;
    }
}
