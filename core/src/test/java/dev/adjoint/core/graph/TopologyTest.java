package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A {@link Topology} is the depth-first topological order, earlier inputs first, with each node's inputs as
 * positions before it; it numbers graphs whose nodes were built far apart as well as chains built in one go.
 */
class TopologyTest {

    @Test
    void orderEqualsReferenceDepthFirstWalkOnRandomDags() {
        Random random = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            List<Node> outputs = randomDag(random, 1 + random.nextInt(200));
            Topology graph = Topology.of(outputs);
            assertEquals(reference(outputs), graph.order(), "trial " + trial);
            assertEquals(reference(outputs), Graphs.topologicalOrder(outputs), "trial " + trial);
        }
    }

    @Test
    void inputsArePositionsOfEarlierNodes() {
        Random random = new Random(11);
        List<Node> outputs = randomDag(random, 300);
        Topology graph = Topology.of(outputs);
        for (int i = 0; i < graph.size(); i++) {
            Node node = graph.node(i);
            assertEquals(i, graph.indexOf(node));
            assertEquals(node.inputs().size(), graph.inputCount(i));
            for (int j = 0; j < graph.inputCount(i); j++) {
                assertTrue(graph.input(i, j) < i, "input " + j + " of node " + i);
                assertSame(node.inputs().get(j), graph.node(graph.input(i, j)));
            }
        }
        assertThrows(IndexOutOfBoundsException.class, () -> graph.input(0, graph.inputCount(0)));
    }

    @Test
    void nodesOutsideTheGraphHaveNoPosition() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node y = UnaryOp.sin(x);
        Node other = UnaryOp.cos(x);
        Topology graph = Topology.of(y);
        assertEquals(-1, graph.indexOf(other));
        assertEquals(2, graph.size());
    }

    @Test
    void numbersGraphsWhoseNodesWereBuiltFarApart() {
        // between the nodes of the graph, thousands of unrelated nodes: the graph's ids span many pages
        Node x = SourceOp.input("x", Shape.scalar());
        Node y = x;
        List<Node> unrelated = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            y = UnaryOp.sin(y).add(x);
            for (int k = 0; k < 1000; k++) {
                unrelated.add(SourceOp.scalar(k));
            }
        }
        Topology graph = Topology.of(y);
        assertEquals(reference(List.of(y)), graph.order());
        for (int i = 0; i < graph.size(); i++) {
            assertEquals(i, graph.indexOf(graph.node(i)));
        }
        for (int k = 0; k < unrelated.size(); k += 97) {
            assertEquals(-1, graph.indexOf(unrelated.get(k)));
        }
    }

    @Test
    void ofOrderNumbersTheGivenOrder() {
        Random random = new Random(3);
        List<Node> outputs = randomDag(random, 100);
        List<Node> order = reference(outputs);
        Topology graph = Topology.ofOrder(order);
        assertEquals(order, graph.order());
        Topology walked = Topology.of(outputs);
        for (int i = 0; i < graph.size(); i++) {
            for (int j = 0; j < graph.inputCount(i); j++) {
                assertEquals(walked.input(i, j), graph.input(i, j));
            }
        }
    }

    @Test
    void ofOrderRejectsAnInputAfterItsNodeAndRepeatedNodes() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node y = UnaryOp.sin(x);
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> Topology.ofOrder(List.of(y, x)));
        assertTrue(late.getMessage().startsWith("topology: every input must come before its node"), late.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Topology.ofOrder(List.of(y)));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Topology.ofOrder(List.of(x, x, y)));
        assertTrue(twice.getMessage().startsWith("topology: each node must appear once"), twice.getMessage());
    }

    @Test
    void useCountsCountEveryEdgeOfTheGraph() {
        Random random = new Random(5);
        List<Node> outputs = randomDag(random, 150);
        Topology graph = Topology.of(outputs);
        Map<Node, Integer> expected = Graphs.useCounts(graph.order());
        int[] uses = graph.useCounts();
        int[] want = new int[graph.size()];
        for (int i = 0; i < want.length; i++) {
            want[i] = expected.getOrDefault(graph.node(i), 0);
        }
        assertArrayEquals(want, uses);
    }

    @Test
    void deepChainNeedsNoStack() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node y = x;
        for (int i = 0; i < 200_000; i++) {
            y = UnaryOp.sin(y);
        }
        Topology graph = Topology.of(y);
        assertEquals(200_001, graph.size());
        assertSame(x, graph.node(0));
        assertSame(y, graph.node(200_000));
        assertEquals(199_999, graph.input(200_000, 0));
    }

    @Test
    void nullOutputsAreNamed() {
        List<Node> outputs = new ArrayList<>();
        outputs.add(null);
        NullPointerException e = assertThrows(NullPointerException.class, () -> Topology.of(outputs));
        assertEquals("topologicalOrder: output 0 is null", e.getMessage());
    }

    /** A random DAG of scalar nodes: unary and binary ops on random earlier nodes; a few outputs. */
    private static List<Node> randomDag(Random random, int size) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(SourceOp.input("a", Shape.scalar()));
        nodes.add(SourceOp.input("b", Shape.scalar()));
        for (int i = 0; i < size; i++) {
            Node u = nodes.get(random.nextInt(nodes.size()));
            Node v = nodes.get(random.nextInt(nodes.size()));
            nodes.add(switch (random.nextInt(3)) {
                case 0 -> UnaryOp.sin(u);
                case 1 -> u.add(v);
                default -> u.mul(v);
            });
        }
        List<Node> outputs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            outputs.add(nodes.get(nodes.size() - 1 - random.nextInt(Math.min(nodes.size(), 20))));
        }
        return outputs;
    }

    /** The depth-first order written plainly: a node after its inputs, earlier inputs first, each once. */
    private static List<Node> reference(List<Node> outputs) {
        List<Node> order = new ArrayList<>();
        Set<Node> done = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node output : outputs) {
            // (node, next input) frames on an explicit stack
            List<Node> stack = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            if (done.contains(output)) {
                continue;
            }
            stack.add(output);
            next.add(0);
            Set<Node> onStack = Collections.newSetFromMap(new IdentityHashMap<>());
            onStack.add(output);
            while (!stack.isEmpty()) {
                int top = stack.size() - 1;
                Node node = stack.get(top);
                int i = next.get(top);
                if (i < node.inputs().size()) {
                    next.set(top, i + 1);
                    Node input = node.inputs().get(i);
                    if (!done.contains(input) && onStack.add(input)) {
                        stack.add(input);
                        next.add(0);
                    }
                } else {
                    stack.remove(top);
                    next.remove(top);
                    done.add(node);
                    order.add(node);
                }
            }
        }
        return order;
    }
}
