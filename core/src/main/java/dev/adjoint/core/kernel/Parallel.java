package dev.adjoint.core.kernel;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The kernels' one persistent thread pool.
 *
 * <p>Its size is the system property {@code adjoint.threads} (default: the number of available processors),
 * read once when the kernels are first used. {@link #forEach(int, IntConsumer)} runs tasks {@code 0 .. n-1}
 * on the pool and the calling thread and returns when all are done. Kernels give every task a fixed piece of
 * work that does not depend on the thread count (a block of rows of a GEMM, a block of a reduction), and
 * combine partial results in task order, so every result is bit-identical for any number of threads.
 *
 * <p>A call from inside a pool thread (a kernel called by a kernel) runs its tasks sequentially; there is no
 * nested parallelism.
 */
public final class Parallel {

    private static final int THREADS = configuredThreads();
    private static final ForkJoinPool POOL = THREADS > 1 ? new ForkJoinPool(THREADS - 1, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setDaemon(true);
        t.setName("adjoint-kernel-" + t.getPoolIndex());
        return t;
    }, null, false) : null;

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

    /**
     * Runs {@code body.accept(t)} for every {@code 0 <= t < tasks}, in parallel when the pool has more than
     * one thread and the caller is not a pool thread; tasks are independent and may run in any order.
     */
    public static void forEach(int tasks, IntConsumer body) {
        if (tasks <= 1 || POOL == null || Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL) {
            for (int t = 0; t < tasks; t++) {
                body.accept(t);
            }
            return;
        }
        int workers = Math.min(THREADS, tasks);
        // Worker w takes tasks w, w + workers, ...: a static, deterministic assignment; the caller is worker 0.
        ForkJoinTask<?>[] forked = new ForkJoinTask<?>[workers - 1];
        for (int w = 1; w < workers; w++) {
            int first = w;
            forked[w - 1] = POOL.submit(() -> {
                for (int t = first; t < tasks; t += workers) {
                    body.accept(t);
                }
            });
        }
        Throwable failure = null;
        try {
            for (int t = 0; t < tasks; t += workers) {
                body.accept(t);
            }
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (ForkJoinTask<?> task : forked) {
            try {
                task.join();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }
}
