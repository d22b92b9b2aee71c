package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.Objects;

/**
 * Finite differences and the trapezoidal rule along one axis, NumPy's {@code diff} and {@code trapezoid}
 * ({@code torch.diff}, {@code torch.trapezoid}). Both are compositions of slices, differences and sums, so they
 * are linear in their operands and their gradients (of any order) come from those ops.
 *
 * <p>The axis must be concrete: its length decides the result's shape, and a slice of the batch axis N cannot be
 * taken.
 */
public final class Differences {

    private Differences() {
    }

    /**
     * The n-th forward difference along {@code axis}: {@code diff(x)[i] = x[i + 1] - x[i]}, applied {@code n}
     * times, so the axis shrinks from {@code d} to {@code max(0, d - n)} (empty when {@code n >= d}, as NumPy and
     * PyTorch give); {@code n = 0} returns x. Exact on integers.
     *
     * @param n the order, {@code >= 0}
     * @param axis the axis; negative counts from the end
     * @throws IllegalArgumentException when n is negative, the axis is out of range or N, or x is bool
     */
    public static Node diff(Node x, int n, int axis) {
        Objects.requireNonNull(x, "diff: operand is null");
        int at = concreteAxis(x, axis, "diff");
        DTypeSet.NUMERIC.require("diff", "operand", x);
        if (n < 0) {
            throw new IllegalArgumentException("diff: order n must be >= 0, got " + n);
        }
        Node y = x;
        for (int k = 0; k < Math.min(n, x.shape().dim(at)); k++) { // after d differences the axis is empty
            y = forward(y, at);
        }
        return y;
    }

    /**
     * {@link #diff(Node, int, int)} of x with {@code prepend} and {@code append} joined to it along {@code axis}
     * first, {@code diff(concat(prepend, x, append), n, axis)} ({@code torch.diff(x, n, dim, prepend, append)},
     * NumPy's {@code diff}): the axis shrinks from {@code p + d + a} to {@code max(0, p + d + a - n)}; {@code n = 0}
     * returns x alone, as both do. Linear in all three, so the gradient flows to prepend and append too. Each of
     * them has x's rank and dtype and x's dimensions except along the axis, where it may have any concrete length.
     *
     * @param prepend joined before x along the axis; null for none
     * @param append joined after x along the axis; null for none
     * @throws IllegalArgumentException as {@link #diff(Node, int, int)}, and when prepend or append differs from x
     *     in rank, dtype or a dimension other than the axis, or has N along the axis
     */
    public static Node diff(Node x, int n, int axis, Node prepend, Node append) {
        Objects.requireNonNull(x, "diff: operand is null");
        int at = concreteAxis(x, axis, "diff");
        java.util.List<Node> parts = new java.util.ArrayList<>();
        for (Node part : new Node[] {prepend, x, append}) {
            if (part == null) {
                continue;
            }
            String what = part == prepend ? "prepend" : "append";
            if (part != x && (part.rank() != x.rank() || !part.shape().with(at, 1).equals(x.shape().with(at, 1)))) {
                throw new IllegalArgumentException("diff: " + what + " must have the operand's shape except along axis "
                        + axis + ", got " + Node.describe(java.util.List.of(x, part)));
            }
            if (part != x && part.shape().dim(at) == Shape.BATCH) {
                throw new IllegalArgumentException("diff: " + what + "'s length along axis " + axis
                        + " must be concrete, got " + part.describe());
            }
            parts.add(part);
        }
        DTypeSet.NUMERIC.common("diff", parts);
        return diff(n == 0 ? x : MovementOp.concat(at, parts), n, at);
    }

    /**
     * The trapezoidal rule with sample spacing {@code dx} along {@code axis}, PyTorch's formula for a constant
     * spacing: {@code (Σ_i y_i - (y_0 + y_(d-1)) / 2) dx}, which is {@code dx Σ_i (y_i + y_(i+1)) / 2}; the axis is
     * dropped, and one sample or none gives 0.
     *
     * @param dx the spacing, any finite or infinite number (NaN too, which gives NaN)
     * @param axis the axis integrated along; negative counts from the end
     * @throws IllegalArgumentException when the axis is out of range or N, or y is not floating-point
     */
    public static Node trapezoid(Node y, double dx, int axis) {
        Objects.requireNonNull(y, "trapezoid: operand is null");
        int at = concreteAxis(y, axis, "trapezoid");
        DTypeSet.FLOATING.require("trapezoid", "operand", y);
        int d = y.shape().dim(at);
        if (d == 0) {
            return ReduceOp.sum(y, false, at);
        }
        Node ends = y.slice(at, 0, 1).add(y.slice(at, d - 1, d)).squeeze(at);
        return ReduceOp.sum(y, false, at).sub(ends.mul(0.5)).mul(dx);
    }

    /**
     * The trapezoidal rule with sample points {@code x} along {@code axis}, PyTorch's formula:
     * {@code Σ_i (x_(i+1) - x_i) (y_i + y_(i+1)) / 2}; the axis is dropped, and one sample or none gives 0.
     * {@code x} is either a vector of the axis' length, or a tensor of which, its shape padded with leading 1s to
     * y's rank, the axis has y's length and the other axes broadcast against y's (NumPy's and PyTorch's rule: the
     * differences of x broadcast, x itself is not expanded). Linear in y, and bilinear in x and y.
     *
     * @param axis the axis integrated along; negative counts from the end
     * @throws IllegalArgumentException when the axis is out of range or N, the operands are not floating-point
     *     of one dtype, or x does not fit y as above
     */
    public static Node trapezoid(Node y, Node x, int axis) {
        Objects.requireNonNull(y, "trapezoid: operand is null");
        Objects.requireNonNull(x, "trapezoid: sample points are null");
        int at = concreteAxis(y, axis, "trapezoid");
        DTypeSet.FLOATING.common("trapezoid", java.util.List.of(y, x));
        int d = y.shape().dim(at);
        Node points = x;
        if (x.rank() == 1 && y.rank() > 1 || x.rank() > y.rank()) {
            if (x.rank() != 1 || x.shape().dim(0) != d) {
                throw new IllegalArgumentException("trapezoid: sample points must be a vector of the length of axis "
                        + axis + " or have at most y's rank, got " + Node.describe(java.util.List.of(y, x)));
            }
            int[] dims = new int[y.rank()];
            java.util.Arrays.fill(dims, 1);
            dims[at] = d;
            points = x.reshape(Shape.of(dims));
        } else if (x.rank() < y.rank()) {
            int[] dims = new int[y.rank()];
            java.util.Arrays.fill(dims, 1);
            System.arraycopy(x.shape().dims(), 0, dims, y.rank() - x.rank(), x.rank());
            points = x.reshape(Shape.of(dims));
        }
        if (points.shape().dim(at) != d) {
            throw new IllegalArgumentException("trapezoid: sample points must have the length of y along axis " + axis
                    + " (" + d + "), got " + Node.describe(java.util.List.of(y, x)));
        }
        Shape.broadcast(points.shape().with(at, 1), y.shape().with(at, 1), "trapezoid");
        if (d == 0) { // PyTorch's zeros of y's shape without the axis, whatever x's other axes
            return ReduceOp.sum(y, false, at);
        }
        Node sums = y.slice(at, 0, d - 1).add(y.slice(at, 1, d));
        return ReduceOp.sum(sums.mul(forward(points, at)), false, at).div(SourceOp.scalar(2.0, y.dtype()));
    }

    /** {@code x[1:] - x[:-1]} along {@code at}. */
    private static Node forward(Node x, int at) {
        int d = x.shape().dim(at);
        return x.slice(at, 1, Integer.MAX_VALUE).sub(x.slice(at, 0, Math.max(d - 1, 0)));
    }

    /** {@code axis} of x normalized, refused under {@code op}'s name when it is out of range or N. */
    private static int concreteAxis(Node x, int axis, String op) {
        int at = x.axis(axis, op);
        if (x.shape().dim(at) == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": the axis must be concrete, got axis " + axis + " of "
                    + x.describe() + "; its length sets the result's shape");
        }
        return at;
    }
}
