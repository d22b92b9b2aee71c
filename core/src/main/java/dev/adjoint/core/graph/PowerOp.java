package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import java.util.Optional;

/**
 * The reciprocal, the reciprocal square root and the powers of 2, elementwise, and their factories. They are
 * {@code x^-1}, {@code x^-1/2} and {@code 2^x}, but primitives for accuracy: {@code 1 / x} is correctly rounded,
 * which {@code pow(x, -1)} need not be, {@code 1 / sqrt x} is computed in float64 for float32 tensors, and
 * {@code 2^x} is exact at the integers.
 */
public sealed interface PowerOp extends UnaryElementwise {

    /** {@code 1 / x}. */
    static Node reciprocal(Node x) {
        return Node.apply(new Reciprocal(), x);
    }

    /** {@code 1 / sqrt x}. */
    static Node rsqrt(Node x) {
        return Node.apply(new Rsqrt(), x);
    }

    /** {@code 2^x}, as {@code torch.special.exp2}: exact at the integers. */
    static Node exp2(Node x) {
        return Node.apply(new Exp2(), x);
    }

    /**
     * {@code y = 2^x}, by {@link StrictMath#pow}, exact where it is representable (at the integers), which
     * {@code exp(x ln 2)} is not ({@code 2^40} would be off by ulps); {@code xBar = yBar y ln 2}.
     */
    record Exp2() implements PowerOp {
        private static final Pointwise F = Pointwise.unary("exp2", x -> StrictMath.pow(2, x));

        @Override public String name() { return "exp2"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Node pullback(Node x, Node y, Node yBar) {
            return yBar.mul(y.mul(0.6931471805599453)); // ln 2
        }
    }

    /**
     * {@code y = 1 / x}, domain {@code x != 0}; {@code xBar = -yBar y^2}. Infinite at 0, and so is the derivative
     * ({@code -inf}, as in PyTorch).
     */
    record Reciprocal() implements PowerOp {
        private static final Pointwise F = Pointwise.unary("reciprocal", x -> 1 / x);

        @Override public String name() { return "reciprocal"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.NONZERO; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y.square()).neg(); }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long zeros = a.count(0, v -> v == 0);
            return zeros == 0 ? Optional.empty() : Anomaly.found("the reciprocal of 0 is infinite; " + a.input(0)
                    + " holds " + zeros + " zero(s)", "keep the argument away from 0: 1 / (x + eps), or"
                    + " reciprocal(where(x == 0, 1, x))");
        }
    }

    /**
     * {@code y = 1 / sqrt x}, domain {@code x > 0}; {@code xBar = -yBar y^3 / 2}. Infinite at 0 (the derivative
     * {@code -inf}, as in PyTorch), NaN below.
     */
    record Rsqrt() implements PowerOp {
        private static final Pointwise F = Pointwise.unary("rsqrt", x -> 1 / StrictMath.sqrt(x));

        @Override public String name() { return "rsqrt"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return Domain.POSITIVE; }
        @Override public Node pullback(Node x, Node y, Node yBar) { return yBar.mul(y.square().mul(y)).mul(-0.5); }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) {
            long zeros = a.count(0, v -> v == 0);
            long negative = a.count(0, v -> v < 0);
            return zeros + negative == 0 ? Optional.empty() : Anomaly.found("rsqrt is infinite at 0 and NaN below;"
                    + " " + a.input(0) + " holds " + zeros + " zero(s) and " + negative + " negative value(s)",
                    "add an epsilon: rsqrt(x + eps), as normalization layers do");
        }
    }
}
