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
 * "exclusive scan"). An empty axis gives an empty result. {@code cumsum} and {@code cumprod} of an INT32, INT64 or
 * BOOL x are INT64, as PyTorch's, wrapping around on overflow as Java's {@code long} arithmetic does, without a
 * gradient; {@code logcumsumexp} takes floats only. The running maximum and minimum
 * ({@code cummax}, {@code cummin}, of any dtype) are compositions: their indices come from the primitive
 * {@link ArgCumExtremum}, their values are read through them with {@code takeAlongAxis}.
 *
 * <p>The VJPs of cumprod and logcumsumexp are built from two more primitives of the family, not built by name:
 * {@link LinearRecurrence} and {@link ExpWeightedCumsum}, whose own VJPs are made of themselves, so that every
 * gradient here can be differentiated again, to any order.
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

    /**
     * The cumulative product along {@code axis}, from the end when {@code reverse}, without x_i when {@code exclusive}.
     */
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

    /**
     * The running maximum or minimum along an axis ({@code values}, x's shape and dtype) and the INT64 index along
     * the axis that each value was taken from ({@code indices}), as PyTorch's {@code cummax} and {@code cummin}.
     */
    record CumulativeExtremum(Node values, Node indices) {
        /** Checks both are present. */
        public CumulativeExtremum {
            Objects.requireNonNull(values, "values is null");
            Objects.requireNonNull(indices, "indices is null");
        }
    }

    /**
     * PyTorch's {@code cummax}: {@code values_i = max(x_0, ..., x_i)} along {@code axis} and its index, the latest
     * of equal maxima ({@code x_t >= values_{t-1}} takes over); a NaN takes over and stays (each later NaN moves the
     * index on). A composition: the primitive {@link ArgCumExtremum} gives the indices, and
     * {@code values = takeAlongAxis(x, indices)}, so the gradient goes to the chosen element only (summed over the
     * positions that chose it), and can be differentiated again. Any dtype; an empty axis gives empty results; the
     * axis must not be the batch axis N.
     */
    static CumulativeExtremum cummax(Node x, int axis) {
        return runningExtremum(x, axis, true);
    }

    /**
     * PyTorch's {@code cummin}: {@code values_i = min(x_0, ..., x_i)} along {@code axis} and its index, the latest
     * of equal minima; NaN as in {@link #cummax}, whose composition and gradient it shares.
     */
    static CumulativeExtremum cummin(Node x, int axis) {
        return runningExtremum(x, axis, false);
    }

    private static CumulativeExtremum runningExtremum(Node x, int axis, boolean max) {
        String op = max ? "cummax" : "cummin";
        Objects.requireNonNull(x, op + ": operand is null");
        if (x.rank() == 0) {
            throw new IllegalArgumentException(op + ": needs an axis to run along, got a scalar " + x.describe()
                    + "; reshape it to [1] first");
        }
        int a = x.shape().normalizeAxis(axis, op);
        if (x.shape().dim(a) == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": cannot run along the batch axis N (its values are read with"
                    + " takeAlongAxis, which keeps N whole), got axis " + axis + " of " + x.describe());
        }
        Node indices = Node.apply(new ArgCumExtremum(a, max), x);
        return new CumulativeExtremum(x.takeAlongAxis(indices, a), indices);
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
                Node first = SourceOp.fill(x.shape().with(a, 1), y.dtype(), identity);
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

    /**
     * The dtype of a running sum or product of x: x's when it is floating, else INT64, as {@code torch.cumsum} and
     * {@code torch.cumprod} of integral and bool inputs (no gradient).
     */
    private static DType integral(Node x) {
        return x.dtype().isFloating() ? x.dtype() : DType.INT64;
    }

    /** The reverse inclusive cumulative sum of {@code v} along {@code axis}: the adjoint of cumsum. */
    private static Node reverseCumsum(Node v, int axis) {
        return ArrangeOp.flip(Node.apply(new Cumsum(axis), ArrangeOp.flip(v, axis)), axis);
    }

    /**
     * {@code y_i = x_0 + ... + x_i}. Linear: {@code xBar_i = yBar_i + ... + yBar_{n-1}}, the reverse cumulative
     * sum of yBar. Of integers or bools: INT64, as in PyTorch.
     *
     * @param axis the axis summed along
     */
    record Cumsum(int axis) implements CumulativeOp {
        @Override public String name() { return "cumsum(" + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public DType dtype(List<Node> inputs) { return integral(inputs.get(0)); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.scan(inputs.get(0), axis, Scan.SUM);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(reverseCumsum(yBar, axis));
        }
    }

    /**
     * {@code y_i = x_0 x_1 ... x_i}, with {@code xBar_i = Σ_{j ≥ i} yBar_j Π_{m ≤ j, m ≠ i} x_m = E_i R_i},
     * where {@code E_i = Π_{m < i} x_m} is the exclusive cumulative product and {@code R_i = Σ_{j ≥ i} yBar_j
     * Π_{i < m ≤ j} x_m = yBar_i + Σ_{j > i} (yBar_j x_j) Π_{i < m < j} x_m}. Both are {@link LinearRecurrence}s
     * with the coefficients x: E of {@code x_0} put in at the start of the lane ({@code E_0 = 1}), R of
     * {@code yBar ⊙ x} run from the end. Sums of products, no division: exact with zeros present, none of them a
     * special case, and as accurate near a zero as away from one (the textbook {@code (Σ_{j ≥ i} yBar_j y_j) /
     * x_i} needs a case for zeros, and its derivatives lose digits as x_i nears 0: {@code 1e-3} of
     * {@code H·1 = 6} at {@code x_i = 1e-12}).
     *
     * <p>The VJP is a polynomial in x, linear in yBar, made of ops whose VJPs are polynomials too, so
     * differentiating it gives the derivatives of every order, at zeros too ({@code H_ab = Σ_{j ≥ max(a, b)}
     * yBar_j Π_{m ≤ j, m ≠ a, b} x_m}, not 0 with one or two zeros among the x), as PyTorch's double backward
     * does. Of integers or bools: INT64, as in PyTorch.
     *
     * @param axis the axis multiplied along
     */
    record Cumprod(int axis) implements CumulativeOp {
        @Override public String name() { return "cumprod(" + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public DType dtype(List<Node> inputs) { return integral(inputs.get(0)); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.scan(inputs.get(0), axis, Scan.PROD);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node ones = SourceOp.onesLike(x);
            Node start = Node.apply(new Cumsum(axis), ones).equal(ones);
            Node before = start.where(ones, Node.apply(new LinearRecurrence(axis), x,
                    start.where(x, SourceOp.zerosLike(x))));
            Node after = yBar.add(reverseRecurrence(x, yBar.mul(x), axis));
            return List.of(before.mul(after));
        }
    }

    /**
     * {@code y_i = log Σ_{j ≤ i} exp x_j}, each step {@code max + log1p(exp(-|a - b|))}. The VJP
     * {@code xBar_i = Σ_{j ≥ i} yBar_j exp(x_i - y_j)} is one reverse {@link ExpWeightedCumsum} of yBar with the
     * potentials x and y: each factor {@code exp(x_i - y_j) ≤ 1}, summed relative to a running maximum, so it
     * neither overflows nor loses the small terms, and it is linear in yBar whatever its signs (no split of yBar
     * by sign through {@code log yBar}, whose {@code -∞} made the derivative of that form wrong). Since that op's
     * own VJP is made of the same op, the gradient can be differentiated again, to any order.
     *
     * <p>The potentials are shifted first, {@code u = x - m}, {@code m} the lane's maximum (its gradient stopped;
     * 0 where it is not finite), and {@code y} recomputed from u: {@code exp(x_i - y_j) = exp(u_i - yu_j)} is the
     * same function, but {@code y_j = m + ln(...)} rounds to m once ln is below half an ulp of m, and the
     * unshifted weights are then wrong ({@code [1e308, 1e308]} got weights 1 and 1 for 1/2 and 1/2, and the
     * relative error is {@code ulp(m)} for smaller m, {@code 2e-6} at {@code 1e10}). A finite x that the shift
     * takes below the largest negative number is held there (its weight is 0 anyway, or 1 against itself).
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
            Node max = Node.apply(new ReduceOp.Extremum(List.of(axis), true, true), x); // -inf along an empty axis
            Node shift = max.isFinite().where(max, SourceOp.zerosLike(max)).stopGradient().broadcastTo(x.shape());
            Node u = x.sub(shift);
            Node lowest = SourceOp.scalar(x.dtype() == DType.FLOAT32 ? -Float.MAX_VALUE : -Double.MAX_VALUE,
                    x.dtype());
            u = u.isInf().logicalAnd(x.isFinite()).where(lowest, u);
            return List.of(reverseExpWeightedCumsum(u, Node.apply(new LogCumSumExp(axis), u), yBar, axis));
        }
    }

    /**
     * {@code g_i = Σ_{m ≥ i} d_m exp(s_i − t_m)} along {@code axis}: the transpose of {@link ExpWeightedCumsum}
     * in {@code b}, the flipped op with the potentials exchanged and negated.
     */
    private static Node reverseExpWeightedCumsum(Node s, Node t, Node d, int axis) {
        return ArrangeOp.flip(Node.apply(new ExpWeightedCumsum(axis), ArrangeOp.flip(t, axis).neg(),
                ArrangeOp.flip(s, axis).neg(), ArrangeOp.flip(d, axis)), axis);
    }

    /**
     * {@code g_i = Σ_{m > i} d_m Π_{i < l < m} a_l} along {@code axis}: the transpose of {@link LinearRecurrence}
     * in {@code b}, the flipped recurrence (open intervals read the same both ways).
     */
    private static Node reverseRecurrence(Node a, Node d, int axis) {
        return ArrangeOp.flip(Node.apply(new LinearRecurrence(axis), ArrangeOp.flip(a, axis),
                ArrangeOp.flip(d, axis)), axis);
    }

    /** The shape rule of the VJPs' primitives: {@code count} operands of one shape, an axis in range. */
    private static Shape sameShapes(String name, int axis, int count, List<Node> inputs) {
        if (inputs.size() != count) {
            throw new IllegalArgumentException(name + ": takes " + count + " inputs, got " + inputs.size());
        }
        Shape in = inputs.get(0).shape();
        for (Node n : inputs) {
            if (!n.shape().equals(in)) {
                throw new IllegalArgumentException(name + ": operands must have one shape, got "
                        + Node.describe(inputs));
            }
        }
        if (axis < 0 || axis >= in.rank()) {
            throw new IllegalArgumentException(name + ": axis must be in [0, " + in.rank() + "), got axis " + axis
                    + " for shape " + in);
        }
        return in;
    }

    /**
     * The INT64 index along {@code axis} of the running maximum ({@code isMax}) or minimum of x, PyTorch's rule:
     * position t takes over when {@code x_t} is NaN or, the running value not being NaN, {@code x_t >= } it
     * ({@code <=} for the minimum), so ties go to the later index. Any dtype. Not differentiable: its output is an
     * index; {@link #cummax} and {@link #cummin} read the values through it.
     *
     * @param axis the axis run along, non-negative
     * @param isMax true for the maximum, false for the minimum
     */
    record ArgCumExtremum(int axis, boolean isMax) implements CumulativeOp {
        @Override public String name() { return (isMax ? "argcummax(" : "argcummin(") + axis + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public DType dtype(List<Node> inputs) {
            return DType.INT64;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.argCumExtremum(inputs.get(0), axis, isMax);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }

    /**
     * The exclusive first-order linear recurrence {@code h_0 = 0}, {@code h_{m+1} = a_m h_m + b_m} along the axis,
     * that is {@code h_m = Σ_{i < m} b_i Π_{i < l < m} a_l}: polynomial in a and linear in b, no division, so
     * exact with zeros among the coefficients. A primitive of {@link Cumprod}'s VJP, not built by name. With
     * {@code g = Σ_{m > i} hBar_m Π_{i < l < m} a_l} (the same recurrence run from the end, since the open
     * intervals are symmetric), the VJP is {@code bBar = g}, {@code aBar = h ⊙ g} (a_l joins each term that
     * starts before l, summed in h_l, to each output after l, summed in g_l), so it is made of the op itself and
     * can be differentiated to any order.
     *
     * @param axis the axis run along
     */
    record LinearRecurrence(int axis) implements CumulativeOp {
        @Override public String name() { return "linearRecurrence(" + axis + ")"; }

        @Override public Shape shape(List<Node> inputs) {
            return sameShapes(name(), axis, 2, inputs);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.linearRecurrence(inputs.get(0), inputs.get(1), axis);
        }

        @Override public List<Node> vjp(Node h, Node hBar) {
            Node g = reverseRecurrence(h.inputs().get(0), hBar, axis);
            return List.of(h.mul(g), g);
        }
    }

    /**
     * {@code z_m = Σ_{i ≤ m} b_i exp(s_i − t_m)} along the axis: a cumulative sum of b weighted by the potentials
     * s (of the term) and t (of the output), computed relative to the running maximum of s so that nothing
     * overflows that the result does not. A primitive of {@link LogCumSumExp}'s VJP ({@code s = x}, {@code t = y},
     * run from the end), not built by name. With {@code g_i = Σ_{m ≥ i} zBar_m exp(s_i − t_m)} (the op run from
     * the end with the potentials exchanged and negated), the VJP is {@code bBar = g}, {@code sBar = b ⊙ g},
     * {@code tBar = −zBar ⊙ z}: made of the op itself, so it can be differentiated to any order.
     *
     * @param axis the axis summed along
     */
    record ExpWeightedCumsum(int axis) implements CumulativeOp {
        @Override public String name() { return "expWeightedCumsum(" + axis + ")"; }

        @Override public Shape shape(List<Node> inputs) {
            return sameShapes(name(), axis, 3, inputs);
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return CumulativeKernels.expWeightedCumsum(inputs.get(0), inputs.get(1), inputs.get(2), axis);
        }

        @Override public List<Node> vjp(Node z, Node zBar) {
            Node s = z.inputs().get(0);
            Node t = z.inputs().get(1);
            Node b = z.inputs().get(2);
            Node g = reverseExpWeightedCumsum(s, t, zBar, axis);
            return List.of(b.mul(g), zBar.mul(z).neg(), g);
        }
    }
}
