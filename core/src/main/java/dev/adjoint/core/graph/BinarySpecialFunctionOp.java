package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.GammaFunctions;
import dev.adjoint.core.kernel.IncompleteGamma;
import dev.adjoint.core.kernel.Pointwise;
import java.util.List;
import java.util.Optional;

/**
 * The special functions of two tensors, elementwise, and their factories (NumPy broadcasting, as in
 * {@link BinaryOp}): the Hurwitz zeta function and the regularized incomplete gamma functions, as
 * {@code torch.special.zeta}, {@code gammainc} and {@code gammaincc}, and the gamma density, their derivative in x.
 *
 * <p>Each is differentiable in its second argument only. The derivatives in the first (zeta's exponent s, the
 * gamma functions' shape a) have no closed form; PyTorch refuses them ("the derivative for 'zeta' is not
 * implemented") and so does {@link #requireDerivative}: differentiating with respect to a variable that the first
 * argument depends on is an {@link UnsupportedOperationException} when the gradient graph is built. A first
 * argument that does not depend on the variables differentiated (a constant, a hyperparameter input) or whose
 * gradient is stopped is fine; the pullbacks give it a zero.
 */
public sealed interface BinarySpecialFunctionOp extends BinaryElementwise {

    /**
     * {@code zeta(s, q) = sum_(k >= 0) 1 / (q + k)^s}, the Hurwitz zeta function ({@code zeta(s, 1)} is Riemann's),
     * with {@link GammaFunctions#zeta}'s domain rules: {@code +inf} at {@code s = 1}, NaN for {@code s < 1}, and for
     * {@code q <= 0} {@code +inf} at the integers, NaN for a non-integer s.
     */
    static Node zeta(Node s, Node q) {
        return Broadcasting.apply(new Zeta(), s, q);
    }

    /**
     * {@code P(a, x) = 1/Gamma(a) integral_0^x t^(a-1) e^-t dt}, the regularized lower incomplete gamma function,
     * with {@link IncompleteGamma#gammainc}'s edge values (NaN for {@code a < 0} or {@code x < 0}).
     */
    static Node gammainc(Node a, Node x) {
        return Broadcasting.apply(new RegularizedGamma(false), a, x);
    }

    /** {@code Q(a, x) = 1 - P(a, x)}, the regularized upper incomplete gamma function, accurate where it is tiny. */
    static Node gammaincc(Node a, Node x) {
        return Broadcasting.apply(new RegularizedGamma(true), a, x);
    }

    /** {@code x^(a-1) e^-x / Gamma(a)}, the derivative of P in x ({@link GammaDensity}), for equal shapes. */
    private static Node gammaDensity(Node a, Node x) {
        return Node.apply(new GammaDensity(), a, x);
    }

    /**
     * Refuses the derivative of y in its first argument, named after the op and the argument. Autodiff asks only
     * where that argument depends on a variable differentiated other than through a {@code stopGradient}
     * (PyTorch's {@code detach}), whose derivative is 0 by the user's choice.
     */
    private static void refuseFirst(Node y, int i, String argument) {
        if (i == 0) {
            throw new UnsupportedOperationException(y.op().name() + ": the derivative with respect to " + argument
                    + " (the first argument) is not implemented (it has no closed form; PyTorch refuses it too), got "
                    + argument + " depending on a variable differentiated; make it a constant, an input left out of"
                    + " wrt, or " + argument + ".stopGradient()");
        }
    }

    /**
     * {@code y = zeta(s, q)}; domain {@code s > 1}, {@code q > 0}. {@code qBar = -yBar s zeta(s + 1, q)}, with s
     * read as 0 where {@code zeta(s + 1, q)} is 0 (at {@code s = inf} for {@code q > 1}, where the value
     * {@code zeta(inf, q) = 0} is exact and so is its derivative, 0, but {@code inf * 0} would be NaN, also in every
     * higher derivative, whose pullbacks are this one at {@code s + 1}); no derivative in s.
     */
    record Zeta() implements BinarySpecialFunctionOp {
        private static final Pointwise F = Pointwise.binary("zeta", GammaFunctions::zeta);

        @Override public String name() { return "zeta"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 0 ? Domain.between(1.5, 5) : Domain.between(0.3, 4); }

        @Override public void requireDerivative(Node y, int i) { refuseFirst(y, i, "s"); }

        @Override public List<Node> pullback(Node s, Node q, Node y, Node yBar) {
            Node next = zeta(s.add(1), q);
            Node factor = next.equal(0.0).where(SourceOp.zerosLike(s), s);
            return List.of(SourceOp.zerosLike(s), yBar.mul(factor).mul(next).neg());
        }

        /** The NaN of {@code s < 1} and the infinities of {@code s = 1} and of the poles of q. */
        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long below = a.count(0, v -> v <= 1);
            long poles = a.count(1, v -> v <= 0 && v == Math.floor(v));
            return below + poles == 0 ? Optional.empty() : Anomaly.found("zeta(s, q) is NaN for s < 1 and infinite at"
                    + " s = 1 and at q = 0, -1, -2, ...; " + a.input(0) + " holds " + below + " value(s) at or below 1"
                    + " and " + a.input(1) + " " + poles + " pole(s)", "keep s > 1 and q > 0");
        }
    }

    /**
     * {@code y = P(a, x)}, or {@code Q(a, x)} if {@code upper}; domain {@code a > 0}, {@code x > 0}.
     * {@code xBar = ±yBar x^(a-1) e^-x / Gamma(a)} (+ for P, - for Q), the gamma density ({@link GammaDensity}),
     * NaN where y is; no derivative in a.
     */
    record RegularizedGamma(boolean upper) implements BinarySpecialFunctionOp {
        private static final Pointwise LOWER = Pointwise.binary("gammainc", IncompleteGamma::gammainc);
        private static final Pointwise UPPER = Pointwise.binary("gammaincc", IncompleteGamma::gammaincc);

        @Override public String name() { return upper ? "gammaincc" : "gammainc"; }
        @Override public Pointwise pointwise() { return upper ? UPPER : LOWER; }
        @Override public Domain domain(int i) { return Domain.between(0.3, 5); }

        @Override public void requireDerivative(Node y, int i) { refuseFirst(y, i, "a"); }

        @Override public List<Node> pullback(Node a, Node x, Node y, Node yBar) {
            Node xBar = yBar.mul(gammaDensity(a, x));
            return List.of(SourceOp.zerosLike(a), upper ? xBar.neg() : xBar);
        }

        /** The NaN of a negative a or x. */
        @Override public Optional<Diagnosis> diagnose(Anomaly an) {
            long negative = an.count(0, v -> v < 0) + an.count(1, v -> v < 0);
            return negative == 0 ? Optional.empty() : Anomaly.found(name() + "(a, x) is NaN for a < 0 or x < 0; "
                    + an.input(0) + " and " + an.input(1) + " hold " + negative + " negative value(s)",
                    "keep a and x non-negative");
        }
    }

    /**
     * {@code y = x^(a-1) e^-x / Gamma(a)}, the density of the gamma distribution of shape a, the derivative of
     * {@code P(a, x)} in x, by {@link IncompleteGamma#density}: in the Stirling form of the incomplete gamma
     * functions' prefactor from {@code a = 10} on, which keeps its digits where x is near a large a (the direct
     * {@code e^((a-1) ln x - x - lgamma(a))} was 16 % off in float32 at {@code a = 1e6}); NaN where P is, 1 at
     * {@code a = 1, x = 0}. {@code xBar = yBar y (a - 1 - x) / x} (the ratio -1 at {@code a = 1} and at
     * {@code x = inf}, its limit), with {@code a - 1 - x} as
     * {@code (a - 1) - x} below {@code a = 2} and as {@code (a - x) - 1} from there on, so that its one inexact
     * subtraction is the last (Sterbenz's lemma: the first is exact where the second cancels); no derivative in a.
     */
    record GammaDensity() implements BinarySpecialFunctionOp {
        private static final Pointwise F = Pointwise.binary("gammaDensity", IncompleteGamma::density);

        @Override public String name() { return "gammaDensity"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(0.3, 5); }

        @Override public void requireDerivative(Node y, int i) { refuseFirst(y, i, "a"); }

        @Override public List<Node> pullback(Node a, Node x, Node y, Node yBar) {
            Node excess = a.less(2.0).where(a.sub(1).sub(x), a.sub(x).sub(1)); // a - 1 - x, rounded once
            // (a - 1 - x) / x is -1 at a = 1 (also at x = 0, where y = 1) and tends to -1 as x grows to inf
            // (x is 1 where the limit is taken, so that the quotient's own derivatives stay finite there)
            Node limit = a.equal(1.0).logicalOr(x.isInf());
            Node safeX = limit.where(SourceOp.scalarFor("gammaDensity", 1.0, x), x);
            Node ratio = limit.where(SourceOp.scalarFor("gammaDensity", -1.0, x), excess.div(safeX));
            return List.of(SourceOp.zerosLike(a), yBar.mul(y).mul(ratio));
        }
    }
}
