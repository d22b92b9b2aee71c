package dev.adjoint.examples.bench;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.Shape;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * {@code -Dbench.args=build}: the seconds to build an n-node scalar chain ({@code v = sin(v) + x}, n/2 times),
 * differentiate it and compile value and gradient, at n = 25k, 50k, 100k and 200k, and how the time grows:
 * {@code ratio_100k_over_50k} is 2.0 when the cost is linear in the graph's size.
 *
 * <p>{@code -Dbench.args="build baseline=DIR"}, with DIR a directory of another build of core's classes
 * (e.g. {@code core/target/classes} of the commit before a change, copied aside), times both in this JVM:
 * core's classes of DIR are loaded in a class loader of their own together with this benchmark's classes, and
 * the two alternate size by size and round by round, so that the load of a shared machine falls on both
 * alike. The baseline's figures carry the suffix {@code _baseline}.
 */
final class BuildScaling {

    static final int[] SIZES = {25_000, 50_000, 100_000, 200_000};

    /** Timed rounds per size and variant; the median is reported. */
    static final int ROUNDS = 7;

    private BuildScaling() {
    }

    static void run(String[] args) throws Exception {
        List<String> names = new ArrayList<>(List.of(""));
        List<IntToDoubleFunction> variants = new ArrayList<>(List.of(BuildScaling::seconds));
        for (String word : String.join(" ", args).trim().split("\\s+")) {
            if (word.startsWith("baseline=")) {
                names.add("_baseline");
                variants.add(baseline(new File(word.substring("baseline=".length()))));
            }
        }
        double[][][] times = new double[variants.size()][SIZES.length][ROUNDS];
        for (int r = -1; r < ROUNDS; r++) {
            for (int s = 0; s < SIZES.length; s++) {
                for (int k = 0; k < variants.size(); k++) {
                    int v = (k + Math.max(r, 0)) % variants.size(); // who goes first alternates by round
                    // every variant starts from a collected heap: none pays for the garbage of the one before
                    System.gc();
                    double t = variants.get(v).applyAsDouble(SIZES[s]);
                    if (r >= 0) {
                        times[v][s][r] = t;
                    }
                }
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            double[] median = new double[SIZES.length];
            for (int s = 0; s < SIZES.length; s++) {
                median[s] = Bench.median(times[v][s]);
                Bench.print("build_grad_compile_" + SIZES[s] / 1000 + "k" + names.get(v), "seconds", median[s]);
            }
            Bench.print("build_grad_compile_scaling" + names.get(v), "ratio_100k_over_50k", median[2] / median[1]);
            Bench.print("build_grad_compile_scaling" + names.get(v), "ratio_200k_over_100k", median[3] / median[2]);
        }
    }

    /** Seconds to build an n-node scalar graph, differentiate it and compile value and gradient, once. */
    public static double seconds(int n) {
        long start = System.nanoTime();
        Node x = SourceOp.input("x", Shape.scalar());
        Node v = x;
        for (int i = 0; i < n / 2; i++) {
            v = UnaryOp.sin(v).add(x);
        }
        Node g = Autodiff.grad(v, x);
        Function.of(List.of(x), List.of(v, g));
        return (System.nanoTime() - start) / 1e9;
    }

    /** {@link #seconds} run against the core classes in {@code dir}, loaded beside (not over) this JVM's. */
    private static IntToDoubleFunction baseline(File dir) throws Exception {
        if (!new File(dir, "dev/adjoint/core/graph/Node.class").isFile()) {
            throw new IllegalArgumentException("bench: baseline=" + dir + " holds no core classes"
                    + " (dev/adjoint/core/graph/Node.class)");
        }
        URL bench = BuildScaling.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader loader = new URLClassLoader(new URL[] {dir.toURI().toURL(), bench},
                ClassLoader.getPlatformClassLoader());
        Method seconds = loader.loadClass(BuildScaling.class.getName()).getMethod("seconds", int.class);
        seconds.setAccessible(true);
        return n -> {
            try {
                return (double) seconds.invoke(null, n);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        };
    }

}
