package dev.adjoint.core.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The kernels' one persistent set of helper threads.
 *
 * <p>Its size is the system property {@code adjoint.threads} (default: the number of available processors),
 * read once when the kernels are first used. {@link #forEach(int, IntConsumer)} runs tasks {@code 0 .. n-1}
 * on the helpers and the calling thread and returns when all are done. Kernels give every task a fixed piece
 * of work that does not depend on the thread count (a block of rows of a GEMM, a block of a reduction), and
 * combine partial results in task order, so every result is bit-identical for any number of threads and
 * whichever thread runs which task.
 *
 * <p><b>Tasks are claimed, not assigned.</b> Every thread of a call, the caller included, takes the next
 * unclaimed task from a shared counter until none is left; the caller then waits only for tasks that another
 * thread has already started. A helper that is slow to wake, or descheduled because the other core is busy
 * (on a shared two-core machine the two vCPUs sometimes act like one), therefore costs nothing: the caller
 * runs the tasks itself.
 *
 * <p><b>Latency.</b> A training step calls a few dozen parallel kernels of tens to hundreds of microseconds
 * each, and a parked thread takes tens of microseconds to wake; so a helper that finishes its share spins
 * (with {@link Thread#onSpinWait()}) for {@value #SPIN_NANOS} ns waiting for the next call before it parks. A
 * caller waiting for a started task spins for {@value #CALLER_SPIN_NANOS} ns, then yields its core, which is
 * what a descheduled helper needs. This is OpenMP's "active wait" for a short while, then its passive one: an
 * idle library costs no CPU. (The measurements behind these choices are in the README's Benchmarks section.)
 *
 * <p>A call from inside a helper (a kernel called by a kernel) runs its tasks sequentially; there is no nested
 * parallelism. Calls from several user threads at once are all correct: the first gets the helpers and the
 * others run their tasks on their own thread.
 */
public final class Parallel {

    /** How long an idle helper spins before parking, in nanoseconds. */
    static final long SPIN_NANOS = 200_000;

    /** How long a caller spins for a task another thread has started before yielding, in nanoseconds. */
    static final long CALLER_SPIN_NANOS = 50_000;

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

    /** One call's tasks: a counter of claimed tasks and one of finished tasks. */
    private static final class Job {
        final IntConsumer body;
        final int tasks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        /** The first failure; a later one, even at the same moment, does not replace it. */
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(IntConsumer body, int tasks) {
            this.body = body;
            this.tasks = tasks;
        }

        /** Claims and runs tasks until none is left; after a failure, claimed tasks are skipped. */
        void work() {
            for (int t = next.getAndIncrement(); t < tasks; t = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        body.accept(t);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        boolean done() {
            return finished.get() == tasks;
        }
    }

    /** A daemon helper: takes a job, claims tasks from it, spins a while for the next job, then parks. */
    private static final class Helper extends Thread {
        /** The job offered to this helper, taken (and cleared) atomically, so no offer is lost or run twice. */
        private final AtomicReference<Job> offered = new AtomicReference<>();
        private volatile boolean parked;

        Helper(int index) {
            super("adjoint-kernel-" + index);
            setDaemon(true);
        }

        void offer(Job j) {
            offered.set(j);
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        @Override
        public void run() {
            while (true) {
                await().work();
            }
        }

        private Job await() {
            long start = System.nanoTime();
            while (true) {
                Job j = offered.getAndSet(null);
                if (j != null) {
                    return j;
                }
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                // re-read after publishing 'parked': an offer that missed the flag was set before it was read
                if (offered.get() == null) {
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
        if (tasks <= 1 || HELPERS == null || Thread.currentThread() instanceof Helper
                || !BUSY.compareAndSet(false, true)) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        try {
            Job job = new Job(body, tasks);
            int helpers = Math.min(THREADS, tasks) - 1;
            for (int h = 0; h < helpers; h++) {
                HELPERS[h].offer(job);
            }
            job.work();
            if (!job.done()) {
                long start = System.nanoTime();
                while (!job.done()) {
                    if (System.nanoTime() - start < CALLER_SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        Thread.yield();
                    }
                }
            }
            Throwable failure = job.failure.get();
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
