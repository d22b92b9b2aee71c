package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.DiscreteKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Reductions with discrete results, and their factories: {@code any} and {@code all} of a BOOL tensor over a
 * set of axes (all axes when none are given; over an empty axis: false and true, as NumPy), and the INT64
 * index of the maximum or minimum along one axis ({@code argmax}, {@code argmin}: ties go to the first
 * occurrence, a NaN wins, as in NumPy; an empty axis is an error). Axes may be negative (counted from the end);
 * reduced axes are dropped or, with {@code keepDims}, kept as size 1. No gradient: the results are discrete;
 * except {@code bincount}'s with weights (the histogram of an index vector over a fixed number of bins), which is
 * linear in them. {@code countNonzero} is a composition, the INT64 sum of {@code x != 0}.
 */
public sealed interface DiscreteReduceOp extends Op {

    /** True where some element over the axes (all when none are given) is true; the axes are removed. */
    static Node any(Node x, int... axes) {
        return any(x, false, axes);
    }

    /** True where some element over the axes (all when none are given) is true. */
    static Node any(Node x, boolean keepDims, int... axes) {
        return Node.apply(new AnyAll(ReduceOp.normalize(x, axes, "any"), keepDims, false), x);
    }

    /** True where every element over the axes (all when none are given) is true; the axes are removed. */
    static Node all(Node x, int... axes) {
        return all(x, false, axes);
    }

    /** True where every element over the axes (all when none are given) is true. */
    static Node all(Node x, boolean keepDims, int... axes) {
        return Node.apply(new AnyAll(ReduceOp.normalize(x, axes, "all"), keepDims, true), x);
    }

    /**
     * PyTorch's {@code count_nonzero}: the INT64 number of elements {@code x != 0} over the axes (all when none are
     * given), which are removed; 0 over an empty axis. A NaN is not 0 and counts; a bool counts where true. A
     * composition, {@code sum(x != 0)}, with no gradient.
     */
    static Node countNonzero(Node x, int... axes) {
        Objects.requireNonNull(x, "countNonzero: operand is null");
        ReduceOp.normalize(x, axes, "countNonzero");
        return ReduceOp.sum(x.dtype().isBool() ? x : x.notEqual(0), axes);
    }

    /** The index of the first maximum along {@code axis}, INT64; the axis is removed. */
    static Node argmax(Node x, int axis) {
        return argmax(x, axis, false);
    }

    /** The index of the first maximum along {@code axis}, INT64. */
    static Node argmax(Node x, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "argmax: operand is null");
        return Node.apply(new ArgExtremum(x.shape().normalizeAxis(axis, "argmax"), keepDims, true), x);
    }

    /** The index of the first minimum along {@code axis}, INT64; the axis is removed. */
    static Node argmin(Node x, int axis) {
        return argmin(x, axis, false);
    }

    /** The index of the first minimum along {@code axis}, INT64. */
    static Node argmin(Node x, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "argmin: operand is null");
        return Node.apply(new ArgExtremum(x.shape().normalizeAxis(axis, "argmin"), keepDims, false), x);
    }

    /**
     * PyTorch's {@code bincount} with a fixed number of bins (JAX's {@code length}): the INT64 count of each value
     * {@code b} in {@code [0, length)} among the integer (INT32/INT64) vector x, shape {@code [length]}. A graph's
     * shapes are fixed when it is built, so the number of bins is not read from the data: PyTorch's
     * {@code bincount(x, minlength=m)} is {@code bincount(x, max(m, max(x) + 1))}. A negative value, or one not
     * below {@code length}, is an error at the call naming it (never dropped). An empty x gives zeros.
     *
     * @throws IllegalArgumentException for a negative length or an operand that is not an index vector
     */
    static Node bincount(Node x, int length) {
        Objects.requireNonNull(x, "bincount: operand is null");
        return Node.apply(new Bincount(length), x);
    }

    /**
     * The weighted {@link #bincount(Node, int)}: {@code y_b = Σ_{i: x_i = b} w_i}, of the weights' floating dtype,
     * as PyTorch's {@code bincount(x, weights)}. Differentiable in the weights: {@code wBar_i = yBar_{x_i}}.
     */
    static Node bincount(Node x, Node weights, int length) {
        Objects.requireNonNull(x, "bincount: operand is null");
        Objects.requireNonNull(weights, "bincount: weights is null");
        return Node.apply(new Bincount(length), x, weights);
    }

    /** The reduced axes. */
    List<Integer> axes();

    /** Whether reduced axes stay as size 1. */
    boolean keepDims();

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name() + ": takes one input, got " + inputs.size());
        }
        return ReduceOp.reducedShape(inputs.get(0).shape(), axes(), keepDims(), name());
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of(SourceOp.zerosLike(y.inputs().get(0)));
    }

    /**
     * {@code any} (OR) or {@code all} (AND) of a BOOL tensor over the axes.
     *
     * @param axes the reduced axes, normalized
     * @param keepDims whether they stay as size 1
     * @param isAll true for all, false for any
     */
    record AnyAll(List<Integer> axes, boolean keepDims, boolean isAll) implements DiscreteReduceOp {
        /** Copies the axes. */
        public AnyAll {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return (isAll ? "all" : "any") + axes; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.BOOL; }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.BOOL.require(name(), "operand", inputs.get(0));
            return DType.BOOL;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor x = inputs.get(0);
            return DiscreteKernels.anyAll(x, ReduceOp.mask(x.rank(), axes, name()), out, isAll);
        }
    }

    /**
     * The INT64 index of the first maximum ({@code isMax}) or minimum along one axis of x (any dtype: floats
     * with NaN winning, integers exactly, bools as 1 and 0).
     *
     * @param axis the axis, non-negative
     * @param keepDims whether it stays as size 1
     * @param isMax true for argmax, false for argmin
     */
    record ArgExtremum(int axis, boolean keepDims, boolean isMax) implements DiscreteReduceOp {
        @Override public String name() { return (isMax ? "argmax(" : "argmin(") + axis + ")"; }
        @Override public List<Integer> axes() { return List.of(axis); }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public Shape shape(List<Node> inputs) {
            Shape out = DiscreteReduceOp.super.shape(inputs);
            if (inputs.get(0).shape().dim(axis) == 0) {
                throw new IllegalArgumentException((isMax ? "argmax" : "argmin") + ": the axis must not be empty,"
                        + " got axis " + axis + " of " + inputs.get(0).shape() + "; an empty sequence has no "
                        + (isMax ? "maximum" : "minimum"));
            }
            return out;
        }

        @Override public DType dtype(List<Node> inputs) {
            return DType.INT64;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return DiscreteKernels.argExtremum(inputs.get(0), axis, out, isMax);
        }
    }

    /**
     * The histogram of an integer vector x over {@code length} bins, counted (INT64) or summing the floating
     * weights given as a second input of x's shape. VJP: none for x (an index); {@code wBar_i = yBar_{x_i}},
     * {@code takeAlongAxis(yBar, x)}, so the gradient is differentiable again.
     *
     * @param length the number of bins, {@code >= 0}
     */
    record Bincount(int length) implements DiscreteReduceOp {
        /** Checks the length. */
        public Bincount {
            if (length < 0) {
                throw new IllegalArgumentException("bincount: length (the number of bins) must be >= 0, got " + length);
            }
        }

        @Override public String name() { return "bincount(" + length + ")"; }
        @Override public List<Integer> axes() { return List.of(0); }
        @Override public boolean keepDims() { return false; }
        @Override public DTypeSet accepts(int i) { return i == 0 ? DTypeSet.INTEGER : DTypeSet.FLOATING; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1 && inputs.size() != 2) {
                throw new IllegalArgumentException("bincount: takes x and optional weights, got " + inputs.size()
                        + " inputs");
            }
            if (inputs.get(0).rank() != 1
                    || (inputs.size() == 2 && !inputs.get(1).shape().equals(inputs.get(0).shape()))) {
                throw new IllegalArgumentException("bincount: needs a vector x and weights of its shape, got "
                        + Node.describe(inputs));
            }
            return Shape.of(length);
        }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.INTEGER.require("bincount", "x", inputs.get(0));
            return inputs.size() == 1 ? DType.INT64 : DTypeSet.FLOATING.require("bincount", "weights", inputs.get(1));
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return DiscreteKernels.bincount(inputs.get(0), inputs.size() == 2 ? inputs.get(1) : null, length, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            return List.of(SourceOp.zerosLike(x), IndexOp.takeAlongAxis(yBar, x, 0));
        }
    }
}
