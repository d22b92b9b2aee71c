package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.SortKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Sorting along one axis and what is read from sorted values. One primitive, {@code argsort}: the INT64
 * positions that sort each lane, stably (equal elements keep their order, in both directions), NaN after every
 * number (so first when descending, as PyTorch's {@code sort}), {@code -0.0} equal to {@code 0.0}. The rest
 * are compositions with {@link IndexOp#takeAlongAxis}, which carries the gradient to the element each value
 * was taken from (the first of equal elements, in sorted order, gets the first value's gradient):
 * {@code sort}, {@code topk} (values and INT64 indices), {@code quantile} with NumPy's default linear
 * interpolation and {@code median}.
 *
 * <p>{@code unique} (sorted distinct values in a fixed number of slots, inverse indices, counts) rests on two
 * more primitives that sort the whole tensor, {@link UniqueValues} and {@link UniqueInverse}.
 *
 * <p><b>NaN.</b> A NaN in a lane makes that lane's {@code quantile} and {@code median} NaN, as in PyTorch 1.13 and
 * NumPy, and the gradient of that NaN value goes to one NaN element: the last NaN of the lane for
 * {@code quantile} (PyTorch's {@code torch.quantile}), the first for {@code median} (its {@code torch.median}).
 * The axis must not be the batch axis N for the values.
 */
public sealed interface SortOp extends Op {

    /** The k largest values along an axis, in descending order, and their INT64 positions in x. */
    record TopK(Node values, Node indices) {
        /** Checks both are present. */
        public TopK {
            Objects.requireNonNull(values, "values is null");
            Objects.requireNonNull(indices, "indices is null");
        }
    }

    /**
     * The parts of {@link #unique}: the distinct values, ascending and padded to a fixed size; for each element of x
     * the INT64 position of its value among them; and the INT64 number of elements holding each (0 for a pad).
     */
    record Unique(Node values, Node inverse, Node counts) {
        /** Checks all are present. */
        public Unique {
            Objects.requireNonNull(values, "values is null");
            Objects.requireNonNull(inverse, "inverse is null");
            Objects.requireNonNull(counts, "counts is null");
        }
    }

    /**
     * {@code torch.unique(x, sorted=True, return_inverse=True, return_counts=True)} with a fixed number of slots (JAX's
     * {@code size} and {@code fill_value}): the distinct values of x (all elements, flattened), ascending, in the first
     * slots of {@code values : [size]} and {@code fill} in the rest; {@code inverse} of x's shape, with
     * {@code values[inverse[i]] = x[i]}; {@code counts : [size]}, {@code bincount(inverse, size)}. A graph's shapes
     * are fixed when it is built, so the number of slots is given, not read from the data; more than {@code size}
     * distinct values are an error at the call. Equality and order are NumPy's: {@code -0.0 == 0.0} (the first
     * occurrence's value is kept), every NaN is one value, sorted last (PyTorch 1.13's CPU unique returns each NaN
     * apart, in no reliable order). Any dtype; N only in a vector {@code [N]}; the values have no gradient (a gradient
     * through them is refused when it is built, as PyTorch has none).
     *
     * @param size the number of slots, {@code >= 0}
     * @param fill the value of the unused slots, one x's dtype holds
     */
    static Unique unique(Node x, int size, double fill) {
        Objects.requireNonNull(x, "unique: operand is null");
        if (size < 0) {
            throw new IllegalArgumentException("unique: size (the number of slots) must be >= 0, got " + size);
        }
        try {
            SourceOp.requireHeld("unique", x.dtype(), fill);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unique: fill (the value of the unused slots) must be a value x's dtype"
                    + " holds, got " + fill + " for " + x.type(), e);
        }
        if (x.rank() > 1 && !x.shape().isConcrete()) {
            throw new IllegalArgumentException("unique: a tensor with the batch axis N must be a vector, got "
                    + x.describe() + "; its counts need all elements in one axis, and [N, ...] does not flatten to"
                    + " a symbolic length");
        }
        Node inverse = Node.apply(new UniqueInverse(size), x);
        Node flat = inverse.rank() == 1 ? inverse : inverse.reshape(-1);
        return new Unique(Node.apply(new UniqueValues(size, fill), x), inverse, DiscreteReduceOp.bincount(flat, size));
    }

    /** The INT64 positions that sort x along {@code axis} ascending, stably. */
    static Node argsort(Node x, int axis) {
        return argsort(x, axis, false);
    }

    /** The INT64 positions that sort x along {@code axis}, descending when asked, stably in both directions. */
    static Node argsort(Node x, int axis, boolean descending) {
        Objects.requireNonNull(x, "argsort: operand is null");
        return Node.apply(new Argsort(x.shape().normalizeAxis(axis, "argsort"), descending), x);
    }

    /** x sorted along {@code axis}, ascending. */
    static Node sort(Node x, int axis) {
        return sort(x, axis, false);
    }

    /** x sorted along {@code axis}, descending when asked: {@code takeAlongAxis(x, argsort(x))}. */
    static Node sort(Node x, int axis, boolean descending) {
        int a = sortable(x, axis, "sort");
        if (x.shape().dim(a) == Shape.BATCH) {
            throw new IllegalArgumentException("sort: cannot sort along the batch axis N (the values are read"
                    + " with takeAlongAxis, which keeps N whole), got axis " + axis + " of " + x.describe()
                    + "; argsort can");
        }
        return x.takeAlongAxis(argsort(x, a, descending), a);
    }

    /**
     * The axis of {@code x}, normalized, along which the composition {@code op} sorts, with x checked as
     * {@link Argsort} checks it (present, numeric), so that a bad operand is reported under {@code op}'s name,
     * not argsort's.
     */
    private static int sortable(Node x, int axis, String op) {
        Objects.requireNonNull(x, op + ": operand is null");
        int a = x.shape().normalizeAxis(axis, op);
        DTypeSet.NUMERIC.require(op, "operand", x);
        return a;
    }

    /**
     * The {@code k} largest values along {@code axis} (descending; ties: the first position first) and their indices.
     */
    static TopK topk(Node x, int k, int axis) {
        int a = sortable(x, axis, "topk");
        int d = x.shape().dim(a);
        if (d == Shape.BATCH || k < 0 || k > d) {
            throw new IllegalArgumentException("topk: k must be in [0, " + (d == Shape.BATCH ? "dim" : d)
                    + "] along an axis other than N, got k " + k + " on axis " + axis + " of " + x.shape());
        }
        Node indices = MovementOp.slice(argsort(x, a, true), a, 0, k);
        return new TopK(x.takeAlongAxis(indices, a), indices);
    }

    /**
     * NumPy's default ({@code 'linear'}) quantile along {@code axis}: with the lane sorted into {@code v} and
     * {@code p = q (n - 1)}, {@code v[⌊p⌋] + (v[⌈p⌉] - v[⌊p⌋]) (p - ⌊p⌋)}. {@code q} in {@code [0, 1]}.
     *
     * <p>A lane holding a NaN gives NaN, whatever {@code q} (PyTorch's {@code torch.quantile}: was the
     * interpolation of the numbers, NaN sorting last); its gradient goes to the lane's last NaN, which sorts
     * last, and nothing to the numbers. Between two values of which one is infinite the interpolation is
     * {@code (1 - t) v[⌊p⌋] + t v[⌈p⌉]}, {@code t = p - ⌊p⌋}: -inf between -inf and a number, and between two
     * equal infinities that infinity (the formula above gives {@code -inf + inf t = NaN}, and
     * {@code inf + (inf - inf) t = NaN}); NaN between -inf and +inf.
     */
    static Node quantile(Node x, double q, int axis, boolean keepDims) {
        int a = sortable(x, axis, "quantile");
        int n = x.shape().dim(a);
        if (!(q >= 0 && q <= 1) || n == Shape.BATCH || n == 0) {
            throw new IllegalArgumentException("quantile: q must be in [0, 1] along a non-empty axis other than N,"
                    + " got q " + q + " on axis " + axis + " of " + x.shape());
        }
        double p = q * (n - 1);
        requireBetweenValues("quantile", x, p != Math.floor(p), "q " + q + " falls between two of the " + n
                + " values of axis " + axis);
        Node sorted = sort(x, a);
        int lo = (int) Math.floor(p);
        int hi = Math.min(lo + 1, n - 1);
        Node low = MovementOp.slice(sorted, a, lo, lo + 1);
        Node y = low;
        if (p != lo) {
            Node high = MovementOp.slice(sorted, a, hi, hi + 1);
            y = low.add(high.sub(low).mul(p - lo));
            if (x.dtype().isFloating()) { // the weighted sum where an infinity makes the difference inf or NaN
                Node weighted = low.mul(1 - (p - lo)).add(high.mul(p - lo));
                y = low.isInf().logicalOr(high.isInf()).where(weighted, y);
            }
        }
        if (x.dtype().isFloating()) {
            Node last = MovementOp.slice(sorted, a, n - 1, n); // NaN sorts last: NaN exactly when the lane has one
            y = last.isNaN().where(last, y);
        }
        return keepDims ? y : y.squeeze(a);
    }

    /**
     * Rejects a statistic that interpolates between two values ({@code between}) of an integer or bool tensor,
     * where the result need not be an integer: the caller casts first, as NumPy's float result would.
     */
    private static void requireBetweenValues(String op, Node x, boolean between, String why) {
        if (between && !x.dtype().isFloating()) {
            throw new IllegalArgumentException(op + ": " + why + ", which need not be an integer, got "
                    + x.describe() + "; insert a cast, e.g. x.cast(DType.FLOAT64)");
        }
    }

    /**
     * NumPy's {@code median} along {@code axis}: the middle value, or the mean of the two middle values (an
     * integer tensor's only when its length is odd: the middle value, exactly).
     *
     * <p>A lane holding a NaN gives NaN (PyTorch's {@code torch.median}: was the median of the numbers, NaN
     * sorting last); its gradient goes to the lane's first NaN, as PyTorch's returned index is, and nothing to
     * the numbers.
     */
    static Node median(Node x, int axis, boolean keepDims) {
        int a = sortable(x, axis, "median");
        int n = x.shape().dim(a);
        if (n == Shape.BATCH || n == 0) {
            throw new IllegalArgumentException("median: needs a non-empty axis other than N, got axis " + axis
                    + " of " + x.shape());
        }
        requireBetweenValues("median", x, n % 2 == 0, "axis " + axis + " has an even length, " + n
                + ": its median is the mean of the two middle values");
        Node sorted = sort(x, a);
        Node y = MovementOp.slice(sorted, a, (n - 1) / 2, n / 2 + 1);
        y = n % 2 == 1 ? y : ReduceOp.sum(y, true, a).mul(0.5);
        if (x.dtype().isFloating()) {
            Node firstNaN = x.takeAlongAxis(x.isNaN().cast(DType.INT32).argmax(a, true), a); // x[0] without a NaN
            y = firstNaN.isNaN().where(firstNaN, y);
        }
        return keepDims ? y : y.squeeze(a);
    }

    /**
     * The positions that sort each lane along {@code axis} (stable), as INT64 of x's shape. Not differentiable:
     * its output is an index.
     *
     * @param axis the axis sorted along, non-negative
     * @param descending largest first (NaN first) when true
     */
    record Argsort(int axis, boolean descending) implements SortOp {
        @Override public String name() { return "argsort(" + axis + (descending ? ", descending)" : ")"); }
        @Override public DTypeSet accepts(int i) { return DTypeSet.NUMERIC; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("argsort: takes 1 input, got " + inputs.size());
            }
            Shape in = inputs.get(0).shape();
            if (axis < 0 || axis >= in.rank()) {
                throw new IllegalArgumentException("argsort: axis must be in [0, " + in.rank() + "), got axis "
                        + axis + " for shape " + in);
            }
            return in;
        }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.NUMERIC.require(name(), "operand", inputs.get(0));
            return DType.INT64;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return SortKernels.argsort(inputs.get(0), axis, descending);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }

    /**
     * The distinct values of x (flattened), ascending, padded with {@code fill} to {@code [size]}; x's dtype. The
     * values part of {@link #unique}. Not differentiable: a gradient through it is refused when it is built.
     *
     * @param size the number of slots
     * @param fill the value of the unused slots
     */
    record UniqueValues(int size, double fill) implements SortOp {
        @Override public String name() { return "uniqueValues(" + size + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public Shape shape(List<Node> inputs) {
            return uniqueShape(name(), inputs, Shape.of(size));
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return SortKernels.uniqueValues(inputs.get(0), size, fill);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            throw new IllegalArgumentException("unique: its values cannot be differentiated, got a gradient through "
                    + y + "; PyTorch's unique has no gradient either. For a differentiable selection sort x"
                    + " (SortOp.sort) and read the values you need");
        }
    }

    /**
     * For each element of x, the INT64 position of its value among {@link UniqueValues}' values; x's shape. The
     * inverse part of {@link #unique}. Not differentiable: its output is an index.
     *
     * @param size the number of slots
     */
    record UniqueInverse(int size) implements SortOp {
        @Override public String name() { return "uniqueInverse(" + size + ")"; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public Shape shape(List<Node> inputs) {
            return uniqueShape(name(), inputs, inputs.isEmpty() ? null : inputs.get(0).shape()); // arity first
        }

        @Override public DType dtype(List<Node> inputs) {
            return DType.INT64;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return SortKernels.uniqueInverse(inputs.get(0), size);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return List.of(SourceOp.zerosLike(y.inputs().get(0)));
        }
    }

    /** {@code out}, after checking that {@code op} has one input. */
    private static Shape uniqueShape(String op, List<Node> inputs, Shape out) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(op + ": takes 1 input, got " + inputs.size());
        }
        return out;
    }
}
