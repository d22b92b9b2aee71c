package dev.adjoint.nn.metric;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Assembly;
import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Running totals of metrics over the batches of an epoch or an evaluation: a mean metric is the mean of its
 * batch values weighted by their rows; a {@link CountingMetric} is its {@code fromCounts} of the counts
 * summed over the batches (in float64). Compiled steps output {@link #outputs} per metric, read back as a
 * {@link Batch} and added with {@link #add}.
 */
public final class MetricTotals {

    private final List<Metric> metrics;
    private final double[] sums;
    private final double[][] counts;
    private final Function[] fromCounts;
    private long rows;

    /** Empty totals for these metrics. */
    public MetricTotals(List<Metric> metrics) {
        this.metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics is null"));
        this.sums = new double[metrics.size()];
        this.counts = new double[metrics.size()][];
        this.fromCounts = new Function[metrics.size()];
    }

    /**
     * What a compiled step outputs for {@code metric}: its batch value, then, for a counting metric, its
     * counts (so one or two nodes).
     */
    public static List<Node> outputs(Metric metric, Node yTrue, Node yPred) {
        if (metric instanceof CountingMetric counting) {
            Node c = counting.counts(yTrue, yPred);
            return List.of(counting.fromCounts(c), c);
        }
        return List.of(metric.apply(yTrue, yPred));
    }

    /**
     * What a compiled step outputs for {@code metric} on a model whose output carries the mask {@code mask}
     * ({@code [N, T]}, or null for none, then as {@link #outputs(Metric, Node, Node)}): the batch's mean over
     * the valid steps {@code sum(v mask) / sum(mask)} of the per-step scores {@code v} ({@link Metric#perStep}),
     * 0 when no step is valid (Keras's {@code divide_no_nan}), then the counts {@code [sum(v mask), sum(mask)]}
     * that add up over batches, so an epoch's value is Keras's {@code Mean} over every valid step. A
     * {@link CountingMetric} gives its value and its counts with each position weighted by the mask
     * ({@link CountingMetric#counts(Node, Node, Node)}), as Keras's counting metrics weigh by it.
     *
     * @throws UnsupportedOperationException for a metric without per-step scores or weighted counts
     */
    public static List<Node> outputs(Metric metric, Node yTrue, Node yPred, Node mask) {
        if (mask == null) {
            return outputs(metric, yTrue, yPred);
        }
        if (metric instanceof CountingMetric counting) {
            Node c = counting.counts(yTrue, yPred, mask);
            return List.of(counting.fromCounts(c), c);
        }
        Node v = metric.perStep(yTrue, yPred);
        if (v.rank() != 2 || !v.shape().equals(mask.shape())) {
            throw new IllegalArgumentException(metric.name() + ": the per-step scores must be [N, T] like the mask,"
                    + " got " + v.shape() + " for the mask " + mask.shape());
        }
        Node m = mask.cast(v.dtype());
        Node valid = m.sum();
        Node total = v.mul(m).sum();
        Node some = BinaryOp.greater(valid, SourceOp.scalar(0, v.dtype()));
        Node mean = total.div(WhereOp.where(some, valid, SourceOp.scalar(1, v.dtype())));
        return List.of(mean, Assembly.stack(0, total, valid));
    }

    /** The value of masked counts {@code [sum(v mask), sum(mask)]}: their ratio, 0 when no step is valid. */
    public static double maskedMean(double[] counts) {
        return counts[1] > 0 ? counts[0] / counts[1] : 0;
    }

    /**
     * One batch's figures read from a compiled step's outputs: each metric's value and, for counting
     * metrics, its counts.
     *
     * @param values the batch value of every metric, by name
     * @param counts the counts of every counting metric, by name
     */
    public record Batch(Map<String, Double> values, Map<String, Tensor> counts) {

        /** Copies the maps. */
        public Batch {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        }

        /** The figures of {@code metrics} in {@code outputs} from position {@code from} (see {@link #outputs}). */
        public static Batch read(List<Metric> metrics, List<Tensor> outputs, int from) {
            return read(metrics, outputs, from, false);
        }

        /**
         * The figures of {@code metrics} in {@code outputs} from position {@code from}, for a model whose
         * output is masked when {@code masked} (see {@link #outputs(Metric, Node, Node, Node)}).
         */
        public static Batch read(List<Metric> metrics, List<Tensor> outputs, int from, boolean masked) {
            return read(metrics, outputs, from, m -> masked);
        }

        /**
         * The figures of {@code metrics} in {@code outputs} from position {@code from}, where {@code masked} tells
         * the metrics computed over the valid steps of a masked output (of a model of several outputs, some).
         */
        public static Batch read(List<Metric> metrics, List<Tensor> outputs, int from,
                java.util.function.Predicate<Metric> masked) {
            Map<String, Double> values = new LinkedHashMap<>();
            Map<String, Tensor> counts = new LinkedHashMap<>();
            int i = from;
            for (Metric m : metrics) {
                values.put(m.name(), outputs.get(i++).item());
                if (masked.test(m) || m instanceof CountingMetric) {
                    counts.put(m.name(), outputs.get(i++));
                }
            }
            return new Batch(values, counts);
        }
    }

    /** The number of outputs {@link #outputs} gives for {@code metrics}. */
    public static int outputCount(List<Metric> metrics) {
        return metrics.size() + (int) metrics.stream().filter(m -> m instanceof CountingMetric).count();
    }

    /** Adds a batch of {@code batchRows} rows. */
    public void add(int batchRows, Batch batch) {
        for (int m = 0; m < metrics.size(); m++) {
            String name = metrics.get(m).name();
            if (batch.counts().containsKey(name)) {
                Tensor c = batch.counts().get(name);
                if (counts[m] == null) {
                    counts[m] = new double[c.size()];
                }
                for (int k = 0; k < c.size(); k++) {
                    counts[m][k] += c.flat(k);
                }
            } else {
                sums[m] += batch.values().get(name) * batchRows;
            }
        }
        rows += batchRows;
    }

    /** The metrics of everything added so far, by name (NaN before the first batch). */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int m = 0; m < metrics.size(); m++) {
            Metric metric = metrics.get(m);
            if (counts[m] != null && !(metric instanceof CountingMetric)) {
                out.put(metric.name(), maskedMean(counts[m]));
            } else if (metric instanceof CountingMetric counting) {
                out.put(metric.name(), counts[m] == null ? Double.NaN : fromCounts(m, counting));
            } else {
                out.put(metric.name(), sums[m] / rows);
            }
        }
        return out;
    }

    private double fromCounts(int m, CountingMetric metric) {
        if (fromCounts[m] == null) {
            Node c = SourceOp.input("counts", Shape.of(counts[m].length), DType.FLOAT64);
            fromCounts[m] = Function.of(List.of(c), List.of(metric.fromCounts(c)));
        }
        return fromCounts[m].call(Tensor.vector(counts[m])).get(0).item();
    }
}
