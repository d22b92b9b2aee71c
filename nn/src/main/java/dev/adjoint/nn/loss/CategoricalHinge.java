package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import java.util.List;

/**
 * The categorical hinge loss (Keras {@code "categorical_hinge"}) for one-hot targets {@code y} along the last axis:
 * per example {@code l = max(neg - pos + 1, 0)} with {@code pos = sum_c y_c yPred_c}, the score of the true class,
 * and {@code neg = max_c (1 - y_c) yPred_c}, the best score of another class; averaged over the examples (and any
 * other non-class axes). The multi-class margin loss of Crammer and Singer: 0 once the true class leads every
 * other by at least 1. Gradient, where the margin is violated: {@code (e_k - y) / N} with {@code k} the arg-max of
 * {@code neg}; 0 elsewhere.
 */
public record CategoricalHinge() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("CategoricalHinge", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("CategoricalHinge", terms(yTrue, yPred));
    }

    /** {@code max(neg - pos + 1, 0)} per example (and per position along any other axis). */
    private static Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("CategoricalHinge", yTrue, yPred);
        Targets.requireClassAxis("CategoricalHinge", yPred);
        Node pos = y.mul(yPred).sum(-1);
        // the Extremum record itself: over no classes the maximum is -inf and the loss 0, as Keras's (max refuses)
        Node negatives = y.neg().add(1.0).mul(yPred);
        Node neg = Node.apply(new ReduceOp.Extremum(List.of(negatives.rank() - 1), false, true), negatives);
        return neg.sub(pos).add(1.0).relu();
    }

    @Override
    public String name() {
        return "categorical_hinge";
    }
}
