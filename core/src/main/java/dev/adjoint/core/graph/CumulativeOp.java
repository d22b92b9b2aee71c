package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.CumulativeKernels;
import dev.adjoint.core.kernel.CumulativeKernels.Scan;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Running reductions along one axis, as NumPy's {@code cumsum}, {@code cumprod} and PyTorch's
 * {@code logcumsumexp}: {@code y_i = x_0 ∘ ... ∘ x_i}, the output of x's shape. The primitives are the inclusive
 * forward scans; the flags are compositions: {@code reverse} runs from the end ({@code y_i = x_i ∘ ... ∘
 * x_{n-1}}, a flip before and after), {@code exclusive} leaves out {@code x_i} itself (the identity first, the
 * inclusive result shifted by one; PyTorch's and NumPy's functions have no such flag, it is the usual
 * "exclusive scan"). Floats only. An empty axis gives an empty result.
 */
public sealed interface CumulativeOp extends Op {

    /** The axis scanned along (non-negative). */
    int axis();

    /** The inclusive cumulative sum along {@code axis}. */
    static Node cumsum(Node x, int axis) {
        return cumsum(x, axis, false, false);
    }

    /** The cumulative sum along {@code axis}, from the end when {@code reverse}, without x_i when {@code exclusive}. */
    static Node cumsum(Node x, int axis, boolean reverse, boolean exclusive) {
        return scan(x, axis, reverse, exclusive, "cumsum", 0.0);
    }

    /** The inclusive cumulative product along {@code axis}. */
    static Node cumprod(Node x, int axis) {
        return cumprod(x, axis, false, false);
    }

    /** The cumulative product along {@code axis}, from the end when {@code reverse}, without x_i when {@code exclusive}. */
    static Node cumprod(Node x, int axis, boolean reverse, boolean exclusive) {
        return scan(x, axis, reverse, exclusive, "cumprod", 1.0);
    }

    /** {@code y_i = log(exp x_0 + ... + exp x_i)} along {@code axis}, computed stably. */
    static Node logcumsumexp(Node x, int axis) {
        return logcumsumexp(x, axis, false);
    }

    /** {@link #logcumsumexp(Node, int)}, from the end of the axis when {@code reverse}. */
    static Node logcumsumexp(Node x, int axis, boolean reverse) {
        return scan(x, axis, reverse, false, "logcumsumexp", Double.NEGATIVE_INFINITY);
    }

    private static Node scan(Node x, int axis, boolean reverse, boolean exclusive, String op, double identity) {
        Objects.requireNonNull(x, op + ": operand is null");
        int a = x.shape().normalizeAxis(axis, op);
        Node in = reverse ? ArrangeOp.flip(x, a) : x;
        Node y = Node.apply(switch (op) {
            case "cumsum" -> new Cumsum(a);
            case "cumprod" -> new Cumprod(a);
            default -> new LogCumSumExp(a);
        }, in);
        if (exclusive) {
            int d = x.shape().dim(a);
            if (d == Shape.BATCH) {
                throw new IllegalArgumentException(op + ": an exclusive scan cannot run along the batch axis N, got"
                        + " axis " + axis + " of " + x.shape());
            }
            if (d > 0) {
                Node first = SourceOp.fill(x.shape().with(a, 1), x.dtype(), identity);
                y = MovementOp.concat(a, first, MovementOp.slice(y, a, 0, d - 1));
            }
        }
        return reverse ? ArrangeOp.flip(y, a) : y;
    }

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name() + ": takes 1 input, got " + inputs.size());
        }
        Shape in = inputs.get(0).shape();
        if (axis() < 0 || axis() >= in.rank()) {
            throw new IllegalArgumentException(name() + ": axis must be in [0, " + in.rank() + "), got axis " + axis()
                    + " for shape " + in);
        }
        return in;
    }

    /** The reverse inclusive cumulative sum of {@code v} along {@code axis}: the adjoint of cumsum. */
    private static Node reverseCumsum(Node v, int axis) {
        return ArrangeOp.flip(Node.apply(new Cumsum(axis), ArrangeOp.flip(v, axis)), axis);
    }

    /**
     * {@code y_i = x_0 + ... + x_i}. Linear: {@code xBar_i = yBar_i + ... + yBar_{n-1}}, the reverse cumulative
     * sum of yBar.
     *
     * @param axis the axis summed along
     */
    record Cumsum(int axis) implements CumulativeOp {
        @Override public String name() { return "cumsum(" + axis + ")"; }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.scan(inputs.get(0), axis, Scan.SUM);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(reverseCumsum(yBar, axis));
        }
    }

    /**
     * {@code y_i = x_0 x_1 ... x_i}, with {@code xBar_i = Σ_{j ≥ i} yBar_j Π_{m ≤ j, m ≠ i} x_m}, exact with
     * zeros present. With {@code k} the first zero of a lane: before k, {@code xBar_i = (Σ_{j ≥ i} yBar_j y_j)
     * / x_i} (x_i is not 0 there); at k, {@code xBar_k = Σ_{j ≥ k} yBar_j v_j} where v is the cumulative
     * product of x with {@code x_k} replaced by {@code y_{k-1}} (the product of the x before it) and the x before
     * k by 1; after k, 0 (each product holds the zero x_k). The VJP is built from graph ops, so it can be
     * differentiated again; at an exact zero that second derivative treats the positions of the zeros as fixed
     * (as PyTorch does).
     *
     * @param axis the axis multiplied along
     */
    record Cumprod(int axis) implements CumulativeOp {
        @Override public String name() { return "cumprod(" + axis + ")"; }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.scan(inputs.get(0), axis, Scan.PROD);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            DType t = x.dtype();
            Node zeros = SourceOp.zerosLike(x);
            Node ones = SourceOp.onesLike(x);
            Node isZero = x.equal(zeros);
            Node zerosSoFar = Node.apply(new Cumsum(axis), isZero.cast(t));
            Node before = zerosSoFar.equal(zeros);
            Node first = isZero.logicalAnd(zerosSoFar.equal(ones));
            Node xSafe = isZero.where(ones, x);
            Node beforeZero = reverseCumsum(yBar.mul(y), axis).div(xSafe);
            Node shifted = before.where(ones, first.where(Node.apply(this, xSafe), x));
            Node v = Node.apply(this, shifted);
            Node atZero = ReduceOp.sum(before.where(zeros, yBar.mul(v)), true, axis).broadcastTo(x.shape());
            return List.of(before.where(beforeZero, first.where(atZero, zeros)));
        }
    }

    /**
     * {@code y_i = log Σ_{j ≤ i} exp x_j}, each step {@code max + log1p(exp(-|a - b|))}. The VJP {@code xBar_i =
     * Σ_{j ≥ i} yBar_j exp(x_i - y_j)} (each factor ≤ 1) is computed without overflow as PyTorch does, splitting
     * yBar by sign: {@code exp(x + rlcse(log yBar⁺ - y)) - exp(x + rlcse(log yBar⁻ - y))} with {@code rlcse}
     * the reverse logcumsumexp and {@code log 0 = -∞}. Differentiable once (the split's {@code -∞} make the
     * second derivative NaN where yBar changes sign).
     *
     * @param axis the axis reduced along
     */
    record LogCumSumExp(int axis) implements CumulativeOp {
        @Override public String name() { return "logcumsumexp(" + axis + ")"; }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.scan(inputs.get(0), axis, Scan.LOG_SUM_EXP);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(part(x, y, yBar).sub(part(x, y, yBar.neg())));
        }

        /** {@code exp(x + rlcse(log max(yBar, 0) - y))}: the part of xBar from the positive cotangents. */
        private Node part(Node x, Node y, Node yBar) {
            Node positive = yBar.greater(SourceOp.zerosLike(yBar));
            Node logBar = positive.where(positive.where(yBar, SourceOp.onesLike(yBar)).log(),
                    SourceOp.fill(yBar.shape(), yBar.dtype(), Double.NEGATIVE_INFINITY));
            Node tail = ArrangeOp.flip(Node.apply(this, ArrangeOp.flip(logBar.sub(y), axis)), axis);
            return x.add(tail).exp();
        }
    }
}
