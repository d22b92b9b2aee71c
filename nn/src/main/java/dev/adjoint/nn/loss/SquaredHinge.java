package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.Node;

/**
 * The squared hinge loss (Keras {@code "squared_hinge"}) for labels {@code y} in {@code {-1, 1}}: per
 * element {@code max(1 - y yPred, 0)^2}, averaged over all elements. Differentiable everywhere:
 * {@code dL/dyPred = -2 y max(1 - y yPred, 0) / n}. Labels in {@code {0, 1}} are converted as for
 * {@link Hinge}.
 */
public record SquaredHinge() implements Loss {

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("SquaredHinge", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("SquaredHinge", terms(yTrue, yPred));
    }

    private static Node terms(Node yTrue, Node yPred) {
        Node y = HingeLabels.signed(Targets.dense("SquaredHinge", yTrue, yPred));
        return y.mul(yPred).neg().add(1.0).relu().square();
    }

    @Override
    public String name() {
        return "squared_hinge";
    }
}
