package dev.adjoint.nn.constraint;

import dev.adjoint.core.graph.Node;
import java.util.Objects;

/**
 * Keras's {@code NonNeg()}: sets the negative entries of {@code w} to 0,
 *
 * <pre>
 * P(w) = w * [w &gt;= 0]
 * </pre>
 *
 * <p>as Keras writes it: a product with the indicator, so a negative entry becomes {@code -0.0} and NaN stays NaN.
 */
public record NonNeg() implements Constraint {

    @Override
    public Node project(Node w) {
        Objects.requireNonNull(w, "w is null");
        return w.mul(w.greaterEqual(0.0).cast(w.dtype()));
    }

    @Override
    public String name() {
        return "non_neg";
    }
}
