package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A scan is the loop it stands for: the same values and gradients as the unrolled graph, bit for bit, in both
 * memory policies and both directions; a gradient is one forward loop and one reverse loop; a long loop runs in
 * linear time and constant stack; the batch dimension stays symbolic through it.
 */
class ScanTest {

    private static final int T = 5;
    private static final int F = 3;
    private static final int H = 4;

    private final Node xs = SourceOp.input("xs", Shape.of(T, Shape.BATCH, F));
    private final Node w = SourceOp.input("w", Shape.of(F, H));
    private final Node u = SourceOp.input("u", Shape.of(H, H));
    private final Node b = SourceOp.input("b", Shape.of(H));
    private final Node h0 = SourceOp.input("h0", Shape.of(Shape.BATCH, H));

    /** An Elman cell, {@code h' = tanh(x W + h U + b)}, with output {@code h' * h}. */
    private List<Node> cell(Node h, Node x) {
        Node next = x.matmul(w).add(h.matmul(u)).add(b).tanh();
        return List.of(next, next.mul(h));
    }

    private List<Node> loss(Scan.Options options) {
        Scan.Result r = ControlFlowOp.scan(List.of(h0), List.of(xs), (c, x) -> {
            List<Node> step = cell(c.get(0), x.get(0));
            return new Scan.Step(List.of(step.get(0)), List.of(step.get(1)));
        }, options);
        Node loss = r.ys().get(0).square().sum().add(r.carry().get(0).sum());
        List<Node> outputs = new ArrayList<>(List.of(loss, r.ys().get(0), r.carry().get(0)));
        outputs.addAll(Autodiff.grad(loss, xs, w, u, b, h0));
        return outputs;
    }

    private List<Node> unrolledLoss(boolean reverse) {
        Node h = h0;
        Node[] ys = new Node[T];
        for (int s = 0; s < T; s++) {
            int t = reverse ? T - 1 - s : s;
            Node x = xs.slice(0, t, t + 1).squeeze(0);
            List<Node> step = cell(h, x);
            h = step.get(0);
            ys[t] = step.get(1).unsqueeze(0);
        }
        Node stacked = MovementOp.concat(0, ys);
        Node loss = stacked.square().sum().add(h.sum());
        List<Node> outputs = new ArrayList<>(List.of(loss, stacked, h));
        outputs.addAll(Autodiff.grad(loss, xs, w, u, b, h0));
        return outputs;
    }

    private List<Tensor> values(int batch) {
        DType dtype = DType.FLOAT64;
        Key key = Key.of(7);
        return List.of(Tensor.uniform(key.fold(0), dtype, Shape.of(T, batch, F), -1, 1),
                Tensor.uniform(key.fold(1), dtype, Shape.of(F, H), -1, 1),
                Tensor.uniform(key.fold(2), dtype, Shape.of(H, H), -1, 1),
                Tensor.uniform(key.fold(3), dtype, Shape.of(H), -1, 1),
                Tensor.uniform(key.fold(4), dtype, Shape.of(batch, H), -1, 1));
    }

    @Test
    void valuesAndGradientsEqualTheUnrolledGraphBitForBit() {
        List<Node> inputs = List.of(xs, w, u, b, h0);
        String[] names = {"loss", "ys", "final carry", "dxs", "dw", "du", "db", "dh0"};
        for (boolean reverse : new boolean[] {false, true}) {
            Function unrolled = Function.of(inputs, unrolledLoss(reverse));
            for (Scan.Residuals policy : Scan.Residuals.values()) {
                Scan.Options options = Scan.Options.defaults().with(policy);
                Function scanned = Function.of(inputs, loss(reverse ? options.reversed() : options));
                for (int batch : new int[] {1, 3, 17}) { // 17: in blocks of rows on 2 threads
                    List<Tensor> expected = unrolled.call(values(batch));
                    List<Tensor> actual = scanned.call(values(batch));
                    for (int i = 0; i < expected.size(); i++) {
                        // Run backwards, the unrolled graph adds the three cotangents of a hidden state in the
                        // order its topological sort meets their users, the scan in the order of its body: the
                        // gradients agree to rounding there. With STORE, the weights' gradients (dw, du), sums of
                        // products x_tᵀ zBar_t and h_tᵀ zBar_t over the steps, are one contraction after the loop
                        // (StepProducts), summed in another order than the unrolled graph's T products: rounding
                        // too. Bit for bit otherwise.
                        boolean summedOnce = policy == Scan.Residuals.STORE && (i == 4 || i == 5);
                        boolean same = (reverse && i >= 3) || summedOnce
                                ? expected.get(i).allClose(actual.get(i), 1e-13, 1e-13)
                                : expected.get(i).sameValues(actual.get(i));
                        assertTrue(same, names[i] + " (" + policy + (reverse ? ", reversed" : "") + ", N = " + batch
                                + "): scan " + actual.get(i) + " but unrolled " + expected.get(i));
                    }
                }
            }
        }
    }

    @Test
    void aGradientRunsOneForwardLoopAndOneReverseLoop() {
        for (Scan.Residuals policy : Scan.Residuals.values()) {
            Function f = Function.of(List.of(xs, w, u, b, h0), loss(Scan.Options.defaults().with(policy)));
            long loops = f.plan().steps().stream().filter(n -> n.op() instanceof Scan).count();
            assertEquals(2, loops, policy + ": " + f.explain());
            assertTrue(f.explain().contains("loop merged into the loop extending it"), f.explain());
        }
    }

    @Test
    void secondOrderThroughAScanMatchesTheUnrolledGraph() {
        Node v = SourceOp.input("v", Shape.of(H, H));
        List<Node> inputs = List.of(xs, w, u, b, h0, v);
        for (Scan.Residuals policy : Scan.Residuals.values()) {
            Node scanned = Autodiff.hvp(loss(Scan.Options.defaults().with(policy)).get(0), u, v);
            Node unrolled = Autodiff.hvp(unrolledLoss(false).get(0), u, v);
            List<Tensor> args = new ArrayList<>(values(2));
            args.add(Tensor.uniform(Key.of(9), DType.FLOAT64, Shape.of(H, H), -1, 1));
            Tensor a = Function.of(inputs, List.of(scanned)).call(args).get(0);
            Tensor e = Function.of(inputs, List.of(unrolled)).call(args).get(0);
            // rounding only: the two graphs sum the second-order terms in different orders
            assertTrue(a.allClose(e, 1e-12, 1e-12), policy + ": H v through the scan " + a + ", unrolled " + e);
        }
    }

    @Test
    void aLoopInsideALoopDifferentiatesTwice() {
        Node c0 = SourceOp.input("c0", Shape.of(F));
        Node x = SourceOp.input("x", Shape.of(T, F));
        Node a = SourceOp.input("a", Shape.of(F));
        Node v = SourceOp.input("v", Shape.of(F));
        Scan.Result outer = ControlFlowOp.scan(List.of(c0), List.of(x), (c, xt) -> {
            Scan.Result inner = ControlFlowOp.scan(List.of(c.get(0)), List.of(), (ci, none) -> new Scan.Step(
                    List.of(ci.get(0).mul(a).add(xt.get(0)).sin()), List.of()), Scan.Options.defaults().withLength(3));
            return new Scan.Step(inner.carry(), List.of());
        });
        Node f = outer.carry().get(0).square().sum();
        Node hv = Autodiff.hvp(f, a, v);
        Node unrolled = c0;
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < 3; i++) {
                unrolled = unrolled.mul(a).add(x.slice(0, t, t + 1).squeeze(0)).sin();
            }
        }
        Node hvUnrolled = Autodiff.hvp(unrolled.square().sum(), a, v);
        List<Tensor> args = List.of(Tensor.vector(0.1, -0.2, 0.3),
                Tensor.uniform(Key.of(3), DType.FLOAT64, Shape.of(T, F), -1, 1), Tensor.vector(0.9, -1.1, 0.7),
                Tensor.vector(1, 2, -1));
        List<Tensor> got = Function.of(List.of(c0, x, a, v), List.of(f, hv, hvUnrolled)).call(args);
        assertTrue(got.get(1).allClose(got.get(2), 1e-12, 1e-12), "nested " + got.get(1) + ", unrolled " + got.get(2));
        String printed = GraphPrinter.print(List.of(f));
        assertTrue(printed.contains("body 1 of scan %") && printed.contains("body 2 of scan %")
                && printed.contains(" of body 1, parameters"), printed);
    }

    @Test
    void aScanOfTenThousandStepsRunsInLinearTimeOnASmallStack() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long[] bytes = new long[2];
        Thread small = new Thread(null, () -> {
            try {
                bytes[0] = decay(2_500);
                bytes[1] = decay(10_000);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "small stack", 256 * 1024);
        small.start();
        small.join();
        if (failure.get() != null) {
            throw new AssertionError("a 10,000-step scan on a 256 KB stack", failure.get());
        }
        // 4x the steps: about 4x the allocation when each step costs the same (16x if it grew with t)
        double ratio = (double) bytes[1] / bytes[0];
        assertTrue(ratio < 6, "allocated " + bytes[0] + " bytes for 2,500 steps and " + bytes[1] + " for 10,000");
    }

    /**
     * {@code c_{t+1} = 0.999 c_t + x_t} over {@code steps} steps, forward and gradient, checked against the
     * closed forms; the bytes the thread allocated to build, compile and run it.
     */
    private static long decay(int steps) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Node c0 = SourceOp.input("c0", Shape.of(2));
        Node x = SourceOp.input("x", Shape.of(steps, 2));
        Scan.Result r = ControlFlowOp.scan(List.of(c0), List.of(x),
                (c, xt) -> new Scan.Step(List.of(c.get(0).mul(0.999).add(xt.get(0))), List.of()));
        Node cT = r.carry().get(0);
        List<Node> g = Autodiff.grad(cT.sum(), c0, x);
        List<Tensor> out = Function.of(List.of(c0, x), List.of(cT, g.get(0), g.get(1)))
                .call(Tensor.vector(1, 2), Tensor.ones(DType.FLOAT64, Shape.of(steps, 2)));
        double decayed = Math.pow(0.999, steps);
        double expected = decayed + (1 - decayed) / (1 - 0.999);
        assertEquals(expected, out.get(0).flat(0), 1e-9 * expected);
        assertEquals(decayed, out.get(1).flat(0), 1e-12);
        assertEquals(1.0, out.get(2).get(steps - 1, 0));
        assertEquals(decayed / 0.999, out.get(2).get(0, 1), 1e-12);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void theBatchDimensionStaysSymbolicThroughTheLoop() {
        Node x = SourceOp.input("x", Shape.of(T, Shape.BATCH, F), DType.FLOAT32);
        Node v = SourceOp.input("v", Shape.of(F, F), DType.FLOAT32);
        Node c0 = SourceOp.input("c0", Shape.of(Shape.BATCH, F), DType.FLOAT32);
        Scan.Result r = ControlFlowOp.scan(List.of(c0), List.of(x), (c, xt) -> {
            Node h = c.get(0).matmul(v).add(xt.get(0)).tanh();
            return new Scan.Step(List.of(h), List.of(h.mul(xt.get(0))));
        });
        assertEquals(Shape.of(T, Shape.BATCH, F), r.ys().get(0).shape());
        assertEquals(Shape.of(Shape.BATCH, F), r.carry().get(0).shape());
        List<Node> g = Autodiff.grad(r.ys().get(0).sum(), x, v, c0);
        Function f = Function.of(List.of(x, v, c0), List.of(r.ys().get(0), g.get(0), g.get(1), g.get(2)));
        for (int batch : new int[] {1, 4, 2}) {
            List<Tensor> got = f.call(Tensor.uniform(Key.of(batch), DType.FLOAT32, Shape.of(T, batch, F), -1, 1),
                    Tensor.uniform(Key.of(5), DType.FLOAT32, Shape.of(F, F), -1, 1),
                    Tensor.zeros(DType.FLOAT32, Shape.of(batch, F)));
            assertEquals(Shape.of(T, batch, F), got.get(0).shape());
            assertEquals(Shape.of(T, batch, F), got.get(1).shape());
            assertEquals(Shape.of(F, F), got.get(2).shape());
            assertEquals(Shape.of(batch, F), got.get(3).shape());
            assertEquals(DType.FLOAT32, got.get(3).dtype());
        }
    }

    @Test
    void aValueComputedBeforeTheLoopIsReadAsItIsAndWhatTheBodyBuildsRunsAtEveryStep() {
        Node c0 = SourceOp.input("c0", Shape.of(2, H));
        Node uT = u.transpose();
        Scan.Result r = ControlFlowOp.scan(List.of(c0), List.of(),
                (c, none) -> new Scan.Step(List.of(c.get(0).matmul(uT).add(b).tanh()), List.of()),
                Scan.Options.defaults().withLength(4));
        Node loop = r.carry().get(0).inputs().get(0);
        Scan scan = (Scan) loop.op();
        assertEquals(List.of(c0, uT, b), loop.inputs(), "the transpose computed before, and b, captured");
        Topology body = Topology.of(scan.body().results());
        assertTrue(body.order().stream().anyMatch(n -> n.op() instanceof MovementOp.BroadcastTo),
                "the broadcast of b, built by the body, runs inside it");
        assertEquals(3, scan.body().parameters().size());
    }

    /**
     * A loop reads and stacks integer and bool slices as they are: a running count of the true marks (INT64
     * carry), the marks stacked back, and a masked float sum whose gradient flows only through the floats.
     */
    @Test
    void integerAndBoolSlicesAreReadAndStackedAsTheyAre() {
        Node marks = SourceOp.input("m", Shape.of(4, 2), DType.BOOL);
        Node x = SourceOp.input("x", Shape.of(4, 2));
        Node count0 = SourceOp.input("k", Shape.of(2), DType.INT64);
        Node s0 = SourceOp.input("s", Shape.of(2));
        Scan.Result r = ControlFlowOp.scan(List.of(count0, s0), List.of(marks, x), (c, step) -> {
            Node m = step.get(0);
            Node count = c.get(0).add(m.cast(DType.INT64));
            Node sum = WhereOp.where(m, c.get(1).add(step.get(1)), c.get(1));
            return new Scan.Step(List.of(count, sum), List.of(m, count));
        });
        Node gx = Autodiff.grad(r.carry().get(1).sum(), x);
        Function f = Function.of(List.of(marks, x, count0, s0),
                List.of(r.carry().get(0), r.carry().get(1), r.ys().get(0), r.ys().get(1), gx));
        Tensor m = Tensor.ofBooleans(Shape.of(4, 2), true, false, true, true, false, true, true, true);
        List<Tensor> out = f.call(m, Tensor.of(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 8),
                Tensor.ofLongs(Shape.of(2), 10, 20), Tensor.of(Shape.of(2), 0.5, 0.25));
        assertSameValues(Tensor.ofLongs(Shape.of(2), 13, 23), out.get(0));
        assertSameValues(Tensor.of(Shape.of(2), 0.5 + 1 + 3 + 7, 0.25 + 4 + 6 + 8), out.get(1));
        assertSameValues(m, out.get(2));
        assertSameValues(Tensor.ofLongs(Shape.of(4, 2), 11, 20, 12, 21, 12, 22, 13, 23), out.get(3));
        assertSameValues(Tensor.of(Shape.of(4, 2), 1, 0, 1, 1, 0, 1, 1, 1), out.get(4));
    }

    private static void assertSameValues(Tensor expected, Tensor actual) {
        assertTrue(expected.sameValues(actual), "expected " + expected + ", got " + actual);
    }
}
