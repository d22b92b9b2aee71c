package dev.adjoint.core.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The kernels' one persistent set of helper threads.
 *
 * <p>Its size is the system property {@code adjoint.threads} (default: the number of available processors),
 * read once when the kernels are first used. {@link #forEach(int, IntConsumer)} runs tasks {@code 0 .. n-1}
 * on the helpers and the calling thread and returns when all are done. Kernels give every task a fixed piece
 * of work that does not depend on the thread count (a block of rows of a GEMM, a block of a reduction), and
 * combine partial results in task order, so every result is bit-identical for any number of threads.
 *
 * <p><b>Latency.</b> A training step calls a few dozen parallel kernels of 50–500 µs each. A parked thread
 * takes tens of microseconds to wake, which ate the gain of a second thread on a 256 × 256 GEMM; so a helper
 * that finishes its share spins (with {@link Thread#onSpinWait()}) for {@value #SPIN_NANOS} ns waiting for
 * the next call before it parks, and a caller waiting for a helper spins too. This is OpenMP's "active wait"
 * for a short while, then its passive one: an idle library costs no CPU.
 *
 * <p>A call from inside a helper (a kernel called by a kernel) runs its tasks sequentially; there is no nested
 * parallelism. Calls from several user threads at once are all correct: the first gets the helpers and the
 * others run their tasks on their own thread.
 */
public final class Parallel {

    /** How long an idle helper spins before parking, in nanoseconds. */
    static final long SPIN_NANOS = 200_000;

    private static final int THREADS = configuredThreads();
    private static final Helper[] HELPERS = startHelpers();
    private static final AtomicBoolean BUSY = new AtomicBoolean();

    private Parallel() {
    }

    /** The number of threads the kernels use (the property {@code adjoint.threads}, at least 1). */
    public static int threads() {
        return THREADS;
    }

    private static int configuredThreads() {
        int available = Runtime.getRuntime().availableProcessors();
        String value = System.getProperty("adjoint.threads");
        if (value == null || value.isBlank()) {
            return Math.max(1, available);
        }
        try {
            return Math.max(1, Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("adjoint.threads: must be a positive integer, got '" + value + "'", e);
        }
    }

    private static Helper[] startHelpers() {
        if (THREADS <= 1) {
            return null;
        }
        Helper[] helpers = new Helper[THREADS - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].start();
        }
        return helpers;
    }

    /** One call's tasks and its completion count. */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final int workers;
        final AtomicInteger pending;
        volatile Throwable failure;

        Job(IntConsumer body, int tasks, int workers) {
            this.body = body;
            this.tasks = tasks;
            this.workers = workers;
            this.pending = new AtomicInteger(workers - 1);
        }

        /** Runs worker {@code w}'s tasks: w, w + workers, ... (a static, deterministic assignment). */
        void run(int w) {
            try {
                for (int t = w; t < tasks; t += workers) {
                    body.accept(t);
                }
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
    }

    /** A daemon helper: takes a job, runs its share, spins a while for the next, then parks. */
    private static final class Helper extends Thread {
        private final int index;
        private volatile Job job;
        private volatile boolean parked;

        Helper(int index) {
            super("adjoint-kernel-" + index);
            this.index = index;
            setDaemon(true);
        }

        void submit(Job j) {
            job = j;
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                Job j = await();
                job = null;
                j.run(index);
                j.pending.decrementAndGet();
            }
        }

        private Job await() {
            long start = System.nanoTime();
            while (true) {
                Job j = job;
                if (j != null) {
                    return j;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                // re-read after publishing 'parked': a submitter that missed the flag has set the job first
                if (job == null) {
                    LockSupport.park(this);
                }
                parked = false;
                start = System.nanoTime();
            }
        }
    }

    /**
     * Runs {@code body.accept(t)} for every {@code 0 <= t < tasks}, in parallel when there is more than one
     * thread, the caller is not a helper and no other call holds the helpers; tasks are independent and may
     * run in any order. The first exception a task throws is rethrown once all tasks have ended.
     */
    public static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 1 || HELPERS == null || Thread.currentThread() instanceof Helper || !BUSY.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        try {
            int workers = Math.min(THREADS, tasks);
            Job job = new Job(body, tasks, workers);
            for (int w = 1; w < workers; w++) {
                HELPERS[w - 1].submit(job);
            }
            job.run(0);
            long spins = 0;
            while (job.pending.get() > 0) {
                if (++spins < 1_000_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable failure = job.failure;
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            BUSY.set(false);
        }
    }
}
