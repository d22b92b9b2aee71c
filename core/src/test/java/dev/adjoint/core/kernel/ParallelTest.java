package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The helper pool: every task runs exactly once, failures surface, and tasks are claimed, not assigned. */
class ParallelTest {

    @Test
    void everyTaskRunsExactlyOnce() {
        for (int tasks : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
            for (int rep = 0; rep < 200; rep++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                Parallel.forEach(tasks, runs::incrementAndGet);
                for (int t = 0; t < tasks; t++) {
                    assertEquals(1, runs.get(t), "task " + t + " of " + tasks + ", repetition " + rep);
                }
            }
        }
    }

    @Test
    void theFirstFailureIsRethrownAndThePoolStaysUsable() {
        IllegalArgumentException boom = new IllegalArgumentException("task 3 failed");
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Parallel.forEach(8, t -> {
            if (t == 3) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AssertionError error = new AssertionError("an error");
        assertSame(error, assertThrows(AssertionError.class, () -> Parallel.forEach(4, t -> {
            if (t == 1) {
                throw error;
            }
        })));
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        Parallel.forEach(16, runs::incrementAndGet);
        for (int t = 0; t < 16; t++) {
            assertEquals(1, runs.get(t), "task " + t + " after a failed call");
        }
    }

    @Test
    void aNestedCallRunsItsTasksOnTheCallingThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(6 * 5);
        Parallel.forEach(6, outer -> Parallel.forEach(5, inner -> runs.incrementAndGet(outer * 5 + inner)));
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(1, runs.get(i), "task " + i);
        }
    }

    @Test
    void callsFromManyThreadsAtOnceAreAllComplete() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AtomicIntegerArray>> results = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                results.add(pool.submit(() -> {
                    AtomicIntegerArray runs = new AtomicIntegerArray(257);
                    for (int rep = 0; rep < 50; rep++) {
                        Parallel.forEach(257, runs::incrementAndGet);
                    }
                    return runs;
                }));
            }
            for (Future<AtomicIntegerArray> result : results) {
                AtomicIntegerArray runs = result.get(60, TimeUnit.SECONDS);
                for (int t = 0; t < runs.length(); t++) {
                    assertEquals(50, runs.get(t), "task " + t);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Whichever thread takes task 0 blocks in it until every other task has run, so the other tasks must be
     * claimed by the other thread. Under a fixed assignment (task t to thread t mod 2) the thread blocked in
     * task 0 would own tasks 2, 4, ... and the call would never end; the latch's timeout makes that a failure.
     */
    @Test
    void tasksAreClaimedByWhicheverThreadIsFree() {
        assumeTrue(Parallel.threads() >= 2, "needs at least 2 kernel threads (adjoint.threads)");
        for (int rep = 0; rep < 20; rep++) {
            int tasks = 9;
            CountDownLatch others = new CountDownLatch(tasks - 1);
            boolean[] waited = new boolean[1];
            Parallel.forEach(tasks, t -> {
                if (t == 0) {
                    try {
                        waited[0] = others.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    others.countDown();
                }
            });
            assertTrue(waited[0], "repetition " + rep + ": the other tasks did not run while task 0 waited");
        }
    }
}
