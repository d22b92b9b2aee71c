package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.nn.loss.Targets;

/**
 * Binary accuracy (Keras {@code "binary_accuracy"}): each prediction becomes the class
 * {@code [yPred > threshold]} (strictly greater, as Keras) and is correct when it equals the target, which
 * should be 0 or 1; the metric is the fraction correct over all elements. For logits use threshold 0, the
 * logit of probability 0.5.
 *
 * @param threshold the decision threshold; finite (Keras's default 0.5)
 */
public record BinaryAccuracy(double threshold) implements Metric {

    /** Keras's default threshold, 0.5. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /** Validates the threshold. */
    public BinaryAccuracy {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("BinaryAccuracy: threshold must be finite, got " + threshold);
        }
    }

    /** Threshold 0.5. */
    public BinaryAccuracy() {
        this(DEFAULT_THRESHOLD);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Node y = Confusion.binaryTargets("BinaryAccuracy", yTrue, yPred);
        Node predicted = BinaryOp.greater(yPred, SourceOp.scalar(threshold, yPred.dtype())).cast(yPred.dtype());
        return BinaryOp.equal(y, predicted).cast(yPred.dtype()).mean();
    }

    /** {@code [yTrue = (yPred > threshold)]} averaged over the axes after the time axis, {@code [N, T]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node y = Confusion.binaryTargets("BinaryAccuracy", yTrue, yPred);
        Node predicted = BinaryOp.greater(yPred, SourceOp.scalar(threshold, yPred.dtype())).cast(yPred.dtype());
        return Targets.perStep("BinaryAccuracy", BinaryOp.equal(y, predicted).cast(yPred.dtype()));
    }

    @Override
    public String name() {
        return "binary_accuracy";
    }
}
