package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.kernel.SpecialFunctions;
import java.util.Optional;

/**
 * Hyperbolic functions beyond {@code tanh} ({@link UnaryOp}) and their inverses, elementwise, and their
 * factories: {@code sinh, cosh} ({@link StrictMath}'s) and {@code asinh, acosh, atanh} ({@link SpecialFunctions},
 * built on StrictMath's {@code log1p} so that they are accurate near 0 and 1).
 */
public sealed interface HyperbolicOp extends UnaryElementwise {

    /** {@code sinh x = (e^x - e^-x) / 2}. */
    static Node sinh(Node x) {
        return Node.apply(new Sinh(), x);
    }

    /** {@code cosh x = (e^x + e^-x) / 2}. */
    static Node cosh(Node x) {
        return Node.apply(new Cosh(), x);
    }

    /** {@code asinh x = ln(x + sqrt(x^2 + 1))}. */
    static Node asinh(Node x) {
        return Node.apply(new Asinh(), x);
    }

    /** {@code acosh x = ln(x + sqrt(x^2 - 1))}, for {@code x >= 1}. */
    static Node acosh(Node x) {
        return Node.apply(new Acosh(), x);
    }

    /** {@code atanh x = ln((1 + x)/(1 - x)) / 2}, for {@code |x| <= 1}. */
    static Node atanh(Node x) {
        return Node.apply(new Atanh(), x);
    }

    /** sinh and cosh overflow beyond {@code ln(2 * largest)}, about 710.5 in float64 and 89.4 in float32. */
    private static Optional<Diagnosis> overflow(Anomaly a) {
        return a.overflow(Math.log(Anomaly.largest(a.node().dtype())) + Math.log(2), true, "for log(cosh x) use"
                + " |x| + softplus(-2|x|) - ln 2; otherwise clip the argument");
    }

    /** {@code y = sinh x}; {@code xBar = yBar cosh x}. Overflows beyond ±710.5 (float64). */
    record Sinh() implements HyperbolicOp {
        private static final Pointwise F = Pointwise.unary("sinh", StrictMath::sinh);

        @Override public String name() { return "sinh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.cosh()); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return overflow(a); }
    }

    /** {@code y = cosh x}; {@code xBar = yBar sinh x}. Overflows beyond ±710.5 (float64). */
    record Cosh() implements HyperbolicOp {
        private static final Pointwise F = Pointwise.unary("cosh", StrictMath::cosh);

        @Override public String name() { return "cosh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(x.sinh()); }
        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return overflow(a); }
    }

    /** {@code y = asinh x}; {@code xBar = yBar / sqrt(1 + x^2)}, which tends to 0 for large |x|. */
    record Asinh() implements HyperbolicOp {
        private static final Pointwise F = Pointwise.unary("asinh", SpecialFunctions::asinh);

        @Override public String name() { return "asinh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.div(x.square().add(1.0).sqrt()); }
    }

    /**
     * {@code y = acosh x}, domain {@code x >= 1}, differentiable above 1; {@code xBar = yBar / sqrt((x - 1)(x +
     * 1))}, infinite at 1 (as in PyTorch). NaN below 1. The derivative is PyTorch 1.13's {@code 1 / sqrt(x^2 - 1)}
     * outside the domain too: {@code +inf} at {@code x = -1} (the product {@code -2 * 0 = -0.0} is made {@code +0.0}
     * first; it read {@code -inf}), NaN for {@code |x| < 1}, positive below -1.
     */
    record Acosh() implements HyperbolicOp {
        private static final Pointwise F = Pointwise.unary("acosh", SpecialFunctions::acosh);

        @Override public String name() { return "acosh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(1.2, 4); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            // + 0.0 (exact, not simplified away) turns the -0.0 at x = -1 into +0.0
            return yBar.div(x.sub(1.0).mul(x.add(1.0)).add(0.0).sqrt());
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long below = a.count(0, v -> v < 1);
            return below == 0 ? Optional.empty() : Anomaly.found("acosh is NaN below 1; " + a.input(0) + " holds "
                    + below + " such value(s)", "keep the argument >= 1, e.g. 1 + softplus(u) for a free u");
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "acosh at 1", "sqrt(x^2 - 1)", "keep the argument above 1, e.g."
                    + " 1 + eps + softplus(u)");
        }
    }

    /**
     * {@code y = atanh x}, domain {@code (-1, 1)}: ±infinite at ±1, NaN beyond; {@code xBar = yBar / ((1 - x)(1 +
     * x))}, infinite at ±1 (as in PyTorch); the denominator is {@link TrigonometricOp.OneMinusSquare}, whose own
     * derivative keeps the second derivative {@code 2x / (1 - x^2)^2} exact near 0.
     */
    record Atanh() implements HyperbolicOp {
        private static final Pointwise F = Pointwise.unary("atanh", SpecialFunctions::atanh);

        @Override public String name() { return "atanh"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.between(-0.8, 0.8); }

        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.div(Node.apply(new TrigonometricOp.OneMinusSquare(), x));
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long edge = a.count(0, v -> Math.abs(v) == 1);
            long outside = a.count(0, v -> Math.abs(v) > 1);
            return edge + outside == 0 ? Optional.empty() : Anomaly.found("atanh is infinite at ±1 and NaN beyond; "
                    + a.input(0) + " holds " + edge + " value(s) equal to ±1 and " + outside + " beyond",
                    "keep the argument strictly inside (-1, 1), e.g. clip(x, -1 + 1e-7, 1 - 1e-7)");
        }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "atanh at ±1", "1 - x^2", "keep the argument strictly inside"
                    + " (-1, 1)");
        }
    }
}
