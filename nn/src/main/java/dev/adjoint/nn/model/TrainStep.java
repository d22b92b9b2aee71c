package dev.adjoint.nn.model;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.eval.NamedFunction;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.kernel.BufferPool;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Update;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole training step as ONE compiled pure function (principle 7):
 *
 * <pre>
 * (params, optimizer state, x, y, rows, key, step, lrFactor) -> (params', optimizer state', loss, metrics)
 * </pre>
 *
 * <p>The graph holds the forward pass in training mode (dropout masks from {@code key} and the examples'
 * indices {@code rows}, batch statistics),
 * the objective ({@link Objective#withPenalties data term plus penalties}), its gradient with respect to every
 * trainable parameter, the optimizer's update, the projection of every constrained parameter onto its
 * constraint's set ({@link dev.adjoint.nn.constraint.Constraint}) and the new values of non-trainable state (batch
 * normalization's moving averages). It is compiled once and called for every batch of any size; {@link #apply}
 * maps a {@link ModelState} to the next without touching the old one. Its arguments and results are named
 * ({@code params/dense/kernel}, {@code optimizer/dense/kernel/m}, {@code loss}, {@code metrics/accuracy}), as
 * the model file names them. {@code fit} calls it for every batch; a hand-written loop calls it the same way,
 * with a {@link dev.adjoint.nn.loss.Loss} or with any {@link Objective} (see
 * {@link Model#trainStep(Shape, Objective)}).
 *
 * <p>A step built for sample weights takes a weight per row as well ({@code sample_weight : [N]}) and
 * minimizes {@link Objective#weighted}; metrics stay unweighted, as Keras's {@code metrics} (not
 * {@code weighted_metrics}) are, but the per-output losses {@code <output>_loss} of a model of several outputs take
 * the weights, as the loss does ({@link OutputMetric}). A {@link dev.adjoint.nn.metric.CountingMetric} also
 * returns its batch's counts ({@code counts/precision}), which {@link MetricTotals} sums over batches.
 */
public final class TrainStep {

    /**
     * The result of one step.
     *
     * @param state the new weights and optimizer state
     * @param loss the batch's objective
     * @param metrics the batch's metric values, by name
     * @param counts the batch's counts of every {@link dev.adjoint.nn.metric.CountingMetric}, by name (sum them
     *     over batches with {@link MetricTotals})
     */
    public record Result(ModelState state, double loss, Map<String, Double> metrics, Map<String, Tensor> counts) {
    }

    private static final String PARAMS = "params/";
    private static final String OPTIMIZER = "optimizer/";
    private static final String METRICS = "metrics/";
    private static final String COUNTS = "counts/";
    private static final String SAMPLE_WEIGHT = "sample_weight";

    private final NamedFunction function;
    private final List<String> paramNames;
    private final List<String> slotNames;
    private final List<Metric> metrics;
    private final DType dtype;
    private final boolean weighted;

    private TrainStep(NamedFunction function, List<String> paramNames, List<String> slotNames,
            List<Metric> metrics, DType dtype, boolean weighted) {
        this.function = function;
        this.paramNames = paramNames;
        this.slotNames = slotNames;
        this.metrics = metrics;
        this.dtype = dtype;
        this.weighted = weighted;
    }

    /**
     * Builds and compiles the step of a compilation (its optimizer, its loss as the data term, its metrics),
     * with anomaly detection when asked (see {@link #build(Architecture, Shape, Shape, DType, Optimizer,
     * Objective, List, boolean)}).
     *
     * @param inputShape the input shape with the batch dimension, e.g. {@code [N, 64]}
     * @param targetShape the target shape with the batch dimension, e.g. {@code [N]} for sparse labels
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation, boolean detectAnomalies) {
        return build(architecture, inputShape, targetShape, dtype, compilation, detectAnomalies, false);
    }

    /**
     * Builds and compiles the step of a compilation, taking sample weights when {@code weighted} (then call
     * {@link #apply(ModelState, Tensor, Tensor, Tensor, Key, double)}).
     *
     * @throws UnsupportedOperationException when weighted and the loss gives no per-example values
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation, boolean detectAnomalies, boolean weighted) {
        Objects.requireNonNull(compilation, "compilation is null");
        Node w = weighted ? SourceOp.input(SAMPLE_WEIGHT, Shape.of(Shape.BATCH), dtype) : null;
        Objective objective = w == null ? Objective.of(compilation.loss()) : Objective.weighted(compilation.loss(), w);
        return build(architecture, inputShape, targetShape, dtype, compilation.optimizer(), objective,
                "loss '" + compilation.loss().name() + "' and penalties", compilation.metrics(), detectAnomalies, w);
    }

    /**
     * Builds and compiles the step minimizing any objective. With anomaly detection the graph is built while
     * recording creation sites ({@link Provenance#recordSites()}, nodes labelled by layer, objective, gradient,
     * optimizer update and metric) and compiled with {@link Function#withAnomalyDetection()}, so
     * {@link #apply} throws an {@link dev.adjoint.core.eval.AnomalyException} at the first NaN or infinity
     * computed anywhere in the step.
     *
     * @param inputShape the input shape with the batch dimension, e.g. {@code [N, 64]}
     * @param targetShape the target shape with the batch dimension
     * @param optimizer updates the trainable parameters
     * @param objective the data term; the layers' penalties are added
     * @param metrics computed on the batch beside the objective
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Optimizer optimizer, Objective objective, List<Metric> metrics, boolean detectAnomalies) {
        return build(architecture, inputShape, targetShape, dtype, optimizer, objective, "data term and penalties",
                metrics, detectAnomalies, null);
    }

    private static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Optimizer optimizer, Objective objective, String what, List<Metric> metrics, boolean detectAnomalies,
            Node sampleWeights) {
        Objects.requireNonNull(optimizer, "optimizer is null");
        Objects.requireNonNull(objective, "objective is null");
        Objects.requireNonNull(metrics, "metrics is null");
        if (!detectAnomalies) {
            return compile(architecture, inputShape, targetShape, dtype, optimizer, objective, what, metrics,
                    sampleWeights);
        }
        try (Provenance.Scope sites = Provenance.recordSites()) {
            TrainStep step = compile(architecture, inputShape, targetShape, dtype, optimizer, objective, what,
                    metrics, sampleWeights);
            return new TrainStep(step.function.withAnomalyDetection(), step.paramNames, step.slotNames,
                    step.metrics, step.dtype, step.weighted);
        }
    }

    private static TrainStep compile(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Optimizer base, Objective objective, String what, List<Metric> metrics, Node sampleWeights) {
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = rowsInput(inputShape);
        Node step = SourceOp.input("step", Shape.scalar(), dtype);
        Node lrFactor = SourceOp.input("lr_factor", Shape.scalar(), dtype);
        ForwardGraph graph = ForwardGraph.build(architecture, inputShape, dtype, true, key, rows);
        Node y = SourceOp.input("y", targetShape, dtype);
        Node j;
        try (Provenance.Scope label = Provenance.label("the objective (" + what + ")")) {
            j = objective.withPenalties(y, graph);
        }

        Map<String, Node> trainable = new java.util.LinkedHashMap<>();
        graph.trainable().forEach(name -> trainable.put(name, graph.params().get(name)));
        List<Node> gradList;
        try (Provenance.Scope label = Provenance.label("the gradient of the objective")) {
            gradList = Autodiff.grad(j, List.copyOf(trainable.values()), Autodiff.Strictness.ZEROS_FOR_UNUSED);
        }
        Map<String, Node> grads = new java.util.LinkedHashMap<>();
        int g = 0;
        for (String name : trainable.keySet()) {
            grads.put(name, gradList.get(g++));
        }

        Map<String, Node> state = new java.util.LinkedHashMap<>();
        Update update = optimizerUpdate(base, grads, trainable, step, lrFactor, state);

        Map<String, Node> arguments = new java.util.LinkedHashMap<>();
        arguments.put("x", graph.input());
        arguments.put("y", y);
        if (sampleWeights != null) {
            arguments.put(SAMPLE_WEIGHT, sampleWeights);
        }
        arguments.put("key", key);
        arguments.put("rows", rows);
        arguments.put("step", step);
        arguments.put("lr_factor", lrFactor);
        graph.params().forEach((name, p) -> arguments.put(PARAMS + name, p));
        state.forEach((name, s) -> arguments.put(OPTIMIZER + name, s));

        Map<String, Node> results = new java.util.LinkedHashMap<>();
        Map<String, Node> projected = constrained(update.params(), graph.specs());
        graph.params().forEach((name, p) -> results.put(PARAMS + name, projected.containsKey(name)
                ? projected.get(name) : graph.stateUpdates().getOrDefault(name, p)));
        update.state().forEach((name, s) -> results.put(OPTIMIZER + name, s));
        results.put("loss", j);
        for (Metric metric : metrics) {
            try (Provenance.Scope label = Provenance.label("metric '" + metric.name() + "'")) {
                List<Node> outputs = OutputMetric.outputs(metric, y, graph, sampleWeights);
                results.put(METRICS + metric.name(), outputs.get(0));
                if (outputs.size() > 1) {
                    results.put(COUNTS + metric.name(), outputs.get(1));
                }
            }
        }
        return new TrainStep(NamedFunction.of(arguments, results), List.copyOf(graph.params().keySet()),
                List.copyOf(state.keySet()), List.copyOf(metrics), dtype, sampleWeights != null);
    }

    /**
     * The optimizer's update of the trainable parameters from their gradients, with the learning rate scaled by
     * {@code lrFactor}; puts the input nodes of the optimizer's state into {@code state} (by
     * {@code parameter/slot}).
     */
    static Update optimizerUpdate(Optimizer base, Map<String, Node> grads, Map<String, Node> trainable, Node step,
            Node lrFactor, Map<String, Node> state) {
        Optimizer optimizer = base.withLearningRate(new Schedule.Scaled(base.learningRate(), lrFactor));
        trainable.forEach((name, p) -> optimizer.slots().forEach(slot -> state.put(
                Optimizer.stateName(name, slot), SourceOp.input("opt/" + name + "/" + slot, p.shape(), p.dtype()))));
        try (Provenance.Scope label = Provenance.label("the optimizer update (" + base.getClass().getSimpleName()
                + ")")) {
            return optimizer.update(grads, state, trainable, step);
        }
    }

    /**
     * The updated trainable parameters with each parameter's constraint projected onto its new value,
     * {@code w' = P(update(w, g))} (Keras applies a variable's constraint after every optimizer step); parameters
     * without a constraint keep the optimizer's node.
     *
     * @param updated the optimizer's new parameters by name
     * @param specs every parameter's spec by name
     */
    static Map<String, Node> constrained(Map<String, Node> updated, Map<String, ParamSpec> specs) {
        Map<String, Node> projected = new java.util.LinkedHashMap<>();
        updated.forEach((name, w) -> {
            ParamSpec spec = specs.get(name);
            if (spec == null || spec.constraint().isEmpty()) {
                projected.put(name, w);
                return;
            }
            try (Provenance.Scope label = Provenance.label("the constraint " + spec.constraint().get().name()
                    + " of '" + name + "'")) {
                projected.put(name, spec.constraint().get().project(w));
            }
        });
        return projected;
    }

    /** The input node of the examples' indices, {@code [N]} in float64 (exact for indices below 2^53). */
    static Node rowsInput(Shape inputShape) {
        return SourceOp.input("rows", Shape.of(inputShape.dim(0)), DType.FLOAT64);
    }

    /** The indices as the rows input's value. */
    static Tensor rowsTensor(int[] rows) {
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = rows[i];
        }
        return Tensor.of(Shape.of(rows.length), values);
    }

    /** {@code 0, 1, ..., n - 1}. */
    static int[] positions(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }

    /** The compiled function, to inspect or print its graph. */
    public Function function() {
        return function.function();
    }

    /**
     * Donates {@code spent}, a state returned by one of this step's last two calls, to the next call: the
     * caller promises that nothing holds {@code spent} or its tensors any more (as {@code fit} knows when no
     * one asked the model for its state in between), and the next step writes its new weights and optimizer
     * state into their arrays ({@link Function#reclaim}). Tensors {@code spent} shares with {@code kept} (a
     * frozen weight passed through unchanged) stay untouched.
     */
    public void reclaim(ModelState spent, ModelState kept) {
        Objects.requireNonNull(spent,
                "TrainStep.reclaim: spent is null (expected the state one of the last two steps returned)");
        Objects.requireNonNull(kept, "TrainStep.reclaim: kept is null (expected the state that replaces spent)");
        List<Tensor> live = new ArrayList<>();
        kept.params().values().forEach(live::add);
        kept.optimizer().values().forEach(live::add);
        List<Tensor> dead = new ArrayList<>();
        spent.params().values().forEach(t -> addUnlessLive(t, live, dead));
        spent.optimizer().values().forEach(t -> addUnlessLive(t, live, dead));
        function.function().reclaim(dead);
    }

    private static void addUnlessLive(Tensor t, List<Tensor> live, List<Tensor> dead) {
        if (!BufferPool.sharesArray(t, live)) {
            dead.add(t);
        }
    }

    /**
     * One step: new parameters and optimizer state from a batch, whose examples are numbered by their position
     * in it ({@code 0 .. rows - 1}) for per-example randomness. Data of another dtype (float64 or integer
     * arrays for a float32 step) is cast to the step's, as {@code fit} casts it; a value the step's dtype does
     * not hold (an integer it rounds, a float64 beyond float32's range) is refused, as by {@code fit}.
     *
     * @param key the random key of this step (drives dropout): a distinct key per step, e.g. {@code Key.of(step)} or
     *     {@code root.fold(step)}; equal keys draw equal masks
     * @param lrFactor a multiplier of the optimizer's learning rate (1 unless a callback lowered it)
     * @throws IllegalArgumentException naming the parameter or optimizer slot the state lacks or has extra, or
     *     the array, row and column of a value the step's dtype does not hold
     */
    public Result apply(ModelState state, Tensor x, Tensor y, Key key, double lrFactor) {
        Objects.requireNonNull(x, "x is null");
        return apply(state, x, y, positions(x.shape().dim(0)), key, lrFactor);
    }

    /**
     * One step on a batch whose examples have the indices {@code rows} in the training data: an example's
     * dropout mask is drawn from {@code key} and its index, as {@code fit} draws it.
     *
     * @param rows one index per row of {@code x}
     * @throws IllegalArgumentException naming the parameter or optimizer slot the state lacks or has extra
     */
    public Result apply(ModelState state, Tensor x, Tensor y, int[] rows, Key key, double lrFactor) {
        if (weighted) {
            throw new IllegalStateException("train step: built for sample weights, call apply(state, x, y,"
                    + " sampleWeights, key, lrFactor)");
        }
        return call(state, x, y, null, rows, key, lrFactor);
    }

    /**
     * One step with a weight per row ({@code [rows]}, cast to the step's dtype as x and y are), for a step built
     * with sample weights; the examples are numbered by their position in the batch.
     */
    public Result apply(ModelState state, Tensor x, Tensor y, Tensor sampleWeights, Key key, double lrFactor) {
        Objects.requireNonNull(x, "x is null");
        return apply(state, x, y, sampleWeights, positions(x.shape().dim(0)), key, lrFactor);
    }

    /**
     * One step with a weight per row, for a step built with sample weights, on examples with the indices
     * {@code rows} in the training data.
     */
    public Result apply(ModelState state, Tensor x, Tensor y, Tensor sampleWeights, int[] rows, Key key,
            double lrFactor) {
        Objects.requireNonNull(sampleWeights, "sampleWeights is null");
        if (!weighted) {
            throw new IllegalStateException("train step: built without sample weights, call apply(state, x, y, key,"
                    + " lrFactor) or build it weighted");
        }
        return call(state, x, y, sampleWeights, rows, key, lrFactor);
    }

    private Result call(ModelState state, Tensor x, Tensor y, Tensor sampleWeights, int[] rows, Key key,
            double lrFactor) {
        Objects.requireNonNull(state, "state is null");
        Objects.requireNonNull(rows, "rows is null");
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(y, "y is null");
        Map<String, Tensor> args = new java.util.HashMap<>();
        // cast as fit casts, refusing a value the step's dtype would round or overflow
        args.put("x", Batches.cast(x, dtype, "train step", "x"));
        args.put("y", Batches.cast(y, dtype, "train step", "y"));
        args.put("rows", rowsTensor(rows));
        if (sampleWeights != null) {
            args.put(SAMPLE_WEIGHT, Batches.cast(sampleWeights, dtype, "train step", "sampleWeights"));
        }
        args.put("key", Tensor.scalar(RandomOp.keyValue(key)));
        args.put("step", Tensor.scalar(dtype, state.step() + 1));
        args.put("lr_factor", Tensor.scalar(dtype, lrFactor));
        state.params().forEach(p -> args.put(PARAMS + p._1, p._2));
        state.optimizer().forEach(s -> args.put(OPTIMIZER + s._1, s._2));
        if (state.params().size() != paramNames.size() || state.optimizer().size() != slotNames.size()) {
            throw new IllegalArgumentException("train step: the state must hold the parameters " + paramNames
                    + " and the optimizer state " + slotNames + ", got " + state.params().keySet().toJavaList()
                    + " and " + state.optimizer().keySet().toJavaList());
        }
        Map<String, Tensor> out = function.call(args);
        LinkedHashMap<String, Tensor> params = LinkedHashMap.empty();
        for (String name : paramNames) {
            params = params.put(name, out.get(PARAMS + name));
        }
        LinkedHashMap<String, Tensor> optimizer = LinkedHashMap.empty();
        for (String name : slotNames) {
            optimizer = optimizer.put(name, out.get(OPTIMIZER + name));
        }
        Map<String, Double> values = new java.util.LinkedHashMap<>();
        Map<String, Tensor> counts = new java.util.LinkedHashMap<>();
        for (Metric m : metrics) {
            values.put(m.name(), out.get(METRICS + m.name()).item());
            if (out.containsKey(COUNTS + m.name())) {
                counts.put(m.name(), out.get(COUNTS + m.name()));
            }
        }
        return new Result(new ModelState(params, optimizer, state.step() + 1), out.get("loss").item(), values,
                counts);
    }
}
