package dev.adjoint.core.graph;

import dev.adjoint.core.graph.BinaryOp.Compare;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * Factories for elementwise ops, applying NumPy broadcasting.
 *
 * <p>This class is the one place where broadcasting happens: operands of different shapes are aligned on
 * the right and each is wrapped in an explicit {@code broadcastTo} node when its shape differs from the
 * result's, so the primitives ({@link UnaryOp}, {@link BinaryOp}, {@link WhereOp}) only ever see equal shapes
 * and the gradient of broadcasting (a sum) lives in one VJP.
 *
 * <p>Compositions (no op of their own): {@code square(x) = x * x}, {@code clip(x, lo, hi) =
 * minimum(maximum(x, lo), hi)}, {@code greater(a, b)} and the other comparisons are {@code compare} with a
 * kind.
 */
public final class Elementwise {

    private Elementwise() {
    }

    /** Both operands broadcast to their common shape. */
    static Node[] broadcastPair(Node a, Node b, String op) {
        // messages built only on failure: this runs once per node built, 100,000s of times for a big graph
        if (a == null) {
            throw new NullPointerException(op + ": first operand is null");
        }
        if (b == null) {
            throw new NullPointerException(op + ": second operand is null");
        }
        Shape shape = Shape.broadcast(a.shape(), b.shape(), op);
        return new Node[] {broadcastTo(a, shape), broadcastTo(b, shape)};
    }

    private static Node broadcastTo(Node x, Shape shape) {
        return x.shape().equals(shape) ? x : Shapes.broadcastTo(x, shape);
    }

    private static Node binary(BinaryOp op, Node a, Node b) {
        Node[] ab = broadcastPair(a, b, op.name());
        return Node.apply(op, ab[0], ab[1]);
    }

    private static Node unary(UnaryOp op, Node x) {
        if (x == null) {
            throw new NullPointerException(op.name() + ": operand is null");
        }
        return Node.apply(op, x);
    }

    /** {@code a + b}. */
    public static Node add(Node a, Node b) {
        return binary(new BinaryOp.Add(), a, b);
    }

    /** {@code a - b}. */
    public static Node sub(Node a, Node b) {
        return binary(new BinaryOp.Sub(), a, b);
    }

    /** {@code a * b}. */
    public static Node mul(Node a, Node b) {
        return binary(new BinaryOp.Mul(), a, b);
    }

    /** {@code a / b}. */
    public static Node div(Node a, Node b) {
        return binary(new BinaryOp.Div(), a, b);
    }

    /** {@code a ^ b} with a tensor exponent (domain {@code a > 0}). */
    public static Node pow(Node a, Node b) {
        return binary(new BinaryOp.Pow(), a, b);
    }

    /** {@code x ^ p} with a constant exponent. */
    public static Node pow(Node x, double p) {
        return unary(new UnaryOp.PowConstant(p), x);
    }

    /** {@code max(a, b)}. */
    public static Node maximum(Node a, Node b) {
        return binary(new BinaryOp.Maximum(), a, b);
    }

    /** {@code min(a, b)}. */
    public static Node minimum(Node a, Node b) {
        return binary(new BinaryOp.Minimum(), a, b);
    }

    /** {@code min(max(x, lo), hi)}: a composition; the gradient is zero outside [lo, hi]. */
    public static Node clip(Node x, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("clip: bounds must satisfy lo <= hi, got lo " + lo + " and hi " + hi);
        }
        return minimum(maximum(x, Nodes.scalar(lo, x.dtype())), Nodes.scalar(hi, x.dtype()));
    }

    /** 1 where the comparison holds, 0 elsewhere (no gradient). */
    public static Node compare(Compare.Kind kind, Node a, Node b) {
        return binary(new Compare(kind), a, b);
    }

    /** {@code [a > b]}. */
    public static Node greater(Node a, Node b) {
        return compare(Compare.Kind.GREATER, a, b);
    }

    /** {@code [a >= b]}. */
    public static Node greaterEqual(Node a, Node b) {
        return compare(Compare.Kind.GREATER_EQUAL, a, b);
    }

    /** {@code [a < b]}. */
    public static Node less(Node a, Node b) {
        return compare(Compare.Kind.LESS, a, b);
    }

    /** {@code [a <= b]}. */
    public static Node lessEqual(Node a, Node b) {
        return compare(Compare.Kind.LESS_EQUAL, a, b);
    }

    /** {@code [a == b]}. */
    public static Node equal(Node a, Node b) {
        return compare(Compare.Kind.EQUAL, a, b);
    }

    /** {@code [a != b]}. */
    public static Node notEqual(Node a, Node b) {
        return compare(Compare.Kind.NOT_EQUAL, a, b);
    }

    /** {@code c != 0 ? a : b}, broadcasting all three. */
    public static Node where(Node c, Node a, Node b) {
        Objects.requireNonNull(c, "where: condition is null");
        Node[] ab = broadcastPair(a, b, "where");
        Shape shape = Shape.broadcast(c.shape(), ab[0].shape(), "where");
        return Node.apply(new WhereOp.Where(), broadcastTo(c, shape), broadcastTo(ab[0], shape),
                broadcastTo(ab[1], shape));
    }

    /** {@code -x}. */
    public static Node neg(Node x) {
        return unary(new UnaryOp.Neg(), x);
    }

    /** {@code x * x} (a composition: the product rule gives {@code 2 x yBar}). */
    public static Node square(Node x) {
        return mul(x, x);
    }

    /** {@code e^x}. */
    public static Node exp(Node x) {
        return unary(new UnaryOp.Exp(), x);
    }

    /** {@code ln x}. */
    public static Node log(Node x) {
        return unary(new UnaryOp.Log(), x);
    }

    /** {@code ln(1 + x)}. */
    public static Node log1p(Node x) {
        return unary(new UnaryOp.Log1p(), x);
    }

    /** {@code e^x - 1}. */
    public static Node expm1(Node x) {
        return unary(new UnaryOp.Expm1(), x);
    }

    /** {@code sqrt x}. */
    public static Node sqrt(Node x) {
        return unary(new UnaryOp.Sqrt(), x);
    }

    /** {@code |x|}. */
    public static Node abs(Node x) {
        return unary(new UnaryOp.Abs(), x);
    }

    /** {@code sign x}. */
    public static Node sign(Node x) {
        return unary(new UnaryOp.Sign(), x);
    }

    /** {@code sin x}. */
    public static Node sin(Node x) {
        return unary(new UnaryOp.Sin(), x);
    }

    /** {@code cos x}. */
    public static Node cos(Node x) {
        return unary(new UnaryOp.Cos(), x);
    }

    /** {@code tanh x}. */
    public static Node tanh(Node x) {
        return unary(new UnaryOp.Tanh(), x);
    }

    /** {@code 1 / (1 + e^-x)}. */
    public static Node sigmoid(Node x) {
        return unary(new UnaryOp.Sigmoid(), x);
    }

    /** {@code max(x, 0)}. */
    public static Node relu(Node x) {
        return unary(new UnaryOp.Relu(), x);
    }

    /** {@code x > 0 ? x : alpha x}. */
    public static Node leakyRelu(Node x, double alpha) {
        return unary(new UnaryOp.LeakyRelu(alpha), x);
    }

    /** {@code x > 0 ? x : alpha (e^x - 1)}. */
    public static Node elu(Node x, double alpha) {
        return unary(new UnaryOp.Elu(alpha), x);
    }

    /** {@code ln(1 + e^x)}, stable. */
    public static Node softplus(Node x) {
        return unary(new UnaryOp.Softplus(), x);
    }

    /** Identity with zero gradient. */
    public static Node stopGradient(Node x) {
        return unary(new UnaryOp.StopGradient(), x);
    }

    /** Conversion to {@code to}; returns {@code x} itself when it already has that dtype. */
    public static Node cast(Node x, DType to) {
        Objects.requireNonNull(to, "cast: dtype is null");
        Objects.requireNonNull(x, "cast: operand is null");
        return x.dtype() == to ? x : unary(new UnaryOp.Cast(to), x);
    }
}
