package dev.adjoint.nn.model;

import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of {@code fit}, with Keras's defaults: 1 epoch, batches of 32, no validation, shuffling on,
 * progress shown. Build with the copy methods: {@code FitOptions.defaults().epochs(20).batchSize(64)}.
 *
 * @param epochs the number of passes over the training data (0: none, as Keras's {@code fit(epochs=0)})
 * @param batchSize rows per training step
 * @param validationSplit the fraction of rows, taken from the end before shuffling, held out for validation
 * @param validationX validation inputs, or null (overrides the split)
 * @param validationY validation targets, or null
 * @param shuffle whether each epoch visits the rows in a new order
 * @param seed drives shuffling and dropout: the same seed gives bit-identical training
 * @param callbacks called around epochs and batches
 * @param verbosity what is printed
 * @param initialEpoch the epoch to start from (when resuming)
 * @param detectAnomalies whether the training step checks every value it computes, forward and backward, and
 *     stops at the first NaN or infinity with an {@link dev.adjoint.core.eval.AnomalyException} naming the
 *     node, the layer and the line that built it (slower: for debugging)
 * @param resume the checkpointed progress whose learning-rate factor and callback states this run continues
 *     from, or null for a fresh start (see {@link #resumingFrom})
 * @param sampleWeights a weight per training row ({@code [rows]}, finite, {@code >= 0}), or null: Keras's
 *     {@code sample_weight}, see {@link #sampleWeights(Tensor)}
 * @param classWeights a weight per class label, or null: Keras's {@code class_weight}, see
 *     {@link #classWeights(Map)}
 * @param shards {@code K}: each step's batch is split into this many shards whose gradients are computed one
 *     after the other and summed in shard order before one optimizer update ({@link ShardedStep}); 1 trains on
 *     the whole batch at once. A cluster training on {@code K} workers matches this run bit for bit.
 */
public record FitOptions(int epochs, int batchSize, double validationSplit, Tensor validationX, Tensor validationY,
        boolean shuffle, long seed, List<Callback> callbacks, Verbosity verbosity, int initialEpoch,
        boolean detectAnomalies, FitProgress resume, Tensor sampleWeights, Map<Integer, Double> classWeights,
        int shards) {

    /** Separates the steps' keys from the epochs' orders drawn from the same seed. */
    private static final long STEP_KEYS = 0x57E9_C0DEL;

    /** Validates the options. */
    public FitOptions {
        if (epochs < 0) { // 0 trains nothing, as Keras's range(initial_epoch, epochs)
            throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("fit: batchSize must be >= 1, got " + batchSize);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + validationSplit);
        }
        if ((validationX == null) != (validationY == null)) {
            throw new IllegalArgumentException("fit: validation data needs both x and y, got "
                    + (validationX == null ? "only y" : "only x"));
        }
        if (initialEpoch < 0) { // below epochs: checked by fit, so that the setters may come in any order
            throw new IllegalArgumentException("fit: initialEpoch must be >= 0, got " + initialEpoch);
        }
        Objects.requireNonNull(callbacks, "fit: callbacks is null");
        for (int i = 0; i < callbacks.size(); i++) {
            Objects.requireNonNull(callbacks.get(i), "fit: callback " + i + " is null");
        }
        callbacks = List.copyOf(callbacks);
        Objects.requireNonNull(verbosity, "fit: verbosity is null");
        if (sampleWeights != null && classWeights != null) {
            throw new IllegalArgumentException("fit: give sampleWeights or classWeights, not both (as Keras); fold"
                    + " the class weights into the sample weights instead");
        }
        if (classWeights != null) {
            for (Map.Entry<Integer, Double> e : classWeights.entrySet()) {
                Objects.requireNonNull(e.getKey(), "classWeights: a class is null");
                Objects.requireNonNull(e.getValue(), "classWeights: the weight of class " + e.getKey() + " is null");
                double w = e.getValue();
                if (e.getKey() < 0 || !(w >= 0) || Double.isInfinite(w)) {
                    throw new IllegalArgumentException("fit: classWeights must map classes >= 0 to finite weights"
                            + " >= 0, got " + w + " for class " + e.getKey());
                }
            }
            classWeights = Map.copyOf(classWeights);
        }
        if (shards < 1) {
            throw new IllegalArgumentException("fit: shards must be >= 1, got " + shards);
        }
    }

    /**
     * The random key of the training step taken by a model that has taken {@code steps} steps (it drives
     * dropout): {@code Key.of(seed).fold(STEP_KEYS).fold(steps)}, so a resumed run draws what the unbroken one
     * did, and a worker computing several steps ahead draws what {@code fit} would.
     */
    public dev.adjoint.core.tensor.Key stepKey(long steps) {
        return dev.adjoint.core.tensor.Key.of(seed).fold(STEP_KEYS).fold(steps);
    }

    /** Keras's defaults. */
    public static FitOptions defaults() {
        return new FitOptions(1, 32, 0, null, null, true, 0, List.of(), Verbosity.PROGRESS, 0, false, null, null,
                null, 1);
    }

    /** With another number of epochs. */
    public FitOptions epochs(int n) {
        return new FitOptions(n, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** With another batch size. */
    public FitOptions batchSize(int n) {
        return new FitOptions(epochs, n, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** Holding out the last {@code fraction} of the rows for validation. */
    public FitOptions validationSplit(double fraction) {
        return new FitOptions(epochs, batchSize, fraction, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** Validating on separate data. */
    public FitOptions validationData(Tensor x, Tensor y) {
        return new FitOptions(epochs, batchSize, validationSplit, x, y, shuffle, seed, callbacks, verbosity,
                initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** With or without shuffling. */
    public FitOptions shuffle(boolean on) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, on, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** With another seed. */
    public FitOptions seed(long s) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, s, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /** With these callbacks. */
    public FitOptions callbacks(Callback... list) {
        Objects.requireNonNull(list, "fit: callbacks is null");
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed,
                java.util.Arrays.asList(list), verbosity, initialEpoch, detectAnomalies, resume, sampleWeights,
                classWeights, shards);
    }

    /** With another verbosity. */
    public FitOptions verbosity(Verbosity v) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                v, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /**
     * Starting at epoch {@code e} (0-based), to resume training: {@code fit} trains epochs {@code e} to
     * {@code epochs - 1}, none when {@code e == epochs} (Keras's {@code initial_epoch}).
     */
    public FitOptions initialEpoch(int e) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, e, detectAnomalies, resume, sampleWeights, classWeights, shards);
    }

    /**
     * Resuming a checkpointed run exactly: its seed, starting at its next epoch, with the learning-rate factor
     * and the callbacks' states it had (matched by name, see {@link FitProgress}; a callback without a saved
     * state starts afresh). The epochs asked for must be at least {@code progress.epoch()}; as many trains
     * none.
     */
    public FitOptions resumingFrom(FitProgress progress) {
        Objects.requireNonNull(progress, "fit: progress is null");
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle,
                progress.seed(), callbacks, verbosity, progress.epoch(), detectAnomalies, progress, sampleWeights,
                classWeights, shards);
    }

    /**
     * Training rows weighted by {@code weights}, one finite weight {@code >= 0} per row (Keras's
     * {@code sample_weight}): the step minimizes {@code sum_n w_n l_n / N} plus penalties, so a weight of 2
     * counts a row twice and 0 ignores it. With {@link #validationSplit}, the held-out rows keep their weights
     * and the validation loss is weighted too; metrics are unweighted, as Keras's {@code metrics} are.
     * Keras takes one or the other, so these options must have no {@link #classWeights}.
     *
     * @throws IllegalArgumentException when class weights are set, with the record constructor's message
     */
    public FitOptions sampleWeights(Tensor weights) {
        Objects.requireNonNull(weights, "fit: sampleWeights is null");
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, weights, classWeights, shards);
    }

    /**
     * Training rows weighted by their class (Keras's {@code class_weight}): row {@code n} gets
     * {@code weights.get(label_n)}, its label read from integer targets ({@code [N]} or {@code [N, 1]}) or as
     * the argmax of one-hot targets; every class present in the training targets needs a weight. Applied to
     * the training rows only, not to validation data (as Keras). Keras takes one or the other, so these options
     * must have no {@link #sampleWeights}.
     *
     * @throws IllegalArgumentException when sample weights are set, with the record constructor's message
     */
    public FitOptions classWeights(Map<Integer, Double> weights) {
        Objects.requireNonNull(weights, "fit: classWeights is null");
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, weights, shards);
    }

    /**
     * With or without anomaly detection: the training step is compiled with
     * {@link dev.adjoint.core.eval.Function#withAnomalyDetection()} and its graph built while recording
     * creation sites, so the first NaN or infinity in any value (activations, loss, gradients, optimizer
     * update) stops training with an {@link dev.adjoint.core.eval.AnomalyException} saying which node, in
     * which layer, at which epoch and batch; the model keeps the weights of its last completed step.
     */
    public FitOptions detectAnomalies(boolean on) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, on, resume, sampleWeights, classWeights, shards);
    }

    /**
     * With each step's gradient computed as the sum of {@code k} shards' gradients, in shard order (see
     * {@link ShardedStep}): the single-machine reference of data-parallel training on {@code k} workers.
     */
    public FitOptions shards(int k) {
        return new FitOptions(epochs, batchSize, validationSplit, validationX, validationY, shuffle, seed, callbacks,
                verbosity, initialEpoch, detectAnomalies, resume, sampleWeights, classWeights, k);
    }

    /**
     * Checks what the setters cannot check one at a time: the first epoch lies no later than the last. The
     * epochs trained are {@code initialEpoch, ..., epochs - 1}, as Keras's {@code range(initial_epoch, epochs)}:
     * {@code initialEpoch == epochs} trains none (the callbacks see the training begin and end, the history is
     * empty).
     *
     * @throws IllegalArgumentException naming both, when {@code initialEpoch > epochs}
     */
    void requireEpochsAfterStart() {
        if (initialEpoch > epochs) {
            throw new IllegalArgumentException("fit: initialEpoch must be in [0, epochs], got " + initialEpoch
                    + " for " + epochs + " epochs" + (resume != null ? " (resuming from a checkpoint after epoch "
                    + initialEpoch + ": ask for more epochs)" : ""));
        }
    }
}
