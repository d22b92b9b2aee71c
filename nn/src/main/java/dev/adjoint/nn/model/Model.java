package dev.adjoint.nn.model;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.ParamSpec;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.metric.Metric;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.nn.metric.Metrics;
import dev.adjoint.optim.Optimizer;
import io.vavr.collection.LinkedHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A trainable model with Keras's workflow: {@code compile}, {@code fit}, {@code evaluate}, {@code predict},
 * {@code summary}. Subclasses give the {@link Architecture}: {@link Sequential} (a stack of layers) and
 * {@link Functional} (any graph of layers).
 *
 * <p>A model is a small mutable shell around immutable values: its weights and optimizer state form one
 * {@link ModelState}, replaced (never modified) after every training step, so {@code predict} from another
 * thread always sees a consistent set of weights. Weights are initialized from the model's seed, the same
 * seed giving bit-identical weights. Models default to float32, like Keras's {@code floatx}; pass
 * {@link DType#FLOAT64} to the constructor for double precision.
 */
public abstract class Model {

    /** Rows per batch in {@code evaluate} and {@code predict} unless given. */
    public static final int DEFAULT_INFERENCE_BATCH = 256;

    private final Shape inputShape;
    private final DType dtype;
    private final long seed;
    private volatile ModelState state;
    /**
     * Whether {@link #state} may be held outside {@code fit}: false only while the state is the one {@code fit}
     * made with its last step ({@link #advance}) and no one has asked for it since, so that the next step may
     * recycle its arrays. Read and written under this model's lock.
     */
    private boolean stateShared = true;
    private volatile Compilation compilation;
    private volatile Cache cache = new Cache();
    /** The thread whose {@code fit} is running, or null. */
    private final AtomicReference<Thread> trainer = new AtomicReference<>();

    /** Functions compiled for the current architecture and compilation. */
    private static final class Cache {
        volatile ForwardGraph inference;
        volatile Function predict;
        volatile Keyed<Function> evaluate;
        volatile Keyed<Function> weightedEvaluate;
        volatile Keyed<TrainStep> trainStep;
        volatile Keyed<ShardedStep> shardedStep;
    }

    /**
     * A compiled function with what it was compiled for, published as one immutable value so that a
     * concurrent reader never pairs a function with another one's key.
     */
    private record Keyed<T>(List<Object> key, T value) {
    }

    /**
     * @param inputFeatures the shape of one example, without the batch axis (e.g. {@code [64]})
     * @param dtype the dtype of weights and computation
     * @param seed drives weight initialization
     */
    protected Model(Shape inputFeatures, DType dtype, long seed) {
        Objects.requireNonNull(inputFeatures, "model: inputFeatures is null");
        Objects.requireNonNull(dtype, "model: dtype is null");
        if (!dtype.isFloating()) {
            throw new IllegalArgumentException("model: dtype (of the weights and the computation) must be float32"
                    + " or float64, got " + dtype.shortName() + "; integer inputs (token ids, category indices) are"
                    + " passed as floats and read by Embedding or CategoryEncoding");
        }
        if (!inputFeatures.isConcrete()) {
            throw new IllegalArgumentException("model: input features must be concrete (the batch axis is added),"
                    + " got " + inputFeatures);
        }
        int[] dims = new int[inputFeatures.rank() + 1];
        dims[0] = Shape.BATCH;
        System.arraycopy(inputFeatures.dims(), 0, dims, 1, inputFeatures.rank());
        this.inputShape = Shape.of(dims);
        this.dtype = dtype;
        this.seed = seed;
    }

    /** How the model computes its output. */
    protected abstract Architecture architecture();

    /** Forgets compiled functions after the architecture changed; the graphs are rebuilt when next needed. */
    protected void architectureChanged() {
        cache = new Cache();
    }

    /** The input shape with the batch axis, {@code [N, ...]}. */
    public Shape inputShape() {
        return inputShape;
    }

    /** The dtype of weights and computation. */
    public DType dtype() {
        return dtype;
    }

    /** The seed weights are initialized from. */
    public long seed() {
        return seed;
    }

    /** The inference graph (built once per architecture). */
    public ForwardGraph inference() {
        Cache c = cache;
        if (c.inference == null) {
            c.inference = ForwardGraph.build(architecture(), inputShape, dtype, false, null);
        }
        return c.inference;
    }

    /** The output shape with the batch axis. */
    public Shape outputShape() {
        return inference().output().shape();
    }

    /** The layers in order, with output shapes and parameter counts. */
    public List<LayerInfo> layers() {
        return List.copyOf(inference().layers());
    }

    /** Number of scalar parameters, trainable and not. */
    public long parameterCount() {
        return inference().specs().values().stream().mapToLong(s -> s.shape().size()).sum();
    }

    /** Number of trainable scalar parameters. */
    public long trainableParameterCount() {
        return inference().specs().values().stream().filter(ParamSpec::trainable).mapToLong(s -> s.shape().size())
                .sum();
    }

    /** A table of layers, output shapes and parameter counts, like Keras's {@code summary()}: {@code summary(false)}.
     */
    public String summary() {
        return summary(false);
    }

    /**
     * A table of layers, output shapes and parameter counts, like Keras's {@code summary(show_trainable=...)}. With
     * {@code showTrainable} a last column "Trainable" says whether each layer is trainable, as Keras marks it:
     * {@code Y} for a layer with weights that is not frozen, {@code N} for a frozen one
     * ({@link dev.adjoint.nn.layer.Frozen}, Keras's {@code layer.trainable = False}), {@code -} for a layer without
     * weights. Under the table, {@code Total params} splits into {@code Trainable params} (the weights the optimizer
     * updates) and {@code Non-trainable params} (frozen weights and state such as batch normalization's moving
     * statistics), as Keras counts {@code trainable_weights} and {@code non_trainable_weights}.
     */
    public String summary(boolean showTrainable) {
        return Summary.of(this, showTrainable);
    }

    /**
     * One line: {@code Sequential f32[N, 64] -> [N, 10], layers dense, dropout, dense_1, 8,970 parameters,
     * compiled with Adam, sparse_categorical_crossentropy, metrics [sparse_categorical_accuracy]} (the
     * first eight layer names; {@link #summary()} gives the table).
     */
    @Override
    public String toString() {
        List<LayerInfo> all = layers();
        List<String> names = all.stream().limit(8).map(LayerInfo::name).collect(java.util.stream.Collectors
                .toCollection(ArrayList::new));
        if (all.size() > 8) {
            names.add("... " + (all.size() - 8) + " more");
        }
        Compilation c = compilation;
        return getClass().getSimpleName() + " " + dtype.shortName() + inputShape + " -> " + outputShape()
                + ", layers " + String.join(", ", names) + String.format(java.util.Locale.ROOT, ", %,d parameters",
                parameterCount()) + (c == null ? ", not compiled" : ", compiled with " + c.optimizer().description()
                + ", " + c.loss().name() + ", metrics " + c.metrics().stream().map(Metric::name).toList());
    }

    // ------------------------------------------------------------------ compile

    /**
     * Fixes optimizer, loss and metrics; resets the optimizer's state and step count (weights are kept).
     *
     * @return this model
     * @throws IllegalStateException while a {@code fit} of this model is running (e.g. called from one of its
     *     callbacks); nothing is changed
     */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        Objects.requireNonNull(metrics, "compile: metrics is null");
        return compile(new Compilation(optimizer, loss, Arrays.asList(metrics)));
    }

    /**
     * Fixes optimizer, loss and metrics; Keras's {@code "accuracy"} ({@link dev.adjoint.nn.metric.Accuracy}) is
     * resolved from the loss and the output shape here. A cross-entropy taking logits ({@code fromLogits = true})
     * after a final {@code Dense} or {@code Activation} layer with a softmax or sigmoid activation is logged as a
     * warning on the {@link System.Logger} {@code dev.adjoint.nn.model}, naming the layer, as Keras warns.
     *
     * @throws IllegalStateException while a {@code fit} of this model is running (e.g. called from one of its
     *     callbacks); nothing is changed
     */
    public synchronized Model compile(Compilation newCompilation) {
        Objects.requireNonNull(newCompilation, "compile: compilation is null");
        refuseDuringFit("compile", "it would replace the loss and optimizer the running fit compiled its step"
                + " with and reset the optimizer's state and step count under it");
        this.compilation = new Compilation(newCompilation.optimizer(), newCompilation.loss(),
                Metrics.resolvedFor(newCompilation.metrics(), newCompilation.loss(), outputShape(), dtype(),
                        null));
        ModelState current = state();
        state = new ModelState(current.params(), initialOptimizerState(current.params()), 0);
        stateShared = true;
        LogitsWarning.log(inference(), compilation.loss(), compilation.metrics());
        return this;
    }

    /** True once {@code compile} was called (then {@link #compilation()} does not throw). */
    public boolean isCompiled() {
        return compilation != null;
    }

    /** The compilation, or throws if the model is not compiled. */
    public Compilation compilation() {
        return compilation("model");
    }

    /**
     * The compilation {@code op} (fit, evaluate, trainStep, ...) needs.
     *
     * @throws IllegalStateException naming {@code op} if the model is not compiled
     */
    Compilation compilation(String op) {
        Compilation c = compilation;
        if (c == null) {
            throw new IllegalStateException(op + ": the model is not compiled; call compile(optimizer, loss, metrics)"
                    + " first");
        }
        return c;
    }

    // ------------------------------------------------------------------ state

    /** The current weights and optimizer state (initializing weights on first use). */
    public ModelState state() {
        synchronized (this) {
            ModelState s = stateForStep();
            stateShared = true;
            return s;
        }
    }

    /** {@link #state()} for {@code fit}'s next step, which does not count as handing the state out. */
    ModelState stateForStep() {
        ModelState s = state;
        if (s == null || s.params().size() != inference().specs().size()) {
            synchronized (this) {
                s = state;
                if (s == null || s.params().size() != inference().specs().size()) {
                    LinkedHashMap<String, Tensor> params = initialParams(s);
                    s = new ModelState(params, compilation == null ? LinkedHashMap.empty()
                            : initialOptimizerState(params), s == null ? 0 : s.step());
                    state = s;
                }
            }
        }
        return s;
    }

    /**
     * Replaces the weights named in {@code weights} (named as {@link #weights()} names them), keeping the other
     * weights, the optimizer state and the step count: {@code student.setWeights(teacher.weights())} copies a whole
     * model, a map of a few entries replaces those weights alone. As Keras's {@code set_weights}, a tensor of
     * another floating or an integer dtype is cast to a floating weight's dtype: float64 values given to a
     * float32 model are rounded to the nearest float32 (one beyond float32's range becomes an infinity of its
     * sign, as a cast does).
     *
     * @throws IllegalArgumentException naming the weight when a name is not one of this model's weights, a
     *     tensor is not of the weight's shape, or its dtype cannot be cast to the weight's (bool, or any other
     *     dtype for an integer weight); the model is then unchanged
     */
    public synchronized void setWeights(Map<String, Tensor> weights) {
        Objects.requireNonNull(weights, "setWeights: weights is null");
        ModelState current = state();
        LinkedHashMap<String, Tensor> params = current.params();
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            String name = Objects.requireNonNull(e.getKey(), "setWeights: a weight's name is null");
            Tensor value = Objects.requireNonNull(e.getValue(), "setWeights: weight '" + name + "' is null");
            if (!params.containsKey(name)) {
                throw new IllegalArgumentException("model: setWeights: '" + name + "' is not a weight of this model;"
                        + " its weights are " + params.keySet().toJavaList());
            }
            params = params.put(name, StateCheck.assignable(dtype, "model: setWeights: weight '" + name + "'",
                    inference().specs().get(name), value));
        }
        setState(new ModelState(params, current.optimizer(), current.step()));
    }

    /**
     * Replaces weights and optimizer state, e.g. from a checkpoint.
     *
     * @throws IllegalArgumentException naming the parameter when a name, shape or dtype does not match, or,
     *     for a compiled model, when a trainable parameter's optimizer state does not have one tensor of the
     *     parameter's type per slot of the optimizer; the model is then unchanged
     */
    public synchronized void setState(ModelState newState) {
        Objects.requireNonNull(newState, "setState: state is null");
        StateCheck.check(inference(), dtype, newState, compilation);
        state = newState;
        stateShared = true;
    }

    /**
     * {@code fit}'s step from {@code before} to {@code next}, checked as {@link #setState} checks a state; true
     * when {@code before} was still the model's state and no one had asked for it since {@code fit} got it: then
     * {@code fit} holds the only reference, and may donate its arrays to the next step.
     */
    synchronized boolean advance(ModelState before, ModelState next) {
        Objects.requireNonNull(next, "state is null");
        StateCheck.check(inference(), dtype, next, compilation);
        boolean unshared = state == before && !stateShared;
        state = next;
        stateShared = false;
        return unshared;
    }

    /**
     * Fixes optimizer, loss and metrics and continues from {@code state} (weights, optimizer state and step,
     * checked as {@link #setState} checks them), without initializing anything first: how a saved model is
     * restored.
     *
     * @return this model
     * @throws IllegalArgumentException as {@link #setState}; the model is then unchanged
     * @throws IllegalStateException while a {@code fit} of this model is running; nothing is changed
     */
    public synchronized Model compile(Compilation newCompilation, ModelState newState) {
        Objects.requireNonNull(newCompilation, "compile: compilation is null");
        Objects.requireNonNull(newState, "compile: state is null");
        refuseDuringFit("compile", "it would replace the loss and optimizer the running fit compiled its step"
                + " with");
        StateCheck.check(inference(), dtype, newState, newCompilation);
        this.compilation = newCompilation;
        this.state = newState;
        stateShared = true;
        return this;
    }

    /** The weights by name (an immutable copy of the map; tensors are immutable). */
    public Map<String, Tensor> weights() {
        return state().params().toJavaMap(java.util.LinkedHashMap::new, t -> t);
    }

    /**
     * The initial value of parameter {@code name}: its initializer's draw, which must be finite in the
     * parameter's dtype (a {@code Constant(1e300)} in a float32 model would be infinite).
     *
     * @throws IllegalArgumentException naming the parameter, its type and its initializer, when the initializer
     *     rejects the shape or draws a value the dtype cannot hold
     */
    private Tensor initialized(String name, ParamSpec spec, Key key) {
        DType type = spec.dtypeIn(dtype);
        String what = "model: parameter '" + name + "' : " + type.shortName() + spec.shape() + " initialized by "
                + spec.initializer();
        Tensor value;
        try {
            value = spec.initializer().initialize(key, spec.shape(), type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        if (type.isFloating()) {
            for (int i = 0; i < value.size(); i++) {
                if (!Double.isFinite(value.flat(i))) {
                    throw new IllegalArgumentException(what + ": the values must be finite in " + type.shortName()
                            + ", got " + value.flat(i) + " at element " + i);
                }
            }
        }
        return value;
    }

    private LinkedHashMap<String, Tensor> initialParams(ModelState previous) {
        LinkedHashMap<String, Tensor> params = LinkedHashMap.empty();
        Key root = Key.of(seed);
        int index = 0;
        for (Map.Entry<String, ParamSpec> e : inference().specs().entrySet()) {
            Tensor existing = previous == null ? null : previous.params().get(e.getKey()).getOrNull();
            ParamSpec spec = e.getValue();
            Tensor value = existing != null ? existing : initialized(e.getKey(), spec, root.fold(index));
            params = params.put(e.getKey(), value);
            index++;
        }
        return params;
    }

    private LinkedHashMap<String, Tensor> initialOptimizerState(LinkedHashMap<String, Tensor> params) {
        if (compilation == null) {
            return LinkedHashMap.empty();
        }
        Map<String, Tensor> trainable = new java.util.LinkedHashMap<>();
        inference().trainable().forEach(name -> trainable.put(name, params.get(name).get()));
        return LinkedHashMap.ofAll(compilation.optimizer().init(trainable));
    }

    // ------------------------------------------------------------------ training and inference

    /** The compiled training step for targets shaped like {@code y} (rows first). */
    public TrainStep trainStep(Shape targetShape) {
        return trainStep(targetShape, false);
    }

    /**
     * The compiled training step for targets shaped like {@code y} (rows first), with anomaly detection when
     * asked (see {@link TrainStep#build(Architecture, Shape, Shape, DType, Compilation, boolean)}).
     */
    public TrainStep trainStep(Shape targetShape, boolean detectAnomalies) {
        return trainStep(targetShape, detectAnomalies, false);
    }

    /**
     * The compiled training step for targets shaped like {@code y}, with anomaly detection when asked, taking
     * a weight per row when {@code weighted} (see {@link Objective#weighted}).
     */
    public TrainStep trainStep(Shape targetShape, boolean detectAnomalies, boolean weighted) {
        Compilation comp = compilation("trainStep");
        Cache c = cache;
        List<Object> key = List.of(targetShape, comp, detectAnomalies, weighted);
        Keyed<TrainStep> cached = c.trainStep;
        if (cached == null || !cached.key().equals(key)) {
            cached = new Keyed<>(key, TrainStep.build(architecture(), inputShape, targetShape, dtype, comp,
                    detectAnomalies, weighted));
            c.trainStep = cached;
        }
        return cached.value();
    }

    /**
     * The compiled training step split into shards (see {@link ShardedStep}) for targets shaped like
     * {@code y} (rows first).
     */
    public ShardedStep shardedStep(Shape targetShape) {
        Compilation comp = compilation("shardedStep");
        Cache c = cache;
        List<Object> key = List.of(targetShape, comp);
        Keyed<ShardedStep> cached = c.shardedStep;
        if (cached == null || !cached.key().equals(key)) {
            cached = new Keyed<>(key, ShardedStep.build(architecture(), inputShape, targetShape, dtype, comp));
            c.shardedStep = cached;
        }
        return cached.value();
    }

    /**
     * A training step minimizing {@code objective} (plus the layers' penalties) instead of the compiled loss,
     * with the compiled optimizer and metrics, for a hand-written loop: e.g. a physics-informed objective that
     * differentiates the prediction with respect to the input. Each call compiles a new step; keep it.
     *
     * @param targetShape the shape of the targets the objective sees, rows first (any placeholder works when
     *     the objective ignores them)
     */
    public TrainStep trainStep(Shape targetShape, Objective objective) {
        Compilation comp = compilation("trainStep");
        return TrainStep.build(architecture(), inputShape, targetShape, dtype, comp.optimizer(), objective,
                comp.metrics(), false);
    }

    /**
     * Trains the model; see {@link FitOptions} for Keras's arguments and their defaults. One model trains in
     * one {@code fit} at a time: a call while another is running (from another thread, or from a callback) is
     * refused, since both would replace the same weights step by step and silently lose each other's updates.
     * {@code predict}, {@code evaluate} and saving may run alongside; they see the weights of a completed step.
     *
     * @throws IllegalStateException when another {@code fit} of this model is running; nothing is changed
     */
    public History fit(Tensor x, Tensor y, FitOptions options) {
        return Fit.run(this, x, y, options);
    }

    /**
     * Trains the model on data that computes its own steps, e.g. on a cluster ({@code dev.adjoint.nn.spark}),
     * with the same options, callbacks and history as {@link #fit(Tensor, Tensor, FitOptions)}; validation
     * data, when given, is evaluated in this JVM ({@link FitOptions#validationData}; a validation split is
     * refused).
     *
     * @throws IllegalStateException when another {@code fit} of this model is running; nothing is changed
     */
    public History fit(TrainingData data, FitOptions options) {
        return Fit.run(this, data, options);
    }

    /**
     * Claims the model for the calling thread's {@code fit}. Synchronized with {@code compile} and
     * {@link Sequential#add}, which check for a running {@code fit} under this model's lock
     * ({@link #refuseDuringFit}), so that neither can slip in between the check and the claim.
     */
    synchronized void beginFit() {
        Thread self = Thread.currentThread();
        if (!trainer.compareAndSet(null, self)) {
            Thread other = trainer.get();
            throw new IllegalStateException("fit: one model trains in one fit call at a time, got a second call while "
                    + (other == self ? "this thread's fit is running (called from a callback?)"
                    : "thread '" + (other == null ? "?" : other.getName()) + "' is fitting it")
                    + "; wait for it to return, or train a copy (ModelFiles.save and load)");
        }
    }

    /** Releases the model after {@code fit}. */
    void endFit() {
        trainer.set(null);
    }

    /**
     * Refuses {@code call}, a change of what {@code fit} compiled its step for (the compilation, the
     * architecture), while a {@code fit} of this model is running, from a callback of that {@code fit} or from
     * another thread: the running loop would go on with the step it compiled, or fail in its next step on a
     * state of another shape. Callers hold this model's lock, as {@link #beginFit} does.
     *
     * @param call the refused call, for the message ({@code compile}, {@code add})
     * @param why what the call would do to the running {@code fit}, for the message
     * @throws IllegalStateException when a {@code fit} of this model is running; nothing is changed
     */
    void refuseDuringFit(String call, String why) {
        Thread other = trainer.get();
        if (other != null) {
            throw new IllegalStateException(call + ": refused while "
                    + (other == Thread.currentThread() ? "this thread's fit is running (called from a callback?)"
                    : "thread '" + other.getName() + "' is fitting the model") + "; " + why
                    + "; call it after fit returns");
        }
    }

    /**
     * The loss and metrics on {@code (x, y)}, in inference mode, averaged over examples: each batch's figure
     * weighted by its rows. For a masked sequence output a batch's loss is the mean over its unmasked steps, so
     * the loss (not the metrics, which count steps) moves slightly with the batch size, as in Keras. As
     * {@code fit}, it refuses NaN or infinite values in x or y, naming the first.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, DEFAULT_INFERENCE_BATCH);
    }

    /** The loss and metrics on {@code (x, y)}, computed {@code batchSize} rows at a time. */
    public Map<String, Double> evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(x, y, null, batchSize);
    }

    /**
     * The loss weighted by {@code sampleWeights} (one finite weight {@code >= 0} per row), as Keras's
     * {@code evaluate(x, y, sample_weight=w)}: {@code sum_n w_n l_n / N} plus penalties; the metrics are
     * unweighted, as Keras's {@code metrics} are, but the per-output losses {@code <output>_loss} of a model of
     * several outputs are weighted as the loss is, so they add up to it (with the loss weights) as in Keras.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y, Tensor sampleWeights) {
        return evaluate(x, y, Objects.requireNonNull(sampleWeights, "evaluate: sampleWeights is null"),
                DEFAULT_INFERENCE_BATCH);
    }

    /**
     * The loss and metrics on {@code (x, y)}, the loss weighted by {@code sampleWeights} unless it is null,
     * computed {@code batchSize} rows at a time. Metrics that count ({@link dev.adjoint.nn.metric.CountingMetric})
     * are computed from the counts of all batches together.
     */
    public Map<String, Double> evaluate(Tensor x, Tensor y, Tensor sampleWeights, int batchSize) {
        Compilation comp = compilation("evaluate");
        Tensor xs = Batches.checkInputs(this, x, "evaluate");
        Tensor ys = Batches.checkTargets(this, xs, y, "evaluate");
        Tensor ws = sampleWeights == null ? null : Batches.checkSampleWeights(this, xs, sampleWeights, "evaluate");
        Batches.checkFinite(xs, "evaluate", "x", Batches.MISSING_HINT); // as fit: a NaN loss would say nothing
        Batches.checkFinite(ys, "evaluate", "y");
        Function f = evaluator(comp, Batches.batchShape(ys.shape()), ws != null);
        ForwardGraph graph = inference();
        ModelState s = state();
        double lossSum = 0;
        MetricTotals totals = new MetricTotals(comp.metrics());
        int n = xs.shape().dim(0);
        Batches.checkBatchSize(batchSize, "evaluate");
        if (n == 0) {
            throw new IllegalArgumentException("evaluate: the dataset is empty, got x " + xs.shape()
                    + "; a mean over no examples is undefined");
        }
        comp.checkTargets("evaluate", ys, outputShape());
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            List<Tensor> args = new ArrayList<>(List.of(xs.rowRange(from, to), ys.rowRange(from, to)));
            if (ws != null) {
                args.add(ws.rowRange(from, to));
            }
            s.params().values().forEach(args::add);
            List<Tensor> out = Batches.call(f, args, "evaluate", from, to, batchSize);
            lossSum += out.get(0).item() * (to - from);
            totals.add(to - from, MetricTotals.Batch.read(comp.metrics(), out, 1, m -> OutputMetric.masked(m, graph)));
        }
        Map<String, Double> result = new java.util.LinkedHashMap<>();
        result.put("loss", lossSum / n);
        result.putAll(totals.values());
        return result;
    }

    /**
     * The compiled function of {@code evaluate} for targets of shape {@code target} (rows first), taking a
     * weight per row when {@code weighted}: the loss with penalties, then the metrics' outputs. Built once per
     * architecture, compilation and target shape; {@code fit} builds it for its validation data before the
     * first step, so validation targets the loss or a metric does not take are refused before anything trains.
     *
     * @throws IllegalArgumentException from the loss or a metric, when the targets do not fit the predictions
     */
    Function evaluator(Compilation comp, Shape target, boolean weighted) {
        Cache c = cache;
        List<Object> key = List.of(target, comp);
        Keyed<Function> cached = weighted ? c.weightedEvaluate : c.evaluate;
        if (cached != null && cached.key().equals(key)) {
            return cached.value();
        }
        ForwardGraph graph = inference();
        Node yNode = dev.adjoint.core.graph.SourceOp.input("y", target, dtype);
        Node wNode = dev.adjoint.core.graph.SourceOp.input("sample_weight", Shape.of(Shape.BATCH), dtype);
        Objective objective = weighted ? Objective.weighted(comp.loss(), wNode) : Objective.of(comp.loss());
        List<Node> outputs = new ArrayList<>();
        outputs.add(objective.withPenalties(yNode, graph));
        for (Metric m : comp.metrics()) {
            outputs.addAll(OutputMetric.outputs(m, yNode, graph, weighted ? wNode : null));
        }
        List<Node> inputs = new ArrayList<>(List.of(graph.input(), yNode));
        if (weighted) {
            inputs.add(wNode);
        }
        inputs.addAll(graph.params().values());
        Function f = Function.of(inputs, outputs);
        if (weighted) {
            c.weightedEvaluate = new Keyed<>(key, f);
        } else {
            c.evaluate = new Keyed<>(key, f);
        }
        return f;
    }

    /** The model's outputs for {@code x}, in inference mode; NaN or infinite inputs are refused, as by fit. */
    public Tensor predict(Tensor x) {
        return predict(x, DEFAULT_INFERENCE_BATCH);
    }

    /** The model's outputs for {@code x}, computed {@code batchSize} rows at a time. */
    public Tensor predict(Tensor x, int batchSize) {
        Tensor xs = Batches.checkInputs(this, x, "predict");
        Batches.checkFinite(xs, "predict", "x", Batches.MISSING_HINT);
        Cache c = cache;
        Function f = c.predict;
        if (f == null) {
            ForwardGraph graph = inference();
            List<Node> inputs = new ArrayList<>(List.of(graph.input()));
            inputs.addAll(graph.params().values());
            f = Function.of(inputs, List.of(graph.output()));
            c.predict = f;
        }
        ModelState s = state();
        int n = xs.shape().dim(0);
        if (n == 0) {
            return f.call(argsFor(xs, s)).get(0);
        }
        Batches.checkBatchSize(batchSize, "predict");
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            parts.add(Batches.call(f, argsFor(xs.rowRange(from, to), s), "predict", from, to, batchSize).get(0));
        }
        return Batches.concatRows(parts);
    }

    private static List<Tensor> argsFor(Tensor x, ModelState s) {
        List<Tensor> args = new ArrayList<>();
        args.add(x);
        s.params().values().forEach(args::add);
        return args;
    }
}
