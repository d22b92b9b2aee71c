package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.BucketKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where values fall among sorted boundaries: PyTorch's {@code searchsorted} and {@code bucketize}. One primitive,
 * {@link SearchSorted}, a binary search per value with PyTorch's comparisons ({@link BucketKernels}); its INT64
 * positions are piecewise constant in both operands, so their gradient is zero, as PyTorch has none.
 */
public sealed interface Bucketing extends Op {

    /**
     * {@code torch.searchsorted(sorted, values, right)}: for each value v the position i in its lane of
     * {@code sorted} (ascending) with {@code sorted[i - 1] < v <= sorted[i]} (left), or
     * {@code sorted[i - 1] <= v < sorted[i]} ({@code right}), as INT64 of {@code values}' shape. {@code sorted}
     * is one lane {@code [M]} for all values, or {@code [..., M]} with {@code values : [..., K]} of the same leading
     * axes, lane by lane. A NaN value goes to the end, M; a lane that is not sorted gives whatever the binary search
     * finds, as PyTorch's (NaN in a lane, sorted last, can make a value land past it: PyTorch's comparisons
     * {@code !(s >= v)} and {@code !(s > v)} are true for a NaN {@code s}).
     *
     * @throws IllegalArgumentException when sorted is a scalar, the leading axes differ, or the dtypes differ or
     *     are not numeric
     */
    static Node searchsorted(Node sorted, Node values, boolean right) {
        Objects.requireNonNull(sorted, "searchsorted: sorted sequence is null");
        Objects.requireNonNull(values, "searchsorted: values are null");
        return Node.apply(new SearchSorted(right), sorted, values);
    }

    /**
     * {@code torch.searchsorted(sequence, values, right, sorter)}: {@link #searchsorted(Node, Node, boolean)} in the
     * sequence as {@code sorter} orders it, lane by lane: the positions are in {@code sequence[sorter]} (ascending),
     * the sequence itself unsorted. The sorter holds integer indices {@code [0, M)} of the sequence's shape, e.g.
     * {@code sequence.argsort(-1)} (INT64, or INT32, which PyTorch refuses); a null sorter is none.
     *
     * @throws IllegalArgumentException as {@link #searchsorted(Node, Node, boolean)}, and when the sorter's shape is
     *     not the sequence's or its dtype not an integer one; at the call, {@link IndexOutOfBoundsException}
     *     naming searchsorted and the first sorter index outside {@code [0, M)}
     */
    static Node searchsorted(Node sequence, Node values, boolean right, Node sorter) {
        if (sorter == null) {
            return searchsorted(sequence, values, right);
        }
        Objects.requireNonNull(sequence, "searchsorted: sorted sequence is null");
        Objects.requireNonNull(values, "searchsorted: values are null");
        return Node.apply(new SearchSorted(right), sequence, values, sorter);
    }

    /**
     * {@code torch.bucketize(x, boundaries, right)}: the index of the bucket of each element of x among the
     * ascending 1-D {@code boundaries}, {@code boundaries[i - 1] < x <= boundaries[i]} (or
     * {@code boundaries[i - 1] <= x < boundaries[i]} with {@code right}), INT64 of x's shape:
     * {@link #searchsorted}{@code (boundaries, x, right)}.
     *
     * @throws IllegalArgumentException when boundaries is not a vector, or the dtypes differ or are not numeric
     */
    static Node bucketize(Node x, Node boundaries, boolean right) {
        Objects.requireNonNull(x, "bucketize: operand is null");
        Objects.requireNonNull(boundaries, "bucketize: boundaries are null");
        if (boundaries.rank() != 1) {
            throw new IllegalArgumentException("bucketize: boundaries must be a vector [M], got "
                    + boundaries.describe());
        }
        DTypeSet.NUMERIC.common("bucketize", List.of(x, boundaries));
        return searchsorted(boundaries, x, right);
    }

    /**
     * The INT64 insertion positions of {@link #searchsorted}: inputs {@code (sorted, values)}, or
     * {@code (sequence, values, sorter)}, output of values' shape. Not differentiable: its output is an index (zero
     * cotangents).
     *
     * @param right the last suitable position instead of the first
     */
    record SearchSorted(boolean right) implements Bucketing {
        @Override public String name() { return right ? "searchsorted(right)" : "searchsorted"; }
        @Override public DTypeSet accepts(int i) { return i == 2 ? DTypeSet.INTEGER : DTypeSet.NUMERIC; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 2 && inputs.size() != 3) {
                throw new IllegalArgumentException("searchsorted: takes 2 inputs (sorted, values) or 3 (sequence,"
                        + " values, sorter), got " + inputs.size());
            }
            if (inputs.size() == 3 && !inputs.get(2).shape().equals(inputs.get(0).shape())) {
                throw new IllegalArgumentException("searchsorted: the sorter must have the sequence's shape, got "
                        + Node.describe(inputs));
            }
            Shape sorted = inputs.get(0).shape();
            Shape values = inputs.get(1).shape();
            boolean lanes = sorted.rank() > 1 && sorted.rank() == values.rank() && Arrays.equals(
                    Arrays.copyOf(sorted.dims(), sorted.rank() - 1), Arrays.copyOf(values.dims(), values.rank() - 1));
            if (sorted.rank() != 1 && !lanes) {
                throw new IllegalArgumentException("searchsorted: sorted must be [M], or [..., M] with values [..., K]"
                        + " of the same leading axes, got " + Node.describe(inputs));
            }
            return values;
        }

        @Override public DType dtype(List<Node> inputs) {
            DTypeSet.NUMERIC.common("searchsorted", inputs.subList(0, 2));
            if (inputs.size() == 3) {
                DTypeSet.INTEGER.require("searchsorted", "the sorter", inputs.get(2));
            }
            return DType.INT64;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return BucketKernels.searchsorted(inputs.get(0), inputs.get(1), right,
                    inputs.size() == 3 ? inputs.get(2) : null);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            return y.inputs().stream().map(SourceOp::zerosLike).toList();
        }
    }
}
