package dev.adjoint.nn.model;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.eval.NamedFunction;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.nn.loss.MaskedMean;
import dev.adjoint.nn.metric.CountingMetric;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.optim.Update;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A training step whose batch is split into {@code K} shards (synchronous data parallelism): each shard's
 * {@link ShardGradient} part is computed on its own, the parts are summed in shard order, and the optimizer
 * runs once on the sum, with one copy of its state:
 *
 * <pre>
 * g = Σ_{k = 0..K-1} w_k ∇θ L_k  +  ∇θ P(θ),      θ', s' = optimizer(θ, s, g, t)
 * </pre>
 *
 * <p>followed, as in {@link TrainStep}, by the projection of every constrained parameter onto its constraint's set.
 *
 * <p>where {@code w_k = b_k / B} and {@code P} is the sum of the layers' penalties. Mathematically {@code g} is
 * the gradient of the unsplit step; in floating point it differs by the rounding of the split sums. The
 * reported loss is {@code Σ_k w_k L_k + P}, each metric {@code Σ_k w_k m_k} (a counting metric's value comes
 * from the shards' counts summed, as for the whole batch); each non-trainable parameter the
 * forward pass updates becomes {@code Σ_k w_k s'_k}, once per step. Batch normalization therefore normalizes
 * each shard with the shard's own batch statistics (per-shard mode, as data-parallel training does without
 * synchronized statistics), and its moving averages follow the weighted mean of the shards' statistics.
 * For a masked output the parts hold unnormalized sums ({@link ShardGradient#masked()}): {@code g} and the
 * loss are their sums divided by {@code V + eps}, the batch's count of valid steps plus Keras's epsilon, and
 * each metric is the ratio of its summed counts.
 *
 * <p>{@link #apply(ModelState, Tensor, Tensor, int[], int, Key, double)} computes every shard in this JVM, one
 * after the other: the reference that a cluster computing the same shards elsewhere matches bit for bit, since
 * a shard's part depends only on the parameters, its examples and the step's key, and {@link #apply(ModelState,
 * List, double)} sums the parts in the order given.
 */
public final class ShardedStep {

    private static final String PARAMS = "params/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String GRADS = "grads/";

    private final ShardGradient gradient;
    private final NamedFunction update;
    private final List<String> paramNames;
    private final List<String> trainable;
    private final List<String> slotNames;
    private final Map<String, Function> fromCounts;
    private final DType dtype;

    private ShardedStep(ShardGradient gradient, NamedFunction update, List<String> paramNames,
            List<String> trainable, List<String> slotNames, Map<String, Function> fromCounts, DType dtype) {
        this.gradient = gradient;
        this.update = update;
        this.paramNames = paramNames;
        this.trainable = trainable;
        this.slotNames = slotNames;
        this.fromCounts = fromCounts;
        this.dtype = dtype;
    }

    /**
     * Builds and compiles the shard function and the update of a compilation.
     *
     * @param inputShape the input shape with the batch dimension, e.g. {@code [N, 64]}
     * @param targetShape the target shape with the batch dimension
     */
    public static ShardedStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation) {
        ShardGradient gradient = ShardGradient.build(architecture, inputShape, targetShape, dtype, compilation);
        ForwardGraph graph = ForwardGraph.build(architecture, inputShape, dtype, false, null);
        Node step = SourceOp.input("step", Shape.scalar(), dtype);
        Node lrFactor = SourceOp.input("lr_factor", Shape.scalar(), dtype);
        Map<String, Node> trainable = new java.util.LinkedHashMap<>();
        graph.trainable().forEach(name -> trainable.put(name, graph.params().get(name)));
        Map<String, Node> dataGrads = new java.util.LinkedHashMap<>();
        trainable.forEach((name, p) -> dataGrads.put(name, SourceOp.input(GRADS + name, p.shape(), dtype)));

        Map<String, Node> penalties = Objective.penalties(graph);
        Map<String, Node> grads = new java.util.LinkedHashMap<>(dataGrads);
        Node penalty = SourceOp.scalar(0, dtype);
        if (!penalties.isEmpty()) {
            penalty = null;
            for (Node p : penalties.values()) {
                penalty = penalty == null ? p : penalty.add(p);
            }
            List<String> names = new ArrayList<>(trainable.keySet());
            List<Node> penaltyGrads = Autodiff.grad(penalty, List.copyOf(trainable.values()),
                    Autodiff.Strictness.ZEROS_FOR_UNUSED);
            for (int i = 0; i < names.size(); i++) {
                if (penalties.containsKey(names.get(i))) {
                    grads.put(names.get(i), dataGrads.get(names.get(i)).add(penaltyGrads.get(i)));
                }
            }
        }
        Map<String, Node> state = new java.util.LinkedHashMap<>();
        Update u = TrainStep.optimizerUpdate(compilation.optimizer(), grads, trainable, step, lrFactor, state);

        Map<String, Node> arguments = new java.util.LinkedHashMap<>();
        arguments.put("step", step);
        arguments.put("lr_factor", lrFactor);
        trainable.forEach((name, p) -> arguments.put(PARAMS + name, p));
        dataGrads.forEach((name, g) -> arguments.put(GRADS + name, g));
        state.forEach((name, s) -> arguments.put(OPTIMIZER + name, s));
        Map<String, Node> results = new java.util.LinkedHashMap<>();
        TrainStep.constrained(u.params(), graph.specs()).forEach((name, p) -> results.put(PARAMS + name, p));
        u.state().forEach((name, s) -> results.put(OPTIMIZER + name, s));
        results.put("penalty", penalty);
        return new ShardedStep(gradient, NamedFunction.of(arguments, results),
                List.copyOf(graph.params().keySet()), List.copyOf(trainable.keySet()), List.copyOf(state.keySet()),
                fromCounts(compilation, graph, targetShape, dtype), dtype);
    }

    /** For each counting metric, its value from a batch's counts, compiled. */
    private static Map<String, Function> fromCounts(Compilation compilation, ForwardGraph graph, Shape targetShape,
            DType dtype) {
        Map<String, Function> functions = new java.util.LinkedHashMap<>();
        Node y = SourceOp.input("y", targetShape, dtype);
        for (dev.adjoint.nn.metric.Metric metric : compilation.metrics()) {
            if (metric instanceof CountingMetric counting) {
                Node counts = graph.outputMask() == null ? counting.counts(y, graph.output())
                        : counting.counts(y, graph.output(), graph.outputMask());
                Node c = SourceOp.input("counts", counts.shape(), counts.dtype());
                functions.put(metric.name(), Function.of(List.of(c), List.of(counting.fromCounts(c))));
            }
        }
        return functions;
    }

    /** The function each shard computes. */
    public ShardGradient gradient() {
        return gradient;
    }

    /**
     * Where the shards of a batch of {@code batchSize} rows start and end: shard {@code k} holds the rows
     * {@code [bounds[k], bounds[k + 1])} of the batch, in order; the first {@code batchSize mod shards} shards
     * hold one row more than the others, and a batch smaller than {@code shards} leaves the last shards empty.
     *
     * @throws IllegalArgumentException if {@code shards < 1} or {@code batchSize < 0}
     */
    public static int[] bounds(int batchSize, int shards) {
        if (shards < 1 || batchSize < 0) {
            throw new IllegalArgumentException("sharded step: needs shards >= 1 and batchSize >= 0, got shards "
                    + shards + " and batchSize " + batchSize);
        }
        int[] bounds = new int[shards + 1];
        int base = batchSize / shards;
        int extra = batchSize % shards;
        for (int k = 0; k < shards; k++) {
            bounds[k + 1] = bounds[k] + base + (k < extra ? 1 : 0);
        }
        return bounds;
    }

    /**
     * The local reference: the step on the batch {@code (x, y)} whose examples have the indices {@code rows},
     * split into {@code shards} shards by {@link #bounds}, each shard's part computed here in shard order (empty
     * shards contribute nothing), then {@link #apply(ModelState, List, double)}.
     *
     * @throws IllegalArgumentException if the batch is empty or {@code rows} does not match it
     */
    public TrainStep.Result apply(ModelState state, Tensor x, Tensor y, int[] rows, int shards, Key key,
            double lrFactor) {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(y, "y is null");
        Objects.requireNonNull(rows, "rows is null");
        int batchSize = x.shape().dim(0);
        if (batchSize == 0 || rows.length != batchSize) {
            throw new IllegalArgumentException("sharded step: needs a non-empty batch with one index per row, got "
                    + batchSize + " rows and " + rows.length + " indices");
        }
        Map<String, Tensor> params = state.params().toJavaMap(java.util.LinkedHashMap::new, t -> t);
        // cast the whole batch before splitting it, so that a refusal names the batch's row, as fit's and TrainStep's
        Tensor xs = Batches.cast(x, gradient.dtype(), "sharded step", "x");
        Tensor ys = Batches.cast(y, gradient.dtype(), "sharded step", "y");
        int[] bounds = bounds(batchSize, shards);
        List<ShardGradient.Part> parts = new ArrayList<>();
        for (int k = 0; k < shards && bounds[k] < bounds[k + 1]; k++) {
            int from = bounds[k];
            int to = bounds[k + 1];
            parts.add(gradient.apply(params, xs.rowRange(from, to), ys.rowRange(from, to),
                    java.util.Arrays.copyOfRange(rows, from, to), key, batchSize));
        }
        return apply(state, parts, lrFactor);
    }

    /**
     * The step from the parts of its non-empty shards, given in shard order: sums them ({@link
     * ShardGradient.Part#sum}), adds the penalties' gradient and runs the optimizer once.
     *
     * @throws IllegalArgumentException if the state or the parts do not hold this model's names
     */
    public TrainStep.Result apply(ModelState state, List<ShardGradient.Part> parts, double lrFactor) {
        Objects.requireNonNull(state, "state is null");
        ShardGradient.Part sum = ShardGradient.Part.sum(parts);
        if (state.params().size() != paramNames.size() || state.optimizer().size() != slotNames.size()
                || !sum.gradients().keySet().equals(new java.util.HashSet<>(trainable))) {
            throw new IllegalArgumentException("sharded step: the state must hold the parameters " + paramNames
                    + " and the optimizer state " + slotNames + " and the parts the gradients of " + trainable
                    + ", got " + state.params().keySet().toJavaList() + ", " + state.optimizer().keySet().toJavaList()
                    + " and " + sum.gradients().keySet());
        }
        Map<String, Tensor> dataGrads = sum.gradients();
        double loss = sum.loss();
        Map<String, Tensor> counts = new java.util.LinkedHashMap<>(sum.counts());
        if (gradient.masked()) {
            double valid = counts.remove(ShardGradient.VALID_STEPS).item();
            double denominator = dtype.round(valid + MaskedMean.EPSILON);
            Map<String, Tensor> normalized = new java.util.LinkedHashMap<>();
            dataGrads.forEach((name, g) -> normalized.put(name, ElementwiseKernels.map(g, v -> v / denominator)));
            dataGrads = normalized;
            loss = dtype.round(loss / denominator);
        }
        Map<String, Tensor> args = new java.util.HashMap<>();
        args.put("step", Tensor.scalar(dtype, state.step() + 1));
        args.put("lr_factor", Tensor.scalar(dtype, lrFactor));
        for (String name : trainable) {
            args.put(PARAMS + name, state.param(name));
            args.put(GRADS + name, dataGrads.get(name));
        }
        state.optimizer().forEach(s -> args.put(OPTIMIZER + s._1, s._2));
        Map<String, Tensor> out = update.call(args);
        LinkedHashMap<String, Tensor> params = LinkedHashMap.empty();
        for (String name : paramNames) {
            Tensor value = out.get(PARAMS + name);
            if (value == null) {
                value = sum.state().getOrDefault(name, state.param(name));
            }
            params = params.put(name, value);
        }
        LinkedHashMap<String, Tensor> optimizer = LinkedHashMap.empty();
        for (String name : slotNames) {
            optimizer = optimizer.put(name, out.get(OPTIMIZER + name));
        }
        Map<String, Double> metrics = new java.util.LinkedHashMap<>(sum.metrics());
        fromCounts.forEach((name, f) -> metrics.put(name, f.call(counts.get(name)).get(0).item()));
        if (gradient.masked()) {
            counts.forEach((name, c) -> {
                if (!fromCounts.containsKey(name)) { // a counting metric's value came from its own counts
                    metrics.put(name, MetricTotals.maskedMean(new double[] {c.flat(0), c.flat(1)}));
                }
            });
        }
        return new TrainStep.Result(new ModelState(params, optimizer, state.step() + 1),
                loss + out.get("penalty").item(), metrics, counts);
    }
}
