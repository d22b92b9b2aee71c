package dev.adjoint.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The README's benchmark tables from one run's results, printed at the end of the run as Markdown (lines
 * starting with {@code # |}), one table per thread count: GEMM against OpenBLAS and as a fraction of the FMA
 * peak measured in the same JVM, MLP training against PyTorch, and (with {@code -Dbench.baseline}) the new
 * build against the baseline build.
 */
final class Summary {

    private static final int[] SIZES = {256, 512, 1024};

    private Summary() {
    }

    static void print(Map<String, Double> results, String setting) {
        for (int t : new int[] {1, 2}) {
            List<String> rows = new ArrayList<>();
            for (String dtype : new String[] {"f32", "f64"}) {
                rows.add(gemmRow(results, dtype, t));
            }
            for (String dtype : new String[] {"f32", "f64"}) {
                String peak = fmt(results.get("fma_peak_" + dtype + "_t" + t), 0);
                rows.add("| GEMM " + dtype + ", fraction of the FMA peak (" + peak + " GFLOP/s) | "
                        + join(results, "gemm_peak_fraction_" + dtype + "_n%d_t" + t, 2, SIZES) + " | | |");
            }
            for (String dtype : new String[] {"f32", "f64"}) {
                rows.add(mlpRow(results, dtype, t));
            }
            rows.add(trainingRow(results, "cnn", "CNN of FashionMnistCnn, batch 128", t));
            rows.add(trainingRow(results, "lstm", "LSTM 28x28 -> 128 -> 10, batch 64", t));
            System.out.println("#");
            System.out.println("# " + setting + ", " + t + " thread" + (t == 1 ? "" : "s"));
            System.out.println("# | figure | Adjoint | peer | ratio |");
            System.out.println("# |---|---|---|---|");
            for (String row : rows) {
                System.out.println("# " + row);
            }
        }
        if (results.keySet().stream().anyMatch(k -> k.endsWith("_baseline"))) {
            System.out.println("#");
            System.out.println("# new build / baseline build (same run, alternating JVMs)");
            System.out.println("# | figure | 1 thread | 2 threads |");
            System.out.println("# |---|---|---|");
            for (String dtype : new String[] {"f32", "f64"}) {
                System.out.println("# | GEMM " + dtype + ", n = 256 / 512 / 1024 | " + join(results, "gemm_" + dtype
                        + "_n%d_t1", 2, SIZES, Summary::baselineRatio) + " | " + join(results, "gemm_" + dtype
                        + "_n%d_t2", 2, SIZES, Summary::baselineRatio) + " |");
            }
            for (String dtype : new String[] {"f32", "f64"}) {
                System.out.println("# | MLP " + dtype + " SGD / Adam | " + baselineMlp(results, dtype, 1) + " | "
                        + baselineMlp(results, dtype, 2) + " |");
            }
        }
    }

    private static String gemmRow(Map<String, Double> r, String dtype, int t) {
        String ours = "gemm_" + dtype + "_n%d_t" + t;
        return "| GEMM " + dtype + " GFLOP/s, n = 256 / 512 / 1024 | " + join(r, ours, 0, SIZES) + " | OpenBLAS "
                + join(r, "openblas_" + ours, 0, SIZES) + " | "
                + join(r, "gemm_ratio_" + dtype + "_n%d_t" + t, 2, SIZES)
                + " |";
    }

    private static String mlpRow(Map<String, Double> r, String dtype, int t) {
        String[] opts = {"sgd", "adam"};
        List<String> ours = new ArrayList<>();
        List<String> torch = new ArrayList<>();
        List<String> ratio = new ArrayList<>();
        for (String opt : opts) {
            String name = "mlp_" + dtype + "_" + opt + "_t" + t;
            ours.add(fmt(r.get(name), -1));
            torch.add(fmt(r.get("torch_" + name), -1));
            ratio.add(fmt(r.get("mlp_ratio_" + dtype + "_" + opt + "_t" + t), 2));
        }
        return "| MLP 784-256-128-10, batch 128, samples/s, " + dtype + " SGD / Adam | " + String.join(" / ", ours)
                + " | PyTorch " + String.join(" / ", torch) + " | " + String.join(" / ", ratio) + " |";
    }

    /** The row of a training benchmark {@code <prefix>_<dtype>_t<n>} (f32 / f64) against its PyTorch peer. */
    private static String trainingRow(Map<String, Double> r, String prefix, String title, int t) {
        List<String> ours = new ArrayList<>();
        List<String> torch = new ArrayList<>();
        List<String> ratio = new ArrayList<>();
        for (String dtype : new String[] {"f32", "f64"}) {
            ours.add(fmt(r.get(prefix + "_" + dtype + "_t" + t), -1));
            torch.add(fmt(r.get("torch_" + prefix + "_" + dtype + "_t" + t), -1));
            ratio.add(fmt(r.get(prefix + "_ratio_" + dtype + "_t" + t), 2));
        }
        return "| " + title + ", Adam, samples/s, f32 / f64 | " + String.join(" / ", ours)
                + " | PyTorch " + String.join(" / ", torch) + " | " + String.join(" / ", ratio) + " |";
    }

    private static String baselineMlp(Map<String, Double> r, String dtype, int t) {
        List<String> parts = new ArrayList<>();
        for (String opt : new String[] {"sgd", "adam"}) {
            parts.add(fmt(baselineRatio(r, "mlp_" + dtype + "_" + opt + "_t" + t), 2));
        }
        return String.join(" / ", parts);
    }

    private static Double baselineRatio(Map<String, Double> r, String name) {
        Double now = r.get(name);
        Double before = r.get(name + "_baseline");
        return now == null || before == null ? null : now / before;
    }

    private static String join(Map<String, Double> r, String pattern, int decimals, int[] sizes) {
        return join(r, pattern, decimals, sizes, Map::get);
    }

    private interface Lookup {
        Double value(Map<String, Double> results, String name);
    }

    /** The figures of {@code pattern} (with {@code %d} for each size), joined with {@code " / "}. */
    private static String join(Map<String, Double> r, String pattern, int decimals, int[] sizes, Lookup lookup) {
        List<String> parts = new ArrayList<>();
        for (int n : sizes) {
            parts.add(fmt(lookup.value(r, String.format(Locale.ROOT, pattern, n)), decimals));
        }
        return String.join(" / ", parts);
    }

    /** {@code decimals} digits after the point; -1: a whole number with thousands separators. */
    private static String fmt(Double value, int decimals) {
        if (value == null) {
            return "–";
        }
        return decimals < 0 ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
