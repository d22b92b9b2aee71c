package dev.adjoint.examples.bench;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.kernel.Kernels;
import dev.adjoint.core.kernel.MatmulKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The measuring side of {@link Bench}: what a worker JVM it forks does, one mode per first argument
 * ({@code --worker}: the FMA peak, GEMM, gradient overhead, per-node and build figures; {@code --gemm-worker};
 * {@code --mlp-one}, {@code --cnn-one}, {@code --lstm-one}: one training configuration; {@code --mlp-worker};
 * {@code --side-worker}: two builds in one JVM, {@link SideBySide}; {@code --peak}: {@link PeakMemory}). Each
 * prints the {@code RESULT bench} lines the driver collects, after a line saying what it ran on.
 */
final class Workers {

    private Workers() {
    }

    /** Runs the worker mode {@code args[0]} names and returns true, or returns false when it names none. */
    static boolean run(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--worker")) {
            worker();
            return true;
        }
        if (args.length > 0 && args[0].equals("--gemm-worker")) {
            printSetting();
            gemmRows(Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors()));
            return true;
        }
        if (args.length > 0 && args[0].equals("--side-worker")) {
            printSetting();
            SideBySide.run(args[1], args[2]);
            return true;
        }
        if (args.length > 0 && args[0].equals("--peak")) {
            PeakMemory.worker(args.length > 1 ? args[1] : "default");
            return true;
        }
        if (args.length > 0 && args[0].equals("--mlp-worker")) {
            mlpWorker(args[1]);
            return true;
        }
        if (args.length > 0 && args[0].equals("--mlp-one")) {
            printSetting();
            DType dtype = args[1].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
            int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
            Bench.print("mlp_" + dtype.shortName() + "_" + args[2] + "_t" + t + jvmSuffix(), "samples_per_s",
                    MlpTraining.samplesPerSecond(dtype, args[2], Bench.MLP_WARMUP, Bench.MLP_STEPS, Bench.MLP_ROUNDS));
            return true;
        }
        if (args.length > 0 && args[0].equals("--cnn-one")) {
            printSetting();
            DType dtype = args[1].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
            int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
            // the peak first: after the training the JIT has a long queue, and the FMA loop could be timed before
            // it is compiled (a loaded machine measured 1 GFLOP/s there)
            double peak = FmaPeak.gflops(dtype == DType.FLOAT64, t);
            Bench.print("cnn_" + dtype.shortName() + "_t" + t, "samples_per_s", CnnTraining.samplesPerSecond(dtype,
                    CnnTraining.WARMUP, CnnTraining.STEPS, CnnTraining.ROUNDS));
            double conv = CnnTraining.convForwardGflops(dtype);
            String layer = "conv_fwd_" + dtype.shortName() + "_14x14x32x64_k3_b128_t" + t;
            System.out.println(String.format(Locale.ROOT, "RESULT bench %s gflops=%.4g fraction_of_peak=%.3f", layer,
                    conv, conv / peak));
            return true;
        }
        if (args.length > 0 && args[0].equals("--lstm-one")) {
            printSetting();
            DType dtype = args[1].equals("f64") ? DType.FLOAT64 : DType.FLOAT32;
            int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
            Bench.print("lstm_" + dtype.shortName() + "_t" + t + jvmSuffix(), "samples_per_s",
                    LstmTraining.samplesPerSecond(dtype, LstmTraining.WARMUP, LstmTraining.ROUND_STEPS,
                    LstmTraining.ROUNDS));
            return true;
        }
        return false;
    }

    /**
     * {@code _jvm<j>} when the driver runs this JVM as the j-th of a row's JVMs ({@code -Dbench.run=j}), else empty.
     */
    private static String jvmSuffix() {
        String run = System.getProperty("bench.run", "");
        return run.isEmpty() ? "" : "_jvm" + run;
    }

    private static void worker() throws InterruptedException {
        int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
        printSetting();
        gemmRows(t);
        if (t == 1) {
            Bench.print("mlp_grad_over_loss_f32_t1", "ratio", MlpTraining.gradOverLoss(DType.FLOAT32));
            Bench.print("scalar_graph_10k", "us_per_node", perNode());
            double[] build = new double[4];
            for (int i = 0; i < build.length; i++) {
                build[i] = buildGradCompile(25_000 << i);
                Bench.print("build_grad_compile_" + (25 << i) + "k", "seconds", build[i]);
            }
            Bench.print("build_grad_compile_scaling", "ratio_100k_over_50k", build[2] / build[1]);
            Bench.print("build_grad_compile_scaling", "ratio_200k_over_100k", build[3] / build[2]);
        }
    }

    /** The FMA peak and the GEMM rows of {@code t} threads, f32 and f64, as figures and as fractions of the peak. */
    private static void gemmRows(int t) throws InterruptedException {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            double peak = FmaPeak.gflops(dtype == DType.FLOAT64, t);
            Bench.print("fma_peak_" + dtype.shortName() + "_t" + t, "gflops", peak);
            for (int n : new int[] {128, 256, 512, 1024}) {
                double rate = gemm(dtype, n);
                Bench.print("gemm_" + dtype.shortName() + "_n" + n + "_t" + t, "gflops", rate);
                Bench.print("gemm_peak_fraction_" + dtype.shortName() + "_n" + n + "_t" + t, "fraction", rate / peak);
            }
        }
    }

    private static double gemm(DType dtype, int n) {
        Tensor a = Tensor.uniform(Key.of(1), dtype, Shape.of(n, n), -1, 1);
        Tensor b = Tensor.uniform(Key.of(2), dtype, Shape.of(n, n), -1, 1);
        Shape out = Shape.of(n, n);
        int reps = Math.max(3, (int) (1e9 / (2.0 * n * n * n)));
        // warm up for a second, not a fixed count: the JIT needs time, not calls, to finish compiling the
        // Vector-API kernel; with two rounds of warm-up the first sizes were sometimes timed half-compiled
        long warm = System.nanoTime();
        while (System.nanoTime() - warm < 1_000_000_000L) {
            MatmulKernels.matmul(a, b, out);
        }
        double[] rates = new double[7];
        for (int r = 0; r < rates.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                MatmulKernels.matmul(a, b, out);
            }
            if (r >= 0) {
                rates[r] = 2.0 * n * n * n * reps / (System.nanoTime() - start);
            }
        }
        return Bench.median(rates);
    }

    /** Microseconds per node of a compiled 10,000-node scalar chain (compiled as written, no rewrites). */
    private static double perNode() {
        Node x = SourceOp.input("x", Shape.scalar());
        Node v = x;
        for (int i = 0; i < 5_000; i++) {
            v = UnaryOp.sin(v).add(x);
        }
        Function f = Function.unoptimized(List.of(x), List.of(v));
        Tensor arg = Tensor.scalar(0.5);
        double[] times = new double[9];
        for (int r = -3; r < times.length; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                f.call(arg);
            }
            if (r >= 0) {
                times[r] = (System.nanoTime() - start) / 1e3 / 20 / f.size();
            }
        }
        return Bench.median(times);
    }

    /**
     * Seconds to build an n-node scalar graph, differentiate it and compile value and gradient: the median of
     * 5 runs after one warm-up, each after a full collection so that no run pays for the previous one's garbage.
     */
    private static double buildGradCompile(int n) {
        double[] times = new double[5];
        for (int r = -1; r < times.length; r++) {
            System.gc();
            double t = BuildScaling.seconds(n);
            if (r >= 0) {
                times[r] = t;
            }
        }
        return Bench.median(times);
    }

    private static void mlpWorker(String label) throws Exception {
        if (label.equals("reuse")) {
            reuseWorker();
            return;
        }
        int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
        java.lang.reflect.Field stripes = Class.forName("dev.adjoint.core.kernel.VectorGemm")
                .getDeclaredField("stripes");
        stripes.setAccessible(true);
        List<Runnable> settings = List.of(() -> set(stripes, false), () -> set(stripes, true));
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String opt : new String[] {"sgd", "adam"}) {
                double[] rates = MlpTraining.alternating(dtype, opt, Bench.MLP_WARMUP, Bench.MLP_STEPS, 15, settings);
                String name = "mlp_" + dtype.shortName() + "_" + opt + "_t" + t;
                Bench.print(name + "_rows", "samples_per_s", rates[0]);
                Bench.print(name + "_auto", "samples_per_s", rates[1]);
            }
        }
    }

    private static void reuseWorker() throws Exception {
        int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
        java.lang.reflect.Field enabled = Class.forName("dev.adjoint.core.kernel.BufferPool")
                .getDeclaredField("enabled");
        enabled.setAccessible(true);
        List<Runnable> settings = List.of(() -> set(enabled, false), () -> set(enabled, true));
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (String opt : new String[] {"sgd", "adam"}) {
                String name = "mlp_" + dtype.shortName() + "_" + opt + "_t" + t;
                double[] rates = MlpTraining.alternating(dtype, opt, Bench.MLP_WARMUP, Bench.MLP_STEPS, 15, settings);
                Bench.print(name + "_fresh", "samples_per_s", rates[0]);
                Bench.print(name + "_reuse", "samples_per_s", rates[1]);
                if (t == 1) {
                    set(enabled, false);
                    Bench.print("mlp_alloc_kb_per_step_" + dtype.shortName() + "_" + opt + "_fresh", "kb",
                            MlpTraining.allocatedBytesPerStep(dtype, opt) / 1024.0);
                    set(enabled, true);
                    Bench.print("mlp_alloc_kb_per_step_" + dtype.shortName() + "_" + opt + "_reuse", "kb",
                            MlpTraining.allocatedBytesPerStep(dtype, opt) / 1024.0);
                }
            }
        }
    }

    private static void set(java.lang.reflect.Field field, boolean value) {
        try {
            field.setBoolean(null, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the figures of this JVM ran with: CPU model, JVM options, vector width and the kernels' log line
     * (tile and blocking of the GEMM).
     */
    static void printSetting() {
        int t = Integer.getInteger("adjoint.threads", Runtime.getRuntime().availableProcessors());
        List<String> options = new ArrayList<>();
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:")) {
                options.add(arg);
            }
        }
        System.out.println("# ran on: " + Machine.cpuModel() + "; java " + System.getProperty("java.version")
                + (options.isEmpty() ? "" : " " + String.join(" ", options)) + "; kernels: " + Kernels.description());
        Bench.print("vector_bits_t" + t, "bits", FmaPeak.vectorBits());
    }
}
