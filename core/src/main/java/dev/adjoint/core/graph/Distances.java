package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * Distances and similarities between vectors: {@code torch.cdist}, the p-norm distance of every pair of rows of
 * two matrices, and {@code torch.nn.functional.cosine_similarity}. Compositions of differences, powers, sums and
 * selections; where a norm is 0, selections keep its square root and powers off the gradient, so the gradient
 * there is 0 as in PyTorch, not NaN.
 */
public final class Distances {

    private Distances() {
    }

    /**
     * {@code torch.cdist(a, b, p)} computed directly (its {@code compute_mode='donot_use_mm_for_euclid_dist'}):
     * for {@code a : [..., P, M]} and {@code b : [..., R, M]}, leading axes broadcast,
     * {@code y[..., i, j] = (Σ_k |a_ik - b_jk|^p)^(1/p)}, of shape {@code [..., P, R]}; {@code p = 0} counts the
     * coordinates that differ, {@code p = inf} takes the largest difference, and {@code M = 0} gives 0.
     * PyTorch's default mode uses a matrix product for {@code p = 2} when P or R exceeds 25, whose values carry
     * more rounding than these.
     *
     * <p>Gradients: 0 at coincident points (the norm's root is kept off the gradient there, as PyTorch's
     * backward returns 0), and 0 from a coordinate whose difference is 0 (as PyTorch's, and the limit for
     * {@code p > 1}; for {@code p < 1} the derivative is infinite there). For
     * {@code p = inf} the cotangent is shared evenly by the coordinates tied for the largest difference (as
     * {@link ReduceOp#max} shares it), where PyTorch gives each the whole; {@code p = 0} has a zero gradient.
     *
     * @param p the order, {@code >= 0} (infinity allowed)
     * @throws IllegalArgumentException when an operand has rank below 2, the dtypes differ or are not floating,
     *     the vector lengths M differ, the leading axes do not broadcast, or p is negative or NaN
     */
    public static Node cdist(Node a, Node b, double p) {
        Objects.requireNonNull(a, "cdist: first operand is null");
        Objects.requireNonNull(b, "cdist: second operand is null");
        DTypeSet.FLOATING.common("cdist", List.of(a, b));
        if (a.rank() < 2 || b.rank() < 2 || a.shape().dim(-1) != b.shape().dim(-1)) {
            throw new IllegalArgumentException("cdist: operands must be [..., P, M] and [..., R, M] (one vector length"
                    + " M), got " + Node.describe(List.of(a, b)));
        }
        if (!(p >= 0)) {
            throw new IllegalArgumentException("cdist: p must be >= 0 (PyTorch's rule), got " + p);
        }
        Shape.broadcast(a.shape().drop(-1).drop(-1), b.shape().drop(-1).drop(-1), "cdist");
        Node d = a.unsqueeze(-2).sub(b.unsqueeze(-3));
        Node e = d.abs();
        int m = a.shape().dim(-1);
        if (m == 0 || p == 1) {
            return e.sum(-1);
        }
        if (p == 0) {
            return d.notEqual(0.0).cast(a.dtype()).sum(-1);
        }
        if (p == Double.POSITIVE_INFINITY) {
            return e.max(-1);
        }
        Node powered = p == 2 ? d.square() : pow(e, p);
        return p == 2 ? sqrt(powered.sum(-1)) : pow(powered.sum(-1), 1 / p);
    }

    /**
     * {@code torch.nn.functional.cosine_similarity(a, b, axis, eps)} as PyTorch 1.13 computes it: the operands
     * broadcast, each is divided by its 2-norm along {@code axis} clamped below by eps, and the products are
     * summed along the axis, {@code Σ_k (a_k / max(‖a‖, eps)) (b_k / max(‖b‖, eps))}, which drops the axis.
     * Older PyTorch clamped the product of the norms instead, {@code a·b / max(‖a‖ ‖b‖, eps)}: the two differ
     * where one norm is below eps. Where a norm is below eps the gradient does not flow through it, so a zero
     * vector gets PyTorch's finite gradient {@code b / (eps ‖b‖)}; at a vector of norm {@code t} in
     * {@code (0, eps)} this is the derivative of the forward, where PyTorch 1.13's backward, which differentiates
     * the norm it clamped in place, gives {@code 1 - t² / eps²} times it along the vector. With {@code eps = 0}
     * a zero vector's similarity is NaN, and so are both operands' gradients at that pair of vectors (PyTorch's).
     *
     * @param axis the axis of the vectors, of the broadcast shape; negative counts from the end
     * @param eps the least norm divided by, {@code >= 0} (PyTorch's default {@code 1e-8})
     * @throws IllegalArgumentException when the shapes do not broadcast, the dtypes differ or are not floating,
     *     the axis is out of range, or eps is negative or NaN
     */
    public static Node cosineSimilarity(Node a, Node b, int axis, double eps) {
        Objects.requireNonNull(a, "cosineSimilarity: first operand is null");
        Objects.requireNonNull(b, "cosineSimilarity: second operand is null");
        DTypeSet.FLOATING.common("cosineSimilarity", List.of(a, b));
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("cosineSimilarity: eps must be finite and >= 0, got " + eps);
        }
        Shape shape = Broadcasting.shape("cosineSimilarity", a, b);
        int at = shape.normalizeAxis(axis, "cosineSimilarity");
        Node x = a.broadcastTo(shape);
        Node y = b.broadcastTo(shape);
        return unit(x, at, eps).mul(unit(y, at, eps)).sum(at);
    }

    /**
     * {@code x / max(‖x‖, eps)} along {@code at}, the norm off the gradient where it is below eps. With eps = 0 a
     * zero vector has no direction: its quotient 0/0 is NaN and so is its gradient (times a NaN factor; dividing
     * alone would give {@code ±yBar/0}, infinite), as PyTorch's.
     */
    private static Node unit(Node x, int at, double eps) {
        Node norm = sqrt(x.square().sum(true, at));
        Node floor = SourceOp.scalar(eps, x.dtype());
        Node divisor = norm.less(floor).where(floor, norm);
        if (eps > 0) {
            return x.div(divisor);
        }
        Node undefined = divisor.equal(0.0).where(SourceOp.scalar(Double.NaN, x.dtype()),
                SourceOp.scalar(1.0, x.dtype()));
        return x.div(divisor).mul(undefined);
    }

    /** {@code sqrt(s)} for {@code s >= 0}, with a zero gradient at {@code s = 0} (the root's slope is infinite). */
    private static Node sqrt(Node s) {
        Node zero = s.equal(0.0);
        return zero.where(SourceOp.scalar(0.0, s.dtype()), zero.where(SourceOp.scalar(1.0, s.dtype()), s).sqrt());
    }

    /** {@code s^p} for {@code s >= 0}, {@code p > 0}, with a zero gradient at {@code s = 0}. */
    private static Node pow(Node s, double p) {
        Node zero = s.equal(0.0);
        return zero.where(SourceOp.scalar(0.0, s.dtype()), zero.where(SourceOp.scalar(1.0, s.dtype()), s).pow(p));
    }
}
