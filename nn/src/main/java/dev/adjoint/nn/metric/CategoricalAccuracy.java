package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.nn.loss.Targets;

/**
 * Categorical accuracy for one-hot targets (Keras's {@code CategoricalAccuracy}, and what {@link Accuracy}
 * resolves to for categorical outputs): an example is correct when {@code argmax yPred = argmax yTrue} along
 * the last axis, which must hold at least two classes; the metric is the fraction correct.
 *
 * <p>Ties count as in Keras: argmax is the <em>first</em> index of the maximum, so when several classes share
 * the top score the example is correct only if the true class is the first of them. (Zero-initialized or
 * constant outputs therefore score the fraction of examples whose label is class 0, not 100%.) Built from
 * comparisons, so the gradient is zero.
 */
public record CategoricalAccuracy() implements Metric {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Node y = Targets.dense("CategoricalAccuracy", yTrue, yPred);
        Targets.requireClassAxis("CategoricalAccuracy", yPred);
        return BinaryOp.equal(Argmax.lastAxis("CategoricalAccuracy", y),
                Argmax.lastAxis("CategoricalAccuracy", yPred)).cast(yPred.dtype()).mean();
    }

    /** {@code [argmax yTrue = argmax yPred]} per position, {@code [N, T]} for scores {@code [N, T, C]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node y = Targets.dense("CategoricalAccuracy", yTrue, yPred);
        Targets.requireClassAxis("CategoricalAccuracy", yPred);
        return Targets.perStep("CategoricalAccuracy", BinaryOp.equal(Argmax.lastAxis("CategoricalAccuracy", y),
                Argmax.lastAxis("CategoricalAccuracy", yPred)).cast(yPred.dtype()));
    }

    @Override
    public String name() {
        return "categorical_accuracy";
    }
}
