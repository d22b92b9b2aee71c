package dev.adjoint.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One compiled {@link Function} called by 8 threads, 1,000 calls each, on inputs that differ from call to
 * call, gives results bit-identical ({@link Tensor#sameValues}) to sequential calls: a call keeps all its
 * state in local arrays, and anomaly detection adds no shared state.
 */
class ConcurrencyContractTest {

    private static final int THREADS = 8;
    private static final int CALLS = 1_000;
    private static final int DISTINCT_INPUTS = 13;

    @ParameterizedTest(name = "anomaly detection {0}")
    @ValueSource(booleans = {false, true})
    void eightThreadsGiveBitIdenticalResultsToSequentialCalls(boolean detectAnomalies) throws Exception {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 8));
        Node w1 = SourceOp.input("w1", Shape.of(8, 16));
        Node w2 = SourceOp.input("w2", Shape.of(16, 4));
        Node logits = x.matmul(w1).tanh().matmul(w2);
        Node loss = logits.logSoftmax(1).neg().mean().add(w1.square().sum().mul(1e-3));
        List<Node> outputs = new ArrayList<>(List.of(loss, logits.softmax(1)));
        outputs.addAll(Autodiff.grad(loss, w1, w2));
        Function plain = Function.of(List.of(x, w1, w2), outputs);
        Function f = detectAnomalies ? plain.withAnomalyDetection() : plain;

        List<List<Tensor>> args = new ArrayList<>();
        List<List<Tensor>> expected = new ArrayList<>();
        for (int k = 0; k < DISTINCT_INPUTS; k++) {
            Key key = Key.of(k);
            List<Tensor> a = List.of(Tensor.normal(key.fold(0), DType.FLOAT64, Shape.of(1 + k % 5, 8), 0, 1),
                    Tensor.normal(key.fold(1), DType.FLOAT64, Shape.of(8, 16), 0, 0.5),
                    Tensor.normal(key.fold(2), DType.FLOAT64, Shape.of(16, 4), 0, 0.5));
            args.add(a);
            expected.add(f.call(a));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int checked = 0;
                    for (int i = 0; i < CALLS; i++) {
                        int k = (thread * 7 + i) % DISTINCT_INPUTS;
                        List<Tensor> out = f.call(args.get(k));
                        for (int o = 0; o < out.size(); o++) {
                            if (!out.get(o).sameValues(expected.get(k).get(o))) {
                                throw new AssertionError("thread " + thread + ", call " + i + ", output " + o
                                        + " differs from the sequential result");
                            }
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> r : results) {
                total += r.get(60, TimeUnit.SECONDS);
            }
            assertEquals(THREADS * CALLS, total);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
}
