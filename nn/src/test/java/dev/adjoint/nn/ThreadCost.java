package dev.adjoint.nn;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * The CPU time and the heap allocations of the calling thread, for tests that bound how work and memory
 * grow: unlike wall time and heap occupancy they do not change when other processes load the machine or the
 * garbage collector runs at another moment. Tests using them are skipped on a JVM without the counters.
 */
public final class ThreadCost {

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private ThreadCost() {
    }

    private static com.sun.management.ThreadMXBean counters() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean c && c.isThreadAllocatedMemorySupported()
                && c.isThreadAllocatedMemoryEnabled() && c.isCurrentThreadCpuTimeSupported(),
                "the JVM counts CPU time and allocated bytes per thread");
        return (com.sun.management.ThreadMXBean) bean;
    }

    /**
     * What a piece of work cost this thread.
     *
     * @param cpuSeconds the CPU time
     * @param allocatedBytes the bytes allocated on the heap
     */
    public record Cost(double cpuSeconds, long allocatedBytes) {
    }

    /** What {@code work} costs this thread. */
    public static Cost of(Work work) throws Exception {
        com.sun.management.ThreadMXBean counters = counters();
        long cpu = counters.getCurrentThreadCpuTime();
        long bytes = counters.getCurrentThreadAllocatedBytes();
        work.run();
        return new Cost((counters.getCurrentThreadCpuTime() - cpu) / 1e9,
                counters.getCurrentThreadAllocatedBytes() - bytes);
    }

    /** The bytes this thread allocates on the heap while {@code work} runs. */
    public static long allocatedBytes(Work work) throws Exception {
        return of(work).allocatedBytes();
    }
}
