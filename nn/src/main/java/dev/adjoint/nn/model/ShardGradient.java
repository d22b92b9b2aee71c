package dev.adjoint.nn.model;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.NamedFunction;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.MaskedMean;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.MetricTotals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One shard's part of a data-parallel training step, as one compiled pure function. A step's global batch of
 * {@code B} examples is cut into shards; shard {@code k} holds {@code b_k} of them and its weight is
 * {@code w_k = b_k / B}. With {@code L_k} the loss on the shard (a mean over its examples, so
 * {@code w_k L_k = (1/B) Σ_{i in shard k} l_i}), the shard computes
 *
 * <pre>
 * (params, x_k, y_k, rows_k, key, w_k) -> (w_k ∇θ L_k,  w_k s'_k,  w_k L_k,  w_k m_k)
 * </pre>
 *
 * <p>for every trainable parameter {@code θ}, every non-trainable parameter with a new value {@code s'_k}
 * (batch normalization's moving averages, from the shard's own batch statistics) and every metric
 * {@code m_k} (a mean over the shard's examples; a counting metric's counts are summed as they are). Summed
 * over the shards in shard order ({@link Part#plus}),
 * the parts give the gradient of the loss of the whole batch, {@code (1/B) Σ_i ∇θ l_i}, its loss and its
 * metrics, and the batch-size-weighted mean of the new state values; {@link ShardedStep} then adds the
 * penalties' gradient and runs the optimizer once. Dropout masks are drawn from the step's key and each
 * example's index ({@code rows}), so a shard draws what the whole batch would for its examples.
 *
 * <p>When the model's output carries a mask, the loss is Keras's mean over the valid steps of the whole batch,
 * {@code S / (V + eps)} with {@code S = Σ_k S_k} the sum of the per-step losses over the valid steps and
 * {@code V = Σ_k V_k} their count ({@link dev.adjoint.nn.loss.MaskedMean}); a shard cannot know {@code V}, so
 * its part holds {@code ∇θ S_k} and {@code S_k} unnormalized and its count {@code V_k} among the counts
 * (under {@link #VALID_STEPS}), and {@link ShardedStep} divides the sums by {@code V + eps}. The metrics of a
 * masked output are all counts ({@link MetricTotals#outputs(Metric, Node, Node, Node)}).
 *
 * <p>The function depends on the parameters, never on the optimizer: a worker holding a shard needs the
 * model's architecture, loss and metrics, and the parameters of the step.
 */
public final class ShardGradient {

    /**
     * A shard's weighted contribution to the step, or the sum of several.
     *
     * @param gradients {@code w_k ∇θ L_k} by trainable parameter name, in declaration order
     * @param state {@code w_k s'_k} by the name of a non-trainable parameter the forward pass updates
     * @param loss {@code w_k L_k}
     * @param metrics {@code w_k m_k} by metric name
     * @param counts the counts of every {@link dev.adjoint.nn.metric.CountingMetric} on the shard's examples,
     *     by metric name (not weighted: counts add up)
     */
    public record Part(Map<String, Tensor> gradients, Map<String, Tensor> state, double loss,
            Map<String, Double> metrics, Map<String, Tensor> counts) {

        /** Validates and copies the maps (their order is kept). */
        public Part {
            gradients = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                    Objects.requireNonNull(gradients, "gradients is null")));
            state = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                    Objects.requireNonNull(state, "state is null")));
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                    Objects.requireNonNull(metrics, "metrics is null")));
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(
                    Objects.requireNonNull(counts, "counts is null")));
        }

        /**
         * {@code this + next}, element by element in the tensors' dtype: summing the parts of shards
         * {@code 0, 1, ..., K-1} as {@code ((p0 + p1) + p2) + ...} fixes the rounding, wherever they were computed.
         *
         * @throws IllegalArgumentException if the parts do not hold the same names
         */
        public Part plus(Part next) {
            Objects.requireNonNull(next, "next is null");
            if (!gradients.keySet().equals(next.gradients.keySet()) || !state.keySet().equals(next.state.keySet())
                    || !metrics.keySet().equals(next.metrics.keySet())
                    || !counts.keySet().equals(next.counts.keySet())) {
                throw new IllegalArgumentException("shard gradient: parts must hold the same names, got "
                        + names() + " and " + next.names());
            }
            Map<String, Double> m = new LinkedHashMap<>();
            metrics.forEach((name, v) -> m.put(name, v + next.metrics.get(name)));
            return new Part(add(gradients, next.gradients), add(state, next.state), loss + next.loss, m,
                    add(counts, next.counts));
        }

        /** {@code a + b} name by name, element by element in the tensors' dtype (exact rounding). */
        private static Map<String, Tensor> add(Map<String, Tensor> a, Map<String, Tensor> b) {
            Map<String, Tensor> sum = new LinkedHashMap<>();
            a.forEach((name, t) -> sum.put(name, ElementwiseKernels.zip(t, b.get(name), Double::sum)));
            return sum;
        }

        /** The sum of parts in the order given (shard order). */
        public static Part sum(List<Part> parts) {
            Objects.requireNonNull(parts, "parts is null");
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("shard gradient: a step needs at least one shard, got none");
            }
            Part total = parts.get(0);
            for (int k = 1; k < parts.size(); k++) {
                total = total.plus(parts.get(k));
            }
            return total;
        }

        private List<String> names() {
            List<String> names = new ArrayList<>(gradients.keySet());
            names.addAll(state.keySet());
            names.addAll(metrics.keySet());
            names.addAll(counts.keySet());
            return names;
        }
    }

    /**
     * The key of {@link Part#counts()} under which the shard of a masked output counts its valid steps
     * {@code V_k}.
     */
    public static final String VALID_STEPS = "mask/valid_steps";

    private static final String PARAMS = "params/";
    private static final String GRADS = "grads/";
    private static final String STATE = "state/";
    private static final String METRICS = "metrics/";
    private static final String COUNTS = "counts/";

    private final NamedFunction function;
    private final List<String> paramNames;
    private final List<String> trainable;
    private final List<String> updated;
    private final List<String> metricNames;
    private final List<String> counted;
    private final DType dtype;
    private final boolean masked;

    private ShardGradient(NamedFunction function, List<String> paramNames, List<String> trainable,
            List<String> updated, List<String> metricNames, List<String> counted, DType dtype, boolean masked) {
        this.masked = masked;
        this.function = function;
        this.paramNames = paramNames;
        this.trainable = trainable;
        this.updated = updated;
        this.metricNames = metricNames;
        this.counted = counted;
        this.dtype = dtype;
    }

    /**
     * Builds and compiles the shard function of a compilation's loss (the data term, without penalties) and
     * metrics.
     *
     * @param inputShape the input shape with the batch dimension, e.g. {@code [N, 64]}
     * @param targetShape the target shape with the batch dimension
     */
    public static ShardGradient build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation) {
        Objects.requireNonNull(compilation, "compilation is null");
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = TrainStep.rowsInput(inputShape);
        Node weight = SourceOp.input("weight", Shape.scalar(), dtype);
        ForwardGraph graph = ForwardGraph.build(architecture, inputShape, dtype, true, key, rows);
        Node y = SourceOp.input("y", targetShape, dtype);
        if (!graph.outputMasks().isEmpty()) {
            throw new UnsupportedOperationException("shard gradient: outputs "
                    + graph.outputMasks().keySet() + " of this model of several outputs carry masks, whose"
                    + " per-output means over the valid steps sharded steps cannot combine yet; train it with fit on"
                    + " one machine");
        }
        if (!graph.activityLosses().isEmpty()) {
            throw new UnsupportedOperationException("shard gradient: " + graph.activityLosses().size() + " layer"
                    + " output(s) carry an activity regularizer, whose losses sharded steps do not add yet; train this"
                    + " model with fit on one machine");
        }
        Node mask = graph.outputMask();
        Node loss = mask == null ? Objective.of(compilation.loss()).apply(y, graph)
                : MaskedMean.sum(compilation.loss().perStep(y, graph.output()), mask, null);

        List<String> trainable = graph.trainable();
        List<Node> wrt = new ArrayList<>();
        trainable.forEach(name -> wrt.add(graph.params().get(name)));
        List<Node> grads = Autodiff.grad(mask == null ? loss.mul(weight) : loss, wrt,
                Autodiff.Strictness.ZEROS_FOR_UNUSED);

        Map<String, Node> arguments = new LinkedHashMap<>();
        arguments.put("x", graph.input());
        arguments.put("y", y);
        arguments.put("rows", rows);
        arguments.put("key", key);
        arguments.put("weight", weight);
        graph.params().forEach((name, p) -> arguments.put(PARAMS + name, p));
        Map<String, Node> results = new LinkedHashMap<>();
        for (int i = 0; i < trainable.size(); i++) {
            results.put(GRADS + trainable.get(i), grads.get(i));
        }
        graph.stateUpdates().forEach((name, s) -> results.put(STATE + name, s.mul(weight)));
        results.put("loss", loss);
        List<String> counted = new ArrayList<>();
        for (Metric metric : compilation.metrics()) {
            if (mask != null && metric.name().equals(VALID_STEPS)) {
                throw new IllegalArgumentException("shard gradient: the metric name " + VALID_STEPS + " is reserved"
                        + " for the count of a masked output's valid steps");
            }
            List<Node> outputs = MetricTotals.outputs(metric, y, graph.output(), mask);
            results.put(METRICS + metric.name(), outputs.get(0));
            if (outputs.size() > 1) {
                results.put(COUNTS + metric.name(), outputs.get(1));
                counted.add(metric.name());
            }
        }
        if (mask != null) {
            results.put(COUNTS + VALID_STEPS, mask.cast(dtype).sum());
            counted.add(VALID_STEPS);
        }
        return new ShardGradient(NamedFunction.of(arguments, results), List.copyOf(graph.params().keySet()),
                List.copyOf(trainable), List.copyOf(graph.stateUpdates().keySet()),
                compilation.metrics().stream().map(Metric::name).toList(), List.copyOf(counted), dtype, mask != null);
    }

    /**
     * Whether the model's output carries a mask: then a part's gradients and loss are the unnormalized
     * {@code ∇θ S_k} and {@code S_k}, and its counts hold {@code V_k} under {@link #VALID_STEPS}.
     */
    public boolean masked() {
        return masked;
    }

    /** The trainable parameters' names, in declaration order: the keys of {@link Part#gradients()}. */
    public List<String> trainable() {
        return trainable;
    }

    /** The names of the non-trainable parameters a step updates: the keys of {@link Part#state()}. */
    public List<String> updatedState() {
        return updated;
    }

    /** The metrics' names: the keys of {@link Part#metrics()}. */
    public List<String> metrics() {
        return metricNames;
    }

    /**
     * The names of the counts: the keys of {@link Part#counts()} (the counting metrics, and for a masked
     * output every metric and {@link #VALID_STEPS}).
     */
    public List<String> countingMetrics() {
        return counted;
    }

    /** The dtype the model computes in, to which {@link #apply} casts a shard's x and y. */
    public DType dtype() {
        return dtype;
    }

    /**
     * The shard's weighted part of the step.
     *
     * @param params every parameter of the model by name (trainable and not)
     * @param x the shard's inputs, {@code b_k} rows
     * @param y the shard's targets
     * @param rows the shard's examples' indices in the training data (they key dropout)
     * @param key the step's random key (the same for every shard)
     * @param batchSize {@code B}, the number of examples in the whole step
     * @throws IllegalArgumentException if the shard is empty, larger than the batch, or a parameter is missing, or
     *     x or y holds a value the model's dtype does not (they are cast to it as {@code fit} casts them)
     */
    public Part apply(Map<String, Tensor> params, Tensor x, Tensor y, int[] rows, Key key, int batchSize) {
        Objects.requireNonNull(params, "params is null");
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(rows, "rows is null");
        int size = x.shape().dim(0);
        if (size < 1 || size > batchSize || rows.length != size) {
            throw new IllegalArgumentException("shard gradient: a shard needs 1 to batchSize rows and one index per"
                    + " row, got " + size + " rows, " + rows.length + " indices and batchSize " + batchSize);
        }
        double w = (double) size / batchSize;
        Objects.requireNonNull(y, "y is null");
        Map<String, Tensor> args = new java.util.HashMap<>();
        // cast as fit and TrainStep cast, refusing a value the model's dtype would round or overflow
        args.put("x", Batches.cast(x, dtype, "shard gradient", "x"));
        args.put("y", Batches.cast(y, dtype, "shard gradient", "y"));
        args.put("rows", TrainStep.rowsTensor(rows));
        args.put("key", Tensor.scalar(RandomOp.keyValue(key)));
        args.put("weight", Tensor.scalar(dtype, w));
        for (String name : paramNames) {
            Tensor p = params.get(name);
            if (p == null) {
                throw new IllegalArgumentException("shard gradient: the parameters must hold " + paramNames
                        + ", got " + params.keySet());
            }
            args.put(PARAMS + name, p);
        }
        Map<String, Tensor> out = function.call(args);
        Map<String, Tensor> g = new LinkedHashMap<>();
        trainable.forEach(name -> g.put(name, out.get(GRADS + name)));
        Map<String, Tensor> s = new LinkedHashMap<>();
        updated.forEach(name -> s.put(name, out.get(STATE + name)));
        Map<String, Double> m = new LinkedHashMap<>();
        metricNames.forEach(name -> m.put(name, w * out.get(METRICS + name).item()));
        Map<String, Tensor> c = new LinkedHashMap<>();
        counted.forEach(name -> c.put(name, out.get(COUNTS + name)));
        double loss = masked ? out.get("loss").item() : w * out.get("loss").item();
        return new Part(g, s, loss, m, c);
    }
}
