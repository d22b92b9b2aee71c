package dev.adjoint.core.graph;

import dev.adjoint.core.graph.Anomaly.Diagnosis;
import dev.adjoint.core.kernel.Pointwise;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Logarithmic functions of two tensors, elementwise, and their factories (NumPy broadcasting, as in
 * {@link BinaryOp}): {@code logaddexp}, and {@code xlogy} and {@code xlog1py}, the products {@code x ln y} and
 * {@code x ln(1 + y)} with SciPy's convention that they are 0 where {@code x = 0}, even where the logarithm is
 * infinite ({@code y = 0} or {@code y = inf}): the terms {@code p ln p} and {@code p ln q} of entropies and
 * divergences, where a zero probability contributes nothing. A NaN y still gives NaN (as in SciPy and PyTorch).
 * Each is a primitive for that convention or for stability.
 */
public sealed interface LogarithmicOp extends BinaryElementwise {

    /** {@code ln(e^a + e^b)}, computed stably. */
    static Node logaddexp(Node a, Node b) {
        return Broadcasting.apply(new LogAddExp(), a, b);
    }

    /** {@code x ln y}, 0 where {@code x = 0}. */
    static Node xlogy(Node x, Node y) {
        return Broadcasting.apply(new XLogY(), x, y);
    }

    /** {@code x ln(1 + y)}, 0 where {@code x = 0}. */
    static Node xlog1py(Node x, Node y) {
        return Broadcasting.apply(new XLog1pY(), x, y);
    }

    /**
     * The cotangents of {@code x f(y)} with the convention {@code 0 f(y) = 0}: {@code xBar = yBar f(y)},
     * except 0 where {@code x = 0} and {@code y <= pole}, where f is infinite or NaN (no derivative exists;
     * PyTorch's value, its {@code masked_fill((x == 0) & (y <= pole), 0)}); {@code yBar_y = yBar x f'(y)} with
     * {@code f'(y) = 1 / (y - pole)}, 0 at {@code x = 0, y = pole}, since {@code 0 f(y) = 0} does not depend on y
     * (PyTorch gives NaN there).
     *
     * <p>Second derivatives. Away from {@code x = 0, y <= pole} they are those of {@code x f(y)}: the mixed one
     * {@code f'(y)} both ways, {@code x f''(y)} in y, 0 in x. Where the conventions hold, their constants are
     * differentiated: at {@code x = 0, y = pole} both mixed derivatives are 0 (the limit {@code f'(y) -> inf}
     * exists from one side only; PyTorch 1.13 gives NaN for {@code d/dy xBar} and inf for {@code d/dx yBar_y},
     * an asymmetric Hessian); {@code d/dy xBar} is 0 for {@code x = 0, y < pole} too (PyTorch: -0). So f reads
     * {@code pole + 1} there (a finite value), and the divisor {@code y - pole} reads {@code +inf} at
     * {@code x = 0, y = pole} ({@code x / inf} is x's signed zero, as {@code x / 1} was, and its derivative in x
     * is 0): no pullback divides by 0, and the gradient can be differentiated again without a NaN.
     */
    private static List<Node> pullbackOfProduct(Node x, Node y, Node yBar, UnaryOperator<Node> f, double pole) {
        Node zero = SourceOp.scalar(0, x.dtype());
        Node xIsZero = x.equal(zero);
        Node atPole = y.equal(SourceOp.scalar(pole, y.dtype()));
        Node convention = xIsZero.logicalAnd(y.lessEqual(SourceOp.scalar(pole, y.dtype())));
        Node safeY = convention.where(SourceOp.scalar(pole + 1, y.dtype()), y);
        Node xBar = yBar.mul(convention.where(zero, f.apply(safeY)));
        Node distance = pole == 0 ? y : y.sub(pole);
        Node safeDistance = xIsZero.logicalAnd(atPole).where(SourceOp.scalar(Double.POSITIVE_INFINITY, y.dtype()),
                distance);
        Node yBarY = yBar.mul(x.div(safeDistance));
        return List.of(xBar, yBarY);
    }

    /**
     * {@code y = ln(e^a + e^b)}, as NumPy computes it: {@code a + ln 2} where {@code a = b} (infinities
     * included), else {@code max(a, b) + log1p(e^-|a - b|)}, which neither overflows nor underflows
     * ({@code logaddexp(1000, -1000) = 1000}). {@code aBar = yBar sigmoid(a - b)}, {@code bBar = yBar sigmoid(b
     * - a)}: each operand's softmax weight, 1/2 each where {@code a = b} (also at {@code a = b = ±inf}, where
     * {@code a - b} is NaN; PyTorch gives NaN there).
     */
    record LogAddExp() implements LogarithmicOp {
        private static final Pointwise F = Pointwise.binary("logaddexp", LogAddExp::logaddexp);

        @Override public String name() { return "logaddexp"; }
        @Override public Pointwise pointwise() { return F; }

        @Override public List<Node> pullback(Node a, Node b, Node y, Node yBar) {
            // a - b is NaN only where a = b = ±inf: there each operand gets half, the limit along a = b
            Node infinite = a.abs().equal(SourceOp.scalar(Double.POSITIVE_INFINITY, a.dtype()));
            Node tie = a.equal(b);
            Node half = SourceOp.scalar(0.5, a.dtype());
            Node aWeight = a.sub(b).sigmoid();
            Node bWeight = b.sub(a).sigmoid();
            return List.of(yBar.mul(infinite.where(tie.where(half, aWeight), aWeight)),
                    yBar.mul(infinite.where(tie.where(half, bWeight), bWeight)));
        }

        private static double logaddexp(double a, double b) {
            if (a == b) {
                return a + 0.6931471805599453; // ln 2
            }
            double d = a - b;
            if (d > 0) {
                return a + StrictMath.log1p(StrictMath.exp(-d));
            }
            return d <= 0 ? b + StrictMath.log1p(StrictMath.exp(d)) : d; // d is NaN
        }
    }

    /**
     * {@code y = x ln y'} (the operands {@code (x, y')}), 0 where {@code x = 0} unless y' is NaN; domain
     * {@code y' > 0}, NaN for a negative y' (and {@code x != 0}). {@code xBar = yBar ln y'} (also at {@code x =
     * 0}, where it is the partial derivative, as in PyTorch), except 0 where {@code x = 0} and {@code y' <= 0}
     * (as in PyTorch; {@code ln y'} is infinite or NaN there);
     * {@code y'Bar = yBar x / y'}, exactly 0 where {@code x = 0}. Second derivatives: {@code 1 / y'} mixed,
     * {@code -x / y'^2} in y', except at {@code x = 0, y' = 0}, where both mixed ones are 0 (the derivatives of
     * the conventions' constants; PyTorch 1.13 gives NaN for {@code d/dy' xBar} and {@code +inf} for
     * {@code d/dx y'Bar}), never NaN from the conventions.
     */
    record XLogY() implements LogarithmicOp {
        private static final Pointwise F = Pointwise.binary("xlogy",
                (x, y) -> x == 0 && !Double.isNaN(y) ? 0 : x * StrictMath.log(y));

        @Override public String name() { return "xlogy"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.POSITIVE : Domain.REAL; }

        @Override public List<Node> pullback(Node x, Node y, Node out, Node yBar) {
            return pullbackOfProduct(x, y, yBar, Node::log, 0);
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return logOfNonPositive(a, 0); }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "x ln y at y = 0", "y", "keep y positive where x is not 0");
        }
    }

    /**
     * {@code y = x ln(1 + y')}, 0 where {@code x = 0} unless y' is NaN; domain {@code y' > -1}. {@code xBar =
     * yBar ln(1 + y')}, except 0 where {@code x = 0} and {@code y' <= -1} (as in PyTorch); {@code y'Bar = yBar x /
     * (1 + y')}, exactly 0 where {@code x = 0}. At {@code x = 0, y' = -1} both mixed second derivatives are 0, as
     * for {@link XLogY} at {@code (0, 0)}.
     */
    record XLog1pY() implements LogarithmicOp {
        private static final Pointwise F = Pointwise.binary("xlog1py",
                (x, y) -> x == 0 && !Double.isNaN(y) ? 0 : x * StrictMath.log1p(y));

        @Override public String name() { return "xlog1py"; }
        @Override public Pointwise pointwise() { return F; }
        @Override public Domain domain(int i) { return i == 1 ? Domain.ABOVE_MINUS_ONE : Domain.REAL; }

        @Override public List<Node> pullback(Node x, Node y, Node out, Node yBar) {
            return pullbackOfProduct(x, y, yBar, Node::log1p, -1);
        }

        @Override public Optional<Diagnosis> diagnose(Anomaly a) { return logOfNonPositive(a, -1); }

        @Override public Optional<Diagnosis> diagnosePullback(Node forward, Anomaly a) {
            return a.infiniteDerivative(forward, "x ln(1 + y) at y = -1", "1 + y", "keep y above -1 where x is not"
                    + " 0");
        }
    }

    /** The NaN or infinity of {@code x f(y)} where y is at or below f's pole (and x is not 0). */
    private static Optional<Diagnosis> logOfNonPositive(Anomaly a, double pole) {
        long below = a.count(1, v -> v < pole);
        long at = a.count(1, v -> v == pole);
        return below + at == 0 ? Optional.empty() : Anomaly.found(a.node().op().name() + " is infinite where y = "
                + pole + " and NaN below (unless x = 0); " + a.input(1) + " holds " + at + " value(s) equal to "
                + pole + " and " + below + " below", "keep y above " + pole + " where x is not 0");
    }
}
