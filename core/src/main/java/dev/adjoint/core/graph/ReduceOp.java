package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.ReduceKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Reductions over a set of axes, removed from the shape or kept as size 1 ({@code keepDims}), and their
 * factories.
 *
 * <p>Primitives: {@code sum}, {@code max}, {@code min}, {@code logSumExp} (a primitive for stability: it
 * subtracts the maximum before exponentiating) and {@code count} (the number of elements reduced, needed by
 * {@code mean} when an axis is the symbolic batch dimension). Compositions: {@code mean = sum / count};
 * {@code logSoftmax(x) = u - logSumExp(u)} with {@code u = x - max(x)} (the maximum's gradient stopped), and
 * {@code softmax = exp(logSoftmax)}, both along one axis. Both are numerically stable: logits of ±1e30 give
 * finite, exact values and gradients.
 *
 * <p>The factories take axes that may be negative (counted from the end); an empty axis list means all axes.
 * The {@code axes} of every record are normalized by them: distinct, ascending, non-negative.
 *
 * <p><b>Empty axes.</b> A reduction over an axis of size 0 gives its identity: {@code sum} 0,
 * {@code logSumExp} -Infinity; {@code mean} is {@code 0 / 0 = NaN}, as in NumPy and PyTorch; {@code softmax} and
 * {@code logSoftmax} along an empty axis are empty. {@code max} and {@code min} have no identity: their factories
 * refuse a reduced axis of size 0 when the node is built ({@link #nonEmptyAxes}), as NumPy and PyTorch refuse it.
 * The batch axis N has its size only at evaluation, and zero rows along it flow through every op (gradients of
 * an empty batch are zeros): there a maximum or minimum over N is not refused but gives the {@link Extremum}
 * record's identity, -Infinity or +Infinity, which anomaly detection reports as such. Compositions take maxima
 * over N that no row then uses (the gradient of a logSumExp over N, nn's binary cross-entropy from logits).
 * <b>Rank 0.</b> Reducing a scalar (over no axes) gives the scalar.
 *
 * <p><b>Integers and bools.</b> {@code sum}, {@code max} and {@code min} take INT32, INT64 and BOOL operands with
 * PyTorch's result dtypes: a sum is INT64 (wrapping around on overflow as Java's {@code long}), a maximum or minimum
 * keeps the dtype (of bools: any and all); none has a gradient. {@code mean}, {@code logSumExp} and the softmaxes take
 * floats only, as PyTorch's {@code mean} refuses integers. The integer kernels are {@code IntegerReductions}'.
 */
public sealed interface ReduceOp extends Op {

    /** The reduced axes, normalized. */
    List<Integer> axes();

    /** Whether reduced axes stay as size 1. */
    boolean keepDims();

    /** Sum over the axes (all when none are given), which are removed. */
    static Node sum(Node x, int... axes) {
        return sum(x, false, axes);
    }

    /** Sum over the axes (all when none are given). */
    static Node sum(Node x, boolean keepDims, int... axes) {
        return Node.apply(new Sum(normalize(x, axes, "sum"), keepDims), x);
    }

    /** Mean over the axes (all when none are given), which are removed. */
    static Node mean(Node x, int... axes) {
        return mean(x, false, axes);
    }

    /** Mean over the axes: {@code sum(x) / count}, where the count is a constant unless an axis is N. */
    static Node mean(Node x, boolean keepDims, int... axes) {
        List<Integer> normalized = normalize(x, axes, "mean");
        if (!x.dtype().isFloating()) {
            throw new IllegalArgumentException("mean: operand must be floating-point (f32 or f64), got " + x.describe()
                    + "; insert a cast, e.g. x.cast(DType.FLOAT64)");
        }
        Node total = Node.apply(new Sum(normalized, keepDims), x);
        return BinaryOp.div(total, count(x, normalized));
    }

    /** Maximum over the axes (all when none are given), which are removed; refused over an empty axis. */
    static Node max(Node x, int... axes) {
        return max(x, false, axes);
    }

    /**
     * Maximum over the axes (all when none are given).
     *
     * @throws IllegalArgumentException when a reduced axis has size 0 ({@link #nonEmptyAxes})
     */
    static Node max(Node x, boolean keepDims, int... axes) {
        return Node.apply(new Extremum(nonEmptyAxes(x, axes, "max"), keepDims, true), x);
    }

    /** Minimum over the axes (all when none are given), which are removed; refused over an empty axis. */
    static Node min(Node x, int... axes) {
        return min(x, false, axes);
    }

    /**
     * Minimum over the axes (all when none are given).
     *
     * @throws IllegalArgumentException when a reduced axis has size 0 ({@link #nonEmptyAxes})
     */
    static Node min(Node x, boolean keepDims, int... axes) {
        return Node.apply(new Extremum(nonEmptyAxes(x, axes, "min"), keepDims, false), x);
    }

    /** {@code log sum exp x} over the axes (all when none are given), which are removed; computed stably. */
    static Node logSumExp(Node x, int... axes) {
        return logSumExp(x, false, axes);
    }

    /** {@code log sum exp x} over the axes (all when none are given), computed stably. */
    static Node logSumExp(Node x, boolean keepDims, int... axes) {
        return Node.apply(new LogSumExp(normalize(x, axes, "logSumExp"), keepDims), x);
    }

    /** {@code exp(logSoftmax(x))} along {@code axis}. */
    static Node softmax(Node x, int axis) {
        normalize(x, new int[] {axis}, "softmax");
        DTypeSet.FLOATING.require("softmax", "operand", x);
        return UnaryOp.exp(logSoftmax(x, axis));
    }

    /**
     * {@code u - logSumExp(u)} along {@code axis} with {@code u = x - stopGradient(max x)}. Shifting by the
     * maximum first keeps the result exact when logits are huge and tied ({@code 1e30 + ln 2 == 1e30} in
     * floating point, so the unshifted {@code x - logSumExp(x)} would give 0 instead of {@code -ln 2}); the
     * shift does not change the function, so stopping its gradient leaves the derivative exact.
     */
    static Node logSoftmax(Node x, int axis) {
        List<Integer> along = normalize(x, new int[] {axis}, "logSoftmax");
        DTypeSet.FLOATING.require("logSoftmax", "operand", x);
        Node shifted = BinaryOp.sub(x, UnaryOp.stopGradient(Node.apply(new Extremum(along, true, true), x)));
        return BinaryOp.sub(shifted, logSumExp(shifted, true, axis));
    }

    /**
     * The axes a reduction of x named {@code op} runs over: distinct, ascending, non-negative (negative axes
     * count from the end); all axes when none are given. Shared by every reduction family.
     */
    static List<Integer> normalize(Node x, int[] axes, String op) {
        Objects.requireNonNull(x, op + ": operand is null");
        Objects.requireNonNull(axes, op + ": axes is null");
        TreeSet<Integer> set = new TreeSet<>();
        if (axes.length == 0) {
            IntStream.range(0, x.rank()).forEach(set::add);
        }
        for (int a : axes) {
            if (!set.add(x.axis(a, op))) {
                throw new IllegalArgumentException(op + ": axes must be distinct, got "
                        + java.util.Arrays.toString(axes) + " for " + x.describe());
            }
        }
        return new ArrayList<>(set);
    }

    /**
     * The axes of a reduction named {@code op} that has no identity (a maximum, a minimum), normalized as
     * {@link #normalize} does, each of a size other than 0: a maximum over no elements does not exist, and NumPy
     * ({@code zero-size array to reduction operation maximum which has no identity}) and PyTorch refuse it too.
     * An axis of symbolic size N is accepted: a batch of 0 rows bound at evaluation gives the record's identity,
     * {@code -inf} for a maximum and {@code +inf} for a minimum (see {@link ReduceOp}).
     *
     * @throws IllegalArgumentException naming {@code op}, the first empty axis and x's shape
     */
    static List<Integer> nonEmptyAxes(Node x, int[] axes, String op) {
        List<Integer> normalized = normalize(x, axes, op);
        normalized.stream().filter(a -> x.shape().dim(a) == 0).findFirst().ifPresent(a -> {
            throw new IllegalArgumentException(op + ": the reduced axes must not be empty (a reduction over no elements"
                    + " has no identity), got axis " + a + " of " + x.describe());
        });
        return normalized;
    }

    /** The number of elements over the axes, as a scalar of x's dtype. */
    private static Node count(Node x, List<Integer> axes) {
        long n = 1;
        for (int a : axes) {
            int d = x.shape().dim(a);
            if (d == Shape.BATCH) {
                return Node.apply(new Count(axes), x);
            }
            n *= d;
        }
        return SourceOp.scalar(n, x.dtype());
    }

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name() + ": takes one input, got " + inputs.size());
        }
        return reducedShape(inputs.get(0).shape(), axes(), keepDims(), name());
    }

    /** The shape of {@code in} reduced over {@code axes}. */
    static Shape reducedShape(Shape in, List<Integer> axes, boolean keepDims, String op) {
        boolean[] reduced = mask(in.rank(), axes, op);
        return Shape.of(IntStream.range(0, in.rank()).filter(a -> keepDims || !reduced[a])
                .map(a -> reduced[a] ? 1 : in.dim(a)).toArray());
    }

    /** A per-axis flag: true where reduced. */
    static boolean[] mask(int rank, List<Integer> axes, String op) {
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            if (a < 0 || a >= rank) {
                throw new IllegalArgumentException(op + ": axes must be in [0, " + rank + "), got axes " + axes
                        + " for rank " + rank);
            }
            reduced[a] = true;
        }
        return reduced;
    }

    /** An infinity from reducing over an empty axis (max, min, logSumExp: their identity is infinite). */
    private static Optional<Anomaly.Diagnosis> emptyAxis(Anomaly a) {
        return a.inputs().get(0).size() > 0 ? Optional.empty() : Anomaly.found(a.node().op().name()
                + " over an empty axis is an infinity (the identity of the reduction), got input "
                + a.inputs().get(0).shape(), "do not reduce over an empty axis (a batch of 0 rows)");
    }

    /** The output cotangent or value reshaped to keep the reduced axes, then broadcast to {@code x}. */
    default Node expand(Node reduced, Node x) {
        Shape kept = reducedShape(x.shape(), axes(), true, name());
        return reduced.reshape(kept).broadcastTo(x.shape());
    }

    /**
     * {@code y = sum over axes of x}; {@code xBar = broadcast(yBar)}. Of an INT32, INT64 or BOOL x (a bool counts 1
     * or 0), the sum is INT64, as {@code torch.sum}'s, wrapping around on overflow as Java's {@code long} arithmetic
     * (and PyTorch's int64) does; it has no gradient.
     *
     * @param axes the reduced axes
     * @param keepDims whether they stay as size 1
     */
    record Sum(List<Integer> axes, boolean keepDims) implements ReduceOp {
        /** Copies the axes. */
        public Sum {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return "sum" + axes; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public DType dtype(List<Node> in) {
            return in.get(0).dtype().isFloating() ? in.get(0).dtype() : DType.INT64;
        }
        @Override public Notation notation(List<Node> in) { return Notation.reduction("sum", axes, in.get(0)); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor x = inputs.get(0);
            return ReduceKernels.sum(x, mask(x.rank(), axes, name()), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(expand(yBar, y.inputs().get(0)));
        }
    }

    /**
     * {@code y = max (or min) over axes of x}; the cotangent flows to the elements equal to the extremum,
     * shared evenly among ties: {@code xBar = broadcast(yBar) * [x = y] / count(x = y)}. Integers and bools keep
     * their dtype (of bools, max is any and min is all, as {@code torch.amax}), and have no gradient; their
     * identity, over a batch of 0 rows, is the dtype's least (greatest) value, false (true) for bools.
     *
     * @param axes the reduced axes
     * @param keepDims whether they stay as size 1
     * @param isMax true for max, false for min
     */
    record Extremum(List<Integer> axes, boolean keepDims, boolean isMax) implements ReduceOp {
        /** Copies the axes. */
        public Extremum {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return (isMax ? "max" : "min") + axes; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }
        @Override public Notation notation(List<Node> in) {
            return Notation.reduction(isMax ? "max" : "min", axes, in.get(0));
        }

        @Override public Optional<Anomaly.Diagnosis> diagnose(Anomaly a) { return emptyAxis(a); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor x = inputs.get(0);
            return ReduceKernels.extremum(x, mask(x.rank(), axes, name()), out, isMax);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node hit = x.equal(expand(y, x)).cast(x.dtype());
            Node ties = expand(Node.apply(new Sum(axes, keepDims), hit), x);
            return List.of(expand(yBar, x).mul(hit).div(ties));
        }
    }

    /**
     * {@code y = log sum exp x} over the axes, computed as {@code m + log sum exp(x - m)} with
     * {@code m = max x}; {@code xBar = broadcast(yBar) * softmax(x)}, with the softmax computed as
     * {@code exp(u - logSumExp(u))}, {@code u = x - stopGradient(max x)}: the textbook
     * {@code exp(x - y)} is wrong when the maximum is huge, because {@code y = m + ln S} rounds to {@code m}
     * ({@code 1e30 + ln 2 == 1e30}), and two tied entries would each get gradient 1 instead of 1/2.
     *
     * <p>Non-finite entries: -inf entries contribute nothing (their gradient is 0); all -inf gives -inf; a
     * +inf gives +inf; a NaN gives NaN. Where the value is infinite the gradient is the softmax's limit, as
     * {@link LogarithmicOp#logaddexp} gives: where the maximum is +inf, the +inf entries share the cotangent
     * evenly and every other entry gets 0 ({@code d/dx_j = e^(x_j - y) = 0} for finite {@code x_j}); a reduction
     * of only -inf entries shares it evenly among them. The shift {@code u} is 0 at an infinite maximum (where
     * {@code x - max} is {@code inf - inf = NaN}). PyTorch 1.13 gives 0 at the finite entries too, but NaN at the
     * +inf entries and everywhere in an all -inf reduction. A NaN entry makes the gradient NaN. The limit is
     * computed only when some reduced maximum of the tensor is infinite, in a branch of its own ({@link Cond}):
     * otherwise the plain {@code exp(u - logSumExp(u))} runs, without the limit's tests at every element; and
     * differentiating again never meets the plain branch's {@code inf - inf}, so second derivatives at infinite
     * maxima are the limit's (zeros).
     *
     * @param axes the reduced axes
     * @param keepDims whether they stay as size 1
     */
    record LogSumExp(List<Integer> axes, boolean keepDims) implements ReduceOp {
        /** Copies the axes. */
        public LogSumExp {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return "logSumExp" + axes; }
        @Override public Notation notation(List<Node> in) { return Notation.reduction("logSumExp", axes, in.get(0)); }

        @Override public Optional<Anomaly.Diagnosis> diagnose(Anomaly a) { return emptyAxis(a); }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor x = inputs.get(0);
            return ReduceKernels.logSumExp(x, mask(x.rank(), axes, name()), out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node max = Node.apply(new Extremum(axes, keepDims, true), x);
            // an infinite maximum gives inf - inf = NaN in the shift; only a batch that has one computes the limit
            Node anyInfinite = max.abs().greater(Anomaly.largest(x.dtype())).cast(x.dtype()).sum();
            Node chosen = ControlFlowOp.cond(anyInfinite, List.of(x), in -> List.of(limit(in.get(0))),
                    in -> List.of(softmax(in.get(0), expand(Node.apply(new Extremum(axes, keepDims, true), in.get(0)),
                            in.get(0))))).get(0);
            return List.of(expand(yBar, x).mul(chosen));
        }

        /** {@code exp(u - logSumExp(u))} with {@code u = x - stopGradient(max)}: the softmax of finite maxima. */
        private Node softmax(Node x, Node max) {
            Node u = x.sub(max.stopGradient());
            return u.sub(expand(Node.apply(new LogSumExp(axes, keepDims), u), x)).exp();
        }

        /**
         * The softmax where a maximum may be infinite: its own entries are shifted to 0, not to {@code inf - inf =
         * NaN}. As {@code x <= max}, an infinite x is the maximum unless {@code max > x}.
         */
        private Node limit(Node x) {
            Node max = expand(Node.apply(new Extremum(axes, keepDims, true), x), x);
            Node shifted = x.sub(max.stopGradient());
            Node infinite = x.abs().greater(Anomaly.largest(x.dtype()));
            Node u = infinite.where(max.greater(x).where(shifted, SourceOp.zerosLike(x)), shifted);
            return u.sub(expand(Node.apply(new LogSumExp(axes, keepDims), u), x)).exp();
        }
    }

    /**
     * The number of elements reduced over the axes, {@code prod_a dim(x, a)}, as a rank-0 tensor of x's
     * dtype. It depends on x's shape only (it knows the bound batch size at evaluation), so its cotangent is
     * zero.
     *
     * @param axes the counted axes
     */
    record Count(List<Integer> axes) implements ReduceOp {
        /** Copies the axes. */
        public Count {
            axes = List.copyOf(axes);
        }

        @Override public boolean keepDims() { return false; }

        @Override public String name() { return "count" + axes; }
        @Override public Notation notation(List<Node> in) { return Notation.count(axes, in.get(0)); }

        @Override public Shape shape(List<Node> inputs) {
            ReduceOp.super.shape(inputs); // checks the input count and the axes, as every reduction's shape does
            return Shape.scalar();
        }

        @Override public DType dtype(List<Node> inputs) {
            return inputs.get(0).dtype();
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor x = inputs.get(0);
            double n = axes.stream().mapToDouble(a -> x.shape().dim(a)).reduce(1, (p, d) -> p * d);
            return Tensor.scalar(x.dtype(), n);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }
}
