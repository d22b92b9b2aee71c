package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.nn.activation.Softmax;

/**
 * How the cross-entropies take logarithms of probabilities: from the logits when the probabilities are
 * visibly a sigmoid or an exponential (softmax) node, else Keras's clipped logarithm.
 */
final class Probabilities {

    private Probabilities() {
    }

    /**
     * Checks a cross-entropy's label smoothing, Keras's {@code label_smoothing}.
     *
     * @param who the loss, for messages
     * @throws IllegalArgumentException unless {@code 0 <= labelSmoothing <= 1}, e.g. {@code CategoricalCrossEntropy:
     *     labelSmoothing must be in [0, 1], got 1.5}
     */
    static void requireLabelSmoothing(String who, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(who + ": labelSmoothing must be in [0, 1], got " + labelSmoothing);
        }
    }

    /** {@code clip(p, eps, 1 - eps)} with {@link Losses#EPSILON}, in p's dtype. */
    static Node clip(Node p) {
        return UnaryOp.clip(p, Losses.EPSILON, 1 - Losses.EPSILON);
    }

    /** {@code z} when {@code p = sigmoid(z)}, else null. */
    static Node logitsOfSigmoid(Node p) {
        return p.op() instanceof UnaryOp.Sigmoid ? p.inputs().get(0) : null;
    }

    /**
     * {@code log(p / sum p)} along the last axis. When {@code p = exp(u)}, as the softmax is, this is exactly
     * {@code logSoftmax(u)}, which is stable; otherwise, as Keras: {@code log(clip(p / sum p, eps, 1 - eps))}.
     */
    static Node logNormalized(Node p) {
        if (p.op() instanceof UnaryOp.Exp) {
            return Softmax.logSoftmax(p.inputs().get(0));
        }
        return clip(p.div(ReduceOp.sum(p, true, -1))).log();
    }
}
