package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Factories for reductions and the compositions built on them.
 *
 * <p>Axes may be negative (counted from the end); an empty axis list means all axes. {@code keepDims}
 * keeps reduced axes as size 1.
 *
 * <p>Compositions: {@code mean = sum / count}; {@code logSoftmax(x) = u - logSumExp(u)} with
 * {@code u = x - max(x)} (the maximum's gradient stopped), and {@code softmax = exp(logSoftmax)}, both along
 * one axis. Both are numerically stable: logits of ±1e30 give finite, exact values and gradients.
 *
 * <p><b>Empty axes.</b> A reduction over an axis of size 0 gives its identity: {@code sum} 0, {@code max}
 * -Infinity, {@code min} +Infinity, {@code logSumExp} -Infinity; {@code mean} is {@code 0 / 0 = NaN}, as in
 * NumPy; {@code softmax} and {@code logSoftmax} along an empty axis are empty. Zero rows along the batch axis
 * flow through every op; gradients of an empty batch are zeros. <b>Rank 0.</b> Reducing a scalar (over no
 * axes) gives the scalar.
 */
public final class Reductions {

    private Reductions() {
    }

    /** Distinct, ascending, non-negative axes; all axes when none are given. */
    static List<Integer> normalize(Node x, int[] axes, String op) {
        Objects.requireNonNull(x, op + ": operand is null");
        Objects.requireNonNull(axes, op + ": axes is null");
        TreeSet<Integer> set = new TreeSet<>();
        if (axes.length == 0) {
            for (int a = 0; a < x.rank(); a++) {
                set.add(a);
            }
        }
        for (int a : axes) {
            if (!set.add(x.shape().normalizeAxis(a, op))) {
                throw new IllegalArgumentException(op + ": axes must be distinct, got "
                        + java.util.Arrays.toString(axes) + " for shape " + x.shape());
            }
        }
        return new ArrayList<>(set);
    }

    /** Sum of all elements, a scalar. */
    public static Node sum(Node x) {
        return sum(x, false);
    }

    /** Sum over the axes (all when none are given). */
    public static Node sum(Node x, boolean keepDims, int... axes) {
        return Node.apply(new ReduceOp.Sum(normalize(x, axes, "sum"), keepDims), x);
    }

    /** Mean of all elements, a scalar. */
    public static Node mean(Node x) {
        return mean(x, false);
    }

    /** Mean over the axes: {@code sum(x) / count}, where the count is a constant unless an axis is N. */
    public static Node mean(Node x, boolean keepDims, int... axes) {
        List<Integer> normalized = normalize(x, axes, "mean");
        Node total = Node.apply(new ReduceOp.Sum(normalized, keepDims), x);
        return Elementwise.div(total, count(x, normalized));
    }

    /** The number of elements over the axes, as a scalar of x's dtype. */
    static Node count(Node x, List<Integer> axes) {
        long n = 1;
        for (int a : axes) {
            int d = x.shape().dim(a);
            if (d == Shape.BATCH) {
                return Node.apply(new ReduceOp.Count(axes), x);
            }
            n *= d;
        }
        return Nodes.scalar(n, x.dtype());
    }

    /** Maximum over the axes (all when none are given). */
    public static Node max(Node x, boolean keepDims, int... axes) {
        return Node.apply(new ReduceOp.Extremum(normalize(x, axes, "max"), keepDims, true), x);
    }

    /** Minimum over the axes (all when none are given). */
    public static Node min(Node x, boolean keepDims, int... axes) {
        return Node.apply(new ReduceOp.Extremum(normalize(x, axes, "min"), keepDims, false), x);
    }

    /** {@code log sum exp x} over the axes, computed stably. */
    public static Node logSumExp(Node x, boolean keepDims, int... axes) {
        return Node.apply(new ReduceOp.LogSumExp(normalize(x, axes, "logSumExp"), keepDims), x);
    }

    /** {@code exp(logSoftmax(x))} along {@code axis}. */
    public static Node softmax(Node x, int axis) {
        normalize(x, new int[] {axis}, "softmax");
        return Elementwise.exp(logSoftmax(x, axis));
    }

    /**
     * {@code u - logSumExp(u)} along {@code axis} with {@code u = x - stopGradient(max x)}. Shifting by the
     * maximum first keeps the result exact when logits are huge and tied ({@code 1e30 + ln 2 == 1e30} in
     * floating point, so the unshifted {@code x - logSumExp(x)} would give 0 instead of {@code -ln 2}); the
     * shift does not change the function, so stopping its gradient leaves the derivative exact.
     */
    public static Node logSoftmax(Node x, int axis) {
        normalize(x, new int[] {axis}, "logSoftmax");
        Node shifted = Elementwise.sub(x, Elementwise.stopGradient(max(x, true, axis)));
        return Elementwise.sub(shifted, logSumExp(shifted, true, axis));
    }
}
