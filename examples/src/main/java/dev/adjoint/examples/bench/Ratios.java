package dev.adjoint.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;

/**
 * The ratios {@link Bench} prints from the figures it collected: Adjoint over its peer (PyTorch for training,
 * OpenBLAS for GEMM) and a build over the baseline build ({@code -Dbench.baseline}), each as a
 * {@code RESULT bench <row> <figure>=<ratio>} line.
 */
final class Ratios {

    private Ratios() {
    }

    /**
     * The ratios of every row with a peer in {@code results}: {@code adjoint_over_pytorch} for the MLP,
     * {@code adjoint_over_openblas} for GEMM, and {@code new_over_baseline} for every row timed on the baseline.
     */
    static void ratios(Map<String, Double> results) {
        for (Map.Entry<String, Double> e : new ArrayList<>(results.entrySet())) {
            String name = e.getKey();
            if (name.startsWith("mlp_")) {
                Double torch = results.get("torch_" + name);
                if (torch != null) {
                    Bench.print(name.replace("mlp_", "mlp_ratio_"), "adjoint_over_pytorch", e.getValue() / torch);
                    results.put(name.replace("mlp_", "mlp_ratio_"), e.getValue() / torch);
                }
            } else if (name.startsWith("gemm_") && !name.contains("fraction") && !name.endsWith("_baseline")) {
                Double blas = results.get("openblas_" + name);
                if (blas != null) {
                    Bench.print(name.replace("gemm_", "gemm_ratio_"), "adjoint_over_openblas", e.getValue() / blas);
                    results.put(name.replace("gemm_", "gemm_ratio_"), e.getValue() / blas);
                }
            }
        }
    }

    /**
     * {@code RESULT bench <row>_new_over_baseline ratio=...} for every row named with one of {@code prefixes}
     * that the baseline build ({@code -Dbench.baseline}) also measured.
     */
    static void baselineRatios(Map<String, Double> results, String... prefixes) {
        for (Map.Entry<String, Double> e : new ArrayList<>(results.entrySet())) {
            Double before = results.get(e.getKey() + "_baseline");
            if (before != null && Arrays.stream(prefixes).anyMatch(e.getKey()::startsWith)) {
                Bench.print(e.getKey() + "_new_over_baseline", "ratio", e.getValue() / before);
            }
        }
    }

    /**
     * {@code RESULT bench <prefix>ratio_<dtype>_t<n> adjoint_over_pytorch=...} for every row named
     * {@code <prefix>...} (e.g. {@code cnn_}, {@code lstm_}) with a PyTorch peer {@code torch_<prefix>...}.
     */
    static void peerRatios(Map<String, Double> results, String prefix) {
        for (Map.Entry<String, Double> e : new ArrayList<>(results.entrySet())) {
            Double torch = results.get("torch_" + e.getKey());
            if (e.getKey().startsWith(prefix) && torch != null) {
                String name = e.getKey().replace(prefix, prefix + "ratio_");
                Bench.print(name, "adjoint_over_pytorch", e.getValue() / torch);
                results.put(name, e.getValue() / torch);
            }
        }
    }

    /**
     * For every {@code mlp_..._<setting>} result: its ratio to PyTorch's same configuration and, for the
     * second setting, its gain over {@code mlp_..._<before>}.
     */
    static void ratios(Map<String, Double> results, String before, String gainPrefix) {
        for (Map.Entry<String, Double> e : new ArrayList<>(results.entrySet())) {
            String name = e.getKey();
            if (name.startsWith("mlp_") && !name.contains("peak")
                    && !name.contains("alloc")) {
                String base = name.substring(0, name.lastIndexOf('_'));
                Double torch = results.get("torch_" + base);
                if (torch != null) {
                    Bench.print(name.replace("mlp_", "mlp_ratio_"), "adjoint_over_pytorch", e.getValue() / torch);
                }
                if (!name.endsWith(before)) {
                    Double old = results.get(base + before);
                    if (old != null) {
                        Bench.print(base.replace("mlp_", gainPrefix), "after_over_before", e.getValue() / old);
                    }
                }
            }
        }
    }
}
