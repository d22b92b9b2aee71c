package dev.adjoint.nn.model;

import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.metric.MetricTotals;
import dev.adjoint.optim.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The training loop behind {@code Model.fit}: checks everything before the first step, then for every
 * epoch visits the rows in an order drawn from the seed, calls the model's compiled {@link TrainStep} on
 * each batch and swaps in the new {@link ModelState}, and reports to the callbacks.
 *
 * <p>Reproducible: the row order of epoch {@code e} comes from {@code Key.of(seed).fold(e)} and the random
 * key of step {@code t} from {@link FitOptions#stepKey}, so the same seed gives bit-identical weights and
 * history, and a run resumed from a saved state continues exactly.
 */
final class Fit {

    private Fit() {
    }

    /**
     * Trains {@code model} on {@code (x, y)}, refusing to overlap with another {@code fit} on the same model
     * (each step replaces the state the other one is updating, so one of them would lose its steps).
     *
     * @throws IllegalStateException when another {@code fit} of this model is running
     */
    static History run(Model model, Tensor x, Tensor y, FitOptions options) {
        Objects.requireNonNull(model, "fit: model is null");
        Objects.requireNonNull(options, "fit: options is null");
        options.requireEpochsAfterStart();
        model.beginFit();
        try {
            return train(model, x, y, options);
        } finally {
            model.endFit();
        }
    }

    /**
     * Trains {@code model} on data that computes its own steps (validation, when asked, on
     * {@link FitOptions#validationData} in this JVM), with the same loop, callbacks and checks.
     *
     * @throws IllegalArgumentException for a validation split or sample or class weights (they need the rows
     *     in memory), or an empty dataset
     * @throws IllegalStateException when another {@code fit} of this model is running
     */
    static History run(Model model, TrainingData data, FitOptions options) {
        Objects.requireNonNull(model, "fit: model is null");
        Objects.requireNonNull(data, "fit: data is null");
        Objects.requireNonNull(options, "fit: options is null");
        options.requireEpochsAfterStart();
        if (options.validationSplit() > 0 || options.sampleWeights() != null || options.classWeights() != null) {
            throw new IllegalArgumentException("fit: a validation split and sample or class weights need the rows"
                    + " in memory, got " + data.getClass().getSimpleName() + "; pass validationData(x, y) instead"
                    + " of a split");
        }
        if (data.rows() == 0) {
            throw new IllegalArgumentException("fit: the dataset is empty, got 0 rows");
        }
        model.beginFit();
        try {
            model.compilation("fit");
            Rows validation = null;
            if (options.validationX() != null) {
                validation = validationData(model, options);
                checkValidation(model, validation);
            }
            return new Loop(model, options, validation != null).run(data, validation);
        } finally {
            model.endFit();
        }
    }

    private static History train(Model model, Tensor x, Tensor y, FitOptions options) {
        model.compilation("fit");
        Tensor xs = Batches.checkInputs(model, x, "fit");
        Tensor ys = Batches.checkTargets(model, xs, y, "fit");
        int n = xs.shape().dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("fit: the dataset is empty, got x " + xs.shape());
        }
        Batches.checkFinite(xs, "fit", "x", Batches.MISSING_HINT);
        checkFinite(ys, "y");
        Tensor ws = RowWeights.of(model, xs, ys, options);
        Tensor trainX = xs;
        Tensor trainY = ys;
        Tensor trainW = ws;
        Rows validation = null;
        if (options.validationX() != null) {
            validation = validationData(model, options);
        } else if (options.validationSplit() > 0) {
            int split = (int) (n * (1 - options.validationSplit()));
            if (split == n || split == 0) {
                throw new IllegalArgumentException("fit: validationSplit " + options.validationSplit() + " of " + n
                        + " rows leaves " + (n - split) + " validation and " + split + " training rows; both must"
                        + " be > 0");
            }
            trainX = xs.rowRange(0, split);
            trainY = ys.rowRange(0, split);
            Tensor valW = null;
            if (ws != null) {
                String weights = options.sampleWeights() != null ? "sampleWeights" : "classWeights";
                trainW = ws.rowRange(0, split);
                requireSomeWeight(trainW, "fit", weights + " of the training rows 0.." + (split - 1)
                        + " (validationSplit " + options.validationSplit() + ")");
                // Keras splits sample weights with the data; class weights apply to training rows only.
                if (options.sampleWeights() != null) {
                    valW = ws.rowRange(split, n);
                    requireSomeWeight(valW, "fit (validation)", "sampleWeights of the held-out rows " + split + ".."
                            + (n - 1) + " (validationSplit " + options.validationSplit() + ")");
                }
            }
            validation = new Rows(xs.rowRange(split, n), ys.rowRange(split, n), valW);
        }
        Shape targetShape = Batches.batchShape(trainY.shape());
        TrainingData data;
        if (options.shards() == 1) {
            data = new InMemory(new Rows(trainX, trainY, trainW), model.trainStep(targetShape,
                    options.detectAnomalies(), trainW != null), null, 1);
        } else if (options.detectAnomalies() || trainW != null) {
            throw new IllegalArgumentException("fit: shards " + options.shards() + " take neither detectAnomalies"
                    + " (it checks one unsplit batch) nor sample or class weights (a weighted mean does not split"
                    + " by shard sizes); use shards(1)");
        } else {
            data = new InMemory(new Rows(trainX, trainY, null), null, model.shardedStep(targetShape),
                    options.shards());
        }
        model.compilation().checkTargets("fit", ys, model.outputShape());
        if (validation != null) {
            checkValidation(model, validation);
        }
        Loop loop = new Loop(model, options, validation != null);
        return loop.run(data, validation);
    }

    /**
     * The validation data of {@code options}, checked as {@code fit} checks its training data: the inputs'
     * shape, as many target rows, at least one row, finite values.
     */
    private static Rows validationData(Model model, FitOptions options) {
        Tensor valX = Batches.checkInputs(model, options.validationX(), "fit (validation)");
        Tensor valY = Batches.checkTargets(model, valX, options.validationY(), "fit (validation)");
        if (valX.shape().dim(0) == 0) {
            throw new IllegalArgumentException("fit: validation data is empty, got x " + valX.shape());
        }
        Batches.checkFinite(valX, "fit", "validation x", Batches.MISSING_HINT);
        checkFinite(valY, "validation y");
        return new Rows(valX, valY, null);
    }

    /**
     * Checks, before the first step, what the end of the first epoch would otherwise find only after training
     * it: that the loss and the metrics take the validation targets' shape (by building the evaluation they
     * run), and their values ({@link Compilation#checkTargets}).
     *
     * @throws IllegalArgumentException {@code "fit (validation): ..."} naming the validation targets' shape and
     *     the model's output
     */
    private static void checkValidation(Model model, Rows validation) {
        Compilation comp = model.compilation();
        try {
            model.evaluator(comp, Batches.batchShape(validation.y().shape()), validation.w() != null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fit (validation): validation y " + validation.y().shape()
                    + " does not fit the model's output " + model.outputShape() + ": " + e.getMessage(), e);
        }
        comp.checkTargets("fit (validation)", validation.y(), model.outputShape());
    }

    /** Checks that some weight of {@code weights} is above 0, as {@code evaluate} requires of its weights. */
    private static void requireSomeWeight(Tensor weights, String op, String what) {
        for (int i = 0; i < weights.size(); i++) {
            if (weights.flat(i) > 0) {
                return;
            }
        }
        throw new IllegalArgumentException(op + ": " + what + " must not all be 0, got " + weights.size()
                + " zeros");
    }

    /** Rows in memory, each step computed in this JVM on the whole batch or shard by shard. */
    private record InMemory(Rows train, TrainStep step, ShardedStep sharded, int shards) implements TrainingData {

        @Override
        public int rows() {
            return train.count();
        }

        @Override
        public TrainStep.Result step(ModelState state, int batch, int[] rows, Key key, double lrFactor) {
            Tensor x = train.x().takeRows(rows);
            Tensor y = train.y().takeRows(rows);
            if (shards > 1) {
                return sharded.apply(state, x, y, rows, shards, key, lrFactor);
            }
            return train.w() == null ? step.apply(state, x, y, rows, key, lrFactor)
                    : step.apply(state, x, y, train.w().takeRows(rows), rows, key, lrFactor);
        }

        @Override
        public void reclaim(ModelState spent, ModelState kept) {
            if (shards == 1) {
                step.reclaim(spent, kept);
            }
        }
    }

    private static void checkFinite(Tensor t, String what) {
        Batches.checkFinite(t, "fit", what);
    }

    /** Inputs, targets and (possibly null) weights of the same rows. */
    private record Rows(Tensor x, Tensor y, Tensor w) {

        int count() {
            return x.shape().dim(0);
        }
    }

    /** {@code loss 0.1234 - accuracy 0.9876}. */
    static String format(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(" - ");
            }
            sb.append(k).append(' ').append(String.format(Locale.ROOT, "%.4f", v));
        });
        return sb.toString();
    }

    /** One run of fit, and the context its callbacks see. */
    private static final class Loop implements TrainingContext {
        private final Model model;
        private final FitOptions options;
        private final List<Callback> callbacks = new ArrayList<>();
        private final Set<String> available = new LinkedHashSet<>();
        private final History history = new History();
        private final List<Map<String, Double>> logsList = new ArrayList<>();
        /** The user's callbacks by their names in checkpoints: the class name, {@code _1}, ... for repeats. */
        private final Map<String, Callback> named = new LinkedHashMap<>();
        /** The actions {@link #afterEpoch} registered during this epoch's end, with who registered them. */
        private final List<Map.Entry<Callback, Runnable>> afterEpoch = new ArrayList<>();
        private Callback current;
        private volatile boolean stop;
        private volatile double lrFactor = 1.0;
        private Function learningRate;
        private int batchesPerEpoch;

        Loop(Model model, FitOptions options, boolean validation) {
            this.model = model;
            this.options = options;
            List<String> names = model.compilation().reportedNames();
            available.addAll(names);
            if (validation) {
                names.forEach(m -> available.add("val_" + m));
            }
            if (options.verbosity() != Verbosity.SILENT) {
                callbacks.add(new ProgressReporter(options.verbosity()));
            }
            callbacks.addAll(options.callbacks());
            Map<String, Integer> kinds = new LinkedHashMap<>();
            for (Callback c : options.callbacks()) {
                String kind = nameOf(c);
                int n = kinds.merge(kind, 1, Integer::sum) - 1;
                named.put(n == 0 ? kind : kind + "_" + n, c);
            }
        }

        History run(TrainingData data, Rows validation) {
            int rows = data.rows();
            int batchSize = Math.min(options.batchSize(), rows); // Keras: more than the data is one batch
            batchesPerEpoch = (rows + batchSize - 1) / batchSize;
            forEach("onTrainBegin", -1, c -> c.onTrainBegin(this));
            resume(options.resume());
            Key seed = Key.of(options.seed());
            for (int epoch = options.initialEpoch(); epoch < options.epochs() && !stop; epoch++) {
                final int e = epoch;
                forEach("onEpochBegin", e, c -> c.onEpochBegin(e, this));
                int[] order = options.shuffle() ? seed.fold(epoch).permutation(rows) : identity(rows);
                data.beginEpoch(epoch, order, batchSize);
                double lossSum = 0;
                MetricTotals totals = new MetricTotals(model.compilation().metrics());
                int seen = 0;
                boolean epochDiverged = false;
                int batches = (rows + batchSize - 1) / batchSize;
                for (int b = 0; b < batches && !stop; b++) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new TrainingInterruptedException(e, b);
                    }
                    final int batch = b;
                    forEach("onBatchBegin", e, c -> c.onBatchBegin(batch, this));
                    int from = b * batchSize;
                    int to = Math.min(rows, from + batchSize);
                    int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                    ModelState before = model.stateForStep();
                    TrainStep.Result result;
                    try {
                        result = data.step(before, b, idx, options.stepKey(before.step()), lrFactor);
                    } catch (AnomalyException anomaly) {
                        throw anomaly.in("fit: epoch " + e + ", batch " + b + " (the model keeps the weights of"
                                + " its last completed step)");
                    } catch (IndexOutOfBoundsException outOfRange) {
                        // An index op (an embedding's lookup inside a Functional model) names a position in the
                        // shuffled batch: say which rows of the data the batch holds, so the example can be found.
                        throw Batches.outOfRangeInBatch("fit: epoch " + e + ", batch " + b, outOfRange,
                                java.util.Arrays.toString(idx), " (the model keeps the weights of its last completed"
                                + " step)");
                    }
                    int count = to - from;
                    lossSum += result.loss() * count;
                    totals.add(count, new MetricTotals.Batch(result.metrics(), result.counts()));
                    seen += count;
                    Map<String, Double> running = averages(lossSum, totals, seen);
                    String diverged = divergence(result);
                    if (diverged == null && model.advance(before, result.state())) {
                        // no one asked the model for its state since the last step: the old one is ours alone
                        data.reclaim(before, result.state());
                    }
                    forEach("onBatchEnd", e, c -> c.onBatchEnd(batch, running, this));
                    if (diverged != null && !stop) {
                        throw new TrainingDivergedException(e, b, result.loss(), diverged, history);
                    }
                    epochDiverged |= diverged != null;
                }
                if (seen == 0) {
                    break;
                }
                // An epoch a callback cut short (TerminateOnNaN at a diverged step) is recorded and reported with
                // the figures of the batches it ran, as Keras breaks out of the batch loop and still ends the
                // epoch: a diverged step makes the loss NaN, and the validation figures NaN, as Keras's of its NaN
                // weights (this model keeps its last finite weights, which the epoch's figures do not describe).
                Map<String, Double> logs = averages(lossSum, totals, seen);
                if (validation != null && epochDiverged) {
                    model.compilation().reportedNames().forEach(k -> logs.put("val_" + k, Double.NaN));
                } else if (validation != null) {
                    model.evaluate(validation.x(), validation.y(), validation.w(), Math.max(batchSize, 256))
                            .forEach((k, v) -> logs.put("val_" + k, v));
                }
                forEach("onEpochEnd", e, c -> c.onEpochEnd(e, logs, this));
                // Recorded after the callbacks, as Keras's History (the last callback) records the logs they
                // added to (ReduceLROnPlateau's learning_rate)
                history.append(logs);
                logsList.add(Map.copyOf(logs));
                List<Map.Entry<Callback, Runnable>> actions = List.copyOf(afterEpoch);
                afterEpoch.clear();
                for (Map.Entry<Callback, Runnable> action : actions) {
                    call(action.getKey(), "afterEpoch", e, c -> action.getValue().run());
                }
            }
            forEach("onTrainEnd", -1, c -> c.onTrainEnd(this));
            return history;
        }

        /**
         * Why a step's result must not become the model's state, or null: its loss is not finite, or its
         * update made a parameter or a tensor of the optimizer's state non-finite (an overflowing step can do
         * that while its loss, computed before the update, is still finite; an infinite second moment leaves the
         * weights finite but poisons every later step).
         */
        private static String divergence(TrainStep.Result result) {
            if (!Double.isFinite(result.loss())) {
                return "loss is " + result.loss();
            }
            String bad = firstNonFinite(result.state().params(), "parameter");
            if (bad == null) {
                bad = firstNonFinite(result.state().optimizer(), "optimizer state");
            }
            return bad == null ? null : "loss is " + result.loss() + " but the update made " + bad;
        }

        private static String firstNonFinite(io.vavr.collection.Map<String, Tensor> tensors, String kind) {
            for (var entry : tensors) {
                Tensor t = entry._2;
                for (int i = 0, n = t.size(); i < n; i++) {
                    if (!Double.isFinite(t.flat(i))) {
                        return kind + " '" + entry._1 + "' " + t.flat(i) + " at element " + i;
                    }
                }
            }
            return null;
        }

        /** The loss averaged over the rows seen, then the metrics' totals. */
        private static Map<String, Double> averages(double lossSum, MetricTotals totals, int seen) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", lossSum / seen);
            logs.putAll(totals.values());
            return logs;
        }

        /**
         * Continues the learning-rate factor and the callbacks' states of a checkpointed run; a callback
         * without a saved state keeps the fresh one {@code onTrainBegin} gave it.
         */
        private void resume(FitProgress progress) {
            if (progress == null) {
                return;
            }
            lrFactor = progress.learningRateFactor();
            named.forEach((name, c) -> {
                Map<String, Double> state = progress.callbacks().get(name);
                if (state != null) {
                    call(c, "restore", -1, callback -> callback.restore(state));
                }
            });
        }

        private void forEach(String hook, int epoch, java.util.function.Consumer<Callback> call) {
            for (Callback c : callbacks) {
                call(c, hook, epoch, call);
            }
        }

        private void call(Callback c, String hook, int epoch, java.util.function.Consumer<Callback> call) {
            current = c;
            try {
                call.accept(c);
            } catch (CallbackException | TrainingDivergedException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                if (hook.equals("onTrainBegin") || hook.equals("restore")) {
                    throw e; // a configuration error, reported before anything was trained
                }
                throw wrap(c, hook, epoch, e);
            } catch (RuntimeException e) {
                throw wrap(c, hook, epoch, e);
            } finally {
                current = null;
            }
        }

        private static CallbackException wrap(Callback c, String hook, int epoch, RuntimeException e) {
            return new CallbackException("fit: callback " + nameOf(c) + " failed in " + hook
                    + (epoch >= 0 ? " at epoch " + epoch : "") + ": " + e.getMessage()
                    + "; the model keeps the weights of its last completed step", e);
        }

        /** The callback's class name, simple unless the class is anonymous (then {@code FitTest$1}). */
        private static String nameOf(Callback c) {
            Class<?> type = c.getClass();
            return type.getSimpleName().isEmpty() ? type.getName().substring(type.getName().lastIndexOf('.') + 1)
                    : type.getSimpleName();
        }

        private static int[] identity(int n) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            return order;
        }

        @Override
        public Model model() {
            return model;
        }

        @Override
        public Set<String> availableMetrics() {
            return java.util.Collections.unmodifiableSet(available);
        }

        @Override
        public long seed() {
            return options.seed();
        }

        @Override
        public int epochs() {
            return options.epochs();
        }

        @Override
        public int batchesPerEpoch() {
            return batchesPerEpoch;
        }

        @Override
        public void stopTraining() {
            stop = true;
        }

        @Override
        public boolean stopRequested() {
            return stop;
        }

        @Override
        public double learningRateFactor() {
            return lrFactor;
        }

        @Override
        public void setLearningRateFactor(double factor) {
            if (!(factor >= 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("fit: learning-rate factor must be finite and >= 0, got " + factor);
            }
            lrFactor = factor;
        }

        @Override
        public double learningRate() {
            return optimizerRate() * lrFactor;
        }

        @Override
        public void setLearningRate(double rate) {
            if (!(rate >= 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("fit: learning rate must be finite and >= 0, got " + rate);
            }
            double own = optimizerRate();
            if (rate > 0 && !(own > 0 && Double.isFinite(own))) {
                throw new IllegalArgumentException("fit: cannot set the learning rate to " + rate + ": the optimizer's"
                        + " own rate at the next step is " + own + ", and the rate is its multiple; compile the"
                        + " optimizer with a rate > 0");
            }
            setLearningRateFactor(rate == 0 ? 0 : rate / own);
        }

        /** The optimizer's own rate (its schedule's) at the next step, before the factor. */
        private double optimizerRate() {
            if (learningRate == null) {
                Node t = SourceOp.input("step", Shape.scalar(), model.dtype());
                Schedule schedule = model.compilation().optimizer().learningRate();
                learningRate = Function.of(List.of(t), List.of(schedule.at(t)));
            }
            return learningRate.call(Tensor.scalar(model.dtype(), model.state().step() + 1)).get(0).item();
        }

        @Override
        public ModelState state() {
            return model.state();
        }

        @Override
        public void restore(ModelState state) {
            model.setState(state);
        }

        @Override
        public FitProgress progress(int completedEpochs) {
            Map<String, Map<String, Double>> states = new LinkedHashMap<>();
            named.forEach((name, c) -> {
                Map<String, Double> state = c.state();
                if (!state.isEmpty()) {
                    states.put(name, state);
                }
            });
            return new FitProgress(completedEpochs, options.seed(), lrFactor, states);
        }

        @Override
        public void afterEpoch(Runnable action) {
            Objects.requireNonNull(action, "action is null");
            if (current == null) {
                throw new IllegalStateException("fit: afterEpoch may only be called from a callback's hook");
            }
            afterEpoch.add(Map.entry(current, action));
        }

        @Override
        public List<Map<String, Double>> epochLogs() {
            return java.util.Collections.unmodifiableList(logsList);
        }
    }
}
