package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Small matrix compositions the linear-algebra VJPs share, written with graph ops (so they differentiate
 * again): the identity, diagonal matrices, {@code Φ} (the lower triangle with half the diagonal), the gradient
 * of a function of a symmetric matrix's lower triangle, and reciprocals that are 0 at 0 and at ties of spectral
 * values.
 */
final class Matrices {

    private Matrices() {
    }

    /** The {@code n × n} identity, a constant. */
    static Node eye(int n, DType dtype) {
        double[] data = new double[n * n];
        for (int i = 0; i < n; i++) {
            data[i * n + i] = 1;
        }
        return SourceOp.constant(Tensor.of(dtype, Shape.of(n, n), data));
    }

    /** {@code diag(v)}: {@code [..., n] -> [..., n, n]} with {@code v} on the diagonal (n concrete). */
    static Node diag(Node v) {
        return v.unsqueeze(-1).mul(eye(v.shape().dim(-1), v.dtype()));
    }

    /** {@code x} with its axes in {@code order} (axis a of the result is axis order[a] of x), or x itself. */
    static Node permuteUnlessIdentity(Node x, int[] order) {
        for (int a = 0; a < order.length; a++) {
            if (order[a] != a) {
                return x.permute(order);
            }
        }
        return x;
    }

    /** The transpose over the last two axes. */
    static Node t(Node x) {
        return x.transpose();
    }

    /**
     * {@code Φ(X)}: the lower triangle of X with its diagonal halved, {@code (tril(X) + tril(X, -1)) / 2}
     * (Murray 2016). Self-adjoint: {@code <Y, Φ(X)> = <Φ(Y), X>}.
     */
    static Node phi(Node x) {
        return SolveOp.tril(x).add(SolveOp.tril(x, -1)).mul(0.5);
    }

    /**
     * The gradient of a function of a symmetric matrix that reads only its lower triangle (as {@code cholesky}
     * and {@code eigh} do), given {@code S}, a gradient valid for symmetric perturbations:
     * {@code Φ(S + Sᵀ)}, which holds {@code S_ij + S_ji} below the diagonal, {@code S_ii} on it and 0 above
     * (the upper triangle is not read, so its elements have zero derivative).
     */
    static Node lowerTriangleGradient(Node s) {
        return phi(s.add(t(s)));
    }

    /**
     * {@code 1 / x} where {@code x != 0}, and 0 where {@code x == 0}, with a gradient that is finite everywhere
     * (the division never sees the zeros): for the {@code 1 / (λ_j - λ_i)} and {@code 1 / s_i} of spectral
     * VJPs, where an exact tie or zero contributes nothing.
     */
    static Node safeReciprocal(Node x) {
        Objects.requireNonNull(x, "x is null");
        Node zero = SourceOp.zerosLike(x);
        Node isZero = x.equal(zero);
        Node safe = isZero.where(SourceOp.onesLike(x), x);
        return isZero.where(zero, SourceOp.onesLike(x).div(safe));
    }

    /**
     * {@code 1 / x} where {@code |x| > tolerance}, and 0 where {@code |x| <= tolerance} or where {@code 1 / x}
     * overflows ({@code |x|} below {@code 1 / MAX_VALUE}), with a gradient that is finite everywhere: for the
     * {@code 1 / (λ_j - λ_i)} of spectral VJPs, where two values closer than the tolerance (see
     * {@link #tieTolerance}) are a tie at working precision, whose coupling term is dropped.
     */
    static Node tieReciprocal(Node x, Node tolerance) {
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(tolerance, "tolerance is null");
        Node zero = SourceOp.zerosLike(x);
        Node tied = x.abs().lessEqual(tolerance).logicalOr(x.equal(zero));
        Node r = SourceOp.onesLike(x).div(tied.where(SourceOp.onesLike(x), x));
        return tied.logicalOr(r.isInf()).where(zero, r);
    }

    /**
     * The spread below which two spectral values of a matrix count as tied, per pair: {@code T_ij = 8 · max(m, n) ·
     * ε · max(|λ_i|, |λ_j|)} for the values {@code [..., 1, k]} (a {@code [..., k, k]} result), ε the dtype's
     * machine epsilon (2⁻²³ for float32, 2⁻⁵² for float64): a few ulps of the pair per dimension, the differences
     * rounding leaves between values equal in exact arithmetic (a 3 × 3 orthogonal matrix's singular values spread
     * by 3.6 ε, Q diag(2, 2, 5) Qᵀ's tied eigenvalues by 3.4 ulps of 2). Relative to the pair, not to the largest
     * value: {@code diag(1, 1.0001, 1e12)}'s 1 and 1.0001 are distinct values of a graded matrix, resolved exactly.
     */
    static Node tieTolerance(Node values, int m, int n) {
        double epsilon = values.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        return values.abs().maximum(t(values.abs())).mul(8 * epsilon * Math.max(m, n));
    }
}
