package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;

/**
 * The Huber loss (Keras {@code "huber"}): with {@code e = yPred - yTrue}, per element
 * {@code e^2 / 2} for {@code |e| <= delta} and {@code delta (|e| - delta / 2)} beyond, averaged over all
 * elements. Quadratic near 0 like the squared error, linear in the tails like the absolute error, so
 * outliers pull less. It is continuously differentiable: {@code dL/dyPred = clip(e, -delta, delta) / n}.
 *
 * @param delta where the quadratic part ends; finite and {@code > 0} (Keras's default 1.0)
 */
public record Huber(double delta) implements Loss {

    /** Keras's default, 1.0. */
    public static final double DEFAULT_DELTA = 1.0;

    /** Validates delta. */
    public Huber {
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber: delta must be finite and > 0, got " + delta);
        }
    }

    /** {@code delta = 1}. */
    public Huber() {
        this(DEFAULT_DELTA);
    }

    @Override
    public Node apply(Node yTrue, Node yPred) {
        return terms(yTrue, yPred).mean();
    }

    @Override
    public Node perExample(Node yTrue, Node yPred) {
        return Targets.perExample("Huber", terms(yTrue, yPred));
    }

    /** The per-value losses averaged over the axes after the time axis, {@code [N, T]} (Keras's per-step loss). */
    @Override
    public Node perStep(Node yTrue, Node yPred) {
        return Targets.perStep("Huber", terms(yTrue, yPred));
    }

    private Node terms(Node yTrue, Node yPred) {
        Node y = Targets.dense("Huber", yTrue, yPred);
        Node e = yPred.sub(y);
        Node absE = e.abs();
        Node quadratic = e.square().mul(0.5);
        Node linear = absE.mul(delta).sub(0.5 * delta * delta);
        Node inside = BinaryOp.lessEqual(absE, SourceOp.scalar(delta, yPred.dtype()));
        return WhereOp.where(inside, quadratic, linear);
    }

    @Override
    public String name() {
        return "huber";
    }
}
