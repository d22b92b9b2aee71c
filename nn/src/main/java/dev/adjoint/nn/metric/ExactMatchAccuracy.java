package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.loss.Targets;

/**
 * Keras's metric class {@code keras.metrics.Accuracy} (asked for by the string {@code "Accuracy"}): how often the
 * predictions equal the targets, element by element, {@code M = mean([yPred = yTrue])} over all elements, with no
 * threshold or argmax. So it suits integer-valued predictions (a model that outputs class indices); on
 * probabilities or logits it is almost always 0. Not to be confused with {@link Accuracy}, Keras's string
 * {@code "accuracy"}, which {@code compile} resolves to the binary, categorical or sparse accuracy.
 */
public record ExactMatchAccuracy() implements Metric {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return matches(yTrue, yPred).mean();
    }

    /** {@code [yPred = yTrue]} averaged over the axes after the time axis, {@code [N, T]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("ExactMatchAccuracy", matches(yTrue, yPred));
    }

    private Node matches(Node yTrue, Node yPred) {
        Node y = Targets.dense("ExactMatchAccuracy", yTrue, yPred);
        return BinaryOp.equal(y, yPred).cast(yPred.dtype());
    }

    /**
     * {@code exact_match_accuracy}: Keras's {@code Accuracy()} reports as {@code accuracy}, which here is the name
     * of {@link Accuracy}; {@code Metrics.byName("Accuracy")} reports it as {@code Accuracy}.
     */
    @Override
    public String name() {
        return "exact_match_accuracy";
    }
}
