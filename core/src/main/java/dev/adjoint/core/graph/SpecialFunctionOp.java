package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.GammaFunctions;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;

/**
 * The special functions, elementwise, and their factories: the error function, its complement and its inverse, the
 * logarithm
 * of the gamma function and its derivatives, digamma and the polygamma functions.
 *
 * <p>erf, erfc and erfinv are computed by
 * {@link SpecialFunctions} (fdlibm's rational approximations, within two ulps of the exact value), since
 * {@link StrictMath} has no erf. Both are finite everywhere and smooth: no domain restriction, no singularity.
 *
 * <p>{@code erfc} is a primitive of its own for accuracy: {@code 1 - erf x} cancels for large x (it is 0 from
 * {@code x = 6} on, where {@code erfc 6 = 2.2e-17}), while {@code erfc} keeps full relative precision down to
 * {@code 1e-308}.
 *
 * <p>lgamma, digamma and polygamma are computed by {@link GammaFunctions} (within a few ulps for positive
 * arguments); each one's derivative is the next, {@code lgamma' = digamma = polygamma(0, .)},
 * {@code polygamma(n, .)' = polygamma(n + 1, .)}, so derivatives of every order exist as graphs. Their poles are
 * the non-positive integers; the gradient checks draw from {@link Domain#POSITIVE}.
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

    /**
     * {@code erfinv y}, the inverse of erf, as {@code torch.erfinv}: {@code ±inf} at {@code ±1}, NaN outside
     * {@code [-1, 1]}.
     */
    static Node erfinv(Node y) {
        return Node.apply(new Erfinv(), y);
    }

    /**
     * {@code lgamma x = ln |Gamma(x)|}, as {@code torch.lgamma}: {@code +inf} at the poles {@code 0, -1, -2, ...}
     * and at {@code ±inf}, exactly 0 at 1 and 2.
     */
    static Node lgamma(Node x) {
        return Node.apply(new LogGamma(), x);
    }

    /**
     * {@code digamma x = psi(x) = Gamma'(x) / Gamma(x)}, as {@code torch.digamma}: {@code -inf} at {@code +0},
     * {@code +inf} at {@code -0}, NaN at the negative integers and at {@code -inf}.
     */
    static Node digamma(Node x) {
        return Node.apply(new Digamma(), x);
    }

    /**
     * {@code polygamma(n, x) = psi^(n)(x)}, the n-th derivative of digamma, as {@code torch.polygamma}: digamma for
     * {@code n = 0}, trigamma for {@code n = 1}; {@code (-1)^(n+1) inf} at the poles {@code 0, -1, -2, ...}.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    static Node polygamma(int n, Node x) {
        if (n < 0) {
            throw new IllegalArgumentException("polygamma: order n must be >= 0, got " + n);
        }
        return n == 0 ? digamma(x) : Node.apply(new Polygamma(n), x);
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

    /**
     * {@code y = erfinv x}, on {@code [-1, 1]}; {@code xBar = yBar * sqrt(pi)/2 e^(y^2)}, the reciprocal of erf's
     * slope at y, written with the output so that the gradient needs no second erfinv.
     */
    record Erfinv() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("erfinv", SpecialFunctions::erfinv);

        @Override public String name() { return "erfinv"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-0.9, 0.9); }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(y.square().exp().mul(0.8862269254527580)); // sqrt(pi) / 2
        }
    }

    /** {@code y = ln |Gamma(x)|}; {@code xBar = yBar * digamma x}. */
    record LogGamma() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("lgamma", GammaFunctions::lgamma);

        @Override public String name() { return "lgamma"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(digamma(x)); }
    }

    /** {@code y = psi(x)}; {@code xBar = yBar * polygamma(1, x)}. */
    record Digamma() implements SpecialFunctionOp {
        private static final Pointwise F = Pointwise.unary("digamma", GammaFunctions::digamma);

        @Override public String name() { return "digamma"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(polygamma(1, x)); }
    }

    /** {@code y = psi^(n)(x)} for {@code n >= 1}; {@code xBar = yBar * psi^(n+1)(x)}. */
    record Polygamma(int n) implements SpecialFunctionOp {
        /** Validates the order: digamma ({@code n = 0}) is its own op. */
        public Polygamma {
            if (n < 1) {
                throw new IllegalArgumentException("polygamma: order n must be >= 1 (0 is digamma), got " + n);
            }
        }

        @Override public String name() { return "polygamma(" + n + ")"; }
        @Override public Pointwise pointwise() { return Pointwise.unary(name(), x -> GammaFunctions.polygamma(n, x)); }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(polygamma(n + 1, x)); }
    }
}
