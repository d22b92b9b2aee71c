package dev.adjoint.core.graph;

import java.util.List;
import java.util.Objects;

/**
 * Linear interpolation between two tensors, {@code torch.lerp}: {@code a + w (b - a)}, a composition of
 * elementwise ops and a selection.
 */
public final class Interpolation {

    private Interpolation() {
    }

    /**
     * {@code torch.lerp(a, b, w)}: {@code a + w (b - a)}, computed as PyTorch computes it so that the ends are
     * exact: {@code |w| < 0.5 ? a + w (b - a) : b - (b - a) (1 - w)} (so {@code w = 1} gives b, and a NaN w takes
     * the second form, NaN). PyTorch's vectorized kernel fuses each multiply-add (one rounding) where this
     * composition rounds the product too, so the two can differ by an ulp. All three broadcast (NumPy's rules)
     * and share one floating-point dtype. The gradient is {@code (1 - w, w, b - a)} in {@code (a, b, w)}, the
     * same from either form, and infinite in w where an end is infinite, as PyTorch's.
     *
     * @throws IllegalArgumentException when the shapes do not broadcast or the dtypes differ or are not floating
     */
    public static Node lerp(Node a, Node b, Node w) {
        Objects.requireNonNull(a, "lerp: start is null");
        Objects.requireNonNull(b, "lerp: end is null");
        Objects.requireNonNull(w, "lerp: weight is null");
        DTypeSet.FLOATING.common("lerp", List.of(a, b, w));
        Broadcasting.shape("lerp", a, b, w);
        // b - (b - a)(1 - w) written as b + (w - 1)(b - a), the same bits (1 - w and w - 1 round alike), so that
        // the selections pick operands, not results: a zero cotangent of the form not taken meets no infinite
        // b - a, and the gradient in w stays b - a where an end is infinite (PyTorch's), not 0·inf = NaN
        Node span = b.sub(a);
        Node near = w.abs().less(0.5);
        Node t = near.where(w, w.sub(SourceOp.scalar(1.0, w.dtype())));
        return near.where(a, b).add(t.mul(span));
    }

    /** {@link #lerp(Node, Node, Node)} with a constant weight, rounded to the operands' dtype. */
    public static Node lerp(Node a, Node b, double w) {
        Objects.requireNonNull(a, "lerp: start is null");
        DTypeSet.FLOATING.require("lerp", "operands", a);
        return lerp(a, b, SourceOp.scalar(w, a.dtype()));
    }
}
