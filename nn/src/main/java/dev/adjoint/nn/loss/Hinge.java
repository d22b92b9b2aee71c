package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The hinge loss (Keras {@code "hinge"}) for labels {@code y} in {@code {-1, 1}}: per element
 * {@code max(1 - y yPred, 0)}, averaged over all elements; the margin loss of a linear SVM. Gradient:
 * {@code dL/dyPred = -y [y yPred < 1] / n}.
 *
 * <p>As in Keras, labels in {@code {0, 1}} are converted to {@code 2y - 1} when <em>every</em> label of the
 * evaluated batch is 0 or 1 (so a batch of all-1 labels is unchanged, and a batch of -1 and 1 is used as
 * given).
 */
public record Hinge() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("Hinge", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("Hinge", terms(yTrue, yPred));
    }

    private static Node terms(Node yTrue, Node yPred) {
        Node y = HingeLabels.signed(Targets.dense("Hinge", yTrue, yPred));
        return y.mul(yPred).neg().add(1.0).relu();
    }

    @Override
    public String name() {
        return "hinge";
    }
}
