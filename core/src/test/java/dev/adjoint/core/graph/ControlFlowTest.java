package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Conditionals, while loops and checkpoints do what they stand for; bad bodies and operands are refused when the
 * node is built, naming what is wrong; nested bodies print and export.
 */
class ControlFlowTest {

    private final Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
    private final Node p = SourceOp.input("p", Shape.scalar());

    @Test
    void condRunsTheChosenBranchAndDifferentiatesThroughIt() {
        Node w = SourceOp.input("w", Shape.of(3));
        List<Node> y = ControlFlowOp.cond(p, List.of(x), a -> List.of(a.get(0).mul(w).sin()),
                a -> List.of(a.get(0).square()));
        Node loss = y.get(0).sum();
        List<Node> g = Autodiff.grad(loss, x, w, p);
        Function f = Function.of(List.of(p, x, w), List.of(loss, g.get(0), g.get(1), g.get(2)));
        Tensor xv = Tensor.matrix(new double[][] {{0.5, -1, 2}, {1, 0.25, -0.5}});
        Tensor wv = Tensor.vector(1.5, -2, 0.5);
        Function truth = Function.of(List.of(x, w), List.of(x.mul(w).sin().sum(),
                Autodiff.grad(x.mul(w).sin().sum(), x), Autodiff.grad(x.mul(w).sin().sum(), w)));
        List<Tensor> yes = f.call(Tensor.scalar(1), xv, wv);
        List<Tensor> expected = truth.call(xv, wv);
        for (int i = 0; i < 3; i++) {
            assertTrue(expected.get(i).sameValues(yes.get(i)), "true branch, output " + i + ": " + yes.get(i));
        }
        List<Tensor> no = f.call(Tensor.scalar(0), xv, wv);
        assertEquals(xv.toDoubleArray().length, no.get(1).size());
        double sum = 0;
        for (int i = 0; i < xv.size(); i++) {
            sum += xv.flat(i) * xv.flat(i);
            assertEquals(2 * xv.flat(i), no.get(1).flat(i), "d(x^2)/dx in the false branch");
        }
        assertEquals(sum, no.get(0).item(), 1e-15);
        assertTrue(no.get(2).sameValues(Tensor.zeros(DType.FLOAT64, Shape.of(3))),
                "w is read only by the other branch");
        assertEquals(0.0, no.get(3).item(), "the predicate has no gradient");
    }

    /** A loop whose test never turns false stops when its thread is interrupted; a NaN test is refused. */
    @Test
    void anEndlessWhileLoopStopsOnInterruptAndANaNTestIsRefused() throws InterruptedException {
        Node w = SourceOp.input("w", Shape.of(3));
        Function endless = Function.of(List.of(w), ControlFlowOp.whileLoop(List.of(w),
                c -> c.get(0).sum().less(SourceOp.scalar(100)), c -> List.of(c.get(0).mul(2))));
        assertStopsOnInterrupt(endless);
        Function nan = Function.of(List.of(w), ControlFlowOp.whileLoop(List.of(w),
                c -> c.get(0).sum().sqrt(), c -> List.of(c.get(0).sub(2))));
        RuntimeException e = assertThrows(RuntimeException.class, () -> nan.call(Tensor.vector(1, 1, 1)));
        Throwable cause = e;
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        assertTrue(cause != null && cause.getMessage().startsWith("whileLoop: the test is NaN after 1 steps"),
                String.valueOf(e));
    }

    /**
     * Nested 40 checkpoints deep, past the level where work continues on a fresh thread (Nesting), the loop runs
     * on that thread: the interrupt of the calling thread is passed on to it, and stops the loop all the same.
     */
    @Test
    void anEndlessWhileLoopNestedPastAThreadHopStopsOnInterrupt() throws InterruptedException {
        Node w = SourceOp.input("w", Shape.of(3));
        assertStopsOnInterrupt(Function.of(List.of(w), List.of(deep(w, 40))));
    }

    /** An endless loop nested {@code depth} checkpoints deep. */
    private static Node deep(Node x, int depth) {
        if (depth == 0) {
            return ControlFlowOp.whileLoop(List.of(x), c -> c.get(0).sum().greater(-1.0),
                    c -> List.of(c.get(0).add(1.0))).get(0);
        }
        return ControlFlowOp.checkpoint(List.of(x), o -> List.of(deep(o.get(0), depth - 1))).get(0);
    }

    /** Calls {@code endless} on a thread, interrupts it, and checks the call ends with whileLoop's cancellation. */
    private static void assertStopsOnInterrupt(Function endless) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                endless.call(Tensor.vector(0, 0, 0));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        runner.start();
        Thread.sleep(200);
        runner.interrupt();
        runner.join(10_000);
        assertTrue(!runner.isAlive(), "the loop ended after the interrupt");
        Throwable t = thrown.get();
        while (t != null && !(t instanceof java.util.concurrent.CancellationException)) {
            t = t.getCause();
        }
        assertTrue(t != null && t.getMessage().startsWith("whileLoop: interrupted after"),
                String.valueOf(thrown.get()));
    }

    @Test
    void whileLoopRunsUntilItsTestFailsAndRefusesAGradient() {
        Node c0 = SourceOp.input("c0", Shape.scalar());
        // halve until below 1: 100 -> 50 -> 25 -> 12.5 -> 6.25 -> 3.125 -> 1.5625 -> 0.78125, counting the steps
        List<Node> out = ControlFlowOp.whileLoop(List.of(c0, SourceOp.scalar(0)),
                c -> BinaryOp.greaterEqual(c.get(0), SourceOp.scalar(1)),
                c -> List.of(c.get(0).mul(0.5), c.get(1).add(1.0)));
        List<Tensor> got = Function.of(List.of(c0), out).call(Tensor.scalar(100));
        assertEquals(0.78125, got.get(0).item());
        assertEquals(7.0, got.get(1).item());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(out.get(0), c0));
        assertTrue(e.getMessage().startsWith("whileLoop: cannot be differentiated (in reverse mode, nor in forward"
                + " mode") && e.getMessage().contains("ControlFlowOp.scan"), e.getMessage());
        IllegalArgumentException forward = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.jvp(out.get(0), c0, SourceOp.scalar(1)));
        assertTrue(forward.getMessage().contains("nor in forward mode, which jvp gets by transposing the reverse"
                + " pass"), forward.getMessage());
    }

    @Test
    void aCheckpointGivesTheSameValuesAndGradientsAsTheGraphItWraps() {
        List<Node> ws = new ArrayList<>();
        Node plain = x;
        Node checkpointed = x;
        for (int layer = 0; layer < 4; layer++) {
            Node w = SourceOp.input("w" + layer, Shape.of(3, 3));
            ws.add(w);
            plain = plain.matmul(w).tanh();
            checkpointed = ControlFlowOp.checkpoint(List.of(checkpointed), a -> List.of(a.get(0).matmul(w).tanh()))
                    .get(0);
        }
        List<Node> inputs = new ArrayList<>(ws);
        inputs.add(x);
        List<Node> outputs = new ArrayList<>(List.of(plain.square().sum()));
        outputs.addAll(Autodiff.grad(plain.square().sum(), inputs.toArray(new Node[0])));
        outputs.add(checkpointed.square().sum());
        outputs.addAll(Autodiff.grad(checkpointed.square().sum(), inputs.toArray(new Node[0])));
        List<Tensor> args = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            args.add(Tensor.uniform(Key.of(i), DType.FLOAT64, Shape.of(3, 3), -1, 1));
        }
        args.add(Tensor.uniform(Key.of(9), DType.FLOAT64, Shape.of(5, 3), -1, 1));
        List<Tensor> got = Function.of(inputs, outputs).call(args);
        int n = inputs.size() + 1;
        for (int i = 0; i < n; i++) {
            assertTrue(got.get(i).sameValues(got.get(n + i)),
                    "output " + i + ": " + got.get(n + i) + " vs " + got.get(i));
        }
    }

    @Test
    void badBodiesAndOperandsAreRefusedWhenBuilt() {
        Node c0 = SourceOp.input("c0", Shape.of(3));
        Node seq = SourceOp.input("seq", Shape.of(4, 3));
        Node other = SourceOp.input("other", Shape.of(5, 3));
        assertMessage("scan: the body's carry 0 must have type f64[3], got f64[2]",
                () -> ControlFlowOp.scan(List.of(c0), List.of(seq),
                        (c, s) -> new Scan.Step(List.of(c.get(0).slice(0, 0, 2)), List.of())));
        assertMessage("scan: every sequence must have length 4, got sequence 1 : f64[5, 3]", () -> ControlFlowOp.scan(
                List.of(c0), List.of(seq, other), (c, s) -> new Scan.Step(c, List.of())));
        assertMessage("scan: without sequences the number of steps must be given, got none; use Options.withLength",
                () -> ControlFlowOp.scan(List.of(c0), List.of(), (c, s) -> new Scan.Step(c, List.of())));
        assertMessage("scan: the body must return 1 carried values, got 0", () -> ControlFlowOp.scan(List.of(c0),
                List.of(seq), (c, s) -> new Scan.Step(List.of(), List.of())));
        assertMessage("scan: a sequence must have a concrete leading axis to loop over, got sequence 0 : f64[N, 3]",
                () -> ControlFlowOp.scan(List.of(c0), List.of(x), (c, s) -> new Scan.Step(c, List.of())));
        assertMessage("cond: the predicate must be a scalar (rank 0), got f64[N, 3]", () -> ControlFlowOp.cond(x,
                List.of(c0), a -> a, a -> a));
        assertMessage("cond: result 0 of ifFalse must have type f64[3], got f64[]", () -> ControlFlowOp.cond(p,
                List.of(c0), a -> a, a -> List.of(a.get(0).sum())));
        assertMessage("whileLoop: the test must return a scalar (rank 0), got f64[3]", () -> ControlFlowOp.whileLoop(
                List.of(c0), c -> c.get(0), c -> c));
        Node loop = ControlFlowOp.scan(List.of(c0), List.of(seq), (c, s) -> new Scan.Step(c, List.of()))
                .carry().get(0).inputs().get(0);
        assertMessage("exp: input 0 has several outputs (f64[3]); read one with MultiOutputOp.parts", loop::exp);
        assertMessage("function: output 0 has several outputs (f64[3]); return its parts (MultiOutputOp.parts)",
                () -> Function.of(List.of(c0, seq), List.of(loop)));
        assertMessage("subgraph: the results need input 'seq' : f64[4, 3], which is not a parameter; close over it"
                + " with Subgraph.close", () -> Subgraph.of(List.of(c0), List.of(c0.add(seq.sum(0)))));
    }

    private static void assertMessage(String expected, Runnable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertEquals(expected, e.getMessage());
    }

    @Test
    void bodiesPrintAfterTheGraphAndExportAsClusters() {
        Node seq = SourceOp.input("seq", Shape.of(4, 3));
        Scan.Result r = ControlFlowOp.scan(List.of(SourceOp.input("c", Shape.of(3))), List.of(seq),
                (c, s) -> new Scan.Step(List.of(c.get(0).add(s.get(0)).tanh()), List.of()));
        assertEquals("""
                %0 = input "c" : f64[3]
                %1 = input "seq" : f64[4, 3]
                %2 = scan(%0, %1) : (f64[3])
                %3 = part0(%2) : f64[3]
                return %3
                body 1 of scan %2, parameters %0, %1:
                  %0 = input "carry0" : f64[3]
                  %1 = input "x0" : f64[3]
                  %2 = add(%0, %1) : f64[3]
                  %3 = tanh(%2) : f64[3]
                  return %3
                """, GraphPrinter.print(r.carry()));
        String dot = Dot.export(r.carry());
        assertTrue(dot.contains("subgraph cluster_1 {\n    label=\"body 1 of scan n2\";"), dot);
        assertTrue(dot.contains("    b1n3 [label=\"tanh\\nf64[3]\", peripheries=2];"), dot);
        assertTrue(dot.contains("    b1n2 -> b1n3;"), dot);
    }
}
