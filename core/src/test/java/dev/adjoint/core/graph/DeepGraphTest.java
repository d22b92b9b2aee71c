package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Nothing is recursive over the graph: a 100,000-node chain builds, prints, exports, evaluates and
 * differentiates in the default test JVM (no larger stack), and a DAG with 2^100 paths is handled in
 * linear time.
 */
class DeepGraphTest {

    private static final int DEPTH = 100_000;

    @Test
    void longAddChainBuildsPrintsExportsEvaluatesAndDifferentiates() {
        Node x = SourceOp.input("x", Shape.of(2));
        Node y = x;
        for (int i = 0; i < DEPTH; i++) {
            y = y.add(1.0);
        }
        int nodes = Graphs.topologicalOrder(y).size();
        assertEquals(3 * DEPTH + 1, nodes, "an input, and per step a constant, its broadcast and an add");

        String printed = GraphPrinter.print(y);
        String[] lines = printed.split("\n");
        assertEquals(GraphPrinter.DEFAULT_LINE_LIMIT + 2, lines.length, "the limit, the elision line and return");
        assertTrue(printed.contains("... " + (nodes - GraphPrinter.DEFAULT_LINE_LIMIT) + " lines left out ..."));
        assertTrue(lines[lines.length - 1].startsWith("return %" + (nodes - 1)), lines[lines.length - 1]);

        String dot = Dot.export(y);
        assertTrue(dot.startsWith("digraph"));
        assertEquals(3 * DEPTH, dot.split(" -> ", -1).length - 1, "one edge per input");

        Tensor value = Function.of(List.of(x), List.of(y)).call(Tensor.vector(0.5, -1)).get(0);
        assertTrue(value.sameValues(Tensor.vector(0.5 + DEPTH, -1 + DEPTH)), value.toString());

        Node g = Autodiff.grad(y.sum(), x);
        Tensor grad = Function.of(List.of(x), List.of(g)).call(Tensor.vector(0.5, -1)).get(0);
        assertTrue(grad.sameValues(Tensor.vector(1, 1)), grad.toString());
    }

    @Test
    void longTanhChainDifferentiatesToTheProductOfDerivatives() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node y = tanhChain(x, DEPTH);
        Node g = Autodiff.grad(y, x);
        assertTrue(GraphPrinter.print(g).split("\n").length <= GraphPrinter.DEFAULT_LINE_LIMIT + 2);
        List<Tensor> values = Function.of(List.of(x), List.of(y, g)).call(Tensor.scalar(0.3));
        double v = 0.3;
        double d = 1;
        for (int i = 0; i < DEPTH; i++) {
            double t = StrictMath.tanh(v); // the kernels compute StrictMath's tanh (JDK 24+ intrinsify Math.tanh)
            d *= 1 - t * t;
            v = t;
        }
        assertEquals(v, values.get(0).item(), 0.0, "the same operations in the same order");
        assertEquals(d, values.get(1).item(), 1e-12 * Math.abs(d), "the chain rule over 100,000 factors");
    }

    /**
     * The same chain on a vector, which elementwise fusion takes in one program with its gradient (the scalar one
     * it skips): every forward value stays live for the backward, one register per link, and registers of a
     * whole block each (16 KB) kept by the thread made 30,000 links hold ~540 MB after the call (found by an
     * adversarial tester; 100,000 ran out of a 1 GB heap). Registers of such a program are the block's length
     * and live for the run only: the heap after the call holds the graph, not the registers.
     */
    @Test
    void aLongFusedChainOnAVectorWithItsGradientKeepsNoRegistersAfterTheCall() {
        int depth = 30_000;
        Node x = SourceOp.input("x", Shape.of(4));
        Node y = tanhChain(x, depth);
        Function f = Function.of(List.of(x), List.of(y, Autodiff.grad(y.sum(), x)));
        List<Tensor> values = f.call(Tensor.vector(0.3, 0.2, 0.1, -0.3));
        double v = 0.3;
        for (int i = 0; i < depth; i++) {
            v = StrictMath.tanh(v);
        }
        assertEquals(v, values.get(0).flat(0), 0.0);
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long live = runtime.totalMemory() - runtime.freeMemory();
        assertTrue(live < 300L << 20, "live heap after the call: " + (live >> 20) + " MB (the graph itself takes"
                + " ~60 MB; the kept registers took ~540 MB)");
    }

    /** {@code tanh} applied {@code depth} times to x. */
    private static Node tanhChain(Node x, int depth) {
        Node y = x;
        for (int i = 0; i < depth; i++) {
            y = y.tanh();
        }
        return y;
    }

    /** {@code y = y + y}, 100 times: 2^100 paths from x to y, but 101 nodes. */
    @Test
    void sharedDagEvaluatesAndDifferentiatesInLinearTime() {
        int levels = 100;
        Node x = SourceOp.input("x", Shape.of(3));
        Node y = x;
        for (int i = 0; i < levels; i++) {
            y = y.add(y);
        }
        assertEquals(levels + 1, Graphs.topologicalOrder(y).size());
        Tensor xv = Tensor.vector(1, -0.5, 3);
        Tensor value = Function.of(List.of(x), List.of(y)).call(xv).get(0);
        double scale = Math.pow(2, levels);
        assertTrue(value.sameValues(Tensor.vector(scale, -0.5 * scale, 3 * scale)), "2^100 x exactly: " + value);

        Node g = Autodiff.grad(y.sum(), x);
        int gradientNodes = Graphs.topologicalOrder(g).size();
        assertTrue(gradientNodes <= 3 * levels + 10, "one add per level, not one per path: " + gradientNodes);
        Tensor grad = Function.of(List.of(x), List.of(g)).call(xv).get(0);
        assertTrue(grad.sameValues(Tensor.full(grad.dtype(), Shape.of(3), scale)), "2^100 exactly: " + grad);

        assertEquals(levels + 2, GraphPrinter.print(y).split("\n").length);
        assertEquals(2 * levels, Dot.export(y).split(" -> ", -1).length - 1);
    }
}
