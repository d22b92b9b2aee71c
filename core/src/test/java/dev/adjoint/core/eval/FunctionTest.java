package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Compiled functions: each node once per call, clear errors for bad arguments, any batch size, threads. */
class FunctionTest {

    /** The identity, counting its forward calls: a probe for how often a node is computed. */
    record Counting(AtomicInteger calls) implements CustomOp {
        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Shape shape(List<Node> in) {
            return in.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> in, Shape out) {
            calls.incrementAndGet();
            return in.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar);
        }
    }

    private final Node x = SourceOp.input("x", Shape.of(2, 3));
    private final Node w = SourceOp.input("w", Shape.of(3, 4));
    private final Node f = LinalgOp.matmul(x, w).tanh();

    private static Tensor random(long seed, Shape shape) {
        return Tensor.uniform(Key.of(seed), DType.FLOAT64, shape, -1, 1);
    }

    @Test
    void eachNodeIsComputedOncePerCall() {
        AtomicInteger calls = new AtomicInteger();
        Node shared = Node.apply(new Counting(calls), x);
        Node out = shared.add(shared).mul(shared).add(shared.tanh()).sum();
        Node g = Autodiff.grad(out, x);
        Function fn = Function.of(List.of(x), List.of(out, g, shared));
        for (int call = 1; call <= 3; call++) {
            fn.call(random(call, x.shape()));
            assertEquals(call, calls.get(), "the shared node, used by the loss and its gradient, once per call");
        }
    }

    @Test
    void eachNodeOfASharedDagIsComputedOncePerCall() {
        AtomicInteger calls = new AtomicInteger();
        Node y = Node.apply(new Counting(calls), x);
        for (int i = 0; i < 50; i++) {
            y = Node.apply(new Counting(calls), y.add(y));
        }
        Function.of(List.of(x), List.of(y)).call(random(1, x.shape()));
        assertEquals(51, calls.get(), "51 counting nodes, 2^50 paths");
    }

    @Test
    void missingBindingNamesTheInputAndItsType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(x, w), List.of(f)).call(Bindings.of(x, random(1, x.shape()))));
        assertTrue(e.getMessage().contains("'w'") && e.getMessage().contains("f64[3, 4]")
                && e.getMessage().contains("not bound"), e.getMessage());
        IllegalArgumentException viaEvaluator = assertThrows(IllegalArgumentException.class,
                () -> Evaluator.evaluate(f, Bindings.of(w, random(1, w.shape()))));
        assertTrue(viaEvaluator.getMessage().contains("'x'") && viaEvaluator.getMessage().contains("f64[2, 3]"),
                viaEvaluator.getMessage());
    }

    @Test
    void extraBindingNamesTheInputAndItsType() {
        Node other = SourceOp.input("other", Shape.of(5), DType.FLOAT32);
        Bindings extra = Bindings.of(x, random(1, x.shape())).and(w, random(2, w.shape()))
                .and(other, Tensor.zeros(DType.FLOAT32, Shape.of(5)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Evaluator.evaluate(f, extra));
        assertTrue(e.getMessage().contains("'other'") && e.getMessage().contains("f32[5]"), e.getMessage());
        IllegalArgumentException viaFunction = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(x, w), List.of(f)).call(extra));
        assertTrue(viaFunction.getMessage().contains("'other'") && viaFunction.getMessage().contains("f32[5]"),
                viaFunction.getMessage());
    }

    @Test
    void wronglyShapedArgumentNamesTheInputExpectedAndActualType() {
        Function fn = Function.of(List.of(x, w), List.of(f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fn.call(random(1, Shape.of(3, 2)), random(2, w.shape())));
        assertEquals("call: input 'x' expects f64[2, 3], got f64[3, 2]", e.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> fn.call(random(1, Shape.of(6)), random(2, w.shape())));
        assertEquals("call: input 'x' expects f64[2, 3], got f64[6]", rank.getMessage());
    }

    @Test
    void wronglyTypedArgumentNamesTheInputExpectedAndActualType() {
        Function fn = Function.of(List.of(x, w), List.of(f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fn.call(Tensor.zeros(DType.FLOAT32, x.shape()), random(2, w.shape())));
        assertEquals("call: input 'x' expects f64[2, 3], got f32[2, 3]", e.getMessage());
    }

    @Test
    void wrongArgumentCountListsTheInputs() {
        Function fn = Function.of(List.of(x, w), List.of(f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fn.call(random(1, x.shape())));
        assertTrue(e.getMessage().contains("x : f64[2, 3]") && e.getMessage().contains("w : f64[3, 4]")
                && e.getMessage().contains("got 1"), e.getMessage());
        NullPointerException npe = assertThrows(NullPointerException.class,
                () -> fn.call(java.util.Arrays.asList(random(1, x.shape()), null)));
        assertTrue(npe.getMessage().contains("'w'"), npe.getMessage());
    }

    @Test
    void inconsistentBatchSizesNameBothInputs() {
        Node a = SourceOp.input("a", Shape.of(Shape.BATCH, 3));
        Node b = SourceOp.input("b", Shape.of(Shape.BATCH, 3));
        Function fn = Function.of(List.of(a, b), List.of(a.add(b)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> fn.call(random(1, Shape.of(4, 3)), random(2, Shape.of(5, 3))));
        assertTrue(e.getMessage().contains("'b'") && e.getMessage().contains("'a'") && e.getMessage().contains("N = 4")
                && e.getMessage().contains("f64[5, 3]"), e.getMessage());
    }

    @Test
    void compileTimeErrorsNameTheInput() {
        IllegalArgumentException undeclared = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(x), List.of(f)));
        assertTrue(undeclared.getMessage().contains("'w'"), undeclared.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(x, w, x), List.of(f)));
        assertTrue(twice.getMessage().contains("'x'"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Function.of(List.of(f), List.of(f)));
        assertThrows(IllegalArgumentException.class, () -> Bindings.of(x, random(1, x.shape())).and(x,
                random(2, x.shape())));
        assertThrows(IllegalArgumentException.class, () -> Bindings.of(f, random(1, Shape.of(2, 4))));
    }

    @Test
    void badCallsLeaveTheFunctionUsable() {
        Function fn = Function.of(List.of(x, w), List.of(f));
        Tensor xv = random(1, x.shape());
        Tensor wv = random(2, w.shape());
        Tensor before = fn.call(xv, wv).get(0);
        assertThrows(IllegalArgumentException.class, () -> fn.call(wv, xv));
        assertThrows(IllegalArgumentException.class, () -> fn.call(xv));
        assertTrue(fn.call(xv, wv).get(0).sameValues(before));
    }

    @Test
    void oneCompiledFunctionServesEveryBatchSize() {
        Node batch = SourceOp.input("batch", Shape.of(Shape.BATCH, 3));
        Node loss = ReduceOp.logSoftmax(LinalgOp.matmul(batch, w), -1).mean();
        Node g = Autodiff.grad(loss, w);
        Function fn = Function.of(List.of(batch, w), List.of(LinalgOp.matmul(batch, w), loss, g));
        for (int n : new int[] {1, 7, 3, 128}) {
            List<Tensor> out = fn.call(random(n, Shape.of(n, 3)), random(2, w.shape()));
            assertEquals(Shape.of(n, 4), out.get(0).shape());
            assertEquals(Shape.scalar(), out.get(1).shape());
            assertEquals(w.shape(), out.get(2).shape());
        }
    }

    @Test
    void meanOverTheBatchAxisDividesByTheBoundBatchSize() {
        Node batch = SourceOp.input("batch", Shape.of(Shape.BATCH, 2));
        Node mean = ReduceOp.mean(batch, false, 0);
        Node all = batch.mean();
        Function fn = Function.of(List.of(batch), List.of(mean, all, Autodiff.grad(all, batch)));
        for (int n : new int[] {1, 3, 8}) {
            Tensor values = random(n, Shape.of(n, 2));
            List<Tensor> out = fn.call(values);
            double[] expected = new double[2];
            double total = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < 2; j++) {
                    expected[j] += values.get(i, j) / n;
                    total += values.get(i, j) / (2.0 * n);
                }
            }
            assertTrue(out.get(0).allClose(Tensor.vector(expected), 1e-12, 1e-12), out.get(0).toString());
            assertEquals(total, out.get(1).item(), 1e-12);
            assertTrue(out.get(2).allClose(Tensor.full(DType.FLOAT64, Shape.of(n, 2), 1.0 / (2 * n)), 1e-15, 0),
                    "d mean / dx = 1 / count with the bound N: " + out.get(2));
        }
    }

    @Test
    void failedBindingLeavesTheBindingsUnchanged() {
        Bindings one = Bindings.of(x, random(1, x.shape()));
        assertThrows(IllegalArgumentException.class, () -> one.and(x, random(2, x.shape())));
        assertEquals(1, one.size());
        Bindings two = one.and(w, random(3, w.shape()));
        assertEquals(1, one.size(), "and returns new bindings");
        assertEquals(2, two.size());
        assertEquals(List.of(x, w), two.inputs());
    }

    @Test
    void batchDimensionWithoutAnInputBindingItIsAnError() {
        Node fill = SourceOp.fill(Shape.of(Shape.BATCH, 2), DType.FLOAT64, 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Function.of(List.of(), List.of(fill)).call(List.of()));
        assertTrue(e.getMessage().contains("N"), e.getMessage());
    }

    @Test
    void anInputAsOutputIsReturnedAsBound() {
        Tensor xv = random(1, x.shape());
        assertSame(xv, Function.of(List.of(x), List.of(x)).call(xv).get(0));
    }

    @Test
    void concurrentCallsAreBitIdenticalToSequentialCalls() throws Exception {
        Node batch = SourceOp.input("batch", Shape.of(Shape.BATCH, 3));
        Node hidden = LinalgOp.matmul(batch, w).tanh();
        Node loss = ReduceOp.logSumExp(hidden, false, -1).mean();
        Function fn = Function.of(List.of(batch, w), List.of(hidden, loss, Autodiff.grad(loss, w)));
        int inputs = 10;
        List<List<Tensor>> args = new ArrayList<>();
        List<List<Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
            List<Tensor> a = List.of(random(i, Shape.of(1 + i, 3)), random(100 + i, w.shape()));
            args.add(a);
            expected.add(fn.call(a));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    int checked = 0;
                    for (int call = 0; call < 200; call++) {
                        int i = (thread * 7 + call) % inputs;
                        List<Tensor> got = fn.call(args.get(i));
                        for (int o = 0; o < got.size(); o++) {
                            if (!got.get(o).sameValues(expected.get(i).get(o))) {
                                throw new AssertionError("thread " + thread + " call " + call + " output " + o
                                        + " differs from the sequential result");
                            }
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> future : futures) {
                assertEquals(200, future.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
