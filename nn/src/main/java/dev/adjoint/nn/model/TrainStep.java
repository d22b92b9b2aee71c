package dev.adjoint.nn.model;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Nodes;
import dev.adjoint.core.graph.Provenance;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.ParamUpdate;
import dev.adjoint.optim.Schedule;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole training step as ONE compiled pure function (principle 7):
 *
 * <pre>
 * (params, optimizer state, x, y, key, step, lrFactor) -> (params', optimizer state', loss, metrics)
 * </pre>
 *
 * <p>A step built for sample weights takes a weight per row as well, {@code w : [N]}, and minimizes the
 * weighted objective of {@link Objective#of(dev.adjoint.nn.loss.Loss, Node, Node, ForwardGraph)}; metrics stay
 * unweighted, as Keras's {@code metrics} (not {@code weighted_metrics}) are.
 *
 * <p>The graph holds the forward pass in training mode (dropout masks from {@code key}, batch statistics),
 * the objective (loss plus penalties), its gradient with respect to every trainable parameter, the
 * optimizer's update and the new values of non-trainable state (batch normalization's moving averages).
 * It is compiled once and called for every batch of any size; {@link #apply} maps a {@link ModelState} to the
 * next without touching the old one. Use it directly to write a training loop by hand.
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

    private final Function function;
    private final List<String> paramNames;
    private final List<String> trainable;
    private final List<String> slotNames;
    private final List<Metric> metrics;
    private final DType dtype;
    private final boolean weighted;

    private TrainStep(Function function, List<String> paramNames, List<String> trainable, List<String> slotNames,
            List<Metric> metrics, DType dtype, boolean weighted) {
        this.function = function;
        this.paramNames = paramNames;
        this.trainable = trainable;
        this.slotNames = slotNames;
        this.metrics = metrics;
        this.dtype = dtype;
        this.weighted = weighted;
    }

    /**
     * Builds and compiles the step, with anomaly detection when asked: the graph is then built while
     * recording creation sites ({@link Provenance#recordSites()}, nodes labelled by layer, objective,
     * gradient, optimizer update and metric) and compiled with {@link Function#withAnomalyDetection()}, so
     * {@link #apply} throws an {@link dev.adjoint.core.eval.AnomalyException} at the first NaN or infinity
     * computed anywhere in the step.
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation, boolean detectAnomalies) {
        return build(architecture, inputShape, targetShape, dtype, compilation, detectAnomalies, false);
    }

    /**
     * Builds and compiles the step, with anomaly detection when asked, taking sample weights when
     * {@code weighted} (then call {@link #apply(ModelState, Tensor, Tensor, Tensor, Key, double)}).
     *
     * @throws UnsupportedOperationException when weighted and the loss gives no per-example values
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation, boolean detectAnomalies, boolean weighted) {
        if (!detectAnomalies) {
            return compile(architecture, inputShape, targetShape, dtype, compilation, weighted);
        }
        try (Provenance.Scope sites = Provenance.recordSites()) {
            TrainStep step = compile(architecture, inputShape, targetShape, dtype, compilation, weighted);
            return new TrainStep(step.function.withAnomalyDetection(), step.paramNames, step.trainable,
                    step.slotNames, step.metrics, step.dtype, weighted);
        }
    }

    /**
     * Builds and compiles the step for a model's architecture.
     *
     * @param inputShape the input shape with the batch dimension, e.g. {@code [N, 64]}
     * @param targetShape the target shape with the batch dimension, e.g. {@code [N]} for sparse labels
     */
    public static TrainStep build(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation) {
        return compile(architecture, inputShape, targetShape, dtype, compilation, false);
    }

    private static TrainStep compile(Architecture architecture, Shape inputShape, Shape targetShape, DType dtype,
            Compilation compilation, boolean weighted) {
        Objects.requireNonNull(compilation, "compilation is null");
        Node key = Nodes.input("key", Shape.scalar(), DType.FLOAT64);
        Node step = Nodes.input("step", Shape.scalar(), dtype);
        Node lrFactor = Nodes.input("lr_factor", Shape.scalar(), dtype);
        ForwardGraph graph = ForwardGraph.build(architecture, inputShape, dtype, true, key);
        Node y = Nodes.input("y", targetShape, dtype);
        Node sampleWeights = weighted ? Nodes.input("sample_weight", Shape.of(Shape.BATCH), dtype) : null;
        Node objective;
        try (Provenance.Scope label = Provenance.label("the objective (loss '" + compilation.loss().name()
                + "' and penalties)")) {
            objective = weighted ? Objective.of(compilation.loss(), y, sampleWeights, graph)
                    : Objective.of(compilation.loss(), y, graph);
        }

        List<String> paramNames = new ArrayList<>(graph.params().keySet());
        List<String> trainable = graph.trainable();
        List<Node> trainableNodes = trainable.stream().map(graph.params()::get).toList();
        List<Node> grads;
        try (Provenance.Scope label = Provenance.label("the gradient of the objective")) {
            grads = Autodiff.grad(objective, trainableNodes, Autodiff.Strictness.ZEROS_FOR_UNUSED);
        }

        Optimizer base = compilation.optimizer();
        Optimizer optimizer = base.withLearningRate(new Schedule.Scaled(base.learningRate(), lrFactor));
        List<String> slots = optimizer.stateNames();
        List<Node> slotInputs = new ArrayList<>();
        List<List<Node>> states = new ArrayList<>();
        for (String name : trainable) {
            Node p = graph.params().get(name);
            List<Node> state = new ArrayList<>();
            for (String slot : slots) {
                Node s = Nodes.input("opt/" + name + "/" + slot, p.shape(), dtype);
                state.add(s);
                slotInputs.add(s);
            }
            states.add(state);
        }
        List<ParamUpdate> updates;
        try (Provenance.Scope label = Provenance.label("the optimizer update (" + base.getClass().getSimpleName()
                + ")")) {
            updates = optimizer.update(trainableNodes, grads, states, step);
        }

        List<Node> outputs = new ArrayList<>();
        int t = 0;
        for (String name : paramNames) {
            if (graph.specs().get(name).trainable()) {
                outputs.add(updates.get(t++).param());
            } else {
                outputs.add(graph.stateUpdates().getOrDefault(name, graph.params().get(name)));
            }
        }
        for (ParamUpdate update : updates) {
            outputs.addAll(update.state());
        }
        outputs.add(objective);
        for (Metric metric : compilation.metrics()) {
            try (Provenance.Scope label = Provenance.label("metric '" + metric.name() + "'")) {
                outputs.addAll(MetricTotals.outputs(metric, y, graph.output()));
            }
        }

        List<Node> inputs = new ArrayList<>(List.of(graph.input(), y));
        if (weighted) {
            inputs.add(sampleWeights);
        }
        inputs.addAll(List.of(key, step, lrFactor));
        inputs.addAll(graph.params().values());
        inputs.addAll(slotInputs);
        Function function = Function.of(inputs, outputs);
        return new TrainStep(function, paramNames, trainable, slots, compilation.metrics(), dtype, weighted);
    }

    /** The compiled function, to inspect or print its graph. */
    public Function function() {
        return function;
    }

    /**
     * One step: new parameters and optimizer state from a batch.
     *
     * @param key the random key of this step (drives dropout)
     * @param lrFactor a multiplier of the optimizer's learning rate (1 unless a callback lowered it)
     */
    public Result apply(ModelState state, Tensor x, Tensor y, Key key, double lrFactor) {
        if (weighted) {
            throw new IllegalStateException("train step: built for sample weights, call apply(state, x, y,"
                    + " sampleWeights, key, lrFactor)");
        }
        return call(state, x, y, null, key, lrFactor);
    }

    /**
     * One step with a weight per row ({@code [rows]}, in the step's dtype), for a step built with sample
     * weights.
     */
    public Result apply(ModelState state, Tensor x, Tensor y, Tensor sampleWeights, Key key, double lrFactor) {
        Objects.requireNonNull(sampleWeights, "sampleWeights is null");
        if (!weighted) {
            throw new IllegalStateException("train step: built without sample weights, call apply(state, x, y, key,"
                    + " lrFactor) or build it weighted");
        }
        return call(state, x, y, sampleWeights, key, lrFactor);
    }

    private Result call(ModelState state, Tensor x, Tensor y, Tensor sampleWeights, Key key, double lrFactor) {
        Objects.requireNonNull(state, "state is null");
        List<Tensor> args = new ArrayList<>();
        args.add(x);
        args.add(y);
        if (sampleWeights != null) {
            args.add(sampleWeights);
        }
        args.add(Tensor.scalar(RandomOp.keyValue(key)));
        args.add(Tensor.scalar(dtype, state.step() + 1));
        args.add(Tensor.scalar(dtype, lrFactor));
        for (String name : paramNames) {
            args.add(state.param(name));
        }
        for (String name : trainable) {
            io.vavr.collection.List<Tensor> slots = state.optimizer().get(name).getOrElseThrow(
                    () -> new IllegalArgumentException("train step: no optimizer state for '" + name + "'"));
            if (slots.size() != slotNames.size()) {
                throw new IllegalArgumentException("train step: optimizer state for '" + name + "' must have "
                        + slotNames.size() + " tensors " + slotNames + ", got " + slots.size());
            }
            slots.forEach(args::add);
        }
        List<Tensor> out = function.call(args);
        LinkedHashMap<String, Tensor> params = LinkedHashMap.empty();
        int i = 0;
        for (String name : paramNames) {
            params = params.put(name, out.get(i++));
        }
        LinkedHashMap<String, io.vavr.collection.List<Tensor>> optimizer = LinkedHashMap.empty();
        for (String name : trainable) {
            io.vavr.collection.List<Tensor> slots = io.vavr.collection.List.empty();
            for (int s = 0; s < slotNames.size(); s++) {
                slots = slots.append(out.get(i++));
            }
            optimizer = optimizer.put(name, slots);
        }
        double loss = out.get(i++).item();
        MetricTotals.Batch batch = MetricTotals.Batch.read(metrics, out, i);
        return new Result(new ModelState(params, optimizer, state.step() + 1), loss, batch.values(), batch.counts());
    }
}
