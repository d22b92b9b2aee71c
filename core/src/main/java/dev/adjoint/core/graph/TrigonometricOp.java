package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SincDerivatives;
import dev.adjoint.core.kernel.SpecialFunctions;
import java.util.Optional;

/**
 * Trigonometric functions of one tensor beyond {@code sin} and {@code cos} ({@link UnaryOp}), elementwise, and
 * their factories: {@code tan, atan, asin, acos}, all {@link StrictMath}'s, and the normalized {@code sinc}
 * ({@link SpecialFunctions#sinc}). The two-argument arctangent is
 * {@link QuotientOp#atan2}.
 */
public sealed interface TrigonometricOp extends UnaryElementwise {

    /** {@code tan x}. */
    static Node tan(Node x) {
        return Node.apply(new Tan(), x);
    }

    /** {@code sinc x = sin(pi x) / (pi x)}, 1 at 0, as {@code torch.sinc}. */
    static Node sinc(Node x) {
        return Node.apply(new Sinc(), x);
    }

    /** {@code arctan x}, in (-pi/2, pi/2). */
    static Node atan(Node x) {
        return Node.apply(new Atan(), x);
    }

    /** {@code arcsin x}, in [-pi/2, pi/2], for x in [-1, 1]. */
    static Node asin(Node x) {
        return Node.apply(new Asin(), x);
    }

    /** {@code arccos x}, in [0, pi], for x in [-1, 1]. */
    static Node acos(Node x) {
        return Node.apply(new Acos(), x);
    }

    /** {@code d^n/dx^n sinc x}, the derivatives in sinc's pullback. */
    private static Node sincDerivative(int n, Node x) {
        return Node.apply(new SincDerivative(n), x);
    }

    /** {@code sqrt(1 - x^2)}, the derivative's denominator of asin and acos ({@link OneMinusSquare}). */
    private static Node cosOfArcsin(Node x) {
        return oneMinusSquare(x).sqrt();
    }

    /** {@code 1 - x^2 = (1 - x)(1 + x)}, the derivatives' denominator of asin and acos. */
    private static Node oneMinusSquare(Node x) {
        return Node.apply(new OneMinusSquare(), x);
    }

    /** NaN outside [-1, 1], the domain of asin and acos. */
    private static Optional<Diagnosis> outsideUnitInterval(Anomaly a) {
        long outside = a.count(0, v -> Math.abs(v) > 1);
        return outside == 0 ? Optional.empty() : Anomaly.found(a.node().op().name() + " is NaN outside [-1, 1]; "
                + a.input(0) + " holds " + outside + " such value(s)", "clip the argument to [-1, 1]; a cosine"
                + " similarity computed in floating point can exceed 1 by an ulp");
    }

    /** The derivative of asin or acos at ±1, where {@code sqrt(1 - x^2) = 0}. */
    private static Optional<Diagnosis> infiniteAtUnit(Node forward, Anomaly a) {
        return a.infiniteDerivative(forward, forward.op().name() + " at ±1", "sqrt(1 - x^2)",
                "keep the argument strictly inside (-1, 1), e.g. clip(x, -1 + 1e-7, 1 - 1e-7)");
    }

    /**
     * {@code y = tan x}; {@code xBar = yBar (1 + y^2)}. Domain for the tests: {@code |x| <= 1.2}, away from
     * the poles at {@code ±pi/2}, where tan is huge (no double or float is a pole, so it stays finite).
     */
    record Tan() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("tan", StrictMath::tan);

        @Override public String name() { return "tan"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-1.2, 1.2); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y.square().add(1.0)); }
    }

    /**
     * {@code y = sinc x = sin(pi x) / (pi x)}, 1 at 0, a primitive for that value (the quotient is 0/0 there);
     * {@code xBar = yBar sinc'(x)} by {@link SincDerivative}, which keeps its digits near 0, where the quotient
     * rule's {@code (cos(pi x) - y) / x} (PyTorch's form) cancels: it reads 0 for {@code |x| < 1e-8} instead of
     * {@code -pi^2 x / 3}, and its own derivative at 0 is 0 instead of {@code -pi^2 / 3}.
     */
    record Sinc() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("sinc", SpecialFunctions::sinc);

        @Override public String name() { return "sinc"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(sincDerivative(1, x)); }
    }

    /**
     * {@code y = d^n/dx^n sinc x} for {@code n >= 1} ({@link SincDerivatives}: a series below {@code |x| = 1},
     * Leibniz's rule above); {@code xBar = yBar d^(n+1)/dx^(n+1) sinc x}. Odd orders are 0 at 0, even orders
     * {@code (-1)^(n/2) pi^n / (n + 1)}.
     *
     * @param n the order of the derivative
     */
    record SincDerivative(int n) implements TrigonometricOp {
        /** Validates the order: order 0 is sinc itself. */
        public SincDerivative {
            if (n < 1) {
                throw new IllegalArgumentException("sinc derivative: order n must be >= 1 (0 is sinc), got " + n);
            }
        }

        @Override public String name() { return "sincDerivative(" + n + ")"; }
        @Override public Pointwise pointwise() {
            return Pointwise.unary(name(), x -> SincDerivatives.derivative(n, x));
        }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(sincDerivative(n + 1, x)); }
    }

    /**
     * {@code y = 1 - x^2}, computed as {@code (1 - x)(1 + x)} in float64 and rounded once, which keeps its digits near
     * {@code ±1} where {@code 1 - x * x} cancels; {@code xBar = -2 x yBar}. A primitive for that derivative, in the
     * pullbacks of asin, acos and atanh: the product rule on {@code (1 - x)(1 + x)} gives {@code (1 - x) - (1 + x)},
     * which cancels near 0 (their second derivatives read 0 for {@code |x| < 1e-16} instead of x or 2x, and had a
     * relative error of 5e-10 at {@code x = 1e-8}), and is {@code inf * 0 = NaN} at {@code ±1} where PyTorch's
     * second derivative is infinite.
     */
    record OneMinusSquare() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("oneMinusSquare", x -> (1 - x) * (1 + x));

        @Override public String name() { return "oneMinusSquare"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.mul(-2.0)); }
    }

    /** {@code y = arctan x}; {@code xBar = yBar / (1 + x^2)}, which tends to 0 for large |x|. */
    record Atan() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("atan", StrictMath::atan);

        @Override public String name() { return "atan"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.square().add(1.0)); }
    }

    /**
     * {@code y = arcsin x}, domain {@code [-1, 1]}, differentiable inside; {@code xBar = yBar / sqrt(1 - x^2)},
     * infinite at ±1 (as in PyTorch). NaN outside.
     */
    record Asin() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("asin", StrictMath::asin);

        @Override public String name() { return "asin"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-0.9, 0.9); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(cosOfArcsin(x)); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return outsideUnitInterval(a); }
        @Override public Optional<Diagnosis> diagnosePullback(Node f, Anomaly a) { return infiniteAtUnit(f, a); }
    }

    /**
     * {@code y = arccos x}, domain {@code [-1, 1]}, differentiable inside; {@code xBar = -yBar / sqrt(1 - x^2)},
     * -infinite at ±1 (as in PyTorch). NaN outside.
     */
    record Acos() implements TrigonometricOp {
        private static final Pointwise F = Pointwise.unary("acos", StrictMath::acos);

        @Override public String name() { return "acos"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-0.9, 0.9); }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(cosOfArcsin(x)).neg(); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return outsideUnitInterval(a); }
        @Override public Optional<Diagnosis> diagnosePullback(Node f, Anomaly a) { return infiniteAtUnit(f, a); }
    }
}
