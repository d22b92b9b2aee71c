package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import java.util.Objects;

/**
 * The rectified linear unit capped at 6, {@code relu6(z) = min(max(z, 0), 6)} (Keras {@code "relu6"}, as
 * MobileNet uses it), with derivative {@code [0 < z < 6]}: 0 at both kinks, {@code z = 0} as {@link Relu} has it
 * and {@code z = 6} likewise, as in TensorFlow. A NaN input gives NaN, as {@link Relu} does.
 *
 * <p>A record of its own rather than an option of {@link Relu}: Relu has no {@code max_value} (its saved form
 * stays as it is), and this is the one capped form Keras names.
 */
public record Relu6() implements Activation {

    /** The cap, 6. */
    public static final double CAP = 6.0;

    @Override
    public Node apply(Node x) {
        Objects.requireNonNull(x, "x is null");
        Node cap = SourceOp.scalarFor("relu6", CAP, x);
        // x >= 6 selects the constant, whose cotangent goes nowhere: the derivative is 0 from 6 on, the kink included;
        // below, relu's own derivative [x > 0]. NaN >= 6 is false, so NaN reaches relu and stays NaN.
        return x.greaterEqual(cap).where(cap, x.relu());
    }

    @Override
    public String name() {
        return "relu6";
    }
}
