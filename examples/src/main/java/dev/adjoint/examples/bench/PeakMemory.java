package dev.adjoint.examples.bench;

import dev.adjoint.core.tensor.DType;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The peak-memory rows of the bench: the peak resident set (Linux {@code VmHWM}) of an MLP training run in a
 * forked JVM under several heap settings, against PyTorch's in its own process.
 */
final class PeakMemory {

    private PeakMemory() {
    }

    /**
     * Peak resident set of one training run, each side in its own process: the Adjoint MLP f32 SGD run
     * (the same warm-up, steps and rounds as the throughput figure, 1 thread) in a forked JVM, once with the
     * JVM settings of {@link #PEAK_HEAPS}, and the PyTorch run in its own Python
     * process. Each reads its high-water mark (Linux {@code VmHWM}) at the end of the run, so the figure is the
     * whole process: runtime, libraries, model, batch and every intermediate.
     */
    static void run(String python, String openblasCore, Map<String, Double> results) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        for (String heap : PEAK_HEAPS) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
            cmd.addAll(Machine.jvmOptions());
            cmd.addAll(List.of("-Dadjoint.threads=1", "-Xss4m"));
            if (!heap.equals("default")) {
                cmd.addAll(List.of(heap.split(" ")));
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Bench.class.getName(), "--peak",
                    label(heap)));
            Bench.run(cmd, results);
        }
        if (python == null) {
            return;
        }
        Map<String, String> env = Machine.peerEnv(1, openblasCore);
        Bench.run(List.of(python, Bench.script("bench_torch.py"), "1", "" + Bench.MLP_STEPS, "" + Bench.MLP_ROUNDS,
                "" + Bench.MLP_WARMUP, "peak"), env, results);
        Double torch = results.get("torch_mlp_peak_rss_mb_f32_sgd_t1");
        if (torch != null) {
            for (String heap : PEAK_HEAPS) {
                Double ours = results.get("mlp_peak_rss_mb_f32_sgd_t1_" + label(heap));
                if (ours != null) {
                    Bench.print("mlp_peak_rss_ratio_f32_sgd_t1_" + label(heap), "adjoint_over_pytorch", ours / torch);
                }
            }
        }
    }

    /**
     * The JVM settings of the peak-memory runs: the default (G1, a maximum heap of a quarter of RAM, which G1
     * grows into before collecting), a heap sized to the workload, the serial collector with the default heap,
     * and a sized heap with the serial collector,
     * the natural choice for one training process on two cores (G1's remembered sets and regions cost memory
     * a single-threaded allocation pattern does not need).
     */
    static final String[] PEAK_HEAPS = {"default", "-Xmx256m", "-XX:+UseSerialGC", "-Xmx128m -XX:+UseSerialGC"};

    /** {@code -Xmx128m -XX:+UseSerialGC} as {@code Xmx128m_UseSerialGC}, for RESULT names. */
    private static String label(String heap) {
        return heap.replace("-XX:+", "").replace("-", "").replace(' ', '_');
    }

    static void worker(String heap) throws Exception {
        Workers.printSetting();
        double rate = MlpTraining.samplesPerSecond(DType.FLOAT32, "sgd", Bench.MLP_WARMUP, Bench.MLP_STEPS,
                Bench.MLP_ROUNDS);
        System.out.println("# peak run " + heap + ": max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MB, " + String.format(Locale.ROOT, "%.0f", rate) + " samples/s");
        Bench.print("mlp_peak_rss_mb_f32_sgd_t1_" + heap, "mb", vmHwmMb());
    }

    /** The process's peak resident set in MB (Linux {@code VmHWM}), or NaN where /proc is not available. */
    static double vmHwmMb() throws Exception {
        File status = new File("/proc/self/status");
        if (!status.isFile()) {
            return Double.NaN;
        }
        for (String line : java.nio.file.Files.readAllLines(status.toPath())) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
