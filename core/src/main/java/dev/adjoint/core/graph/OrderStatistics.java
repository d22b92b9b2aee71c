package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * Order statistics along one axis beyond {@link SortOp}'s: the k-th smallest value with its position,
 * {@code torch.kthvalue}, and the median of the values that are not NaN, NumPy's {@code nanmedian}. Both read
 * a stable sort ({@link SortOp#argsort}, NaN after every number) with {@link IndexOp#takeAlongAxis}, which
 * carries the gradient to the element each value was taken from.
 */
public final class OrderStatistics {

    private OrderStatistics() {
    }

    /**
     * The k-th smallest values along an axis and their INT64 positions in x.
     *
     * @param values the values, of x's dtype
     * @param indices where each value stands in x along the axis
     */
    public record KthValue(Node values, Node indices) {
        /** Checks both are present. */
        public KthValue {
            Objects.requireNonNull(values, "values is null");
            Objects.requireNonNull(indices, "indices is null");
        }
    }

    /**
     * {@code torch.kthvalue(x, k, axis, keepDims)}: the k-th smallest value of each lane along {@code axis}
     * ({@code k = 1} the smallest; NaN counts as larger than every number, as PyTorch orders it) and its position.
     * The gradient goes to that position only. Among equal values the position is the one a stable sort puts
     * k-th, the k-th smallest counting ties in their order in x; PyTorch's quickselect may return another of the
     * tied positions (the values agree).
     *
     * @param k the rank, {@code 1 <= k <= d} for an axis of length d
     * @param axis the axis; negative counts from the end
     * @throws IllegalArgumentException when the axis is out of range or N, k is outside {@code [1, d]}, or x is
     *     bool
     */
    public static KthValue kthvalue(Node x, int k, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "kthvalue: operand is null");
        int at = x.axis(axis, "kthvalue");
        DTypeSet.NUMERIC.require("kthvalue", "operand", x);
        int d = x.shape().dim(at);
        if (d == Shape.BATCH || k < 1 || k > d) {
            throw new IllegalArgumentException("kthvalue: k must be in [1, " + (d == Shape.BATCH ? "d" : d)
                    + "] along an axis other than N, got k " + k + " on axis " + axis + " of " + x.describe());
        }
        Node indices = SortOp.argsort(x, at).slice(at, k - 1, k);
        Node values = x.takeAlongAxis(indices, at);
        return keepDims ? new KthValue(values, indices) : new KthValue(values.squeeze(at), indices.squeeze(at));
    }

    /**
     * NumPy's {@code nanmedian} along {@code axis}: the median of the values that are not NaN, the middle one or
     * the mean of the two middle ones, and NaN where a lane holds only NaN. The gradient goes to the middle value,
     * or half to each of the two, and 0 to the NaN entries beside numbers; a lane of only NaN passes it to its first
     * NaN (PyTorch's {@code nanmedian} to one of them). PyTorch's {@code torch.nanmedian} returns the lower of
     * the two middle values instead, {@link #kthvalue} at rank {@code (n + 1) / 2} of the n numbers.
     *
     * @param axis the axis; negative counts from the end
     * @throws IllegalArgumentException when the axis is out of range, empty or N, or x is not floating-point (an
     *     integer tensor holds no NaN: {@link SortOp#median} serves it)
     */
    public static Node nanmedian(Node x, int axis, boolean keepDims) {
        Objects.requireNonNull(x, "nanmedian: operand is null");
        int at = x.axis(axis, "nanmedian");
        DTypeSet.FLOATING.require("nanmedian", "operand", x);
        int d = x.shape().dim(at);
        if (d == Shape.BATCH || d == 0) {
            throw new IllegalArgumentException("nanmedian: needs a non-empty axis other than N, got axis " + axis
                    + " of " + x.describe());
        }
        Node sorted = SortOp.sort(x, at); // NaN last: the n numbers come first
        Node n = x.isNaN().logicalNot().sum(true, at); // the INT64 count of the numbers
        Node two = SourceOp.scalar(2, DType.INT64);
        Node low = n.sub(1.0).floorDiv(two).maximum(0.0); // 0 where all are NaN: sorted[0] is NaN then
        Node high = n.floorDiv(two).minimum((double) d - 1);
        Node lower = sorted.takeAlongAxis(low, at);
        Node upper = sorted.takeAlongAxis(high, at);
        Node y = low.equal(high).where(lower, lower.add(upper).mul(0.5));
        return keepDims ? y : y.squeeze(at);
    }
}
