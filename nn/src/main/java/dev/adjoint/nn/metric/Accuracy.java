package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.BinaryCrossEntropy;
import dev.adjoint.nn.loss.Loss;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import java.util.Objects;

/**
 * Keras's {@code "accuracy"}: the accuracy that fits the model, reported as {@code accuracy}. A model's
 * {@code compile} resolves it from the loss and the output shape, as Keras up to 2.2 did (tf.keras and Keras 3
 * pick by the shapes alone, see below; the two rules differ for a {@link BinaryCrossEntropy} model with several
 * output units, a multi-label one, which Keras 3 scores with {@link CategoricalAccuracy} and this rule with
 * {@link BinaryAccuracy}, element by element, and for a one-unit logit output, which Keras 3 thresholds at 0.5):
 *
 * <ul>
 *   <li>{@link Kind#BINARY} ({@link BinaryAccuracy}) for a {@link BinaryCrossEntropy} loss (threshold 0 on
 *       logits, 0.5 on probabilities) or an output with one unit ({@code [N, 1]}, threshold 0.5);</li>
 *   <li>{@link Kind#SPARSE_CATEGORICAL} ({@link SparseCategoricalAccuracy}) for a
 *       {@link SparseCategoricalCrossEntropy} loss;</li>
 *   <li>{@link Kind#CATEGORICAL} ({@link CategoricalAccuracy}) otherwise.</li>
 * </ul>
 *
 * <p>So a one-unit sigmoid output with 0/1 labels is scored by thresholding, never by an argmax over its one
 * column (which always matches and would report 1.0 on random labels). Applied before it is resolved (outside
 * {@code compile}), it picks by the shapes alone, as Keras 3's {@code get_metric}: binary when
 * {@code yPred}'s last axis has size 1, sparse when the labels have one axis fewer than {@code yPred} (or a
 * last axis of 1 against several classes), categorical otherwise.
 *
 * @param kind which accuracy, or {@link Kind#RESOLVED_AT_COMPILE} for Keras's string {@code "accuracy"}
 * @param threshold the decision threshold of the binary accuracy (finite; ignored by the others)
 */
public record Accuracy(Kind kind, double threshold) implements Metric {

    /** Which accuracy {@code "accuracy"} stands for. */
    public enum Kind {
        /** Not yet resolved: {@code compile} chooses from the loss and the output shape. */
        RESOLVED_AT_COMPILE,
        /** {@link BinaryAccuracy} with the record's threshold. */
        BINARY,
        /** {@link CategoricalAccuracy}: one-hot targets. */
        CATEGORICAL,
        /** {@link SparseCategoricalAccuracy}: integer labels. */
        SPARSE_CATEGORICAL
    }

    /** Validates the fields. */
    public Accuracy {
        Objects.requireNonNull(kind, "kind is null");
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("Accuracy: threshold must be finite, got " + threshold);
        }
    }

    /** Keras's {@code "accuracy"}, resolved by {@code compile}. */
    public Accuracy() {
        this(Kind.RESOLVED_AT_COMPILE, BinaryAccuracy.DEFAULT_THRESHOLD);
    }

    /**
     * The accuracy for a model with this loss and output shape (rows first, e.g. {@code [N, 1]}); a resolved
     * accuracy is returned unchanged.
     */
    public Accuracy resolvedFor(Loss loss, Shape output) {
        Objects.requireNonNull(loss, "loss is null");
        Objects.requireNonNull(output, "output is null");
        if (kind != Kind.RESOLVED_AT_COMPILE) {
            return this;
        }
        if (loss instanceof BinaryCrossEntropy bce) {
            return new Accuracy(Kind.BINARY, bce.fromLogits() ? 0.0 : BinaryAccuracy.DEFAULT_THRESHOLD);
        }
        if (output.rank() < 2 || output.dim(-1) == 1) {
            return new Accuracy(Kind.BINARY, BinaryAccuracy.DEFAULT_THRESHOLD);
        }
        if (loss instanceof SparseCategoricalCrossEntropy) {
            return new Accuracy(Kind.SPARSE_CATEGORICAL, threshold);
        }
        return new Accuracy(Kind.CATEGORICAL, threshold);
    }

    /** The metric that computes this accuracy for targets and predictions of these shapes. */
    private Metric delegate(Shape yTrue, Shape yPred) {
        Kind k = kind;
        if (k == Kind.RESOLVED_AT_COMPILE) {
            int classes = yPred.rank() == 0 ? 1 : yPred.dim(-1);
            boolean sparse = yTrue.rank() < yPred.rank()
                    || (yTrue.rank() > 0 && yTrue.dim(-1) == 1 && classes != 1);
            k = yPred.rank() < 2 || classes == 1 ? Kind.BINARY : sparse ? Kind.SPARSE_CATEGORICAL : Kind.CATEGORICAL;
        }
        return switch (k) {
            case BINARY -> new BinaryAccuracy(threshold);
            case SPARSE_CATEGORICAL -> new SparseCategoricalAccuracy();
            default -> new CategoricalAccuracy();
        };
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        return delegate(yTrue.shape(), yPred.shape()).apply(yTrue, yPred);
    }

    /** The per-step scores of the accuracy this one resolves to. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        return delegate(yTrue.shape(), yPred.shape()).perStep(yTrue, yPred);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        delegate(yTrue.shape(), yPred).checkTargets(yTrue, yPred);
    }

    @Override
    public String name() {
        return "accuracy";
    }
}
