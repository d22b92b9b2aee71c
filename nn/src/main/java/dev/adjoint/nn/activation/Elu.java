package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.Objects;

/**
 * The exponential linear unit (Clevert et al., 2015): {@code f(z) = z} for {@code z > 0},
 * {@code alpha (e^z - 1)} otherwise, saturating at {@code -alpha}; derivative
 * {@code z > 0 ? 1 : f(z) + alpha = alpha e^z}. The negative branch uses {@code expm1}, so it is accurate for
 * small {@code |z|}. Keras {@code "elu"}, default {@code alpha = 1.0}.
 *
 * @param alpha the magnitude of the negative saturation; finite and {@code >= 0}
 */
public record Elu(double alpha) implements Activation {

    /** Keras's default, 1.0. */
    public static final double DEFAULT_ALPHA = 1.0;

    /** Validates alpha. */
    public Elu {
        if (!(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Elu: alpha must be finite and >= 0, got " + alpha);
        }
    }

    /** {@code alpha = 1}. */
    public Elu() {
        this(DEFAULT_ALPHA);
    }

    @Override
    public Node apply(Node x) {
        return UnaryOp.elu(Objects.requireNonNull(x, "x is null"), alpha);
    }

    @Override
    public String name() {
        return "elu";
    }
}
