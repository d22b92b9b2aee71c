package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated on the Java heap and CPU time spent by the calling thread while a call runs, from HotSpot's
 * per-thread counters: independent of garbage-collection timing and of other processes on the machine, so
 * bounds on them do not flake. Tests using them are skipped on a JVM without the counters.
 */
final class Allocations {

    /** A call that may throw anything. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws Exception;
    }

    /**
     * What a call did.
     *
     * @param value what it returned, or null when it threw
     * @param thrown what it threw, or null when it returned
     * @param bytes the bytes the thread allocated while it ran
     * @param cpuNanos the CPU time the thread spent on it (not the wall time, which a loaded machine
     *     stretches)
     */
    record Outcome<T>(T value, Throwable thrown, long bytes, long cpuNanos) {
    }

    private Allocations() {
    }

    /** Runs {@code call} on the current thread, counting its allocations, and catches what it throws. */
    static <T> Outcome<T> of(Call<T> call) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean counter
                && counter.isThreadAllocatedMemorySupported() && counter.isThreadAllocatedMemoryEnabled()
                && counter.isCurrentThreadCpuTimeSupported() && counter.isThreadCpuTimeEnabled(),
                "the JVM counts allocated bytes and CPU time per thread");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) bean;
        long before = counter.getCurrentThreadAllocatedBytes();
        long cpu = counter.getCurrentThreadCpuTime();
        T value = null;
        Throwable thrown = null;
        try {
            value = call.run();
        } catch (Exception | OutOfMemoryError | StackOverflowError e) {
            thrown = e;
        }
        return new Outcome<>(value, thrown, counter.getCurrentThreadAllocatedBytes() - before,
                counter.getCurrentThreadCpuTime() - cpu);
    }
}
