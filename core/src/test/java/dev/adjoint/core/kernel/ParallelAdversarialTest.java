package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Adversarial probes of the claiming pool (review of 45cdb1d): many callers at once, each with nested calls
 * and failures of its own; an interrupted caller. No timing assertions. All held: kept as regression tests.
 */
class ParallelAdversarialTest {

    /**
     * Eight threads race for the helpers; each call's tasks (some calling forEach themselves, from a helper or
     * from the caller) run exactly once, and a failure reaches only the caller whose task threw it.
     */
    @Test
    void concurrentCallersWithNestedCallsAndFailures() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int id = c;
                results.add(callers.submit(() -> {
                    for (int rep = 0; rep < 300; rep++) {
                        int tasks = 1 + (id * 7 + rep) % 23;
                        AtomicIntegerArray runs = new AtomicIntegerArray(tasks * 3);
                        Parallel.forEach(tasks, t -> Parallel.forEach(3, u -> runs.incrementAndGet(t * 3 + u)));
                        for (int i = 0; i < runs.length(); i++) {
                            if (runs.get(i) != 1) {
                                return "caller " + id + ", rep " + rep + ": task " + i + " ran " + runs.get(i) + "x";
                            }
                        }
                        if (rep % 10 == 0) {
                            RuntimeException mine = new RuntimeException("caller " + id);
                            try {
                                Parallel.forEach(tasks + 1, t -> {
                                    if (t == tasks) {
                                        throw mine;
                                    }
                                });
                                return "caller " + id + ": the failure was lost";
                            } catch (RuntimeException e) {
                                if (e != mine) {
                                    return "caller " + id + " got another caller's failure: " + e;
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<String> r : results) {
                assertNull(r.get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /** A checked exception thrown sneakily by a task is wrapped, not lost; the pool stays usable. */
    @Test
    void aCheckedFailureIsWrapped() {
        Exception checked = new java.io.IOException("disk");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(6, t -> {
            if (t == 5) {
                sneaky(checked);
            }
        }));
        if (Parallel.threads() > 1) {
            assertSame(checked, e.getCause());
        }
        AtomicIntegerArray runs = new AtomicIntegerArray(9);
        Parallel.forEach(9, runs::incrementAndGet);
        for (int i = 0; i < 9; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneaky(Throwable e) throws E {
        throw (E) e;
    }

    /** An interrupted caller still runs every task, and its interrupt is left for it to see. */
    @Test
    void anInterruptedCallerCompletesAndKeepsItsInterrupt() {
        AtomicIntegerArray runs = new AtomicIntegerArray(64);
        Thread.currentThread().interrupt();
        try {
            Parallel.forEach(64, runs::incrementAndGet);
        } finally {
            assertTrue(Thread.interrupted(), "the caller's interrupt status was cleared");
        }
        for (int i = 0; i < 64; i++) {
            assertEquals(1, runs.get(i));
        }
    }
}
