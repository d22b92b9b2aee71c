package dev.adjoint.core.graph;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Work on a body nested in work on a body: evaluating a checkpoint, a branch or a loop body inside the body
 * that runs it, differentiating a body inside the VJP of the op that runs it. Each level of nesting calls the
 * next through a few Java frames, so a program nested some thousand levels deep (a cond in a cond in ...,
 * checkpoints of checkpoints) would exhaust one thread's stack; here every {@value #LEVELS_PER_THREAD}-th
 * nested level continues on a fresh thread, which the calling thread waits for, so no thread holds more than
 * {@value #LEVELS_PER_THREAD} levels. The work is the same on either thread, so its results are too; shallower
 * programs never leave their thread, and neither does work that may not move ({@code mayMove} false), which a
 * deep enough program can still overflow. A body evaluated under anomaly detection moves as its checked form
 * ({@link Subgraph.Executable#asOnThisThread()}), so it is checked on the fresh thread as it would be here.
 */
final class Nesting {

    /**
     * The nested levels one thread holds before the next continues on a fresh thread. A scan level (build,
     * compile, evaluate, differentiate a loop body) takes the most frames: before the JIT has compiled them, 64
     * scan levels overflowed a 256 KB stack (DeepNestingTest, run alone) where 32 fit; the extra thread hops cost
     * nothing measurable.
     */
    static final int LEVELS_PER_THREAD = 32;

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Fresh threads for deeper levels: kept a while when idle, created when all are waiting on deeper ones. */
    private static final ExecutorService FRESH = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "adjoint-nested-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Nesting() {
    }

    /**
     * {@code work.get()}, one nested level deeper, on this thread or, when this thread holds
     * {@value #LEVELS_PER_THREAD} levels already and {@code mayMove}, on a fresh one, with this thread's
     * provenance scopes ({@link Provenance}) in force there. An exception or error of the work is rethrown.
     *
     * @param mayMove whether the work gives the same result on another thread
     */
    static <T> T call(Supplier<T> work, boolean mayMove) {
        int[] depth = DEPTH.get();
        if (depth[0] >= LEVELS_PER_THREAD && mayMove) {
            Provenance.Carried scopes = Provenance.carried();
            Handoff handoff = new Handoff();
            return await(FRESH.submit(() -> {
                handoff.begin();
                try (Provenance.Scope resumed = scopes.resume()) { // null, and not closed, when there are none
                    return work.get();
                } finally {
                    handoff.end();
                }
            }), handoff);
        }
        depth[0]++;
        try {
            return work.get();
        } finally {
            depth[0]--;
        }
    }

    /**
     * The result of {@code pending}, waited for without giving up when interrupted: the interrupt is passed on
     * to the thread doing the work (a loop there stops as it would here), and this thread's flag is kept.
     */
    private static <T> T await(Future<T> pending, Handoff handoff) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                    handoff.interrupt();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The fresh thread doing one level's work, and whether the waiting thread was interrupted: an interrupt
     * reaches the worker whether it comes before the work starts or during it, and none outlives the work on
     * the pooled thread.
     */
    private static final class Handoff {
        private Thread worker;
        private boolean interrupted;

        /** On the worker, before the work. */
        synchronized void begin() {
            worker = Thread.currentThread();
            if (interrupted) {
                worker.interrupt();
            }
        }

        /** On the worker, after the work: the pooled thread goes back without the flag. */
        synchronized void end() {
            worker = null;
            Thread.interrupted();
        }

        /**
         * On the waiting thread, when it is interrupted. Under the same lock as {@link #end}, so an interrupt never
         * reaches the pooled thread after its work has ended (and another task may have begun on it).
         */
        synchronized void interrupt() {
            interrupted = true;
            if (worker != null) {
                worker.interrupt();
            }
        }
    }
}
