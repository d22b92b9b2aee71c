package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
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

/**
 * Adversarial probes of buffer reuse (review of 0f94946): aliasing between outputs, inputs and views; kernels
 * that ask for arrays "for overwrite" on odd shapes; nested, concurrent and checked calls; and what the pool
 * keeps between calls.
 */
class BufferReuseAdversarialTest {

    private static Tensor rand(long seed, DType t, Shape s) {
        return Tensor.uniform(Key.of(seed), t, s, -1, 1);
    }

    /** Calls {@code f} and its fresh reference several times; same bits, and earlier results never change. */
    private static void sameAsFresh(Function f, java.util.function.IntFunction<List<Tensor>> args, int calls) {
        Function fresh = f.withoutBufferReuse();
        List<List<Tensor>> kept = new ArrayList<>();
        List<List<Tensor>> copies = new ArrayList<>();
        for (int c = 0; c < calls; c++) {
            List<Tensor> a = args.apply(c);
            List<Tensor> want = fresh.call(a);
            List<Tensor> got = f.call(a);
            for (int i = 0; i < want.size(); i++) {
                assertTrue(got.get(i).sameValues(want.get(i)), "call " + c + ", output " + i + " differs with reuse");
            }
            kept.add(got);
            copies.add(want);
        }
        for (int c = 0; c < calls; c++) {
            for (int i = 0; i < kept.get(c).size(); i++) {
                assertTrue(kept.get(c).get(i).sameValues(copies.get(c).get(i)),
                        "output " + i + " of call " + c + " changed during a later call");
            }
        }
    }

    /**
     * Outputs that alias each other, an input, and views of intermediates that later steps still read: the
     * counts per array keep every escaping array out of the pool. (Held: regression test.)
     */
    @Test
    void outputsAliasingInputsViewsAndEachOtherNeverChange() {
        for (boolean optimize : new boolean[] {true, false}) {
            Node x = SourceOp.input("x", Shape.of(32, 64));
            Node y = UnaryOp.tanh(x).add(x);
            Node view = MovementOp.reshape(y, Shape.of(64, 32));
            Node later = UnaryOp.exp(MovementOp.reshape(view, Shape.of(32, 64))).mul(y);
            Node same = UnaryOp.stopGradient(y);
            Node cast = UnaryOp.cast(y, DType.FLOAT64);
            List<Node> outputs = List.of(x, MovementOp.reshape(x, Shape.of(2048)), view, same, y, y, cast,
                    UnaryOp.sin(later).add(1.0), MovementOp.broadcastTo(later, Shape.of(32, 64)));
            Function f = optimize ? Function.of(List.of(x), outputs) : Function.unoptimized(List.of(x), outputs);
            sameAsFresh(f, c -> List.of(rand(100 + c, DType.FLOAT64, Shape.of(32, 64))), 4);
        }
    }

    /**
     * Every kernel that takes an array "for overwrite" on shapes where it might skip elements: zero-size
     * axes, k = 0 and batched products, odd transposes, concat with empty parts, every broadcast pattern,
     * gathers with repeated indices, float32 through double temporaries. Each value has 2,048 elements, so a
     * dead one is always recycled dirty into the next. (Held: regression test.)
     */
    @Test
    void overwriteKernelsWriteEveryElementOfARecycledArray() {
        for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Node x = SourceOp.input("x", Shape.of(32, 64), t);
            Node dirt = UnaryOp.exp(x).add(x); // a dead [32, 64] array full of non-zero values
            List<Node> outs = new ArrayList<>();
            // k = 0: [32, 0] x [0, 64] is all zeros
            Node a0 = MovementOp.slice(UnaryOp.tanh(x), 1, 0, 0);
            Node b0 = MovementOp.slice(UnaryOp.sin(x), 0, 0, 0);
            outs.add(LinalgOp.matmul(a0, b0).add(dirt.mul(0.0)));
            // batched [4, 8, 16] x [4, 16, 64] = [4, 8, 64] and shared B [4, 8, 16] x [16, 64]
            Node xa = MovementOp.reshape(UnaryOp.tanh(x), Shape.of(4, 8, 64));
            Node a = MovementOp.slice(xa, 2, 3, 19);
            Node b = MovementOp.reshape(MovementOp.concat(0, UnaryOp.cos(x), UnaryOp.sin(x)), Shape.of(4, 16, 64));
            outs.add(LinalgOp.matmul(a, b));
            outs.add(LinalgOp.matmul(a, MovementOp.slice(MovementOp.reshape(x, Shape.of(32, 64)), 0, 5, 21)));
            // odd transposes: [3, 683] -> [683, 3], [2, 31, 33] last two
            Node odd = MovementOp.slice(MovementOp.reshape(UnaryOp.sin(x), Shape.of(2048)), 0, 0, 2047);
            outs.add(MovementOp.transpose(MovementOp.reshape(odd, Shape.of(23, 89))));
            Node cube = MovementOp.reshape(
                    MovementOp.slice(MovementOp.reshape(UnaryOp.tanh(x), Shape.of(2048)), 0, 0, 2046),
                    Shape.of(2, 31, 33));
            outs.add(MovementOp.permute(cube, 0, 2, 1));
            outs.add(MovementOp.permute(cube, 2, 0, 1));
            // concat with an empty part and uneven parts
            outs.add(MovementOp.concat(1, MovementOp.slice(x, 1, 0, 0), MovementOp.slice(dirt, 1, 0, 13), UnaryOp.abs(
                    MovementOp.slice(x, 1, 13, 64))));
            outs.add(MovementOp.concat(0, MovementOp.slice(dirt, 0, 0, 7), MovementOp.slice(x, 0, 7, 32)));
            // broadcasts: a scalar, a row, a column, a middle axis
            outs.add(MovementOp.broadcastTo(ReduceOp.sum(dirt), Shape.of(32, 64)));
            outs.add(MovementOp.broadcastTo(ReduceOp.sum(dirt, true, 0), Shape.of(32, 64)));
            outs.add(MovementOp.broadcastTo(ReduceOp.sum(dirt, true, 1), Shape.of(32, 64)));
            Node mid = MovementOp.reshape(ReduceOp.sum(MovementOp.reshape(dirt, Shape.of(4, 8, 64)), true, 1),
                    Shape.of(4, 1, 64));
            outs.add(MovementOp.broadcastTo(mid, Shape.of(4, 8, 64)));
            Node col = MovementOp.reshape(MovementOp.slice(ReduceOp.sum(dirt, true, 1), 0, 0, 4), Shape.of(4, 1, 1));
            outs.add(MovementOp.broadcastTo(col, Shape.of(4, 8, 64)));
            // gathers with repeated indices, take-along
            double[] idx = new double[64];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = (i * 5) % 3;
            }
            Node index = SourceOp.constant(Tensor.of(t, Shape.of(64), idx));
            outs.add(IndexOp.gather(UnaryOp.exp(x), MovementOp.slice(index, 0, 0, 32), 0));
            outs.add(IndexOp.gather(dirt.mul(2.0), index, 1));
            Node along = SourceOp.constant(Tensor.of(t, Shape.of(32, 64), new double[32 * 64]));
            outs.add(IndexOp.takeAlongAxis(UnaryOp.sin(x), along, 1));
            // pads and zero-width slices
            outs.add(MovementOp.pad(MovementOp.slice(dirt, 0, 3, 30), new int[] {3, 0}, new int[] {2, 0}));
            Node loss = ReduceOp.sum(UnaryOp.square(outs.get(1)));
            outs.addAll(Autodiff.grad(loss, List.of(x), Autodiff.Strictness.ZEROS_FOR_UNUSED));
            for (boolean optimize : new boolean[] {true, false}) {
                Function f = optimize ? Function.of(List.of(x), outs) : Function.unoptimized(List.of(x), outs);
                sameAsFresh(f, c -> List.of(rand(200 + c, t, Shape.of(32, 64))), 3);
                BufferReuse reuse = f.bufferReuse();
                assertTrue(reuse.recycledArrays() >= 10, () -> "the probe must run on recycled arrays: " + reuse);
            }
        }
    }

    /** A user op that computes with a compiled function of its own and keeps the result (a cache). */
    record NestedCall(Function inner, List<Tensor> kept) implements CustomOp {
        @Override public String name() {
            return "nested";
        }

        @Override public Shape shape(List<Node> inputs) {
            return inputs.get(0).shape();
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor y = inner.call(inputs.get(0)).get(0);
            kept.add(y);
            kept.add(inputs.get(0));
            return y;
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar);
        }
    }

    /**
     * A user op whose forward calls another compiled function: pools nest,
     * the outer pool is restored after the inner call, and what the op keeps never changes. (Held.)
     */
    @Test
    void nestedFunctionCallsInsideAUserOp() {
        Node u = SourceOp.input("u", Shape.of(32, 64));
        Function inner = Function.of(List.of(u), List.of(UnaryOp.tanh(UnaryOp.exp(u).sub(u)).mul(u)));
        List<Tensor> kept = new ArrayList<>();
        Node x = SourceOp.input("x", Shape.of(32, 64));
        Node y = Node.apply(new NestedCall(inner, kept), UnaryOp.sin(x).add(x));
        Node z = UnaryOp.cos(y).mul(y).add(UnaryOp.exp(x));
        Function f = Function.of(List.of(x), List.of(z, y));
        List<Tensor> copies = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            Tensor xv = rand(300 + c, DType.FLOAT64, Shape.of(32, 64));
            List<Tensor> got = f.call(xv);
            List<Tensor> want = f.withoutBufferReuse().call(xv);
            assertTrue(got.get(0).sameValues(want.get(0)));
            assertTrue(got.get(1).sameValues(want.get(1)));
            inner.call(rand(400 + c, DType.FLOAT64, Shape.of(32, 64)));
            for (int k = copies.size(); k < kept.size(); k++) {
                copies.add(Tensor.of(kept.get(k).shape(), kept.get(k).toDoubleArray()));
            }
        }
        for (int k = 0; k < kept.size(); k++) {
            assertTrue(kept.get(k).sameValues(copies.get(k)), "tensor " + k + " kept by the user op changed");
        }
    }

    /** Many threads calling one function at once: every result is the reference's. (Held.) */
    @Test
    void concurrentCallersOfOneFunction() throws Exception {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 64));
        Node w = SourceOp.input("w", Shape.of(64, 64));
        Node h = UnaryOp.tanh(LinalgOp.matmul(x, w));
        Node loss = ReduceOp.sum(UnaryOp.square(LinalgOp.matmul(h, w)));
        List<Node> outputs = new ArrayList<>(List.of(loss, h));
        outputs.addAll(Autodiff.grad(loss, List.of(x, w), Autodiff.Strictness.ZEROS_FOR_UNUSED));
        Function f = Function.of(List.of(x, w), outputs);
        Function fresh = f.withoutBufferReuse();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int thread = 0; thread < 6; thread++) {
                int id = thread;
                results.add(pool.submit(() -> {
                    for (int c = 0; c < 15; c++) {
                        int n = 16 + 8 * ((id + c) % 3);
                        Tensor xv = rand(1000L * id + c, DType.FLOAT64, Shape.of(n, 64));
                        Tensor wv = rand(7 + id, DType.FLOAT64, Shape.of(64, 64));
                        List<Tensor> got = f.call(xv, wv);
                        List<Tensor> want = fresh.call(xv, wv);
                        for (int i = 0; i < want.size(); i++) {
                            if (!got.get(i).sameValues(want.get(i))) {
                                return "thread " + id + ", call " + c + ", output " + i;
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> r : results) {
                assertEquals(null, r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Anomaly detection with reuse: same values, and a reported anomaly leaves the function usable. (Held.) */
    @Test
    void anomalyDetectionWithReuse() {
        Node x = SourceOp.input("x", Shape.of(32, 64));
        Node y = UnaryOp.log(UnaryOp.exp(x).sub(x.mul(0.5))).mul(UnaryOp.tanh(x));
        Function f = Function.of(List.of(x), List.of(y, UnaryOp.sqrt(y.mul(y))));
        Function checked = f.withAnomalyDetection();
        sameAsFresh(checked, c -> List.of(rand(500 + c, DType.FLOAT64, Shape.of(32, 64))), 3);
        double[] bad = new double[32 * 64];
        bad[5] = Double.NaN;
        assertThrows(AnomalyException.class, () -> checked.call(Tensor.of(Shape.of(32, 64), bad)));
        sameAsFresh(checked, c -> List.of(rand(600 + c, DType.FLOAT64, Shape.of(32, 64))), 2);
    }

    // --------------------------------------------------------------------------------------------- leak

    /** Elements held by a function's idle pool in its free lists, between calls. */
    private static long idleElements(Function f) {
        return f.bufferReuse().retainedBytes() / Double.BYTES;
    }

    /**
     * Was a leak: the free lists were keyed by exact length and never trimmed, so a function called with many
     * batch sizes (evaluation of a last partial batch, variable-length inputs, a serving loop) kept the dead
     * intermediates of every batch size it had ever seen, for as long as the function lived. Here one call's
     * intermediates are ~6 arrays of N·64 doubles; after 40 batch sizes the idle pool held all 40 calls' worth.
     */
    @Test
    void theIdlePoolStaysBoundedWhenTheBatchSizeVaries() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 64));
        Node v = x;
        for (int i = 0; i < 6; i++) {
            v = UnaryOp.tanh(v).add(x);
        }
        Function f = Function.unoptimized(List.of(x), List.of(ReduceOp.sum(v)));
        f.call(rand(1, DType.FLOAT64, Shape.of(100, 64)));
        long oneCall = idleElements(f);
        assertTrue(oneCall > 0, "the pool keeps the dead arrays of a call for the next");
        for (int n = 101; n < 140; n++) {
            f.call(rand(n, DType.FLOAT64, Shape.of(n, 64)));
        }
        long after = idleElements(f);
        // a bounded pool would hold about one call's dead arrays (of the largest batch size), not 40 calls' worth
        assertTrue(after <= 3 * oneCall, "the idle pool grew from " + oneCall * 8 / 1024 + " KiB after one call to "
                + after * 8 / 1024 + " KiB after 40 batch sizes: it never frees arrays of lengths no longer used");
    }

    /**
     * Donation ({@link Function#reclaim}): a result given back is written by the next call, but one that shares
     * its array with another result of the same call (a node returned twice, a node and its reshape) is never
     * taken back, since the caller may still hold the other and cannot tell that the two share.
     */
    @Test
    void aResultSharingItsArrayWithAnotherIsNeverTakenBack() {
        Node x = SourceOp.input("x", Shape.of(64, 64));
        Node h = UnaryOp.sin(x.mul(2.0));
        Tensor first = rand(1, DType.FLOAT64, Shape.of(64, 64));
        Tensor second = rand(2, DType.FLOAT64, Shape.of(64, 64));
        for (List<Node> outputs : List.of(List.of(h, h.reshape(4096)), List.of(h, h))) {
            Function f = Function.of(List.of(x), outputs);
            List<Tensor> results = f.call(first);
            double kept = results.get(1).flat(5);
            f.reclaim(List.of(results.get(0)));
            f.call(second);
            assertEquals(kept, results.get(1).flat(5), "the result still held kept its values");
        }
        List<Node> many = new ArrayList<>(List.of(h, h.reshape(4096))); // past 64 large results: found by a map
        for (int i = 0; i < 70; i++) {
            many.add(UnaryOp.sin(x.mul(i + 3.0)));
        }
        Function wide = Function.of(List.of(x), many);
        List<Tensor> wideResults = wide.call(first);
        double keptWide = wideResults.get(1).flat(5);
        wide.reclaim(List.of(wideResults.get(0)));
        wide.call(second);
        assertEquals(keptWide, wideResults.get(1).flat(5), "72 results: the reshape still held kept its values");
        Function alone = Function.of(List.of(x), List.of(h));
        Tensor given = alone.call(first).get(0);
        double before = given.flat(5);
        alone.reclaim(List.of(given));
        double next = alone.call(second).get(0).flat(5);
        assertEquals(next, given.flat(5), "a result given back alone is the next call's array");
        assertTrue(before != next, "the two calls' values differ");
    }
}
