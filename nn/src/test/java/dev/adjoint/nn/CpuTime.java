package dev.adjoint.nn;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * CPU time of the calling thread, for tests that bound how work grows: unlike wall time it does not stretch
 * when other processes load the machine.
 */
public final class CpuTime {

    /** Work that may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private CpuTime() {
    }

    /** The median over three runs of the CPU seconds {@code work} takes on this thread. */
    public static double median(Work work) throws Exception {
        double[] t = new double[3];
        for (int i = 0; i < t.length; i++) {
            long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            work.run();
            t[i] = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1e9;
        }
        Arrays.sort(t);
        return t[1];
    }
}
