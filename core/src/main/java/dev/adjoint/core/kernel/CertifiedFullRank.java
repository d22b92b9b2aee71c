package dev.adjoint.core.kernel;

/**
 * The pseudo-inverse of a matrix whose full column rank is <em>proved</em> from its QR factorization, without
 * an SVD: for {@code A = Q·R} ({@code r × c}, {@code r >= c}, R upper triangular and nonsingular),
 * {@code A⁺ = R⁻¹·Qᵀ}.
 *
 * <p>{@link LinalgKernels#pinv} keeps the singular values {@code s_i > rcond · s_max} (LAPACK's {@code gelsd}
 * rule). A has full rank under that rule exactly when {@code s_min > rcond · s_max}, and R has A's singular
 * values. Two bounds that need no SVD: {@code s_min = 1 / ‖R⁻¹‖₂ >= 1 / ‖R⁻¹‖_F} and
 * {@code s_max = ‖R‖₂ <= ‖R‖_F}. So
 * <pre>
 *   1 / ‖R⁻¹‖_F  >  2 · rcond · ‖R‖_F     implies     s_min > rcond · s_max,
 * </pre>
 * with a factor 2 of margin for the rounding of the computed {@code R⁻¹} (its relative error is of order
 * {@code ε · cond(R)}, far below 1 wherever the test can pass with the default {@code rcond = ε · max(m, n)}).
 * Where the test passes, every singular value is kept and {@code A⁺ = R⁻¹Qᵀ} is the same matrix the SVD rule
 * gives, to rounding; where it fails (a rank-deficient or nearly so A, or one whose bounds are loose by their
 * factor of at most {@code √c} each) the caller takes the SVD. The certificate costs {@code c³/3} flops for
 * {@code R⁻¹} against the tens of {@code c³} of the Jacobi sweeps: {@code lstsq} of a 200 × 200 system took 150 ms
 * of CPU time by the SVD and 28-38 ms by this route (100 × 100: 19.5 → 7.3 ms; one thread, old and new build
 * alternating on a loaded machine).
 */
final class CertifiedFullRank {

    private CertifiedFullRank() {
    }

    /**
     * {@code R⁻¹} ({@code c × c}, upper triangular, row-major) of the upper triangular {@code R} at {@code r[ro]}
     * when the certificate above proves {@code s_min > rcond · s_max}, else {@code null}.
     */
    static double[] inverse(double[] r, int ro, int c, double rcond) {
        double[] inverse = new double[c * c];
        // column j of R⁻¹ by back substitution of R x = e_j: x_i = 0 below i = j
        for (int j = 0; j < c; j++) {
            double pivot = r[ro + j * c + j];
            if (pivot == 0) {
                return null;
            }
            inverse[j * c + j] = 1 / pivot;
            for (int i = j - 1; i >= 0; i--) {
                double sum = 0;
                for (int l = i + 1; l <= j; l++) {
                    sum += r[ro + i * c + l] * inverse[l * c + j];
                }
                inverse[i * c + j] = -sum / r[ro + i * c + i];
            }
        }
        double inverseNorm = frobenius(inverse, 0, c * c);
        double norm = frobenius(r, ro, c * c);
        if (!Double.isFinite(inverseNorm) || !(1 / inverseNorm > 2 * rcond * norm)) {
            return null;
        }
        return inverse;
    }

    /**
     * Writes {@code A⁺ = R⁻¹·Qᵀ} ({@code c × r}) into {@code y} from {@code yo} row-major, or its transpose
     * ({@code r × c}) when {@code transposed}; {@code q} is {@code r × c} (null for the identity: A was R itself).
     * {@code A⁺_ij = Σ_{l >= i} (R⁻¹)_il · Q_jl}: R⁻¹ is upper triangular.
     */
    static void write(double[] inverse, double[] q, int r, int c, double[] y, int yo, boolean transposed) {
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < r; j++) {
                double value;
                if (q == null) {
                    value = inverse[i * c + j];
                } else {
                    value = 0;
                    for (int l = i; l < c; l++) {
                        value += inverse[i * c + l] * q[j * c + l];
                    }
                }
                y[transposed ? yo + j * c + i : yo + i * r + j] = value;
            }
        }
    }

    /** {@code ‖x[o .. o + count)‖₂}, scaled against overflow and underflow. */
    private static double frobenius(double[] x, int o, int count) {
        return DenseQr.norm(x, o, 1, count);
    }
}
