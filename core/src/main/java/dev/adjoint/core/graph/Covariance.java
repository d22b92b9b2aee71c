package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * The covariance and correlation matrices of variables observed together, {@code torch.cov} and
 * {@code torch.corrcoef} (NumPy's {@code cov} and {@code corrcoef} with {@code rowvar=True}): the operand is
 * {@code [variables, observations]}, or one variable {@code [observations]}. Compositions of sums, a matrix
 * product and elementwise ops, differentiable in x and the observation weights.
 */
public final class Covariance {

    private Covariance() {
    }

    /** {@link #cov(Node, int, Node, Node)} without weights. */
    public static Node cov(Node x, int correction) {
        return cov(x, correction, null, null);
    }

    /**
     * {@code torch.cov(x, correction, fweights, aweights)}: with weights {@code w_j = f_j a_j} (1 where not
     * given), their sum {@code W}, the weighted means {@code m_i = Σ_j w_j x_ij / W},
     * {@code C_ik = Σ_j w_j (x_ij - m_i)(x_kj - m_k) / (W - c)} where {@code c} is {@code correction} without
     * aweights and {@code correction Σ_j w_j a_j / W} with them. As PyTorch: a divisor {@code <= 0} is taken as 0
     * (inf or NaN entries, where PyTorch also warns), no observations give NaN, and the result is squeezed, so
     * one variable gives a scalar. Weights that sum to 0 give NaN (PyTorch refuses them when it runs); negative
     * weights are not checked.
     *
     * @param x {@code [variables, observations]} or {@code [observations]}, floating-point
     * @param correction 1 for the unbiased estimate (PyTorch's default), 0 for the maximum-likelihood one
     * @param fweights null, or the integer frequency of each observation, {@code [observations]}
     * @param aweights null, or the floating-point weight of each observation, {@code [observations]}, x's dtype
     * @throws IllegalArgumentException when x has rank above 2, an axis is N, or a weight vector does not fit
     */
    public static Node cov(Node x, int correction, Node fweights, Node aweights) {
        Node in = observations(x, "cov");
        int n = in.shape().dim(1);
        Node w = null;
        if (fweights != null) {
            weights(fweights, n, "fweights", DTypeSet.INTEGER);
            w = fweights.reshape(n).cast(x.dtype());
        }
        if (aweights != null) {
            weights(aweights, n, "aweights", DTypeSet.FLOATING);
            Op.commonDtype("cov", List.of(x, aweights));
            w = w == null ? aweights.reshape(n) : w.mul(aweights.reshape(n));
        }
        Node total = w == null ? SourceOp.scalar(n, x.dtype()) : w.sum();
        Node mean = (w == null ? in : in.mul(w)).sum(1).div(total);
        Node divisor = total.sub(aweights == null || correction == 0 ? SourceOp.scalar(correction, x.dtype())
                : w.mul(aweights.reshape(n)).sum().div(total).mul(correction));
        divisor = divisor.lessEqual(0.0).where(SourceOp.scalar(0.0, x.dtype()), divisor);
        Node centered = in.sub(mean.unsqueeze(1));
        Node c = centered.matmul((w == null ? centered : centered.mul(w)).transpose()).div(divisor);
        return in.shape().dim(0) == 1 ? c.reshape(Shape.of()) : c;
    }

    /**
     * {@code torch.corrcoef(x)}: Pearson's correlation coefficients {@code R_ik = C_ik / sqrt(C_ii C_kk)} of
     * {@link #cov}{@code (x, 1)}, computed as PyTorch does ({@code C / s_i / s_k}, {@code s = sqrt(diag C)}) and
     * clipped to {@code [-1, 1]}; one variable gives the scalar {@code C / C} (1, or NaN for a constant variable).
     * A constant variable gives NaN in its row and column.
     *
     * @throws IllegalArgumentException as {@link #cov}
     */
    public static Node corrcoef(Node x) {
        observations(x, "corrcoef");
        Node c = cov(x, 1);
        if (c.rank() == 0) {
            return c.div(c);
        }
        Node s = c.diagonal(0, 0, 1).sqrt();
        return c.div(s.unsqueeze(1)).div(s.unsqueeze(0)).clip(-1, 1);
    }

    /** x as {@code [variables, observations]}, checked under {@code op}'s name. */
    private static Node observations(Node x, String op) {
        Objects.requireNonNull(x, op + ": operand is null");
        DTypeSet.FLOATING.require(op, "operand", x);
        if (x.rank() > 2 || !x.shape().isConcrete()) {
            throw new IllegalArgumentException(op + ": operand must be [variables, observations] or [observations]"
                    + " with concrete sizes, got " + x.describe());
        }
        return x.rank() == 2 ? x : x.reshape(1, x.rank() == 0 ? 1 : x.shape().dim(0));
    }

    /** Checks a weight vector of {@code n} observations, as PyTorch's checks (rank at most 1, n elements). */
    private static void weights(Node w, int n, String name, DTypeSet dtypes) {
        dtypes.require("cov", name, w);
        if (w.rank() > 1 || !w.shape().isConcrete() || w.shape().size() != n) {
            throw new IllegalArgumentException("cov: " + name + " must hold one weight per observation, [" + n
                    + "], got " + w.describe());
        }
    }
}
