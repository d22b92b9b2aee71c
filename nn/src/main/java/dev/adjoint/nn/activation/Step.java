package dev.adjoint.nn.activation;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import java.util.Objects;

/**
 * The Heaviside step {@code H(z) = 1} for {@code z >= 0}, 0 otherwise: the perceptron's activation (not in
 * Keras). Built from the comparison {@code z >= 0} (a bool, cast to z's dtype), which has no gradient: its derivative
 * is 0 everywhere (it is 0 almost everywhere and undefined at 0), so gradient descent cannot train through it; the
 * perceptron learning rule {@code w <- w + eta (y - H(w.x)) x} does not need one. NaN maps to 0.
 */
public record Step() implements Activation {

    @Override
    public Node apply(Node x) {
        Objects.requireNonNull(x, "x is null");
        return BinaryOp.greaterEqual(x, SourceOp.scalar(0.0, x.dtype())).cast(x.dtype());
    }

    @Override
    public String name() {
        return "step";
    }
}
