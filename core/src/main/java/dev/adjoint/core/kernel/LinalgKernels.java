package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.Locale;

/**
 * The linear-algebra kernels at the tensor level: each takes a stack of matrices {@code [..., m, n]} and runs
 * the dense routine of its op on every matrix of the stack, in order ({@link DenseCholesky},
 * {@link DenseTriangular}, {@link DenseLu}, {@link DenseQr}, {@link JacobiEigen}, {@link JacobiSvd},
 * {@link DenseMatrixExp}).
 *
 * <p>All of them compute in float64: a float32 input is widened, factored, and the result rounded once to
 * float32, so a float32 result is the float64 one correctly rounded (the same rule as the elementwise
 * kernels). The input is never written to. A matrix the op cannot take (not positive definite, singular, or,
 * for {@link #eigh}, {@link #svd} and {@link #pinv}, not finite) is a {@link LinalgException} naming the op, the
 * cause, the row and the matrix of the batch, thrown before the result is returned; nothing else changes. A matrix
 * holding a NaN or an infinity gives NaN, as PyTorch's NaN does, in the ops where PyTorch propagates it
 * ({@link #det}, {@link #slogdet}, {@link #cofactor}, {@link #inverse}, {@link #solve}, {@link #triangularSolve},
 * {@link #cholesky}, {@link #qr}, {@link #lu}, {@link #matrixExp}): every element of that matrix's result (its
 * triangle for a triangular factor; for {@link #lu}, the compact factors, with no row exchanged), the other
 * matrices of the batch unchanged.
 *
 * <p>Decompositions with several results return them packed in one tensor, along the second-to-last axis
 * (the graph's ops slice the parts out): {@link #qr} {@code [Q; Rᵀ]}, {@link #eigh} {@code [V; wᵀ]},
 * {@link #svd} {@code [U; V; sᵀ]}; {@link #lu} {@code [LU | perm | pivots]} and {@link #slogdet}
 * {@code (sign, log|det|)} along the last axis.
 */
public final class LinalgKernels {

    private LinalgKernels() {
    }

    /** The lower Cholesky factor of each matrix of {@code a : [..., n, n]}, reading its lower triangle. */
    public static Tensor cholesky(Tensor a, Shape out) {
        int n = out.dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        double[] pivot = new double[1];
        for (int p = 0; p < stack.count; p++) {
            int o = p * n * n;
            if (!isFinite(stack, p, n, n, true)) {
                fillTriangle(y, o, n, n, Double.NaN); // L's lower triangle, zeros above it
                continue;
            }
            System.arraycopy(stack.x, o, y, o, n * n);
            int k = DenseCholesky.factor(y, o, n, pivot);
            if (k >= 0) {
                throw new LinalgException("cholesky", LinalgException.Cause.NOT_POSITIVE_DEFINITE, k, stack.index(p),
                        "cholesky: matrix must be positive definite, got a leading minor of order " + (k + 1)
                                + " (rows and columns 0.." + k + ") that is not: its pivot is " + pivot[0]
                                + LinalgException.where(stack.index(p)) + "; add a small multiple of the identity"
                                + " (jitter), or check that the matrix is symmetric positive definite");
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * {@code X = op(T)⁻¹ B} for {@code t : [..., n, n]} (lower or upper triangular, only that triangle read;
     * with a unit diagonal, the diagonal not read) and {@code b : [..., n, k]} of the same leading dimensions;
     * all of X NaN for a matrix whose part read holds a NaN or an infinity.
     */
    public static Tensor triangularSolve(Tensor t, Tensor b, boolean lower, boolean transpose,
            boolean unitDiagonal, Shape out) {
        return triangularSolve(t, b, lower, transpose, unitDiagonal, out, "triangularSolve");
    }

    /**
     * {@link #triangularSolve(Tensor, Tensor, boolean, boolean, boolean, Shape)}, a bad matrix reported under
     * {@code op}: the operation the user asked for, when the solve is a step of it (e.g. {@code gradient of qr}).
     */
    public static Tensor triangularSolve(Tensor t, Tensor b, boolean lower, boolean transpose,
            boolean unitDiagonal, Shape out, String op) {
        int n = t.shape().dim(-1);
        int k = out.dim(-1);
        Stack stack = new Stack(t, n * n);
        double[] rhs = TensorInternals.doubles(b);
        double[] y = stack.output(out);
        System.arraycopy(rhs, 0, y, 0, y.length);
        for (int p = 0; p < stack.count; p++) {
            if (!triangleIsFinite(stack, p, n, lower, unitDiagonal)) {
                java.util.Arrays.fill(y, p * n * k, (p + 1) * n * k, Double.NaN);
                continue;
            }
            int zero = DenseTriangular.zeroDiagonal(stack.x, p * n * n, n, unitDiagonal);
            if (zero >= 0) {
                throw singular(op, zero, stack.index(p), "a zero on the diagonal at row " + zero,
                        "a triangular matrix is singular exactly when its diagonal holds a zero");
            }
            DenseTriangular.solve(stack.x, p * n * n, n, n, lower, transpose, unitDiagonal, y, p * n * k, k);
        }
        return stack.adopt(out, y);
    }

    /** {@code X = A⁻¹ B} for {@code a : [..., n, n]} and {@code b : [..., n, k]}, by LU with partial pivoting. */
    public static Tensor solve(Tensor a, Tensor b, Shape out) {
        int n = a.shape().dim(-1);
        int k = out.dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] rhs = TensorInternals.doubles(b);
        double[] y = stack.output(out);
        double[] lu = new double[n * n];
        int[] rows = new int[n];
        for (int p = 0; p < stack.count; p++) {
            if (!isFinite(stack, p, n, n, false)) {
                java.util.Arrays.fill(y, p * n * k, (p + 1) * n * k, Double.NaN);
                continue;
            }
            factor("solve", stack, p, n, lu, rows);
            DenseLu.solve(lu, 0, n, rows, rhs, p * n * k, y, p * n * k, k);
        }
        return stack.adopt(out, y);
    }

    /** {@code A⁻¹} for each matrix of {@code a : [..., n, n]}, by LU with partial pivoting. */
    public static Tensor inverse(Tensor a, Shape out) {
        return inverse(a, out, "inverse");
    }

    /**
     * {@link #inverse(Tensor, Shape)}, a singular matrix reported under {@code op}: the operation the user asked
     * for, when the inverse is a step of it (e.g. {@code gradient of slogdet (A⁻ᵀ)}).
     */
    public static Tensor inverse(Tensor a, Shape out, String op) {
        int n = out.dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        double[] lu = new double[n * n];
        double[] identity = identity(n);
        int[] rows = new int[n];
        for (int p = 0; p < stack.count; p++) {
            if (!isFinite(stack, p, n, n, false)) {
                java.util.Arrays.fill(y, p * n * n, (p + 1) * n * n, Double.NaN);
                continue;
            }
            factor(op, stack, p, n, lu, rows);
            DenseLu.solve(lu, 0, n, rows, identity, 0, y, p * n * n, n);
        }
        return stack.adopt(out, y);
    }

    /**
     * {@code det A} for each matrix of {@code a : [..., n, n]}: the signed product of the LU pivots; 0 when singular.
     */
    public static Tensor det(Tensor a, Shape out) {
        int n = a.shape().dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        double[] lu = new double[n * n];
        int[] rows = new int[n];
        for (int p = 0; p < stack.count; p++) {
            if (!isFinite(stack, p, n, n, false)) {
                y[p] = Double.NaN;
                continue;
            }
            if (!factorsNonsingular("det", stack, p, n, lu, rows)) {
                y[p] = 0;
                continue;
            }
            double[] d = ScaledDeterminant.product(DenseLu.permutationSign(rows, n), lu, n);
            y[p] = ScaledDeterminant.scaled(d[0], (long) d[1]);
        }
        return stack.adopt(out, y);
    }

    /**
     * The cofactor matrix {@code cof(A) = adj(A)ᵀ} of each matrix of {@code a : [..., n, n]}, the gradient of
     * {@code det A}, defined for every A. Computed from the equilibrated {@code B = Dr A Dc}
     * ({@link ScaledDeterminant}: powers of two, so that products of A's entries that under- or overflow do not
     * decide the result): {@code cof(B) = det(B) B⁻ᵀ} from the LU factors when no pivot is zero, else from the SVD
     * {@code B = U diag(s) Vᵀ}: {@code cof(B) = det(U) det(V) U diag(c) Vᵀ} with {@code c_i = Π_{j≠i} s_j} (zero
     * when the rank is below n - 1); then {@code cof(A)_ij = cof(B)_ij 2^(r_i + c_j - Σr - Σc)}.
     */
    public static Tensor cofactor(Tensor a, Shape out) {
        int n = a.shape().dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        double[] b = new double[n * n];
        double[] lu = new double[n * n];
        double[] identity = identity(n);
        double[] inverse = new double[n * n];
        int[] rows = new int[n];
        int[] rowExponents = new int[n];
        int[] columnExponents = new int[n];
        for (int p = 0; p < stack.count; p++) {
            int o = p * n * n;
            if (!isFinite(stack, p, n, n, false)) {
                java.util.Arrays.fill(y, o, o + n * n, Double.NaN);
                continue;
            }
            if (!ScaledDeterminant.equilibrate(stack.x, o, n, b, rowExponents, columnExponents)) {
                singularCofactor(stack.x, o, n, y, o, stack.index(p)); // a zero row: A is singular
                continue;
            }
            System.arraycopy(b, 0, lu, 0, n * n);
            long total = 0;
            for (int i = 0; i < n; i++) {
                total += rowExponents[i] + columnExponents[i];
            }
            double mantissa = 1;
            long exponent = 0;
            if (DenseLu.factor(lu, 0, n, rows) >= 0) {
                singularCofactor(b, 0, n, inverse, 0, stack.index(p)); // cof(B), into the spare buffer
            } else {
                double[] d = ScaledDeterminant.product(DenseLu.permutationSign(rows, n), lu, n);
                mantissa = d[0];
                exponent = (long) d[1];
                DenseLu.solve(lu, 0, n, rows, identity, 0, b, 0, n); // B⁻¹, over B (lu holds its factors)
                for (int i = 0; i < n * n; i++) {
                    inverse[i] = b[(i % n) * n + i / n]; // B⁻ᵀ
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    y[o + i * n + j] = ScaledDeterminant.scaled(mantissa * inverse[i * n + j],
                            exponent + rowExponents[i] + columnExponents[j] - total);
                }
            }
        }
        return stack.adopt(out, y);
    }

    /** {@code cof(A) = det(U) det(V) U diag(Π_{j≠i} s_j) Vᵀ} of the singular {@code n × n} matrix at {@code x[o]}. */
    private static void singularCofactor(double[] x, int o, int n, double[] y, int yo, int[] matrix) {
        double[] u = new double[n * n];
        double[] s = new double[n];
        double[] v = new double[n * n];
        if (!JacobiSvd.decompose(x, o, n, n, u, 0, s, 0, v, 0)) {
            throw noConvergence("det", JacobiSvd.MAX_SWEEPS, matrix);
        }
        double sign = orthogonalDeterminant(u, n) * orthogonalDeterminant(v, n);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = sign;
            for (int j = 0; j < n; j++) {
                c[i] *= j == i ? 1 : s[j];
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int l = 0; l < n; l++) {
                    sum += u[i * n + l] * c[l] * v[j * n + l];
                }
                y[yo + i * n + j] = sum;
            }
        }
    }

    /** The determinant, ±1, of an orthogonal {@code n × n} matrix: the signed product of its LU pivots' signs. */
    private static double orthogonalDeterminant(double[] q, int n) {
        double[] lu = q.clone();
        int[] rows = new int[n];
        DenseLu.factor(lu, 0, n, rows);
        double sign = DenseLu.permutationSign(rows, n);
        for (int i = 0; i < n; i++) {
            sign = lu[i * n + i] < 0 ? -sign : sign;
        }
        return sign;
    }

    /**
     * Copies matrix {@code p} of the stack (checked finite) into {@code lu} and factors it with partial
     * pivoting; false when a pivot is zero (the matrix is singular), which det and slogdet report as a value.
     */
    private static boolean factorsNonsingular(String op, Stack stack, int p, int n, double[] lu, int[] rows) {
        requireFinite(op, stack, p, n, n, false);
        System.arraycopy(stack.x, p * n * n, lu, 0, n * n);
        return DenseLu.factor(lu, 0, n, rows) < 0;
    }

    /**
     * {@code (sign, log|det A|)} along the last axis of {@code out : [..., 2]}; {@code (0, -Infinity)} for a
     * singular matrix, as in NumPy; {@code (NaN, NaN)} for a matrix holding a NaN or an infinity (PyTorch gives
     * {@code (0, NaN)} for a NaN, NumPy {@code (1, NaN)}: neither sign is known).
     */
    public static Tensor slogdet(Tensor a, Shape out) {
        int n = a.shape().dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        double[] lu = new double[n * n];
        int[] rows = new int[n];
        for (int p = 0; p < stack.count; p++) {
            if (!isFinite(stack, p, n, n, false)) { // neither the sign nor the size is known
                y[2 * p] = Double.NaN;
                y[2 * p + 1] = Double.NaN;
                continue;
            }
            if (!factorsNonsingular("slogdet", stack, p, n, lu, rows)) {
                y[2 * p] = 0;
                y[2 * p + 1] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double sign = DenseLu.permutationSign(rows, n);
            double log = 0;
            for (int i = 0; i < n; i++) {
                double u = lu[i * n + i];
                sign = u < 0 ? -sign : sign;
                log += StrictMath.log(Math.abs(u));
            }
            y[2 * p] = sign;
            y[2 * p + 1] = log;
        }
        return stack.adopt(out, y);
    }

    /**
     * The LU factorization with partial pivoting of each {@code m × n} matrix, {@code A = P·L·U} as LAPACK's
     * {@code getrf} ({@link DenseLu#factorRectangular}: singular matrices too), packed as
     * {@code out : [..., m, n + 2]}: columns {@code 0..n-1} hold L below the diagonal and U on and above it,
     * column n the permutation (row i of {@code Pᵀ·A} is row {@code perm[i]} of A), column {@code n + 1} LAPACK's
     * 1-based pivots in its first {@code min(m, n)} rows and 0 below. A matrix holding a NaN or an infinity
     * has NaN compact factors, the identity permutation and pivots {@code 1, 2, ...}.
     */
    public static Tensor lu(Tensor a, Shape out) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        int width = n + 2;
        Stack stack = new Stack(a, m * n);
        double[] y = stack.output(out);
        double[] lu = new double[m * n];
        int[] rows = new int[m];
        int[] pivots = new int[Math.min(m, n)];
        for (int p = 0; p < stack.count; p++) {
            if (isFinite(stack, p, m, n, false)) {
                System.arraycopy(stack.x, p * m * n, lu, 0, m * n);
                DenseLu.factorRectangular(lu, 0, m, n, rows, pivots);
            } else { // the factors NaN, no row exchanged: what PyTorch gives for a NaN at [0, 0]
                java.util.Arrays.fill(lu, Double.NaN);
                for (int i = 0; i < m; i++) {
                    rows[i] = i;
                }
                for (int j = 0; j < pivots.length; j++) {
                    pivots[j] = j;
                }
            }
            int o = p * m * width;
            for (int i = 0; i < m; i++) {
                System.arraycopy(lu, i * n, y, o + i * width, n);
                y[o + i * width + n] = rows[i];
                y[o + i * width + n + 1] = i < pivots.length ? pivots[i] + 1 : 0;
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * {@code e^A} for each matrix of {@code a : [..., n, n]}: scaling and squaring with a Padé approximant
     * ({@link DenseMatrixExp}).
     */
    public static Tensor matrixExp(Tensor a, Shape out) {
        int n = out.dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        for (int p = 0; p < stack.count; p++) {
            if (!isFinite(stack, p, n, n, false)) {
                java.util.Arrays.fill(y, p * n * n, (p + 1) * n * n, Double.NaN);
                continue;
            }
            DenseMatrixExp.exp(stack.x, p * n * n, n, y, p * n * n);
        }
        return stack.adopt(out, y);
    }

    /**
     * The reduced QR factorization of each {@code m × n} matrix, packed as {@code out : [..., m + n, k]} =
     * {@code [Q; Rᵀ]}.
     */
    public static Tensor qr(Tensor a, Shape out) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        int k = Math.min(m, n);
        Stack stack = new Stack(a, m * n);
        double[] y = stack.output(out);
        double[] r = new double[k * n];
        for (int p = 0; p < stack.count; p++) {
            int o = p * (m + n) * k;
            if (!isFinite(stack, p, m, n, false)) {
                java.util.Arrays.fill(y, o, o + m * k, Double.NaN); // Q
                fillTriangle(y, o + m * k, n, k, Double.NaN); // Rᵀ: R's upper triangle, zeros below it
                continue;
            }
            DenseQr.factor(stack.x, p * m * n, m, n, y, o, r, 0);
            for (int c = 0; c < n; c++) {
                for (int i = 0; i < k; i++) {
                    y[o + (m + c) * k + i] = r[i * n + c];
                }
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * The eigendecomposition of each symmetric {@code n × n} matrix (its lower triangle read), packed as
     * {@code out : [..., n + 1, n]} = {@code [V; wᵀ]}: eigenvectors as columns, eigenvalues ascending.
     */
    public static Tensor eigh(Tensor a, Shape out) {
        int n = a.shape().dim(-1);
        Stack stack = new Stack(a, n * n);
        double[] y = stack.output(out);
        for (int p = 0; p < stack.count; p++) {
            requireFinite("eigh", stack, p, n, n, true);
            int o = p * (n + 1) * n;
            if (!JacobiEigen.decompose(stack.x, p * n * n, n, y, o + n * n, y, o)) {
                throw noConvergence("eigh", JacobiEigen.MAX_SWEEPS, stack.index(p));
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * The reduced SVD of each {@code m × n} matrix, packed as {@code out : [..., m + n + 1, k]} =
     * {@code [U; V; sᵀ]}, singular values descending.
     */
    public static Tensor svd(Tensor a, Shape out) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        int k = Math.min(m, n);
        Stack stack = new Stack(a, m * n);
        double[] y = stack.output(out);
        for (int p = 0; p < stack.count; p++) {
            requireFinite("svd", stack, p, m, n, false);
            int o = p * (m + n + 1) * k;
            if (!JacobiSvd.decompose(stack.x, p * m * n, m, n, y, o, y, o + (m + n) * k, y, o + m * k)) {
                throw noConvergence("svd", JacobiSvd.MAX_SWEEPS, stack.index(p));
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * The Moore-Penrose pseudo-inverse of each {@code m × n} matrix of {@code a}, {@code out : [..., n, m]}: with
     * the reduced SVD {@code A = U diag(s) Vᵀ} ({@link JacobiSvd}), {@code A⁺ = V diag(s⁺) Uᵀ} where
     * {@code s⁺_i = 1 / s_i} for {@code s_i > rcond · s_max} and 0 otherwise (LAPACK's {@code gelsd} rule, so the
     * zero matrix has the zero pseudo-inverse). A tall matrix is first reduced by its QR factorization
     * ({@link DenseQr}), {@code A = QR}: R has A's singular values, and {@code A⁺ = R⁺Qᵀ}, so the Jacobi sweeps
     * run on {@code n × n} instead of {@code m × n} (a 1,000 × 20 least-squares problem: 4.4 → about 1 ms); a
     * wide one is the transpose of its transpose's. Before any sweep, a matrix whose full rank under this rule
     * the QR factorization proves ({@link CertifiedFullRank}: the common case) takes {@code A⁺ = R⁻¹Qᵀ}, the
     * same matrix to rounding, without the SVD.
     *
     * @param rcond the relative cutoff, {@code >= 0}
     */
    public static Tensor pinv(Tensor a, double rcond, Shape out) {
        return pinv(a, rcond, out, "pinv");
    }

    /**
     * {@link #pinv(Tensor, double, Shape)}, a bad matrix reported under {@code op}: the operation the user asked
     * for, when the pseudo-inverse is a step of it ({@code lstsq}).
     */
    public static Tensor pinv(Tensor a, double rcond, Shape out, String op) {
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        Stack stack = new Stack(a, m * n);
        double[] y = stack.output(out);
        java.util.Arrays.fill(y, 0.0);
        for (int p = 0; p < stack.count && Math.min(m, n) > 0; p++) {
            requireFinite(op, stack, p, m, n, false);
            if (m >= n) {
                pinvTall(op, stack, p, stack.x, p * m * n, m, n, rcond, y, p * n * m, false);
            } else {
                double[] t = new double[n * m];
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        t[j * m + i] = stack.x[p * m * n + i * n + j];
                    }
                }
                pinvTall(op, stack, p, t, 0, n, m, rcond, y, p * n * m, true);
            }
        }
        return stack.adopt(out, y);
    }

    /**
     * The pseudo-inverse ({@code c × r}) of the {@code r × c} matrix at {@code x[xo]}, {@code r >= c}, written into
     * {@code y} from {@code yo} row-major, or transposed ({@code r × c}) when {@code transposed}: from
     * {@code A = QR} as {@code R⁻¹Qᵀ} when the factorization proves full rank, else by the SVD of R when
     * {@code r > c}, of A itself when square.
     */
    private static void pinvTall(String op, Stack stack, int p, double[] x, int xo, int r, int c, double rcond,
            double[] y, int yo, boolean transposed) {
        double[] q = new double[r * c];
        double[] square = new double[c * c];
        int so = 0;
        DenseQr.factor(x, xo, r, c, q, 0, square, 0);
        double[] certified = CertifiedFullRank.inverse(square, 0, c, rcond);
        if (certified != null) {
            CertifiedFullRank.write(certified, q, r, c, y, yo, transposed);
            return;
        }
        if (r == c) { // the SVD of A itself
            q = null;
            square = x;
            so = xo;
        }
        double[] u = new double[c * c];
        double[] s = new double[c];
        double[] v = new double[c * c];
        if (!JacobiSvd.decompose(square, so, c, c, u, 0, s, 0, v, 0)) {
            throw noConvergence(op, JacobiSvd.MAX_SWEEPS, stack.index(p));
        }
        double cutoff = rcond * s[0];
        double[] w = new double[c * c]; // the square factor's pseudo-inverse, V diag(s⁺) Uᵀ
        for (int l = 0; l < c && s[l] > cutoff; l++) { // s is descending: the kept values come first
            double inverse = 1 / s[l];
            for (int i = 0; i < c; i++) {
                double vi = v[i * c + l] * inverse;
                for (int j = 0; j < c; j++) {
                    w[i * c + j] += vi * u[j * c + l];
                }
            }
        }
        for (int i = 0; i < c; i++) {
            for (int j = 0; j < r; j++) {
                double value;
                if (q == null) {
                    value = w[i * c + j];
                } else { // (R⁺ Qᵀ)_ij
                    value = 0;
                    for (int l = 0; l < c; l++) {
                        value += w[i * c + l] * q[j * c + l];
                    }
                }
                y[transposed ? yo + j * c + i : yo + i * r + j] = value;
            }
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** The {@code n × n} identity matrix, row-major. */
    private static double[] identity(int n) {
        double[] identity = new double[n * n];
        for (int i = 0; i < n; i++) {
            identity[i * n + i] = 1;
        }
        return identity;
    }

    /** LU-factors matrix {@code p} of the stack into {@code lu}, or throws naming the zero pivot. */
    private static void factor(String op, Stack stack, int p, int n, double[] lu, int[] rows) {
        requireFinite(op, stack, p, n, n, false);
        System.arraycopy(stack.x, p * n * n, lu, 0, n * n);
        int zero = DenseLu.factor(lu, 0, n, rows);
        if (zero >= 0) {
            throw singular(op, zero, stack.index(p), "a zero pivot in column " + zero
                    + " (LU with partial pivoting: no nonzero element on or below the diagonal after elimination)",
                    "its columns are linearly dependent");
        }
    }

    private static LinalgException singular(String op, int index, int[] matrix, String got, String hint) {
        return new LinalgException(op, LinalgException.Cause.SINGULAR, index, matrix, op
                + ": matrix must be nonsingular, got " + got + LinalgException.where(matrix) + "; " + hint);
    }

    private static LinalgException noConvergence(String op, int sweeps, int[] matrix) {
        return new LinalgException(op, LinalgException.Cause.NO_CONVERGENCE, -1, matrix, op
                + ": the Jacobi sweeps must converge, got no convergence after " + sweeps + " sweeps"
                + LinalgException.where(matrix));
    }

    /**
     * Whether every element of matrix {@code p} ({@code rows × cols}; with {@code lowerOnly}, its lower triangle)
     * is finite.
     */
    private static boolean isFinite(Stack stack, int p, int rows, int cols, boolean lowerOnly) {
        return firstNonFinite(stack, p, rows, cols, lowerOnly) < 0;
    }

    /**
     * The row-major position {@code i·cols + j} of the first element of matrix {@code p} that is not finite (with
     * {@code lowerOnly}, in its lower triangle), or -1.
     */
    private static int firstNonFinite(Stack stack, int p, int rows, int cols, boolean lowerOnly) {
        int o = p * rows * cols;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < (lowerOnly ? i + 1 : cols); j++) {
                if (!Double.isFinite(stack.x[o + i * cols + j])) {
                    return i * cols + j;
                }
            }
        }
        return -1;
    }

    /** Writes {@code value} on and below the diagonal of the {@code rows × cols} matrix at {@code y[o]}, 0 above. */
    private static void fillTriangle(double[] y, int o, int rows, int cols, double value) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                y[o + i * cols + j] = j <= i ? value : 0;
            }
        }
    }

    /**
     * Every element of matrix {@code p} ({@code rows × cols}; with {@code lowerOnly}, its lower triangle) is finite.
     */
    private static void requireFinite(String op, Stack stack, int p, int rows, int cols, boolean lowerOnly) {
        int e = firstNonFinite(stack, p, rows, cols, lowerOnly);
        if (e >= 0) {
            throw new LinalgException(op, LinalgException.Cause.NOT_FINITE, e, stack.index(p),
                    String.format(Locale.ROOT, "%s: matrix must be finite, got %s at [%d, %d]%s; the value comes"
                            + " from earlier in the graph: Function.withAnomalyDetection() finds where", op,
                            stack.x[p * rows * cols + e], e / cols, e % cols, LinalgException.where(stack.index(p))));
        }
    }

    /** Whether the part of triangular matrix {@code p} that the solve reads is finite. */
    private static boolean triangleIsFinite(Stack stack, int p, int n, boolean lower, boolean unit) {
        int o = p * n * n;
        for (int i = 0; i < n; i++) {
            for (int j = lower ? 0 : i; j < (lower ? i + 1 : n); j++) {
                if (!(unit && i == j) && !Double.isFinite(stack.x[o + i * n + j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A stack of matrices: the input's storage as doubles, the number of matrices, their batch indices. */
    private static final class Stack {
        final double[] x;
        final int count;
        final int[] leading;
        final DType dtype;

        Stack(Tensor a, int matrixSize) {
            this.x = TensorInternals.doubles(a);
            this.dtype = a.dtype();
            int[] dims = a.shape().dims();
            this.leading = java.util.Arrays.copyOf(dims, dims.length - 2);
            this.count = matrixSize == 0 ? sizeOf(leading) : a.size() / matrixSize;
        }

        /** The output's array, from the pool for a float64 result. */
        double[] output(Shape out) {
            return BufferPool.doublesForOverwriteFor(dtype, out.size());
        }

        Tensor adopt(Shape out, double[] y) {
            return TensorInternals.adopt(dtype, out, y);
        }

        /** The batch index of matrix {@code p}. */
        int[] index(int p) {
            int[] index = new int[leading.length];
            for (int a = leading.length - 1; a >= 0; a--) {
                index[a] = p % leading[a];
                p /= leading[a];
            }
            return index;
        }

        private static int sizeOf(int[] dims) {
            int size = 1;
            for (int d : dims) {
                size *= d;
            }
            return size;
        }
    }
}
