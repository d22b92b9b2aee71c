package dev.adjoint.examples.bench;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

/**
 * Two builds of the library in one JVM, timed in alternating rounds ({@code -Dbench.args=side
 * -Dbench.baseline=DIR}): the baseline's core, optim and nn classes and this build's each in a class loader of
 * their own, both with this build's bench classes, so that a loaded, shared machine's drift hits both alike.
 * Figures are CPU time of the (single) measuring thread, which a busy machine disturbs far less than wall
 * time; each row prints both medians and the median of the per-round ratios new / baseline.
 *
 * <p>Rows: the square GEMM {@code C = A·B} (n = 256, 512, 1024, f32 and f64) on each build's default kernel,
 * the MLP training step ({@link MlpTraining}: f32 and f64, SGD and Adam) and the LSTM training step
 * ({@link LstmTraining}, f32 and f64), on one thread; {@code -Dbench.side=gemm,mlp,lstm} picks some. Not in
 * the default set: {@code cnn}, the CNN training step ({@link CnnTraining}, f32 and f64, the model built and
 * compiled in each round and 4 steps before the 6 timed with it); {@code trans}, the float64 and float32
 * sigmoid and tanh range loops on 64 × 512 uniform arguments in [-8, 8), in elements per CPU microsecond.
 */
final class SideBySide {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Rounds per row; the median is reported. */
    private static final int ROUNDS = 9;

    private SideBySide() {
    }

    /** The worker: the baseline's root and this build's root (each with compiled classes). */
    static void run(String baseline, String current) throws Exception {
        String[] roots = {baseline, current};
        ClassLoader[] loaders = new ClassLoader[2];
        for (int i = 0; i < 2; i++) {
            loaders[i] = loader(roots[i]);
        }
        String rows = System.getProperty("bench.side", "gemm,mlp,lstm");
        for (boolean f64 : new boolean[] {false, true}) {
            for (int n : new int[] {256, 512, 1024}) {
                if (rows.contains("gemm")) {
                    gemm(loaders, f64, n);
                }
            }
        }
        if (rows.contains("trans")) {
            for (String function : new String[] {"SIGMOID", "TANH"}) {
                transcendental(loaders, function, false);
                transcendental(loaders, function, true);
            }
        }
        for (String dtype : new String[] {"FLOAT32", "FLOAT64"}) {
            for (String opt : new String[] {"sgd", "adam"}) {
                if (rows.contains("mlp")) {
                    mlp(loaders, dtype, opt);
                }
            }
            if (rows.contains("lstm")) {
                lstm(loaders, dtype);
            }
            if (rows.contains("cnn")) {
                cnn(loaders, dtype);
            }
        }
    }

    private static void cnn(ClassLoader[] loaders, String dtype) throws Exception {
        Method[] runs = new Method[2];
        Object[] types = new Object[2];
        for (int i = 0; i < 2; i++) {
            Class<?> training = Class.forName(CnnTraining.class.getName(), true, loaders[i]);
            Class<?> type = Class.forName("dev.adjoint.core.tensor.DType", true, loaders[i]);
            runs[i] = training.getMethod("samplesPerSecond", type, int.class, int.class, int.class);
            types[i] = type.getField(dtype).get(null);
            runs[i].invoke(null, types[i], CnnTraining.WARMUP, 1, 1);
        }
        int warmup = 4;
        int steps = 6;
        double[][] rates = new double[2][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < 2; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                runs[i].invoke(null, types[i], warmup, steps, 1);
                rates[i][r] = (double) (warmup + steps) * CnnTraining.BATCH
                        / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
            }
        }
        print("cnn_" + (dtype.equals("FLOAT64") ? "f64" : "f32") + "_t1", "samples_per_cpu_s", rates);
    }

    /** The library classes of {@code root} (core, optim, nn) before this JVM's class path (everything else). */
    private static ClassLoader loader(String root) throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String module : new String[] {"core", "optim", "nn"}) {
            urls.add(new File(root, module + "/target/classes/").toURI().toURL());
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.matches(".*[/\\\\](core|optim|nn)[/\\\\]target[/\\\\]classes[/\\\\]?$")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    private static void gemm(ClassLoader[] loaders, boolean f64, int n) throws Exception {
        Object[] kernels = new Object[2];
        Method[] gemms = new Method[2];
        for (int i = 0; i < 2; i++) {
            Class<?> vector = Class.forName("dev.adjoint.core.kernel.VectorGemm", true, loaders[i]);
            Constructor<?> make = vector.getDeclaredConstructor();
            make.setAccessible(true);
            kernels[i] = make.newInstance();
            Class<?> array = f64 ? double[].class : float[].class;
            gemms[i] = vector.getMethod("gemm", boolean.class, boolean.class, int.class, int.class, int.class, array,
                    int.class, array, int.class, array, int.class);
            gemms[i].setAccessible(true);
        }
        SplittableRandom random = new SplittableRandom(1);
        double[] ad = random.doubles((long) n * n, -1, 1).toArray();
        double[] bd = random.doubles((long) n * n, -1, 1).toArray();
        Object a = f64 ? ad : floats(ad);
        Object b = f64 ? bd : floats(bd);
        Object c = f64 ? new double[n * n] : new float[n * n];
        int reps = Math.max(2, (int) (5e8 / (2.0 * n * n * n)));
        double[][] rates = new double[2][ROUNDS];
        for (int r = -2; r < ROUNDS; r++) {
            for (int i = 0; i < 2; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (int rep = 0; rep < reps; rep++) {
                    gemms[i].invoke(kernels[i], false, false, n, n, n, a, 0, b, 0, c, 0);
                }
                if (r >= 0) {
                    rates[i][r] = 2.0 * n * n * n * reps / (THREADS.getCurrentThreadCpuTime() - start);
                }
            }
        }
        print("gemm_" + (f64 ? "f64" : "f32") + "_n" + n + "_t1", "gflops_cpu", rates);
    }

    private static void mlp(ClassLoader[] loaders, String dtype, String opt) throws Exception {
        Method[] runs = new Method[2];
        Object[] types = new Object[2];
        for (int i = 0; i < 2; i++) {
            Class<?> training = Class.forName(MlpTraining.class.getName(), true, loaders[i]);
            Class<?> type = Class.forName("dev.adjoint.core.tensor.DType", true, loaders[i]);
            runs[i] = training.getMethod("samplesPerSecond", type, String.class, int.class, int.class, int.class);
            runs[i].setAccessible(true);
            types[i] = type.getField(dtype).get(null);
            runs[i].invoke(null, types[i], opt, Bench.MLP_WARMUP, 1, 1);
        }
        int steps = 20 + 3 * Bench.MLP_STEPS;
        double[][] rates = new double[2][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < 2; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                runs[i].invoke(null, types[i], opt, 20, Bench.MLP_STEPS, 3);
                rates[i][r] = (double) steps * MlpTraining.BATCH / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
            }
        }
        print("mlp_" + (dtype.equals("FLOAT64") ? "f64" : "f32") + "_" + opt + "_t1", "samples_per_cpu_s", rates);
    }

    private static void lstm(ClassLoader[] loaders, String dtype) throws Exception {
        Method[] runs = new Method[2];
        Object[] types = new Object[2];
        for (int i = 0; i < 2; i++) {
            Class<?> training = Class.forName(LstmTraining.class.getName(), true, loaders[i]);
            Class<?> type = Class.forName("dev.adjoint.core.tensor.DType", true, loaders[i]);
            runs[i] = training.getMethod("samplesPerSecond", type, int.class, int.class, int.class);
            types[i] = type.getField(dtype).get(null);
            runs[i].invoke(null, types[i], LstmTraining.WARMUP, 1, 1);
        }
        int steps = 5 + LstmTraining.ROUND_STEPS;
        double[][] rates = new double[2][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < 2; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                runs[i].invoke(null, types[i], 5, LstmTraining.ROUND_STEPS, 1);
                rates[i][r] = (double) steps * LstmTraining.BATCH / ((THREADS.getCurrentThreadCpuTime() - start) / 1e9);
            }
        }
        print("lstm_" + (dtype.equals("FLOAT64") ? "f64" : "f32") + "_t1", "samples_per_cpu_s", rates);
    }

    /**
     * The range loop of {@code Transcendentals.<function>} (package-private {@code apply}, reached by
     * reflection) over 64 × 512 arguments, 60 calls per round: elements per CPU microsecond.
     */
    private static void transcendental(ClassLoader[] loaders, String function, boolean f64) throws Exception {
        int n = 64 * 512;
        int calls = 60;
        SplittableRandom random = new SplittableRandom(3);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble(-8, 8);
        }
        Object in = f64 ? x : floats(x);
        Object out = f64 ? new double[n] : new float[n];
        Class<?> array = f64 ? double[].class : float[].class;
        Method[] apply = new Method[2];
        Object[] f = new Object[2];
        for (int i = 0; i < 2; i++) {
            Class<?> t = Class.forName("dev.adjoint.core.kernel.Transcendentals", true, loaders[i]);
            apply[i] = t.getDeclaredMethod("apply", DoubleUnaryOperator.class, array, int.class,
                    array, int.class, int.class);
            apply[i].setAccessible(true);
            f[i] = t.getField(function).get(null);
            for (int w = 0; w < 5 * calls; w++) {
                apply[i].invoke(null, f[i], in, 0, out, 0, n);
            }
        }
        double[][] rates = new double[2][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int i = 0; i < 2; i++) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (int c = 0; c < calls; c++) {
                    apply[i].invoke(null, f[i], in, 0, out, 0, n);
                }
                rates[i][r] = (double) calls * n / ((THREADS.getCurrentThreadCpuTime() - start) / 1e3);
            }
        }
        print(function.toLowerCase(Locale.ROOT) + "_" + (f64 ? "f64" : "f32") + "_t1", "elements_per_cpu_us", rates);
    }

    /** {@code RESULT bench side_<name>_baseline}, {@code side_<name>} and {@code side_<name>_new_over_baseline}. */
    private static void print(String name, String figure, double[][] rates) {
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ratios[r] = rates[1][r] / rates[0][r];
        }
        Bench.print("side_" + name + "_baseline", figure, Bench.median(rates[0]));
        Bench.print("side_" + name, figure, Bench.median(rates[1]));
        Bench.print("side_" + name + "_new_over_baseline", String.format(Locale.ROOT, "median_of_%d_rounds", ROUNDS),
                Bench.median(ratios));
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
