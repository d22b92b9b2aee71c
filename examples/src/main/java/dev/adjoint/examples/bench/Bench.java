package dev.adjoint.examples.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole benchmark set, side by side with PyTorch and OpenBLAS in one run. Without arguments it is the
 * driver: for 1 and 2 threads it starts one JVM per thread count running this class with {@code --worker}
 * (our thread pool's size is fixed per JVM by {@code adjoint.threads}), and the Python scripts in
 * {@code src/main/python} with the first Python that can import torch / numpy ({@code python3}, then
 * {@code /usr/bin/python3}) under {@code torch.set_num_threads(n)}, {@code OPENBLAS_NUM_THREADS=n} and
 * {@code OMP_WAIT_POLICY=PASSIVE}. Every figure is a {@code RESULT bench <name> <figure>=<value>} line; ratios
 * are printed as {@code adjoint/pytorch} and {@code adjoint/openblas}, GEMM also as a fraction of the FMA peak
 * ({@link FmaPeak}) measured in the same worker JVM, and at the end the README's tables ({@link Summary}).
 *
 * <p>{@code -Dbench.jvm="..."} adds options to every forked JVM ({@code -XX:UseAVX=2} runs the kernels as on
 * an AVX2 CPU; the peers then get the same restriction, see {@link Machine}); {@code -Dbench.baseline=DIR}
 * times another build of the project (its classes under {@code DIR/<module>/target/classes}) before this one
 * in every configuration. Each worker says which CPU, JVM options, vector width and kernels it ran with.
 */
public final class Bench {

    /**
     * Warm-up steps before timing, the same for both sides: a training run takes thousands of steps, so
     * the figure is the steady state, after the JIT has compiled the kernels (20 steps left the JVM side
     * partly interpreted and its figures swinging 2x between runs). On 2 threads both cores are busy with
     * training, so the JIT's compiler threads get little time: after 300 steps a fresh JVM's f32 SGD read
     * 115-138k samples/s, after 1,500 steps 172-189k (three runs each). 1,500 steps are three epochs of
     * Fashion-MNIST at batch 128.
     */
    static final int MLP_WARMUP = 1500;

    /** Steps per timed round and rounds (the median is reported), the same for both sides. */
    static final int MLP_STEPS = 40;

    /** Timed rounds of {@link #MLP_STEPS} steps. */
    static final int MLP_ROUNDS = 7;

    private Bench() {
    }

    /** Driver (no arguments) or worker ({@code --worker}). */
    public static void main(String[] args) throws Exception {
        if (Workers.run(args)) {
            return;
        }
        if (args.length > 0 && args[0].equals("memory")) {
            // -Dbench.args=memory : the memory policies of scan and gradient checkpointing, in this JVM
            MemoryPolicies.main(args);
            return;
        }
        if (args.length > 0 && args[0].startsWith("build")) {
            // -Dbench.args=build : only the build + grad + compile figures and their scaling, in this JVM
            BuildScaling.run(args);
            return;
        }
        Map<String, Double> results = new LinkedHashMap<>();
        String python = python("import torch, numpy");
        if (args.length > 0 && (args[0].equals("cnn") || args[0].equals("lstm"))) {
            // -Dbench.args=cnn, -Dbench.args=lstm : only the CNN or the LSTM training rows and their ratios
            System.out.println("# " + Machine.describe());
            for (int threads : new int[] {1, 2}) {
                if (args[0].equals("cnn")) {
                    cnn(python, openblasCore(python), threads, results);
                } else {
                    lstm(python, openblasCore(python), threads, results);
                }
            }
            Ratios.peerRatios(results, args[0] + "_");
            Ratios.baselineRatios(results, args[0] + "_", "conv_fwd_");
            return;
        }
        if (args.length > 0 && (args[0].equals("gemm") || args[0].equals("mlp"))) {
            // -Dbench.args=gemm : the FMA peak, GEMM and OpenBLAS rows; -Dbench.args=mlp : the MLP rows and
            // PyTorch; each on the thread counts of -Dbench.threads (default 1,2), with the baseline if given
            narrow(args[0], python, results);
            return;
        }
        if (args.length > 0 && args[0].equals("side")) {
            // -Dbench.args=side -Dbench.baseline=DIR : the baseline and this build in one JVM, alternating
            System.out.println("# " + Machine.describe());
            List<String> cmd = new ArrayList<>(javaCommand(1));
            cmd.set(cmd.size() - 1, "--side-worker");
            cmd.addAll(List.of(System.getProperty("bench.baseline", "").trim(), libraryRoot()));
            run(cmd, results);
            return;
        }
        if (args.length > 0 && args[0].equals("mlp2")) {
            mlpSplit(python, results);
            return;
        }
        if (args.length > 0 && args[0].equals("reuse")) {
            reuse(python, results);
            return;
        }
        System.out.println("# " + Machine.describe());
        String openblasCore = openblasCore(python);
        if (python != null) {
            Map<String, String> isa = Machine.isaEnv(openblasCore);
            System.out.println("# peers (natively, " + python + "): OpenBLAS alone picks " + openblasCore + "; "
                    + (isa.isEmpty() ? "no instruction-set settings" : "with " + isa));
        }
        PeakMemory.run(python, openblasCore(python), results);
        if (args.length > 0 && args[0].equals("peak")) {
            return;
        }
        for (int threads : new int[] {1, 2}) {
            runJava(javaCommand(threads), results);
            mlpRows(threads, results);
            cnn(python, openblasCore, threads, results);
            lstm(python, openblasCore, threads, results);
            if (python != null) {
                Map<String, String> env = Machine.peerEnv(threads, openblasCore);
                run(List.of(python, script("bench_numpy_gemm.py"), "" + threads), env, results);
                run(List.of(python, script("bench_torch.py"), "" + threads, "" + MLP_STEPS, "" + MLP_ROUNDS,
                        "" + MLP_WARMUP),
                        env, results);
            } else {
                System.out.println("# no Python with torch and numpy found: PyTorch and OpenBLAS figures skipped");
            }
        }
        Ratios.peerRatios(results, "cnn_");
        Ratios.peerRatios(results, "lstm_");
        Ratios.ratios(results);
        Summary.print(results, Machine.cpuModel() + (Machine.useAvx() >= 0 ? ", " + String.join(" ",
                Machine.jvmOptions()) : ", native " + Machine.cpuIsa()));
    }

    /**
     * {@code -Dbench.args=gemm} or {@code mlp}: only the GEMM rows (FMA peak, GEMM, OpenBLAS) or only the MLP
     * rows (four JVMs, PyTorch), on the thread counts of {@code -Dbench.threads} (default {@code 1,2}), each
     * after the baseline build when {@code -Dbench.baseline} is set; then their ratios.
     */
    private static void narrow(String what, String python, Map<String, Double> results) throws Exception {
        System.out.println("# " + Machine.describe());
        String openblasCore = openblasCore(python);
        String counts = System.getProperty("bench.threads", "");
        for (String count : (counts.isBlank() ? "1,2" : counts).split(",")) {
            int threads = Integer.parseInt(count.trim());
            Map<String, String> env = python == null ? Map.of() : Machine.peerEnv(threads, openblasCore);
            if (what.equals("gemm")) {
                List<String> cmd = new ArrayList<>(javaCommand(threads));
                cmd.set(cmd.size() - 1, "--gemm-worker");
                runJava(cmd, results);
                if (python != null) {
                    run(List.of(python, script("bench_numpy_gemm.py"), "" + threads), env, results);
                }
                continue;
            }
            mlpRows(threads, results);
            if (python != null) {
                run(List.of(python, script("bench_torch.py"), "" + threads, "" + MLP_STEPS, "" + MLP_ROUNDS,
                        "" + MLP_WARMUP), env, results);
            }
        }
        Ratios.ratios(results);
    }

    /**
     * The four MLP configurations on {@code threads} threads, each in JVMs of its own, as a user's training
     * run is: the JIT compiles the kernels for what runs first, and a shared JVM once hid an Adam-first
     * slowdown of 2.8x. Each row is the median of {@link #JVMS} JVMs.
     */
    private static void mlpRows(int threads, Map<String, Double> results) throws Exception {
        for (String dtype : new String[] {"f32", "f64"}) {
            for (String opt : new String[] {"sgd", "adam"}) {
                List<String> cmd = new ArrayList<>(javaCommand(threads));
                cmd.set(cmd.size() - 1, "--mlp-one");
                cmd.addAll(List.of(dtype, opt));
                medianOfJvms(cmd, "mlp_" + dtype + "_" + opt + "_t" + threads, results);
            }
        }
    }

    /**
     * The CNN training rows on {@code threads} threads: f32 and f64 in a JVM each ({@link CnnTraining}), then
     * PyTorch on the same network ({@code bench_torch_cnn.py}), when a Python with torch was found.
     */
    private static void cnn(String python, String openblasCore, int threads, Map<String, Double> results)
            throws Exception {
        training("cnn", CnnTraining.STEPS, CnnTraining.ROUNDS, CnnTraining.WARMUP, python, openblasCore, threads,
                results);
    }

    /**
     * JVMs per MLP and LSTM row (the median is the row): the JIT compiles a training step's kernels differently
     * from one JVM to the next (one thread, AVX2, LSTM f64: 750 to 1,170 samples/s in consecutive JVMs on an
     * idle machine; the MLP's f64 rows read 0.63 and 1.41 of PyTorch in one run of single JVMs).
     */
    static final int JVMS = Integer.getInteger("bench.jvms", 3);

    /**
     * A training benchmark's rows on {@code threads} threads: f32 and f64 in a JVM each ({@code --<name>-one}),
     * then the PyTorch peer {@code bench_torch_<name>.py} with the same steps, rounds and warm-up.
     */
    private static void training(String name, int steps, int rounds, int warmup, String python, String openblasCore,
            int threads, Map<String, Double> results) throws Exception {
        for (String dtype : new String[] {"f32", "f64"}) {
            List<String> cmd = new ArrayList<>(javaCommand(threads));
            cmd.set(cmd.size() - 1, "--" + name + "-one");
            cmd.add(dtype);
            if (!name.equals("lstm")) {
                runJava(cmd, results);
                continue;
            }
            medianOfJvms(cmd, name + "_" + dtype + "_t" + threads, results);
        }
        if (python != null) {
            run(List.of(python, script("bench_torch_" + name + ".py"), "" + threads, "" + steps, "" + rounds,
                    "" + warmup), Machine.peerEnv(threads, openblasCore), results);
        }
    }

    /**
     * Row {@code row} as the median of {@link #JVMS} runs of the worker {@code cmd}, each in a JVM of its own
     * ({@code -Dbench.run=j}: the worker names its figure {@code <row>_jvm<j>}), and the same for the baseline
     * build when {@code -Dbench.baseline} is set.
     */
    private static void medianOfJvms(List<String> cmd, String row, Map<String, Double> results) throws Exception {
        double[] figures = new double[JVMS];
        double[] old = new double[JVMS];
        boolean baseline = true;
        for (int j = 0; j < JVMS; j++) {
            List<String> one = new ArrayList<>(cmd);
            one.add(one.indexOf("-cp"), "-Dbench.run=" + (j + 1));
            runJava(one, results);
            figures[j] = results.getOrDefault(row + "_jvm" + (j + 1), Double.NaN);
            Double before = results.get(row + "_jvm" + (j + 1) + "_baseline");
            baseline &= before != null;
            old[j] = before == null ? Double.NaN : before;
        }
        if (baseline) {
            System.out.println("# " + row + "_baseline: the median of " + Arrays.toString(old));
            print(row + "_baseline", "samples_per_s", median(old));
            results.put(row + "_baseline", median(old));
        }
        System.out.println("# " + row + ": the median of " + Arrays.toString(figures));
        print(row, "samples_per_s", median(figures));
        results.put(row, median(figures));
    }

    /**
     * The LSTM training rows on {@code threads} threads: f32 and f64 in a JVM each ({@link LstmTraining}), then
     * PyTorch's {@code nn.LSTM} on the same network ({@code bench_torch_lstm.py}), when a Python with torch was
     * found.
     */
    private static void lstm(String python, String openblasCore, int threads, Map<String, Double> results)
            throws Exception {
        training("lstm", LstmTraining.ROUND_STEPS, LstmTraining.ROUNDS, LstmTraining.WARMUP, python, openblasCore,
                threads, results);
    }

    /**
     * Runs a worker JVM; with {@code -Dbench.baseline=DIR} (the root of another build of this project, its
     * classes compiled) first the same worker on DIR's library classes (core, optim, nn; the bench's own classes
     * stay this build's, so both sides run the same measurement, and a worker mode the old bench lacks works),
     * whose figures get the suffix {@code _baseline}: old and new build one after the other for every
     * configuration, so that both see the same machine.
     */
    private static void runJava(List<String> command, Map<String, Double> results) throws Exception {
        String baseline = System.getProperty("bench.baseline", "").trim();
        if (!baseline.isEmpty()) {
            List<String> old = new ArrayList<>(command);
            int cp = old.indexOf("-cp") + 1;
            StringBuilder path = new StringBuilder();
            for (String entry : old.get(cp).split(File.pathSeparator)) {
                String moduleClasses = entry.replaceAll(".*[/\\\\]((core|optim|nn)[/\\\\]target[/\\\\]classes)$",
                        "$1");
                path.append(path.length() == 0 ? "" : File.pathSeparator)
                        .append(moduleClasses.equals(entry) ? entry : new File(baseline, moduleClasses).getPath());
            }
            old.set(cp, path.toString());
            Map<String, Double> before = new LinkedHashMap<>();
            System.out.println("# baseline build " + baseline + ":");
            run(old, before);
            for (Map.Entry<String, Double> e : before.entrySet()) {
                results.put(e.getKey() + "_baseline", e.getValue());
            }
        }
        run(command, results);
    }

    /** The OpenBLAS kernel OpenBLAS picks by itself in this environment, or null when unknown. */
    static String openblasCore(String python) throws Exception {
        if (python == null) {
            return null;
        }
        if (probedCore == null) {
            ProcessBuilder pb = new ProcessBuilder(python, script("openblas_info.py")).redirectErrorStream(true);
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            probedCore = p.waitFor() == 0 && !out.isEmpty() && !out.equals("None") ? out : "unknown";
        }
        return probedCore.equals("unknown") ? null : probedCore;
    }

    private static String probedCore;

    /**
     * {@code -Dbench.args=mlp2}: the MLP on 2 threads only, in one JVM with the GEMM's old split (row blocks, B
     * packed by the caller; {@code rows}, before) and its per-thread stripes ({@code auto}, after) alternating
     * round by round (15 rounds of 40 steps each), then PyTorch on 2 threads.
     */
    private static void mlpSplit(String python, Map<String, Double> results) throws Exception {
        List<String> cmd = new ArrayList<>(javaCommand(2));
        cmd.set(cmd.size() - 1, "--mlp-worker");
        cmd.add("alternate");
        run(cmd, results);
        if (python != null) {
            Map<String, String> env = Machine.peerEnv(2, openblasCore(python));
            run(List.of(python, script("bench_torch.py"), "2", "" + MLP_STEPS, "" + MLP_ROUNDS, "" + MLP_WARMUP),
                    env, results);
        }
        Ratios.ratios(results, "_rows", "mlp_split_gain_");
    }

    /**
     * {@code -Dbench.args=reuse}: the MLP with buffer reuse off ({@code fresh}: every kernel allocates, as
     * before reuse existed) and on ({@code reuse}), alternating round by round in one JVM per thread count;
     * bytes allocated per step by the training thread for each; the peak resident set of the default-JVM f32
     * SGD run with each setting, each in its own process; then PyTorch, for the ratios.
     */
    private static void reuse(String python, Map<String, Double> results) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        for (String setting : new String[] {"false", "true"}) {
            List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
            cmd.addAll(Machine.jvmOptions());
            cmd.addAll(List.of("-Dadjoint.threads=1", "-Xss4m", "-Dadjoint.reuse=" + setting, "-cp",
                    System.getProperty("java.class.path"), Bench.class.getName(), "--peak",
                    setting.equals("true") ? "default_reuse" : "default_fresh"));
            run(cmd, results);
        }
        for (int threads : new int[] {1, 2}) {
            List<String> cmd = new ArrayList<>(javaCommand(threads));
            cmd.set(cmd.size() - 1, "--mlp-worker");
            cmd.add("reuse");
            run(cmd, results);
            if (python != null) {
                run(List.of(python, script("bench_torch.py"), "" + threads, "" + MLP_STEPS, "" + MLP_ROUNDS,
                        "" + MLP_WARMUP), Machine.peerEnv(threads, openblasCore(python)), results);
            }
        }
        if (python != null) {
            run(List.of(python, script("bench_torch.py"), "1", "" + MLP_STEPS, "" + MLP_ROUNDS, "" + MLP_WARMUP,
                    "peak"),
                    Machine.peerEnv(1, openblasCore(python)), results);
        }
        Ratios.ratios(results, "_fresh", "mlp_reuse_gain_");
        Double torchPeak = results.get("torch_mlp_peak_rss_mb_f32_sgd_t1");
        for (String setting : new String[] {"default_fresh", "default_reuse"}) {
            Double ours = results.get("mlp_peak_rss_mb_f32_sgd_t1_" + setting);
            if (ours != null && torchPeak != null) {
                print("mlp_peak_rss_ratio_f32_sgd_t1_" + setting, "adjoint_over_pytorch", ours / torchPeak);
            }
        }
    }

    /** The median of {@code values} (the upper one of an even count), without changing them. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static void print(String name, String figure, double value) {
        System.out.println(String.format(Locale.ROOT, "RESULT bench %s %s=%.4g", name, figure, value));
    }

    /** The root of this build: the folder holding {@code core/target/classes} on the class path. */
    private static String libraryRoot() {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File classes = new File(entry);
            if (classes.getPath().matches(".*[/\\\\]core[/\\\\]target[/\\\\]classes[/\\\\]?$")) {
                return classes.getAbsoluteFile().getParentFile().getParentFile().getParent();
            }
        }
        throw new IllegalStateException("bench side: core/target/classes is not on the class path");
    }

    /** A worker JVM on {@code threads} kernel threads with the options of {@code -Dbench.jvm}. */
    private static List<String> javaCommand(int threads) {
        return javaCommand(threads, System.getProperty("java.class.path"));
    }

    private static List<String> javaCommand(int threads, String classPath) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(Machine.jvmOptions());
        cmd.addAll(List.of("-Dadjoint.threads=" + threads, "-Xss4m", "-cp", classPath, Bench.class.getName(),
                "--worker"));
        return cmd;
    }

    static void run(List<String> command, Map<String, Double> results) throws Exception {
        run(command, Map.of(), results);
    }

    static void run(List<String> command, Map<String, String> env, Map<String, Double> results)
            throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> failures = new ArrayList<>(); // the first lines naming an exception or error, for a failed worker
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("RESULT bench ") || line.startsWith("#")) {
                    System.out.println(line);
                    String[] parts = line.split(" ");
                    if (line.startsWith("RESULT bench ") && parts.length >= 4) { // a row's first figure
                        results.put(parts[2], Double.parseDouble(parts[3].substring(parts[3].indexOf('=') + 1)));
                    }
                } else if (failures.size() < 3 && (line.contains("Exception") || line.contains("Error"))) {
                    failures.add(line.strip());
                }
            }
        }
        int status = p.waitFor();
        if (status != 0) { // say so: a baseline whose library lacks a method the bench calls used to end in silence
            System.out.println("# a worker exited with status " + status + " (" + command.get(0) + "): "
                    + String.join(" | ", failures));
        }
    }

    static String script(String name) {
        for (String dir : new String[] {"src/main/python", "examples/src/main/python"}) {
            File f = new File(dir, name);
            if (f.isFile()) {
                return f.getPath();
            }
        }
        throw new IllegalStateException("bench: cannot find " + name + "; run from the project or examples folder");
    }

    private static String python(String imports) {
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", imports).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor() == 0) {
                    return candidate;
                }
            } catch (Exception e) {
                // try the next one
            }
        }
        return null;
    }
}
