package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.Matrices.diag;
import static dev.adjoint.core.graph.Matrices.safeReciprocal;
import static dev.adjoint.core.graph.Matrices.t;
import static dev.adjoint.core.graph.Matrices.tieReciprocal;

import dev.adjoint.core.kernel.LinalgKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Matrix decompositions, and their factories: {@code cholesky}, {@code qr} (reduced), {@code eigh}
 * (symmetric) with {@code eigvalsh}, {@code svd} (reduced) with {@code svdvals} and {@code matrixRank}. Each
 * works on a stack of matrices {@code [..., m, n]} and computes in float64 ({@link LinalgKernels}); a float32
 * result is the float64 one rounded.
 *
 * <p><b>Several results.</b> A node has one value, so {@code qr}, {@code eigh} and {@code svd} compute one
 * tensor holding all their factors, stacked along the second-to-last axis, and the factories slice the
 * parts out and return them by name ({@link QrFactors}, {@link EighFactors}, {@link SvdFactors}): the
 * decomposition runs once however many parts are used, and a part that is not used gets a zero cotangent
 * through its slice. Their matrix dimensions must be concrete (the packed size {@code m + n} has no symbolic
 * form); leading dimensions may hold N. {@code cholesky} takes {@code [..., n, n]} with n possibly N.
 *
 * <p><b>Symmetric input.</b> {@code cholesky} and {@code eigh} read only the lower triangle of their input
 * (NumPy's default, LAPACK's {@code 'L'}): the upper triangle is ignored and its gradient is zero. For a
 * matrix built symmetric ({@code K = f(θ)}), the chain rule through both triangles gives the derivative of the
 * symmetric function, so {@code dL/dθ} is exact.
 *
 * <p><b>Gradients.</b> Cholesky: Murray (2016), "Differentiation of the Cholesky decomposition". QR: Walter and
 * Lehmann (2018), and Liao, Liu, Wang and Xiang (2019) for wide matrices. Symmetric eigenproblem and SVD:
 * Giles (2008), Seeger, Hetzel, Dai, Meissner and Lawrence (2017), "Auto-differentiating linear algebra", and
 * Townsend (2016), "Differentiating the singular value decomposition". All are written in graph ops, so they
 * differentiate again.
 */
public sealed interface DecompositionOp extends Op {

    /**
     * The lower Cholesky factor {@code L} of each symmetric positive-definite matrix of
     * {@code a : [..., n, n]}: {@code A = L·Lᵀ}, {@code L} lower triangular with a positive diagonal. Only the
     * lower triangle of A is read.
     *
     * @throws IllegalArgumentException at build time for a non-square operand; at the call,
     *     {@link dev.adjoint.core.kernel.LinalgException} naming the leading minor that is not positive (a
     *     lower triangle holding a NaN or an infinity gives NaN on and below the diagonal, as PyTorch's NaN does)
     */
    static Node cholesky(Node a) {
        Objects.requireNonNull(a, "cholesky: operand is null");
        return Node.apply(new Cholesky(), a);
    }

    /**
     * The reduced QR factorization of each matrix of {@code a : [..., m, n]}: {@code A = Q·R} with
     * {@code Q : [..., m, k]} orthonormal columns and {@code R : [..., k, n]} upper triangular,
     * {@code k = min(m, n)}, R's diagonal nonnegative (unique for full rank; NumPy keeps LAPACK's signs).
     */
    static QrFactors qr(Node a) {
        Objects.requireNonNull(a, "qr: operand is null");
        Node packed = Node.apply(new Qr(), a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new QrFactors(packed.slice(-2, 0, m), packed.slice(-2, m, m + n).transpose());
    }

    /**
     * The eigendecomposition {@code A = V·diag(w)·Vᵀ} of each symmetric matrix of {@code a : [..., n, n]}
     * (lower triangle read): eigenvalues {@code w : [..., n]} ascending, eigenvectors the columns of
     * {@code V : [..., n, n]}, each turned so that its component of largest magnitude is positive.
     */
    static EighFactors eigh(Node a) {
        Objects.requireNonNull(a, "eigh: operand is null");
        Node packed = Node.apply(new Eigh(), a);
        int n = a.shape().dim(-1);
        return new EighFactors(packed.slice(-2, n, n + 1).squeeze(-2), packed.slice(-2, 0, n));
    }

    /** The eigenvalues of each symmetric matrix, ascending: {@code eigh(a).eigenvalues()}. */
    static Node eigvalsh(Node a) {
        return eigh(a).eigenvalues();
    }

    /**
     * The reduced singular value decomposition {@code A = U·diag(s)·Vh} of each matrix of
     * {@code a : [..., m, n]}: {@code U : [..., m, k]}, {@code s : [..., k]} descending and nonnegative,
     * {@code Vh : [..., k, n]}, {@code k = min(m, n)}; each pair of singular vectors is turned so that the
     * component of largest magnitude of {@code u_i} is positive.
     */
    static SvdFactors svd(Node a) {
        Objects.requireNonNull(a, "svd: operand is null");
        Node packed = Node.apply(new Svd(), a);
        int m = a.shape().dim(-2);
        int n = a.shape().dim(-1);
        return new SvdFactors(packed.slice(-2, 0, m), packed.slice(-2, m + n, m + n + 1).squeeze(-2),
                packed.slice(-2, m, m + n).transpose());
    }

    /** The singular values of each matrix, descending: {@code svd(a).s()}. */
    static Node svdvals(Node a) {
        return svd(a).s();
    }

    /**
     * The numerical rank of each matrix of {@code a : [..., m, n]} ({@code torch.linalg.matrix_rank} with its
     * default tolerances): the number of singular values {@code s_i > rtol · s_max} with
     * {@code rtol = max(m, n) · ε}, ε the dtype's machine epsilon (2⁻²³ for float32, 2⁻⁵² for float64). INT64 of
     * shape {@code [...]}; 0 for a matrix with no rows or columns.
     *
     * <p>An integer, piecewise constant in A: it has no gradient. Autodiff does not differentiate integer
     * outputs, and a gradient through a cast of it is zero.
     *
     * @throws IllegalArgumentException at build time for an integer or bool operand, a rank below 2 or symbolic
     *     matrix dimensions
     */
    static Node matrixRank(Node a) {
        Objects.requireNonNull(a, "matrixRank: operand is null");
        DTypeSet.FLOATING.require("matrixRank", "operand", a);
        Shape s = concreteMatrix("matrixRank", List.of(a), false);
        double epsilon = a.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
        return rank(a, 0, epsilon * Math.max(s.dim(-2), s.dim(-1)));
    }

    /**
     * The number of singular values of each matrix of {@code a : [..., m, n]} above
     * {@code max(atol, rtol · s_max)} ({@code torch.linalg.matrix_rank(A, atol=atol, rtol=rtol)}); see
     * {@link #matrixRank(Node)}.
     *
     * @throws IllegalArgumentException as {@link #matrixRank(Node)}, and when a tolerance is negative or not
     *     finite
     */
    static Node matrixRank(Node a, double atol, double rtol) {
        Objects.requireNonNull(a, "matrixRank: operand is null");
        DTypeSet.FLOATING.require("matrixRank", "operand", a);
        concreteMatrix("matrixRank", List.of(a), false);
        return rank(a, checkedTolerance("atol", atol), checkedTolerance("rtol", rtol));
    }

    /**
     * {@link #matrixRank(Node)}, for {@code hermitian} matrices counting the eigenvalues of largest magnitude
     * instead ({@code torch.linalg.matrix_rank(A, hermitian=True)}: the singular values of a symmetric matrix are
     * the absolute values of its eigenvalues; only its lower triangle is read, as {@link #eigh} reads it).
     *
     * @throws IllegalArgumentException as {@link #matrixRank(Node)}, and for non-square hermitian operands
     */
    static Node matrixRank(Node a, boolean hermitian) {
        return matrixRank(a, null, null, hermitian);
    }

    /**
     * {@code torch.linalg.matrix_rank(A, atol=atol, rtol=rtol, hermitian=hermitian)} with tolerances given as
     * tensors (a scalar node for one number, or one per matrix, broadcast against the leading dimensions
     * {@code [...]}), either of them null when absent: the number of values {@code σ_i} (the singular values, or
     * for {@code hermitian} the absolute eigenvalues) above {@code max(atol, rtol · σ_max)}. PyTorch's defaults: an
     * absent atol is 0; an absent rtol is {@code ε · max(m, n)} (ε the dtype's machine epsilon) where atol is absent
     * or not positive, and 0 where atol is positive. INT64 of shape {@code [...]} (broadcast with the tolerances'),
     * 0 for a matrix with no rows or columns; no gradient.
     *
     * @throws IllegalArgumentException as {@link #matrixRank(Node, boolean)}, and for tolerances that are not
     *     numeric or do not broadcast against the leading dimensions
     */
    static Node matrixRank(Node a, Node atol, Node rtol, boolean hermitian) {
        Objects.requireNonNull(a, "matrixRank: operand is null");
        DTypeSet.FLOATING.require("matrixRank", "operand", a);
        Shape s = concreteMatrix("matrixRank", List.of(a), hermitian);
        Node values = hermitian ? eigvalsh(a).abs() : svdvals(a);
        Node batch = SourceOp.zerosLike(values.sum(false, -1));
        if (atol != null) {
            DTypeSet.NUMERIC.require("matrixRank", "atol", atol);
            Broadcasting.shape("matrixRank", batch, atol);
        }
        if (rtol != null) {
            DTypeSet.NUMERIC.require("matrixRank", "rtol", rtol);
            Broadcasting.shape("matrixRank", batch, rtol);
        }
        if (values.shape().dim(-1) == 0) {
            Node empty = batch;
            empty = atol == null ? empty : empty.add(SourceOp.zerosLike(atol.cast(a.dtype())));
            empty = rtol == null ? empty : empty.add(SourceOp.zerosLike(rtol.cast(a.dtype())));
            return empty.cast(DType.INT64);
        }
        double epsilon = (a.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52) * Math.max(s.dim(-2), s.dim(-1));
        Node absolute = atol == null ? SourceOp.scalar(0.0, a.dtype()) : atol.cast(a.dtype());
        Node relative = rtol != null ? rtol.cast(a.dtype()) : atol == null ? SourceOp.scalar(epsilon, a.dtype())
                : WhereOp.where(absolute.greater(0.0), SourceOp.scalar(0.0, a.dtype()), SourceOp.scalar(epsilon,
                a.dtype()));
        Node largest = values.max(true, -1);
        Node tolerance = largest.mul(relative.unsqueeze(-1)).maximum(absolute.unsqueeze(-1));
        return values.greater(tolerance).cast(a.dtype()).sum(false, -1).cast(DType.INT64);
    }

    private static double checkedTolerance(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("matrixRank: " + name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** {@code Σ_i [s_i > max(atol, rtol · s_0)]}, the singular values descending. */
    private static Node rank(Node a, double atol, double rtol) {
        Node s = svdvals(a);
        if (s.shape().dim(-1) == 0) {
            return SourceOp.zerosLike(s.sum(false, -1)).cast(DType.INT64);
        }
        Node tolerance = s.slice(-1, 0, 1).mul(rtol).maximum(atol);
        return s.greater(tolerance).cast(a.dtype()).sum(false, -1).cast(DType.INT64); // a count, exact in f32 too
    }

    /** The matrix dimensions of a packed decomposition's operand, checked concrete. */
    private static Shape concreteMatrix(String op, List<Node> inputs, boolean square) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(op + ": takes one input, got " + inputs.size());
        }
        Shape a = inputs.get(0).shape();
        if (a.rank() < 2 || (square && a.dim(-1) != a.dim(-2))) {
            throw new IllegalArgumentException(op + ": operand must be " + (square ? "square matrices" : "matrices")
                    + " [..., " + (square ? "n, n" : "m, n") + "], got " + inputs.get(0).describe());
        }
        if (a.dim(-1) == Shape.BATCH || a.dim(-2) == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": the matrix dimensions must be concrete, got "
                    + inputs.get(0).describe() + "; N may appear only among the leading dimensions");
        }
        return a;
    }

    /** {@code a} with its last two axes replaced by {@code rows × cols}. */
    private static Shape packed(Shape a, int rows, int cols) {
        return a.with(-2, rows).with(-1, cols);
    }

    /**
     * {@code L = cholesky(A)}: {@code l_jj = sqrt(a_jj - sum_{p<j} l_jp²)},
     * {@code l_ij = (a_ij - sum_{p<j} l_ip l_jp) / l_jj} for {@code i > j}.
     *
     * <p>VJP (Murray 2016): with {@code Φ(X)} the lower triangle of X with its diagonal halved,
     * {@code S = L⁻ᵀ Φ(Lᵀ LBar) L⁻¹} (two triangular solves) is the gradient for symmetric perturbations of A,
     * and {@code ABar = Φ(S + Sᵀ)} that of the lower triangle actually read.
     */
    record Cholesky() implements DecompositionOp {
        @Override
        public String name() {
            return "cholesky";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("cholesky: takes one input, got " + inputs.size());
            }
            Shape a = inputs.get(0).shape();
            if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
                throw new IllegalArgumentException("cholesky: operand must be square matrices [..., n, n], got "
                        + inputs.get(0).describe());
            }
            return a;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.cholesky(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node p = Matrices.phi(t(y).matmul(yBar));
            Node x = SolveOp.triangularSolve(y, p, true, true, false, true); // L⁻ᵀ P
            Node s = t(SolveOp.triangularSolve(y, t(x), true, true, false, true)); // X L⁻¹
            return List.of(Matrices.lowerTriangleGradient(s));
        }
    }

    /**
     * The reduced QR factorization, packed {@code [..., m + n, k]}: rows {@code 0..m-1} hold Q, rows
     * {@code m..m+n-1} hold Rᵀ. Householder reflections ({@link LinalgKernels#qr}).
     *
     * <p>VJP for {@code m >= n} (Walter and Lehmann 2018): {@code M = R RBarᵀ - QBarᵀ Q},
     * {@code ABar = (QBar + Q copyltu(M)) R⁻ᵀ} with {@code copyltu(M) = tril(M) + tril(M, -1)ᵀ}; it needs R
     * invertible (A of full column rank). For {@code m < n} (Liao et al. 2019): with {@code A = [X | Y]},
     * {@code R = [U | V]}, {@code X = QU}: {@code YBar = Q VBar} and XBar is the square case's with
     * {@code QBar + Y VBarᵀ} and {@code UBar}.
     */
    record Qr() implements DecompositionOp {
        @Override
        public String name() {
            return "qr";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            Shape a = concreteMatrix(name(), inputs, false);
            return packed(a, a.dim(-2) + a.dim(-1), Math.min(a.dim(-2), a.dim(-1)));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.qr(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            int m = a.shape().dim(-2);
            int n = a.shape().dim(-1);
            Node q = y.slice(-2, 0, m);
            Node r = t(y.slice(-2, m, m + n));
            Node qBar = yBar.slice(-2, 0, m);
            Node rBar = t(yBar.slice(-2, m, m + n));
            if (m >= n) {
                return List.of(square(q, r, qBar, rBar));
            }
            Node rest = a.slice(-1, m, n);
            Node vBar = rBar.slice(-1, m, n);
            Node xBar = square(q, r.slice(-1, 0, m), qBar.add(rest.matmul(t(vBar))), rBar.slice(-1, 0, m));
            return List.of(MovementOp.concat(-1, xBar, q.matmul(vBar)));
        }

        /** The VJP for a square R: {@code (QBar + Q copyltu(R RBarᵀ - QBarᵀ Q)) R⁻ᵀ}. */
        private static Node square(Node q, Node r, Node qBar, Node rBar) {
            Node m = r.matmul(t(rBar)).sub(t(qBar).matmul(q));
            Node copyltu = SolveOp.tril(m).add(t(SolveOp.tril(m, -1)));
            Node b = qBar.add(q.matmul(copyltu));
            Node solve = Node.apply(new SolveOp.TriangularSolve(false, false, false, "gradient of qr (R⁻¹)"), r, t(b));
            return t(solve); // B R⁻ᵀ = (R⁻¹ Bᵀ)ᵀ; a singular R (A of lower rank) reported as the gradient's
        }
    }

    /**
     * The symmetric eigendecomposition, packed {@code [..., n + 1, n]}: rows {@code 0..n-1} hold V (eigenvectors
     * as columns), row n the eigenvalues w, ascending. Cyclic Jacobi ({@link LinalgKernels#eigh}).
     *
     * <p>VJP (Giles 2008; Seeger et al. 2017): with {@code F_ij = 1 / (w_j - w_i)} off the diagonal,
     * {@code S = V (diag(wBar) + F ∘ (Vᵀ VBar)) Vᵀ} is the gradient for symmetric perturbations and
     * {@code ABar = Φ(S + Sᵀ)} that of the lower triangle read. The eigenvalues' part is exact everywhere; the
     * eigenvectors' part needs distinct eigenvalues: it grows like {@code 1 / gap} as two approach each other.
     *
     * <p><b>Ties.</b> Two eigenvalues count as tied when {@code |w_j - w_i| <= 8 · n · ε · max(|w_i|, |w_j|)} (ε the
     * dtype's machine epsilon; {@code Matrices.tieTolerance}): a backward-stable solver leaves differences of a few
     * ulps between eigenvalues equal in exact arithmetic ({@code Q diag(2, 2, 5) Qᵀ} gives 1.9999999999999998 and
     * 2.0000000000000013), and {@code 1 / gap} would turn them into terms of order 1 and meaningless; distinct small
     * values of a graded matrix ({@code diag(1, 1.0001, 1e12)}) are not tied. F is 0
     * for a tied pair. In {@code Φ(S + Sᵀ)} the pair's term is {@code F_ij (X_ij - X_ji)}, {@code X = Vᵀ VBar};
     * for a function left unchanged by rotating the pair's eigenvectors within their span, at every nearby A and
     * not only at the tie, {@code X_ij = X_ji} and the term is 0 anyway: the gradient of a function of the
     * eigenvalues, or of the eigenspaces (the projector onto a whole tied eigenspace), is exact. For
     * {@code V f(diag(w)) Vᵀ} (a matrix function) the term tends to
     * {@code N_ij (f(w_j) - f(w_i)) / (w_j - w_i)}, {@code N = Vᵀ (Ȳ + Ȳᵀ) V}, whose limit {@code N_ij f'(w)} the
     * cotangents at the tie do not carry: that part is missing there. A function of the individual eigenvectors of
     * a tied pair has no derivative, and none is reported.
     *
     * <p><b>Second order.</b> Differentiating this VJP again brings in {@code F_ij (wBar_j - wBar_i)}, whose limit at
     * {@code w_i = w_j} is a divided difference of {@code wBar} that the pair's values cannot give: with F taken as
     * 0 there, second derivatives are finite at tied eigenvalues and exact in every entry but those coupling a
     * tied pair, which read 0 (for {@code sum(w^3)} at {@code diag(1, 1, 2)}: 0 where the Hessian has 1.2;
     * PyTorch gives NaN everywhere), at exact ties and at ties split by rounding alike.
     */
    record Eigh() implements DecompositionOp {
        @Override
        public String name() {
            return "eigh";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            Shape a = concreteMatrix(name(), inputs, true);
            return packed(a, a.dim(-1) + 1, a.dim(-1));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.eigh(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            int n = y.shape().dim(-1);
            Node v = y.slice(-2, 0, n);
            Node w = y.slice(-2, n, n + 1); // [..., 1, n]: w_j along the columns
            Node vBar = yBar.slice(-2, 0, n);
            Node wBar = yBar.slice(-2, n, n + 1).squeeze(-2);
            Node inner = diag(wBar);
            if (n > 0) {
                Node f = tieReciprocal(w.sub(t(w)), Matrices.tieTolerance(w, n, n)); // F_ij = 1 / (w_j - w_i)
                inner = inner.add(f.mul(t(v).matmul(vBar)));
            }
            Node s = v.matmul(inner).matmul(t(v));
            return List.of(Matrices.lowerTriangleGradient(s));
        }
    }

    /**
     * The reduced SVD, packed {@code [..., m + n + 1, k]}: rows {@code 0..m-1} hold U, rows {@code m..m+n-1}
     * hold V, row {@code m + n} the singular values s, descending. One-sided Jacobi ({@link LinalgKernels#svd}).
     *
     * <p>VJP (Townsend 2016): with {@code F_ij = 1 / (s_j² - s_i²)} off the diagonal, {@code S = diag(s)} and the
     * antisymmetric {@code P = UᵀUBar - UBarᵀU}, {@code Q = VᵀVBar - VBarᵀV},
     * <pre>
     *   ABar = U [ (F ∘ P) S + diag(sBar) + S (F ∘ Q) ] Vᵀ
     *        + (I - UUᵀ) UBar S⁻¹ Vᵀ      (only when m > k)
     *        + U S⁻¹ VBarᵀ (I - VVᵀ)      (only when n > k)
     * </pre>
     * The coupling {@code F_ij (P_ij s_j + s_i Q_ij)} is computed as
     * {@code ½ (P + Q)_ij / (s_j - s_i) + ½ (P - Q)_ij / (s_j + s_i)}, the same number, since
     * {@code P s_j + s_i Q = ½ (P + Q)(s_j + s_i) + ½ (P - Q)(s_j - s_i)}; it squares no singular value (squares
     * overflow from s ~ 1e154 on). The singular values' part, {@code U diag(sBar) Vᵀ}, is exact wherever the
     * singular values are distinct and nonzero, and remains a valid (sub)gradient where they are not. The vectors'
     * part grows like {@code 1 / (s_j - s_i)} as two values approach each other and, for a non-square A, like
     * {@code 1 / s_i} as one approaches 0.
     *
     * <p><b>Ties.</b> Two singular values count as tied when {@code |s_j - s_i| <= 8 · max(m, n) · ε · max(s_i,
     * s_j)} (ε the dtype's machine epsilon; {@code Matrices.tieTolerance}: a few ulps of the pair, the differences
     * rounding leaves between values equal in exact arithmetic)
     * or when {@code 1 / (s_j - s_i)} overflows. At a tie the first part,
     * {@code ½ (P + Q)_ij / (s_j - s_i)}, is dropped and the second kept ({@code 1 / (s_j + s_i)} is taken as 0
     * only where {@code s_i + s_j = 0}). For a function left unchanged by rotating the tied pair's left and right
     * vectors together, at every nearby A and not only at the tie, {@code (P + Q)_ij = 0}, so the dropped part is 0
     * and the gradient is exact: functions of the singular values, the polar factor {@code U·Vh} (at a rotation Q
     * the gradient of {@code sum(U·Vh ∘ C)} is {@code (C - Q Cᵀ Q) / 2}), the projector onto a whole tied cluster
     * of singular vectors. For {@code U f(S) Vh} the invariance holds only at the tie: the dropped part tends to
     * {@code f'(s)} times the symmetric part of {@code Uᵀ Ȳ V} on the pair, a limit the cotangents at the tie do
     * not carry (two functions with the same UBar, sBar and VBar there can have different gradients), so that
     * part is missing: the gradient of {@code sum(U diag(s) Vh ∘ C) = sum(A ∘ C)} at {@code diag(3, 3)} reads
     * {@code [[1, -0.5], [0.5, 4]]} for C = {@code [[1, 2], [3, 4]]}, its diagonal and its antisymmetric part
     * {@code (C_ij - C_ji) / 2}. A function of the individual vectors of a tied pair has no derivative, and none
     * is reported.
     *
     * <p><b>Zero singular values.</b> Where {@code s_i = 0}, {@code 1 / s_i} in the last two terms is taken as 0;
     * so is {@code 1 / (s_i + s_j)} for a tie at 0. Their limits, where the function has them, are not carried
     * by the cotangents: the reconstruction {@code Y = U diag(s) Vh} has {@code UBar = Ȳ V S}, zero in the column
     * of {@code s_i = 0}, while {@code UBar_i / s_i} tends to {@code Ȳ v_i}. The gradient of
     * {@code 0.5 ΣY² + ΣY} at {@code [[1, 0], [0, 0], [0, 0]]} reads {@code [[2, 1], [1, 1], [1, 0]]} where it is
     * {@code Y + 1}, 1 in the last entry (PyTorch gives NaN everywhere). Exact: a single zero singular value of a
     * square A (neither term is there, and each pair with it has {@code s_i + s_j > 0}), and every tie between
     * nonzero values as above. Not exact: zero singular values of a non-square A, and ties at 0.
     *
     * <p><b>Second order</b> as for {@link Eigh}: finite where singular values tie or are 0, since the terms
     * whose reciprocals are taken as 0 are dropped, and with them the divided-difference limits they tend to;
     * PyTorch gives NaN there.
     */
    record Svd() implements DecompositionOp {
        @Override
        public String name() {
            return "svd";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            Shape a = concreteMatrix(name(), inputs, false);
            return packed(a, a.dim(-2) + a.dim(-1) + 1, Math.min(a.dim(-2), a.dim(-1)));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.svd(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            int m = a.shape().dim(-2);
            int n = a.shape().dim(-1);
            int k = Math.min(m, n);
            Node u = y.slice(-2, 0, m);
            Node v = y.slice(-2, m, m + n);
            Node s = y.slice(-2, m + n, m + n + 1); // [..., 1, k]: s_j along the columns
            Node uBar = yBar.slice(-2, 0, m);
            Node vBar = yBar.slice(-2, m, m + n);
            Node sBar = yBar.slice(-2, m + n, m + n + 1).squeeze(-2);
            // F_ij (p_ij s_j + s_i q_ij) = ½ (p + q)_ij / (s_j - s_i) + ½ (p - q)_ij / (s_j + s_i), with the
            // antisymmetric p = UᵀŪ - ŪᵀU and q = VᵀV̄ - V̄ᵀV: no square of s (s_j² overflowed from s ~ 1e154 on);
            // at a tie the first part is dropped (its numerator vanishes for a gauge-invariant function), the
            // second kept (dropped only where s_i + s_j = 0)
            Node core = diag(sBar);
            if (k > 0) {
                Node uu = t(u).matmul(uBar);
                Node vv = t(v).matmul(vBar);
                Node p = uu.sub(t(uu));
                Node q = vv.sub(t(vv));
                Node difference = tieReciprocal(s.sub(t(s)), Matrices.tieTolerance(s, m, n)); // 1 / (s_j - s_i)
                Node sum = tieReciprocal(s.add(t(s)), SourceOp.zerosLike(s)); // 1 / (s_j + s_i)
                core = core.add(p.add(q).mul(difference).add(p.sub(q).mul(sum)).mul(0.5));
            }
            Node aBar = u.matmul(core).matmul(t(v));
            Node sInverse = safeReciprocal(s);
            if (m > k) {
                Node scaled = uBar.mul(sInverse); // Ū S⁻¹
                aBar = aBar.add(scaled.sub(u.matmul(t(u).matmul(scaled))).matmul(t(v)));
            }
            if (n > k) {
                Node scaled = t(vBar.mul(sInverse)); // S⁻¹ V̄ᵀ
                aBar = aBar.add(u.matmul(scaled.sub(scaled.matmul(v).matmul(t(v)))));
            }
            return List.of(aBar);
        }
    }

    /**
     * The parts of {@link DecompositionOp#qr}.
     *
     * @param q {@code [..., m, k]}, orthonormal columns
     * @param r {@code [..., k, n]}, upper triangular with a nonnegative diagonal
     */
    record QrFactors(Node q, Node r) {
    }

    /**
     * The parts of {@link DecompositionOp#eigh}.
     *
     * @param eigenvalues {@code [..., n]}, ascending
     * @param eigenvectors {@code [..., n, n]}, the eigenvector of {@code eigenvalues[i]} in column i
     */
    record EighFactors(Node eigenvalues, Node eigenvectors) {
    }

    /**
     * The parts of {@link DecompositionOp#svd}: {@code A = U·diag(s)·Vh}.
     *
     * @param u {@code [..., m, k]}, left singular vectors as columns
     * @param s {@code [..., k]}, descending and nonnegative
     * @param vh {@code [..., k, n]}, right singular vectors as rows
     */
    record SvdFactors(Node u, Node s, Node vh) {
    }
}
