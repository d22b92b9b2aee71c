package dev.adjoint.core.kernel;

/**
 * The reduced singular value decomposition {@code A = U·diag(s)·Vᵀ} of one {@code m × n} matrix by one-sided
 * Jacobi (Hestenes): {@code k = min(m, n)}, {@code U} is {@code m × k} and {@code V} is {@code n × k}, both with
 * orthonormal columns, {@code s} descending and nonnegative.
 *
 * <p>Let {@code T} be A when {@code m >= n}, else {@code Aᵀ}: tall, with {@code k} columns. A sweep rotates every
 * pair of its columns {@code (p, q)} that is not yet orthogonal ({@code |t_p·t_q| > ε ‖t_p‖ ‖t_q‖}) in their
 * plane, {@code T ← T J}, {@code Z ← Z J} (Z starting as the identity), with
 * {@code ζ = (‖t_q‖² - ‖t_p‖²) / 2 t_p·t_q}, {@code t = sign(ζ) / (|ζ| + sqrt(1 + ζ²))},
 * {@code c = 1 / sqrt(1 + t²)}, {@code s = c t}, until a sweep rotates nothing, or until the sweeps stall at the
 * rounding level: the largest {@code |t_p·t_q| / ‖t_p‖ ‖t_q‖} of a sweep is no smaller than the previous
 * sweep's and within a few times the rounding error of a dot product ({@code length · ε}), where rotations
 * can no longer reduce it (a cosine of 1.4e-16 that each sweep recomputes, with ε = 1.1e-16). Then
 * {@code T = X·diag(s)} with orthonormal X and {@code s_j = ‖t_j‖}: {@code T = X diag(s) Zᵀ}, so
 * {@code (U, V) = (X, Z)} for a tall A and {@code (Z, X)} for a wide one. Like two-sided Jacobi it computes small
 * singular values to high relative accuracy.
 *
 * <p>A column whose squared norm underflows to 0 is rotated with its cosine and ζ computed from the columns
 * scaled to norm 1, down to a norm of {@code 2^-900}, below which it is not rotated. At the end such a column is
 * either orthogonal to every other (to the level at which the sweeps stop) and then its norm is a singular value, as
 * for {@code diag(1, 1e-170)} or {@code [[1, 1e-170], [0, 1e-170]]}; or it is the rounding noise that the null space
 * of a singular A shrinks to, sweep after sweep, and its singular value is 0. Columns of X for a
 * singular value that is exactly zero are completed to an orthonormal set with the
 * first unit vectors that Gram-Schmidt keeps. Each pair {@code (u_j, v_j)} changes sign together so that the
 * component of {@code u_j} of largest magnitude (the first on ties) is positive. A matrix with entries beyond
 * {@code 2^±480} is decomposed scaled by a power of two ({@link BinaryScale}), so that its squared norms stay in
 * range.
 */
final class JacobiSvd {

    static final int MAX_SWEEPS = 100;
    private static final double EPS = 0x1p-53;
    /** How many rounding-error bounds a stalled cosine may be: the rotations add their own roundings. */
    private static final double STALL = 4;
    /**
     * Below this norm a column whose squared norm underflows is not rotated: its entries are near the subnormal
     * range, where a rotation no longer keeps their relative accuracy (the rounding noise of a null space ends there).
     */
    private static final double TINY = 0x1p-900;

    private JacobiSvd() {
    }

    /**
     * Decomposes {@code a} ({@code m × n} at {@code ao}, read only) into {@code u} ({@code m × k}),
     * {@code s} ({@code k}) and {@code v} ({@code n × k}).
     *
     * @return false when the sweeps did not converge (not seen for finite input)
     */
    static boolean decompose(double[] a, int ao, int m, int n, double[] u, int uo, double[] s, int so, double[] v,
            int vo) {
        boolean tall = m >= n;
        int k = Math.min(m, n);
        int length = Math.max(m, n);
        // the columns of T as rows: w[j] = column j of T
        double[] w = new double[k * length];
        int e = BinaryScale.exponent(a, ao, m * n); // decompose 2^-e A, exactly
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                if (tall) {
                    w[j * length + i] = Math.scalb(a[ao + i * n + j], -e);
                } else {
                    w[i * length + j] = Math.scalb(a[ao + i * n + j], -e);
                }
            }
        }
        double[] z = new double[k * k]; // rows: the columns of Z
        for (int j = 0; j < k; j++) {
            z[j * k + j] = 1;
        }
        boolean converged = false;
        double previous = Double.POSITIVE_INFINITY; // the largest cosine rotated in the previous sweep
        for (int sweep = 0; sweep < MAX_SWEEPS && !converged; sweep++) {
            converged = true;
            double largest = 0;
            for (int p = 0; p < k - 1; p++) {
                for (int q = p + 1; q < k; q++) {
                    double alpha = dot(w, p * length, p * length, length);
                    double beta = dot(w, q * length, q * length, length);
                    double gamma = dot(w, p * length, q * length, length);
                    double zeta;
                    if (alpha == 0 || beta == 0) {
                        // a squared norm underflows: the cosine and ζ from the norms, scaled
                        double normP = DenseQr.norm(w, p * length, 1, length);
                        double normQ = DenseQr.norm(w, q * length, 1, length);
                        double cosine = normP < TINY || normQ < TINY ? 0 : scaledCosine(w, p * length, q * length,
                                length, normP, normQ);
                        zeta = (normQ / normP - normP / normQ) / (2 * cosine);
                        if (Math.abs(cosine) <= EPS || !Double.isFinite(zeta)) {
                            continue;
                        }
                        largest = Math.max(largest, Math.abs(cosine));
                    } else {
                        if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha) * Math.sqrt(beta)) {
                            continue;
                        }
                        largest = Math.max(largest, Math.abs(gamma) / Math.sqrt(alpha) / Math.sqrt(beta));
                        zeta = (beta - alpha) / (2 * gamma);
                    }
                    converged = false;
                    double t = Double.isInfinite(zeta * zeta) ? 1 / (2 * zeta)
                            : Math.copySign(1, zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
                    double c = 1 / Math.sqrt(1 + t * t);
                    double sn = c * t;
                    rotate(w, p * length, q * length, length, c, sn);
                    rotate(z, p * k, q * k, k, c, sn);
                }
            }
            // stalled at the rounding level: the computed cosines no longer shrink, and are within the error
            // bound of a dot product of `length` terms, so the columns are orthogonal to working precision
            converged |= largest >= previous && largest <= STALL * length * EPS;
            previous = largest;
        }
        double[] sigma = new double[k];
        for (int j = 0; j < k; j++) {
            sigma[j] = DenseQr.norm(w, j * length, 1, length);
        }
        for (int j = 0; j < k; j++) {
            // a column whose squared norm underflows was never rotated: it is a singular value of its own when
            // orthogonal to the others (diag(1, 1e-170)), else the rounding noise the null space shrinks to,
            // whose direction is completed below
            if (sigma[j] > 0 && dot(w, j * length, j * length, length) == 0 && !orthogonal(w, sigma, j, k, length)) {
                sigma[j] = 0;
            }
        }
        for (int j = 0; j < k; j++) {
            for (int i = 0; sigma[j] > 0 && i < length; i++) {
                w[j * length + i] /= sigma[j];
            }
        }
        complete(w, sigma, k, length);
        Integer[] order = new Integer[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(sigma[y], sigma[x]));
        for (int c = 0; c < k; c++) {
            int from = order[c];
            s[so + c] = Math.scalb(sigma[from], e);
            // (u_c, v_c) = (x, z) for a tall A, (z, x) for a wide one, turned by the sign convention on u
            double[] uRows = tall ? w : z;
            int uLength = tall ? length : k;
            double sign = SignConvention.of(uRows, from * uLength, 1, m);
            for (int i = 0; i < m; i++) {
                u[uo + i * k + c] = sign * uRows[from * uLength + i];
            }
            double[] vRows = tall ? z : w;
            int vLength = tall ? k : length;
            for (int i = 0; i < n; i++) {
                v[vo + i * k + c] = sign * vRows[from * vLength + i];
            }
        }
        return converged;
    }

    /**
     * Replaces the rows of {@code x} whose singular value is zero by unit vectors orthogonalized against the
     * others: the first unit vector (in order, each tried once) keeping more than half its length, or, when none
     * is left that does (the space still to fill can be spanned by vectors that are all short on the axes), the
     * one keeping the most, which is at least {@code 1 / sqrt(length)} of it.
     */
    private static void complete(double[] x, double[] sigma, int k, int length) {
        int candidate = 0;
        for (int j = 0; j < k; j++) {
            if (sigma[j] > 0) {
                continue;
            }
            double[] e = null;
            while (e == null && candidate < length) {
                double[] trial = orthogonalized(x, k, length, j, candidate++);
                e = DenseQr.norm(trial, 0, 1, length) > 0.5 ? trial : null;
            }
            boolean fallback = e == null;
            for (int i = 0; fallback && i < length; i++) {
                double[] trial = orthogonalized(x, k, length, j, i);
                e = e == null || DenseQr.norm(trial, 0, 1, length) > DenseQr.norm(e, 0, 1, length) ? trial : e;
            }
            double norm = DenseQr.norm(e, 0, 1, length);
            for (int i = 0; i < length; i++) {
                x[j * length + i] = e[i] / norm;
            }
        }
    }

    /** The unit vector {@code e_axis} with its components along the rows of x other than {@code j} removed, twice. */
    private static double[] orthogonalized(double[] x, int k, int length, int j, int axis) {
        double[] e = new double[length];
        e[axis] = 1;
        for (int pass = 0; pass < 2; pass++) {
            for (int other = 0; other < k; other++) {
                if (other != j) { // rows still to be completed are zero
                    double d = 0;
                    for (int i = 0; i < length; i++) {
                        d += x[other * length + i] * e[i];
                    }
                    for (int i = 0; i < length; i++) {
                        e[i] -= d * x[other * length + i];
                    }
                }
            }
        }
        return e;
    }

    /**
     * Whether row j of x, of norm {@code sigma[j]}, is orthogonal to every other nonzero row to the level at which
     * the sweeps stop: {@code |cos| <= STALL · length · ε}, the cosines computed from the rows divided by their
     * norms, so that tiny rows do not underflow.
     */
    private static boolean orthogonal(double[] x, double[] sigma, int j, int k, int length) {
        for (int other = 0; other < k; other++) {
            if (other == j || sigma[other] == 0) {
                continue;
            }
            double cosine = 0;
            for (int i = 0; i < length; i++) {
                cosine += x[j * length + i] / sigma[j] * (x[other * length + i] / sigma[other]);
            }
            if (Math.abs(cosine) > STALL * length * EPS) {
                return false;
            }
        }
        return true;
    }

    /** The cosine of the angle between the rows at p and q of norms normP and normQ, from the rows scaled to 1. */
    private static double scaledCosine(double[] x, int p, int q, int length, double normP, double normQ) {
        double cosine = 0;
        for (int i = 0; i < length; i++) {
            cosine += x[p + i] / normP * (x[q + i] / normQ);
        }
        return cosine;
    }

    private static double dot(double[] x, int p, int q, int length) {
        double d = 0;
        for (int i = 0; i < length; i++) {
            d += x[p + i] * x[q + i];
        }
        return d;
    }

    private static void rotate(double[] x, int p, int q, int length, double c, double s) {
        for (int i = 0; i < length; i++) {
            double xp = x[p + i];
            double xq = x[q + i];
            x[p + i] = c * xp - s * xq;
            x[q + i] = s * xp + c * xq;
        }
    }
}
