package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Targets;

/**
 * Accuracy with integer labels (Keras {@code "sparse_categorical_accuracy"}): for scores {@code [N, C]} and
 * labels {@code [N]} (or {@code [N, 1]}), the fraction of examples with {@code argmax yPred = label}. Ties go
 * to the first maximal class, as for {@link Accuracy}; a label that is not an integer in {@code [0, C)} is an error at
 * evaluation. Scores with more axes, {@code [N, T, C]} with labels
 * {@code [N, T]}, are averaged over all positions.
 */
public record SparseCategoricalAccuracy() implements Metric {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseCategoricalAccuracy", yTrue, yPred);
        return Argmax.atLabel("SparseCategoricalAccuracy", yPred, labels).mean();
    }

    /** {@code [argmax yPred = label]} per position, {@code [N, T]} for scores {@code [N, T, C]}. */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        Node labels = Targets.sparse("SparseCategoricalAccuracy", yTrue, yPred);
        return Targets.perStep("SparseCategoricalAccuracy", Argmax.atLabel("SparseCategoricalAccuracy", yPred, labels));
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Targets.checkLabels("SparseCategoricalAccuracy", yTrue, yPred);
    }

    @Override
    public String name() {
        return "sparse_categorical_accuracy";
    }
}
