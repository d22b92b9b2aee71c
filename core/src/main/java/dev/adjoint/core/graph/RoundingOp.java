package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;

/**
 * Rounding to an integer, elementwise, and the factories: {@code floor}, {@code ceil}, {@code round} (to the
 * nearest integer, ties to even, as NumPy's {@code round} and PyTorch's {@code round}: {@code round(0.5) = 0},
 * {@code round(1.5) = 2}, {@code round(2.5) = 2}) and {@code trunc} (towards zero). The result keeps the
 * input's float dtype; signed zeros, infinities and NaN are kept ({@code trunc(-0.5) = -0}).
 *
 * <p>Each is piecewise constant, so its gradient is zero everywhere, at the jumps too (as in PyTorch, NumPy-based
 * autodiff and JAX): {@code xBar = 0}. To pass a gradient through a rounding (a straight-through estimator), write
 * {@code x.add(x.round().sub(x).stopGradient())}.
 */
public sealed interface RoundingOp extends UnaryElementwise {

    /** The largest integer {@code <= x}. */
    static Node floor(Node x) {
        return Node.apply(new Floor(), x);
    }

    /** The smallest integer {@code >= x}. */
    static Node ceil(Node x) {
        return Node.apply(new Ceil(), x);
    }

    /** The nearest integer, ties to the even one. */
    static Node round(Node x) {
        return Node.apply(new Round(), x);
    }

    /** The integer part, towards zero. */
    static Node trunc(Node x) {
        return Node.apply(new Trunc(), x);
    }

    @Override
    default Node pullback(Node x, Node y, Node yBar) {
        return SourceOp.zerosLike(x);
    }

    /** {@code y = floor x}; {@code xBar = 0}. */
    record Floor() implements RoundingOp {
        private static final Pointwise F = Pointwise.unary("floor", Math::floor);

        @Override public String name() { return "floor"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code y = ceil x}; {@code xBar = 0}. */
    record Ceil() implements RoundingOp {
        private static final Pointwise F = Pointwise.unary("ceil", Math::ceil);

        @Override public String name() { return "ceil"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code y = round x}, ties to even ({@link Math#rint}); {@code xBar = 0}. */
    record Round() implements RoundingOp {
        private static final Pointwise F = Pointwise.unary("round", Math::rint);

        @Override public String name() { return "round"; }
        @Override public Pointwise pointwise() { return F; }
    }

    /** {@code y = trunc x}, the integer part, towards zero; {@code xBar = 0}. */
    record Trunc() implements RoundingOp {
        private static final Pointwise F = Pointwise.unary("trunc", x -> x >= 0 ? Math.floor(x) : Math.ceil(x));

        @Override public String name() { return "trunc"; }
        @Override public Pointwise pointwise() { return F; }
    }
}
