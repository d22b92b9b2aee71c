package dev.adjoint.nn.model;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.metric.CountingMetric;
import dev.adjoint.nn.metric.LossMetric;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.optim.Optimizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model whose layers form any graph, not only a stack, as Keras's functional API: skip connections,
 * shared layers, branches that merge.
 *
 * <pre>{@code
 * Dense hidden = Dense.of(32, new Tanh());
 * Functional model = new Functional(Shape.of(8), DType.FLOAT64, 1, (x, layers) -> {
 *     Node h = layers.apply(hidden, x);
 *     Node g = layers.apply(Dense.of(32, new Relu()), h);
 *     return layers.apply(Dense.of(1), h.add(g));      // a residual connection
 * });
 * }</pre>
 *
 * <h2>Several inputs and outputs</h2>
 * Built from named {@link Input}s and output names, a model takes a list (or a map by name) of arrays and
 * gives one array per output, as Keras's {@code Model(inputs=[...], outputs=[...])}. It is compiled with a
 * loss per output and loss weights ({@link MultiOutputLoss}: the objective is {@code Σ_k w_k L_k}) and
 * metrics per output ({@link OutputMetric}); {@code fit} and {@code evaluate} report Keras 3's keys
 * {@code loss}, {@code <output>_loss} (unweighted) and {@code <output>_<metric>} (a model of one named output
 * reports {@code loss} and {@code <metric>}, as Keras 3 names the keys of one output):
 *
 * <pre>{@code
 * Functional model = new Functional(List.of(Functional.Input.of("image", 28, 28), Functional.Input.of("meta", 3)),
 *         List.of("class", "score"), DType.FLOAT32, 0, (in, layers) -> {
 *     Node h = MovementOp.concat(1, layers.apply(Flatten.of(), in.get(0)), in.get(1));
 *     return List.of(layers.apply(Dense.of(10), h), layers.apply(Dense.of(1), h));
 * });
 * model.compile(Adam.defaults(),
 *         Map.of("class", new SparseCategoricalCrossEntropy(true), "score", new MeanSquaredError()),
 *         Map.of("class", 1.0, "score", 0.5), Map.of("class", List.of(new SparseCategoricalAccuracy())));
 * History h = model.fit(List.of(images, meta), List.of(labels, scores), FitOptions.defaults());
 * }</pre>
 *
 * The training loop sees one array: the inputs side by side as the columns of one matrix, likewise the
 * outputs and the targets ({@link PackedColumns}); so shuffling, batching, validation splits, sample weights,
 * callbacks and model files work unchanged. A validation set given to {@link FitOptions#validationData} is
 * packed with {@link #packInputs} and {@link #packTargets}. Every input is carried in the model's dtype and
 * cast to its own inside the graph (integer indices are exact up to {@code 2^24} in float32); a value the
 * model's dtype does not hold exactly (an integer beyond that, a float64 beyond float32's range) is refused,
 * naming the input and the row and column within it, as a model of one input refuses it. An input of integer
 * dtype takes whole numbers in its dtype's range only: 1.5, NaN or 2^31 given to an {@code INT32} input is
 * refused the same way, not truncated or wrapped by the cast; an input of dtype {@code BOOL} takes a bool tensor
 * or the numbers 0 and 1 only (0.5, 2 or NaN would otherwise become true).
 */
public final class Functional extends Model {

    /** The hint of a refused set of loss weights. */
    private static final String NO_LOSS_WEIGHTS = "pass null for weights of 1";

    private final Architecture architecture;
    private final List<Input> inputs;
    private final PackedColumns inputColumns;
    private final PackedColumns outputColumns;

    /**
     * A named input of a model with several inputs.
     *
     * @param name distinct among the model's inputs
     * @param features the shape of one example, without the batch axis
     * @param dtype the input's dtype inside the graph, or null for the model's
     */
    public record Input(String name, Shape features, DType dtype) {

        /** Checks the name and a concrete shape. */
        public Input {
            Objects.requireNonNull(name, "Functional.Input: name is null");
            Objects.requireNonNull(features, "Functional.Input: features is null");
            if (!features.isConcrete()) {
                throw new IllegalArgumentException("Functional: input '" + name + "' must have concrete features"
                        + " (the batch axis is added), got " + features);
            }
        }

        /** An input of the model's dtype with features {@code dims}. */
        public static Input of(String name, int... dims) {
            return new Input(name, Shape.of(dims), null);
        }
    }

    /**
     * @param inputFeatures the shape of one example, without the batch axis
     * @param dtype the dtype of weights and computation
     * @param seed drives weight initialization
     * @param architecture applies the layers
     * @throws IllegalArgumentException when the output is not {@code dtype[N, ...]} (batch axis first, the
     *     model's dtype), naming it {@code 'output'}, or depends on an input node other than the one the
     *     architecture receives (named {@code x})
     */
    public Functional(Shape inputFeatures, DType dtype, long seed, Architecture architecture) {
        super(inputFeatures, dtype, seed);
        this.architecture = Objects.requireNonNull(architecture, "Functional: architecture is null");
        this.inputs = null;
        this.inputColumns = null;
        this.outputColumns = null;
        ForwardGraph graph = inference(); // builds the graph once, so that a faulty architecture fails here
        requireBatchedOutput(graph.output(), "output", dtype);
        requireConnected(graph, List.of("x"));
    }

    /**
     * A model with several named inputs and outputs.
     *
     * @param inputs the inputs, in the order the architecture receives them
     * @param outputs the outputs' names, in the order the architecture returns them
     * @param dtype the dtype of weights and computation
     * @param seed drives weight initialization
     * @param architecture applies the layers
     * @throws IllegalArgumentException when names repeat, or the architecture does not return one node per
     *     output, each with the batch axis first and in the model's dtype, or an output depends on an input
     *     node other than the ones the architecture receives
     */
    public Functional(List<Input> inputs, List<String> outputs, DType dtype, long seed,
            MultiArchitecture architecture) {
        this(columns(inputs), inputs, outputColumns(inputs, outputs, dtype, architecture), dtype, seed,
                architecture);
    }

    private Functional(PackedColumns in, List<Input> inputs, PackedColumns out, DType dtype, long seed,
            MultiArchitecture architecture) {
        super(Shape.of(in.width()), dtype, seed);
        this.inputs = List.copyOf(inputs);
        this.inputColumns = in;
        this.outputColumns = out;
        this.architecture = packed(this.inputs, in, out.names(), dtype, architecture, new ArrayList<>());
        requireConnected(inference(), in.names());
    }

    private static PackedColumns columns(List<Input> inputs) {
        Objects.requireNonNull(inputs, "Functional: inputs is null");
        List<String> names = new ArrayList<>();
        List<List<Integer>> features = new ArrayList<>();
        for (Input in : inputs) {
            Objects.requireNonNull(in, "Functional: an input is null");
            names.add(in.name());
            features.add(java.util.Arrays.stream(in.features().dims()).boxed().toList());
        }
        return new PackedColumns(names, features);
    }

    /** Builds the architecture once to learn the outputs' shapes. */
    private static PackedColumns outputColumns(List<Input> inputs, List<String> outputs, DType dtype,
            MultiArchitecture architecture) {
        Objects.requireNonNull(outputs, "Functional: outputs is null");
        Objects.requireNonNull(architecture, "Functional: architecture is null");
        PackedColumns in = columns(inputs);
        List<Shape> seen = new ArrayList<>();
        ForwardGraph.build(packed(inputs, in, outputs, dtype, architecture, seen), Shape.of(Shape.BATCH, in.width()),
                dtype, false, null);
        return new PackedColumns(outputs, seen.stream().map(PackedColumns::features).toList());
    }

    /**
     * The one-array architecture: slices the packed input into the named inputs, applies the user's
     * architecture and packs its outputs (recording their shapes in {@code seen}).
     */
    private static Architecture packed(List<Input> inputs, PackedColumns in, List<String> outputs, DType dtype,
            MultiArchitecture architecture, List<Shape> seen) {
        return (x, layers) -> {
            List<Node> xs = new ArrayList<>();
            for (int k = 0; k < in.count(); k++) {
                DType own = inputs.get(k).dtype();
                Node xk = in.slice(x, k);
                xs.add(own == null || own == dtype ? xk : xk.cast(own));
            }
            List<Node> ys = Objects.requireNonNull(architecture.build(Collections.unmodifiableList(xs), layers),
                    "Functional: the architecture returned null");
            if (ys.size() != outputs.size()) {
                throw new IllegalArgumentException("Functional: the architecture must return one node per output "
                        + outputs + ", got " + ys.size() + " nodes");
            }
            seen.clear();
            for (int k = 0; k < ys.size(); k++) {
                Node y = Objects.requireNonNull(ys.get(k), "Functional: output '" + outputs.get(k) + "' is null");
                requireBatchedOutput(y, outputs.get(k), dtype);
                seen.add(y.shape());
            }
            ForwardGraph.markOutputs(layers, ys);
            return new PackedColumns(outputs, seen.stream().map(PackedColumns::features).toList()).pack(ys);
        };
    }

    /**
     * Checks that output {@code name} has one row per example and the model's dtype, {@code dtype[N, ...]}, as
     * {@code predict} and the losses read it: an output reduced over the batch axis ({@code x.sum(true, 0)}),
     * a constant, a scalar, or a cast to another dtype is refused when the model is built.
     *
     * @throws IllegalArgumentException naming the output, the type expected and the type got
     */
    private static void requireBatchedOutput(Node y, String name, DType dtype) {
        if (y.rank() < 1 || y.shape().dim(0) != Shape.BATCH || y.dtype() != dtype) {
            throw new IllegalArgumentException("Functional: output '" + name + "' must be " + dtype.shortName()
                    + "[N, ...] (batch axis first, the model's dtype), got " + y.describe());
        }
    }

    /**
     * Checks that the outputs, the activity losses and the output masks are computed from the model's input and its
     * layers' parameters alone, as Keras refuses a graph disconnected from its inputs: an input node the architecture
     * made itself ({@code SourceOp.input(...)}) would only be found missing at {@code predict} or {@code fit}.
     * The traversal is {@link Graphs#inputs}, iterative.
     *
     * @param declared the model's inputs as the message names them
     * @throws IllegalArgumentException naming the stray inputs and the model's inputs
     */
    private static void requireConnected(ForwardGraph graph, List<String> declared) {
        requireConnected(graph, List.of(graph.output()), "the outputs depend on", declared);
        requireConnected(graph, graph.activityLosses(), "the activity losses of its layers depend on", declared);
        List<Node> masks = new ArrayList<>(graph.outputMasks().values());
        if (graph.outputMask() != null) {
            masks.add(graph.outputMask());
        }
        requireConnected(graph, masks, "the output masks depend on", declared);
    }

    private static void requireConnected(ForwardGraph graph, List<Node> roots, String what, List<String> declared) {
        java.util.Set<Node> known = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        known.add(graph.input());
        known.addAll(graph.params().values());
        List<String> stray = new ArrayList<>();
        for (Node input : Graphs.inputs(roots)) {
            if (!known.contains(input)) {
                stray.add("'" + SourceOp.inputName(input) + "' : " + input.type());
            }
        }
        if (!stray.isEmpty()) {
            throw new IllegalArgumentException("Functional: " + what + (stray.size() == 1 ? " input " : " inputs ")
                    + String.join(", ", stray) + ", which " + (stray.size() == 1 ? "is not one of" : "are not among")
                    + " the model's inputs " + declared + "; build the outputs from the inputs the architecture"
                    + " receives");
        }
    }

    @Override
    protected Architecture architecture() {
        return architecture;
    }

    /** The named inputs of a model built from several, empty for a model of one input. */
    public java.util.Optional<List<Input>> inputs() {
        return java.util.Optional.ofNullable(inputs);
    }

    /** The inputs' names, in order ({@code [input]} for a model of one input). */
    public List<String> inputNames() {
        return inputColumns == null ? List.of("input") : inputColumns.names();
    }

    /** The outputs' names, in order ({@code [output]} for a model of one output). */
    public List<String> outputNames() {
        return outputColumns == null ? List.of("output") : outputColumns.names();
    }

    /** The outputs' shapes with the batch axis, in order. */
    public List<Shape> outputShapes() {
        if (outputColumns == null) {
            return List.of(outputShape());
        }
        List<Shape> shapes = new ArrayList<>();
        for (int k = 0; k < outputColumns.count(); k++) {
            shapes.add(outputColumns.shape(k));
        }
        return shapes;
    }

    // ------------------------------------------------------------------ several outputs: compile

    /**
     * Compiles a model with several outputs: one loss per output (in output order), the objective
     * {@code Σ_k w_k L_k}, and metrics per output name, reported as {@code <output>_<metric>} beside each
     * output's unweighted loss {@code <output>_loss}; with one output, as {@code <metric>} beside {@code loss}
     * alone (Keras 3's keys).
     *
     * @param lossWeights one weight per output, or null for weights of 1
     * @param metrics metrics by output name (outputs left out get none)
     * @return this model
     * @throws IllegalArgumentException when a count or a name does not match the outputs, naming it
     * @throws IllegalStateException while a {@code fit} of this model is running; nothing is changed
     */
    public Functional compile(Optimizer optimizer, List<Loss> losses, List<Double> lossWeights,
            Map<String, List<Metric>> metrics) {
        requireSeveral("compile");
        Objects.requireNonNull(losses, "compile: losses is null");
        if (losses.size() != outputColumns.count()
                || lossWeights != null && lossWeights.size() != outputColumns.count()) {
            throw new IllegalArgumentException("compile: one loss and one loss weight per output " + outputNames()
                    + ", got " + losses.size() + " losses and " + (lossWeights == null ? "no" : lossWeights.size())
                    + " weights" + (lossWeights == null || lossWeights.size() == outputColumns.count() ? ""
                    : "; " + NO_LOSS_WEIGHTS));
        }
        List<Double> weights = lossWeights == null ? Collections.nCopies(losses.size(), 1.0) : lossWeights;
        Map<String, List<Metric>> byOutput = metrics == null ? Map.of() : metrics;
        checkNames("compile: metrics", byOutput.keySet());
        List<List<Integer>> targets = new ArrayList<>();
        for (int k = 0; k < losses.size(); k++) {
            Loss loss = Objects.requireNonNull(losses.get(k), "compile: the loss of output '" + outputNames().get(k)
                    + "' is null");
            targets.add(targetFeatures(loss, outputColumns.features().get(k)));
        }
        PackedColumns targetColumns = new PackedColumns(outputNames(), targets);
        MultiOutputLoss loss = new MultiOutputLoss(outputColumns, targetColumns, losses, weights);
        List<Metric> reported = new ArrayList<>();
        boolean several = losses.size() > 1; // Keras 3 names by output only when there are several
        for (int k = 0; k < losses.size(); k++) {
            String name = outputNames().get(k);
            if (several) {
                reported.add(new OutputMetric(name + "_loss", outputColumns, targetColumns, k,
                        new LossMetric(losses.get(k))));
            }
            List<Metric> own = Metrics.resolvedFor(byOutput.getOrDefault(name, List.of()), losses.get(k),
                    outputColumns.shape(k), dtype(), several ? name : null);
            for (Metric m : own) {
                String key = several ? name + "_" + m.name() : m.name();
                reported.add(m instanceof CountingMetric
                        ? new OutputCountingMetric(key, outputColumns, targetColumns, k, m)
                        : new OutputMetric(key, outputColumns, targetColumns, k, m));
            }
        }
        compile(new Compilation(optimizer, loss, reported));
        return this;
    }

    /**
     * Compiles a model with several outputs, losses, weights and metrics by output name, as Keras's
     * dictionaries.
     *
     * @param losses a loss for every output
     * @param lossWeights a weight for every output, or null for weights of 1
     * @param metrics metrics by output name (outputs left out get none), or null
     * @throws IllegalArgumentException when a name is missing or not an output, naming it
     */
    public Functional compile(Optimizer optimizer, Map<String, Loss> losses, Map<String, Double> lossWeights,
            Map<String, List<Metric>> metrics) {
        requireSeveral("compile");
        List<Loss> ordered = ordered(losses, "compile", "losses"); // a missing loss is named before the weights
        List<Double> weights = null;
        if (lossWeights != null) {
            try {
                weights = ordered(lossWeights, "compile", "loss weights");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + "; " + NO_LOSS_WEIGHTS, e);
            }
        }
        return compile(optimizer, ordered, weights, metrics);
    }

    /**
     * As {@link Model#compile(Compilation)}; for a model with several outputs a plain loss (and its metrics)
     * applies to every output with weight 1, as in Keras.
     */
    @Override
    public synchronized Model compile(Compilation newCompilation) {
        Objects.requireNonNull(newCompilation, "compilation is null");
        if (outputColumns == null || newCompilation.loss() instanceof MultiOutputLoss) {
            return super.compile(newCompilation);
        }
        Map<String, List<Metric>> metrics = new LinkedHashMap<>();
        outputNames().forEach(name -> metrics.put(name, newCompilation.metrics()));
        return compile(newCompilation.optimizer(), Collections.nCopies(outputColumns.count(), newCompilation.loss()),
                null, metrics);
    }

    /**
     * The targets' features for a loss on predictions of these features: a class label per example for the
     * sparse losses (the predictions without their class axis), else the predictions' features.
     */
    private static List<Integer> targetFeatures(Loss loss, List<Integer> predicted) {
        return loss instanceof dev.adjoint.nn.loss.SparseCategoricalCrossEntropy && !predicted.isEmpty()
                ? predicted.subList(0, predicted.size() - 1) : predicted;
    }

    // ------------------------------------------------------------------ several inputs and outputs: data

    /**
     * Trains on one array per input and one per output, in order (see {@link Model#fit}); sample weights
     * weight every output's loss alike. Each array is checked as {@code fit} checks one, the message naming the
     * input or output and the row and column within it; targets may have or lack a trailing axis of size 1, as
     * for one array (Keras's sparse labels {@code [N, 1]}).
     *
     * @throws IllegalArgumentException for class weights, which need the labels of one output; for an array
     *     of the wrong shape or rows, or holding a value that is not finite or not exact in the model's dtype,
     *     or, for an input of integer dtype, not a whole number in that dtype's range, for a bool input, not 0
     *     or 1
     */
    public History fit(List<Tensor> x, List<Tensor> y, FitOptions options) {
        Objects.requireNonNull(options, "fit: options is null");
        if (options.classWeights() != null) {
            throw new IllegalArgumentException("fit: classWeights need the labels of one output, got a model of"
                    + " outputs " + outputNames() + "; weight the rows with sampleWeights");
        }
        Tensor packedX = packInputs(x, "fit");
        Tensor packedY = packTargets(y, "fit");
        // before fit checks the packed arrays, whose columns are not the ones the caller passed
        for (int k = 0; k < x.size(); k++) {
            Batches.checkFinite(x.get(k), "fit", "input '" + inputNames().get(k) + "'", Batches.MISSING_HINT);
        }
        for (int k = 0; k < y.size(); k++) {
            Batches.checkFinite(y.get(k), "fit", "target '" + outputNames().get(k) + "'");
        }
        return fit(packedX, packedY, options);
    }

    /** Trains on arrays by input and output name (see {@link Model#fit}). */
    public History fit(Map<String, Tensor> x, Map<String, Tensor> y, FitOptions options) {
        return fit(inputList(x, "fit"), targetList(y, "fit"), options);
    }

    /**
     * {@code loss}, {@code <output>_loss} and {@code <output>_<metric>} (for one output {@code loss} and
     * {@code <metric>}) on the arrays, in inference mode.
     */
    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y) {
        return evaluate(packInputs(x, "evaluate"), packTargets(y, "evaluate"));
    }

    /** As {@link #evaluate(List, List)}, {@code batchSize} rows at a time. */
    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, int batchSize) {
        return evaluate(packInputs(x, "evaluate"), packTargets(y, "evaluate"), batchSize);
    }

    /**
     * As {@link #evaluate(List, List)}, each row's loss weighted by {@code sampleWeights} ({@code [rows]}, see
     * {@link Model#evaluate(Tensor, Tensor, Tensor, int)}), {@code batchSize} rows at a time.
     */
    public Map<String, Double> evaluate(List<Tensor> x, List<Tensor> y, Tensor sampleWeights, int batchSize) {
        return evaluate(packInputs(x, "evaluate"), packTargets(y, "evaluate"), sampleWeights, batchSize);
    }

    /** As {@link #evaluate(List, List)}, the arrays by name. */
    public Map<String, Double> evaluate(Map<String, Tensor> x, Map<String, Tensor> y) {
        return evaluate(inputList(x, "evaluate"), targetList(y, "evaluate"));
    }

    /** As {@link #evaluate(List, List, int)}, the arrays by name. */
    public Map<String, Double> evaluate(Map<String, Tensor> x, Map<String, Tensor> y, int batchSize) {
        return evaluate(inputList(x, "evaluate"), targetList(y, "evaluate"), batchSize);
    }

    /** One array per output, in order, for one array per input, in inference mode. */
    public List<Tensor> predict(List<Tensor> x) {
        return outputColumns.unpack(predict(packInputs(x, "predict")));
    }

    /** As {@link #predict(List)}, {@code batchSize} rows at a time. */
    public List<Tensor> predict(List<Tensor> x, int batchSize) {
        return outputColumns.unpack(predict(packInputs(x, "predict"), batchSize));
    }

    /** The outputs by name for the inputs by name. */
    public Map<String, Tensor> predict(Map<String, Tensor> x) {
        List<Tensor> outputs = predict(inputList(x, "predict"));
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (int k = 0; k < outputs.size(); k++) {
            byName.put(outputNames().get(k), outputs.get(k));
        }
        return Collections.unmodifiableMap(byName);
    }

    /** The inputs as the one array the training loop sees (e.g. for {@link FitOptions#validationData}). */
    public Tensor packInputs(List<Tensor> x) {
        return packInputs(x, "packInputs");
    }

    /** The targets as the one array the compiled loss sees (e.g. for {@link FitOptions#validationData}). */
    public Tensor packTargets(List<Tensor> y) {
        return packTargets(y, "packTargets");
    }

    private Tensor packInputs(List<Tensor> x, String op) {
        requireSeveral(op);
        Tensor packed = inputColumns.pack(x, dtype(), op, "input"); // checks the count, the shapes, the cast
        for (int k = 0; k < inputs.size(); k++) {
            DType own = inputs.get(k).dtype();
            if (own != null && own.isInteger()) { // the graph casts the carried values to it, truncating
                Batches.checkWhole(x.get(k), own, dtype(), op, "input '" + inputs.get(k).name() + "'");
            } else if (own == DType.BOOL) { // the graph's cast is x != 0: 0.5 would be true
                Batches.checkTruthValues(x.get(k), op, "input '" + inputs.get(k).name() + "'");
            }
        }
        return packed;
    }

    private Tensor packTargets(List<Tensor> y, String op) {
        requireSeveral(op);
        return ((MultiOutputLoss) compilation().loss()).targets().packTargets(y, dtype(), op);
    }

    private List<Tensor> inputList(Map<String, Tensor> x, String op) {
        requireSeveral(op);
        return ordered(x, op, "inputs", inputNames());
    }

    private List<Tensor> targetList(Map<String, Tensor> y, String op) {
        requireSeveral(op);
        return ordered(y, op, "targets", outputNames());
    }

    private <T> List<T> ordered(Map<String, T> byName, String op, String what) {
        return ordered(byName, op, what, outputNames());
    }

    private static <T> List<T> ordered(Map<String, T> byName, String op, String what, List<String> names) {
        Objects.requireNonNull(byName, op + ": " + what + " is null");
        if (!byName.keySet().equals(new java.util.HashSet<>(names))) {
            throw new IllegalArgumentException(op + ": " + what + " must name exactly " + names + ", got "
                    + byName.keySet().stream().sorted().toList());
        }
        return names.stream().map(byName::get).toList();
    }

    private void checkNames(String what, java.util.Set<String> given) {
        for (String name : given) {
            if (!outputNames().contains(name)) {
                throw new IllegalArgumentException(what + " must be keyed by output names " + outputNames() + ", got '"
                        + name + "'");
            }
        }
    }

    private void requireSeveral(String op) {
        if (outputColumns == null) {
            throw new IllegalStateException(op + ": this model was built from one input and one output; use the"
                    + " one-array methods, or build it from named inputs and outputs");
        }
    }

    /** Keras's table, followed for a model of several inputs and outputs by their names and shapes. */
    @Override
    public String summary(boolean showTrainable) {
        String table = super.summary(showTrainable);
        if (outputColumns == null) {
            return table;
        }
        // the header's input is the packed one the layers see: say what it packs
        int end = table.indexOf('\n');
        StringBuilder sb = new StringBuilder(table.substring(0, end)).append(" packs the inputs below")
                .append(table.substring(end));
        sb.append("Inputs:");
        for (int k = 0; k < inputs.size(); k++) {
            DType own = inputs.get(k).dtype() == null ? dtype() : inputs.get(k).dtype();
            sb.append(k == 0 ? " " : ", ").append(inputs.get(k).name()).append(' ').append(own.shortName())
                    .append(inputColumns.shape(k));
        }
        sb.append("\nOutputs:");
        for (int k = 0; k < outputColumns.count(); k++) {
            sb.append(k == 0 ? " " : ", ").append(outputNames().get(k)).append(' ').append(outputColumns.shape(k));
        }
        return sb.append('\n').toString();
    }
}
