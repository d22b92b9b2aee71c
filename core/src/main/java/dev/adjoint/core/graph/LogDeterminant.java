package dev.adjoint.core.graph;

import java.util.Objects;

/**
 * The logarithm of a determinant, {@code torch.logdet}: read from {@link SolveOp#slogdet}, so it stays finite
 * where the determinant itself overflows or underflows.
 */
public final class LogDeterminant {

    private LogDeterminant() {
    }

    /**
     * {@code torch.logdet(a)} of each matrix of {@code a : [..., n, n]}: {@code log det A}, of shape {@code [...]};
     * NaN where the determinant is negative and {@code -inf} where it is 0 (a singular matrix), as PyTorch gives;
     * NaN, with a NaN gradient, for a matrix holding a NaN or an infinity ({@code torch.logdet}: nan).
     * A selection on the sign of {@link SolveOp#slogdet}: the gradient is {@code A⁻ᵀ} where the determinant is
     * positive and 0 where it is negative (as PyTorch's); a singular matrix has none (slogdet's gradient needs
     * the inverse).
     *
     * @throws IllegalArgumentException when the matrices are not square or not floating-point
     */
    public static Node logdet(Node a) {
        Objects.requireNonNull(a, "logdet: operand is null");
        DTypeSet.FLOATING.require("logdet", "operand", a);
        if (a.rank() < 2 || a.shape().dim(-1) != a.shape().dim(-2)) {
            throw new IllegalArgumentException("logdet: operand must be square matrices [..., n, n], got "
                    + a.describe());
        }
        SolveOp.SignLogDet parts = SolveOp.slogdet(a);
        return parts.sign().less(0.0).where(SourceOp.scalar(Double.NaN, a.dtype()), parts.logAbsDet());
    }
}
