package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;

/**
 * The error function and its complement, elementwise, and their factories. Both are computed by
 * {@link SpecialFunctions} (fdlibm's rational approximations, within two ulps of the exact value), since
 * {@link StrictMath} has no erf. Both are finite everywhere and smooth: no domain restriction, no singularity.
 *
 * <p>{@code erfc} is a primitive of its own for accuracy: {@code 1 - erf x} cancels for large x (it is 0 from
 * {@code x = 6} on, where {@code erfc 6 = 2.2e-17}), while {@code erfc} keeps full relative precision down to
 * {@code 1e-308}.
 */
public sealed interface SpecialFunctionOp extends UnaryElementwise {

    /** {@code erf x = 2/sqrt(pi) * integral from 0 to x of e^(-t^2) dt}. */
    static Node erf(Node x) {
        return Node.apply(new Erf(), x);
    }

    /** {@code erfc x = 1 - erf x}, accurate where it is tiny. */
    static Node erfc(Node x) {
        return Node.apply(new Erfc(), x);
    }

    /** {@code 2/sqrt(pi) e^(-x^2)}, the derivative of erf, as a graph. */
    private static Node gaussian(Node x) {
        return x.square().neg().exp().mul(1.1283791670955126); // 2 / sqrt(pi)
    }

    /** {@code y = erf x}, odd, in (-1, 1); {@code xBar = yBar * 2/sqrt(pi) e^(-x^2)}. */
    record Erf() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erf", SpecialFunctions::erf);

        @Override public String name() { return "erf"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(gaussian(x)); }
    }

    /** {@code y = erfc x = 1 - erf x}, in (0, 2); {@code xBar = -yBar * 2/sqrt(pi) e^(-x^2)}. */
    record Erfc() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erfc", SpecialFunctions::erfc);

        @Override public String name() { return "erfc"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(gaussian(x)).neg(); }
    }
}
