package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.LinalgKernels;
import dev.adjoint.core.kernel.MovementKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Linear systems and the functions of a square matrix computed from its factorization, and their factories:
 * {@code triangularSolve} (and the triangular parts {@code tril}, {@code triu} it reads), {@code solve},
 * {@code inverse}, {@code det}, {@code slogdet}, {@code pinv}; compositions: {@code choleskySolve},
 * {@code lstsq}.
 *
 * <p>Operands are stacks of matrices {@code [..., n, n]} (the matrix dimensions may be the batch size N);
 * the factories broadcast the leading dimensions of the two operands of a solve, as {@code matmul} does, and
 * take a right-hand side of rank 1 as one vector (NumPy 2's rule), returning a vector. Everything is computed
 * in float64 ({@link LinalgKernels}). A singular matrix is an error of the call naming the zero pivot
 * ({@link dev.adjoint.core.kernel.LinalgException}), except for {@code det} and {@code slogdet}, which give
 * {@code 0} and {@code (0, -Infinity)} as NumPy does; their gradients need an invertible matrix. A matrix
 * holding a NaN or an infinity gives NaN from {@code solve}, {@code triangularSolve}, {@code inverse}, {@code det}
 * and {@code slogdet} (and from their gradients), as PyTorch's NaN does, and is an error of {@code pinv} and
 * {@code lstsq}, as in PyTorch.
 *
 * <p>The VJPs are the classical results collected by Giles (2008), "An extended collection of matrix
 * derivative results for forward and reverse mode automatic differentiation", written with graph ops.
 */
public sealed interface SolveOp extends Op {

    /**
     * {@code X = T⁻¹ B} for a lower ({@code lower}) or upper triangular {@code T}; see
     * {@link #triangularSolve(Node, Node, boolean, boolean, boolean, boolean)}.
     */
    static Node triangularSolve(Node t, Node b, boolean lower) {
        return triangularSolve(t, b, lower, false, false, true);
    }

    /**
     * Solves a triangular system with {@code T : [..., n, n]} and {@code B : [..., n, k]} (or {@code [n]}): on
     * the {@code left} side {@code op(T)·X = B}, else {@code X·op(T) = B} (then {@code B : [..., k, n]}), where
     * {@code op(T)} is {@code Tᵀ} when {@code transpose} is set. Only the {@code lower} (else upper) triangle
     * of T is read; with {@code unitDiagonal} its diagonal is taken as ones and not read. A NaN or an infinity in
     * the part read makes that matrix's X NaN throughout (PyTorch's NaN propagates).
     *
     * @throws IllegalArgumentException at build time for mismatched shapes; at the call,
     *     {@link dev.adjoint.core.kernel.LinalgException} when T has a zero on its diagonal
     */
    static Node triangularSolve(Node t, Node b, boolean lower, boolean transpose, boolean unitDiagonal,
            boolean left) {
        Objects.requireNonNull(t, "triangularSolve: matrix is null");
        Objects.requireNonNull(b, "triangularSolve: right-hand side is null");
        DTypeSet.FLOATING.common("triangularSolve", List.of(t, b)); // the user's B, before it is transposed
        if (!left) {
            // X op(T) = B  <=>  op(T)ᵀ Xᵀ = Bᵀ
            return triangularSolve(t, b.transpose(), lower, !transpose, unitDiagonal, true).transpose();
        }
        return system(t, b, "triangularSolve", (tt, bb) -> Node.apply(new TriangularSolve(lower, transpose,
                unitDiagonal), tt, bb));
    }

    /**
     * {@code X = A⁻¹ B} given the lower Cholesky factor {@code L} of {@code A = L·Lᵀ}: two triangular solves,
     * {@code X = L⁻ᵀ (L⁻¹ B)}.
     */
    static Node choleskySolve(Node l, Node b) {
        Objects.requireNonNull(l, "choleskySolve: factor is null");
        Objects.requireNonNull(b, "choleskySolve: right-hand side is null");
        DTypeSet.FLOATING.common("choleskySolve", List.of(l, b)); // under its own name, with the user's B
        boolean vector = b.rank() == 1;
        Node rhs = vector ? b.unsqueeze(-1) : b;
        Node x = triangularSolve(l, triangularSolve(l, rhs, true), true, true, false, true);
        return vector ? x.squeeze(-1) : x;
    }

    /**
     * {@code X = A⁻¹ B} for a square {@code A : [..., n, n]} and {@code B : [..., n, k]} or {@code [n]}, by LU
     * with partial pivoting.
     *
     * @throws IllegalArgumentException at build time for mismatched shapes; at the call,
     *     {@link dev.adjoint.core.kernel.LinalgException} naming the zero pivot of a singular A
     */
    static Node solve(Node a, Node b) {
        Objects.requireNonNull(a, "solve: matrix is null");
        Objects.requireNonNull(b, "solve: right-hand side is null");
        DTypeSet.FLOATING.common("solve", List.of(a, b)); // the user's B, before a vector becomes a column
        return system(a, b, "solve", (aa, bb) -> Node.apply(new Solve(), aa, bb));
    }

    /** {@code A⁻¹} of each matrix of {@code a : [..., n, n]}, by LU with partial pivoting. */
    static Node inverse(Node a) {
        Objects.requireNonNull(a, "inverse: operand is null");
        return Node.apply(new Inverse(), a);
    }

    /**
     * {@code A^n} of each square matrix of {@code a : [..., m, m]} for an integer n
     * ({@code torch.linalg.matrix_power}): the identity for {@code n = 0} (whatever A holds), {@code (A⁻¹)^|n|} for
     * {@code n < 0}; by repeated squaring, at most {@code 2 log2 |n|} products, each a matmul, so it
     * differentiates as they do.
     */
    static Node matrixPower(Node a, int n) {
        Objects.requireNonNull(a, "matrixPower: operand is null");
        DTypeSet.FLOATING.require("matrixPower", "operand", a);
        Shape s = a.shape();
        if (a.rank() < 2 || s.dim(-1) != s.dim(-2) || s.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException("matrixPower: operand must be square matrices [..., m, m], got "
                    + a.describe());
        }
        if (n == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("matrixPower: n must be above " + Integer.MIN_VALUE + ", got " + n);
        }
        if (n == 0) {
            return SourceOp.zerosLike(a).add(Matrices.eye(s.dim(-1), a.dtype()));
        }
        Node base = n < 0 ? inverse(a) : a;
        Node result = null;
        for (int k = Math.abs(n); k > 0; k >>= 1) {
            if ((k & 1) == 1) {
                result = result == null ? base : result.matmul(base);
            }
            if (k > 1) {
                base = base.matmul(base);
            }
        }
        return result;
    }

    /** {@code det A} of each matrix of {@code a : [..., n, n]}: shape {@code [...]}. */
    static Node det(Node a) {
        Objects.requireNonNull(a, "det: operand is null");
        return Node.apply(new Det(), a);
    }

    /** The sign and the log of the absolute value of the determinant, each of shape {@code [...]}. */
    static SignLogDet slogdet(Node a) {
        Objects.requireNonNull(a, "slogdet: operand is null");
        Node packed = Node.apply(new Slogdet(), a);
        return new SignLogDet(packed.slice(-1, 0, 1).squeeze(-1), packed.slice(-1, 1, 2).squeeze(-1));
    }

    /**
     * The least-squares solution of minimum norm, NumPy's {@code lstsq} and PyTorch's with the {@code gelsd}
     * driver: {@code X = A⁺ B} for {@code A : [..., m, n]} of any shape and rank and {@code B : [..., m, k]} (or
     * {@code [m]}), leading dimensions broadcast. Among the minimizers of {@code ‖A X - B‖} it is the one of
     * least norm: for {@code m >= n} and full rank the unique minimizer, for {@code m < n} and full rank the
     * minimum-norm solution of {@code A X = B}, and for a rank-deficient A the same with singular values at or
     * below {@code rcond · s_max} taken as zero, {@code rcond = ε · max(m, n)} with ε the dtype's machine epsilon
     * (NumPy's {@code rcond=None}); see {@link #pinv(Node)}. A composition: {@code pinv(a).matmul(b)}.
     */
    static Node lstsq(Node a, Node b) {
        return lstsq(a, b, OptionalDouble.empty());
    }

    /**
     * {@link #lstsq(Node, Node)} with singular values at or below {@code rcond · s_max} taken as zero (NumPy's
     * {@code lstsq(a, b, rcond)}; PyTorch's {@code rcond}).
     *
     * @throws IllegalArgumentException when {@code rcond} is negative or not finite
     */
    static Node lstsq(Node a, Node b, double rcond) {
        return lstsq(a, b, OptionalDouble.of(checkedCutoff("lstsq", rcond)));
    }

    private static Node lstsq(Node a, Node b, OptionalDouble rcond) {
        Objects.requireNonNull(a, "lstsq: matrix is null");
        Objects.requireNonNull(b, "lstsq: right-hand side is null");
        DTypeSet.FLOATING.common("lstsq", List.of(a, b)); // under lstsq's name, not that of the matmul below
        if (a.rank() < 2) {
            throw new IllegalArgumentException("lstsq: matrix must have rank >= 2, got " + a.describe());
        }
        Node rhs = b.rank() == 1 ? b.unsqueeze(-1) : b;
        if (rhs.rank() < 2 || rhs.shape().dim(-2) != a.shape().dim(-2)) {
            throw new IllegalArgumentException("lstsq: the right-hand side must have as many rows as the matrix, got "
                    + Node.describe(List.of(a, b)));
        }
        LinalgOp.broadcastLeading(a, rhs, "lstsq"); // names lstsq, not the matmul below, when they do not
        return Node.apply(new PseudoInverse(rcond, "lstsq"), a).matmul(b);
    }

    /**
     * The Moore-Penrose pseudo-inverse {@code A⁺ : [..., n, m]} of each matrix of {@code a : [..., m, n]}
     * (PyTorch's {@code linalg.pinv} and its default tolerance): {@code A⁺ = V diag(s⁺) Uᵀ} from the reduced SVD
     * {@code A = U diag(s) Vᵀ}, {@code s⁺_i = 1 / s_i} for {@code s_i > rcond · s_max} and 0 otherwise, with
     * {@code rcond = ε · max(m, n)}, ε the dtype's machine epsilon. The inverse of a nonsingular matrix; 0 for
     * the zero matrix.
     */
    static Node pinv(Node a) {
        Objects.requireNonNull(a, "pinv: operand is null");
        return Node.apply(new PseudoInverse(OptionalDouble.empty()), a);
    }

    /**
     * {@link #pinv(Node)} with singular values at or below {@code rcond · s_max} taken as zero (NumPy's
     * {@code pinv(a, rcond)}, whose default is {@code 1e-15}; PyTorch's {@code rtol}).
     *
     * @throws IllegalArgumentException when {@code rcond} is negative or not finite
     */
    static Node pinv(Node a, double rcond) {
        Objects.requireNonNull(a, "pinv: operand is null");
        return Node.apply(new PseudoInverse(OptionalDouble.of(checkedCutoff("pinv", rcond))), a);
    }

    private static double checkedCutoff(String op, double rcond) {
        if (!(rcond >= 0) || Double.isInfinite(rcond)) {
            throw new IllegalArgumentException(op + ": rcond must be finite and >= 0, got " + rcond);
        }
        return rcond;
    }

    /** The lower triangle of each matrix: {@code X_ij} where {@code j <= i}, else 0. */
    static Node tril(Node x) {
        return tril(x, 0);
    }

    /** NumPy's {@code tril(x, k)}: {@code X_ij} where {@code j - i <= k}, else 0. */
    static Node tril(Node x, int k) {
        Objects.requireNonNull(x, "tril: operand is null");
        return Node.apply(new Triangle(true, k), x);
    }

    /** The upper triangle of each matrix: {@code X_ij} where {@code j >= i}, else 0. */
    static Node triu(Node x) {
        return triu(x, 0);
    }

    /** NumPy's {@code triu(x, k)}: {@code X_ij} where {@code j - i >= k}, else 0. */
    static Node triu(Node x, int k) {
        Objects.requireNonNull(x, "triu: operand is null");
        return Node.apply(new Triangle(false, k), x);
    }

    /**
     * A system {@code (matrix, rhs)}: a vector right-hand side becomes a column (and the result a vector
     * again), leading dimensions are broadcast.
     */
    private static Node system(Node a, Node b, String op, java.util.function.BinaryOperator<Node> build) {
        if (a.rank() < 2 || a.shape().dim(-1) != a.shape().dim(-2)) {
            throw new IllegalArgumentException(op + ": matrix must be square, of rank >= 2, got " + a.describe());
        }
        boolean vector = b.rank() == 1;
        Node rhs = vector ? b.unsqueeze(-1) : b;
        if (rhs.rank() < 2 || rhs.shape().dim(-2) != a.shape().dim(-1)) {
            throw new IllegalArgumentException(op + ": the right-hand side must have as many rows as the matrix"
                    + " has columns, got " + Node.describe(List.of(a, b)));
        }
        Node[] pair = LinalgOp.broadcastLeading(a, rhs, op);
        Node x = build.apply(pair[0], pair[1]);
        return vector ? x.squeeze(-1) : x;
    }

    /** The matrix operand is square, of rank at least 2. */
    private static Shape square(String op, List<Node> inputs, int arity) {
        if (inputs.size() != arity) {
            throw new IllegalArgumentException(op + ": takes " + arity + " input(s), got " + inputs.size());
        }
        Shape a = inputs.get(0).shape();
        if (a.rank() < 2 || a.dim(-1) != a.dim(-2)) {
            throw new IllegalArgumentException(op + ": matrix must be square, of rank >= 2, got "
                    + inputs.get(0).describe());
        }
        return a;
    }

    /** A system's right-hand side has the matrix's leading dimensions and its number of rows. */
    private static Shape rightHandSide(String op, List<Node> inputs) {
        Shape a = square(op, inputs, 2);
        Shape b = inputs.get(1).shape();
        boolean fits = b.rank() == a.rank() && b.dim(-2) == a.dim(-1);
        for (int i = 0; fits && i < a.rank() - 2; i++) {
            fits = a.dim(i) == b.dim(i);
        }
        if (!fits) {
            throw new IllegalArgumentException(op + ": right-hand side must be [..., n, k] with the matrix's leading"
                    + " dimensions, got " + Node.describe(inputs) + "; the factory broadcasts them");
        }
        return b;
    }

    /** {@code [..., n, n] -> [...]}. */
    private static Shape leading(Shape a) {
        return Shape.of(java.util.Arrays.copyOf(a.dims(), a.rank() - 2));
    }

    /** The number of elements of {@code t} satisfying {@code p}. */
    private static long count(Tensor t, java.util.function.DoublePredicate p) {
        long n = 0;
        for (int i = 0; i < t.size(); i++) {
            n += p.test(t.flat(i)) ? 1 : 0;
        }
        return n;
    }

    /** {@code x[..., None, None]}: a value per matrix, broadcastable against the matrices. */
    private static Node perMatrix(Node x) {
        return x.unsqueeze(-1).unsqueeze(-1);
    }

    /**
     * The triangular part of each matrix: below ({@code lower}) or above the {@code k}-th diagonal, zeros
     * elsewhere; {@code tril(x, k)} keeps {@code j - i <= k}, {@code triu(x, k)} keeps {@code j - i >= k}.
     * Linear; its VJP is the same triangle of the cotangent. Like the movement ops it takes any dtype (a mask
     * keeps its values, false elsewhere).
     *
     * @param lower true for {@code tril}, false for {@code triu}
     * @param k the diagonal: 0 the main one, negative below it, positive above
     */
    record Triangle(boolean lower, int k) implements SolveOp {
        @Override
        public String name() {
            return lower ? "tril" : "triu";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1 || inputs.get(0).rank() < 2) {
                throw new IllegalArgumentException(name() + ": takes one matrix (rank >= 2), got " + (inputs.size() == 1
                        ? inputs.get(0).describe() : inputs.size() + " inputs"));
            }
            return inputs.get(0).shape();
        }

        /** Any dtype: the triangle moves elements, no arithmetic. */
        @Override
        public DTypeSet accepts(int i) {
            return DTypeSet.ANY;
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return MovementKernels.triangle(inputs.get(0), lower, k, out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(Node.apply(this, yBar));
        }
    }

    /**
     * {@code X = op(T)⁻¹ B}, {@code op(T) = T} or {@code Tᵀ}, for triangular {@code T : [..., n, n]} and
     * {@code B : [..., n, k]}. Forward: substitution by blocks ({@link LinalgKernels#triangularSolve}).
     *
     * <p>VJP (from {@code op(T) dX = dB - d(op(T)) X}): {@code BBar = op(T)⁻ᵀ XBar}, a triangular solve with
     * the transpose flag flipped; {@code TBar = -BBar·Xᵀ} (or {@code -X·BBarᵀ} when transposed), restricted
     * to the triangle the op reads (the strict triangle with a unit diagonal). Linear in B.
     *
     * @param lower whether T is lower triangular
     * @param transpose whether the system is {@code Tᵀ X = B}
     * @param unitDiagonal whether T's diagonal is taken as ones
     * @param caller what a singular T is reported under: {@code triangularSolve} itself, or the operation whose
     *     step it is (the gradient of qr solves with R); not part of equality
     */
    record TriangularSolve(boolean lower, boolean transpose, boolean unitDiagonal, String caller)
            implements SolveOp {
        /** The triangular solve the user asked for. */
        public TriangularSolve(boolean lower, boolean transpose, boolean unitDiagonal) {
            this(lower, transpose, unitDiagonal, "triangularSolve");
        }

        /** Checks the caller's name is present. */
        public TriangularSolve {
            Objects.requireNonNull(caller, "triangularSolve: caller is null");
        }

        /** Equal when they solve the same system: the caller names errors only, so common subexpressions merge. */
        @Override
        public boolean equals(Object o) {
            return o instanceof TriangularSolve t && t.lower == lower && t.transpose == transpose
                    && t.unitDiagonal == unitDiagonal;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(lower, transpose, unitDiagonal);
        }

        @Override
        public String name() {
            return "triangularSolve";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return rightHandSide(name(), inputs);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.triangularSolve(inputs.get(0), inputs.get(1), lower, transpose, unitDiagonal, out,
                    caller);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node t = y.inputs().get(0);
            Node bBar = Node.apply(new TriangularSolve(lower, !transpose, unitDiagonal, caller), t, yBar);
            Node outer = transpose ? y.matmul(bBar.transpose()) : bBar.matmul(y.transpose());
            int k = unitDiagonal ? 1 : 0;
            Node tBar = lower ? tril(outer.neg(), -k) : triu(outer.neg(), k);
            return List.of(tBar, bBar);
        }
    }

    /**
     * {@code P = A⁺} of {@code A : [..., m, n]}, {@code P : [..., n, m]}, singular values at or below
     * {@code rcond · s_max} taken as zero ({@link LinalgKernels#pinv}).
     *
     * <p>VJP: the derivative of the pseudo-inverse along matrices of constant rank (Golub and Pereyra 1973),
     * {@code dP = -P dA P + P Pᵀ dAᵀ (I - A P) + (I - P A) dAᵀ Pᵀ P}, whose adjoint is
     * <pre>
     *   ABar = -Pᵀ PBar Pᵀ + (I - A P) PBarᵀ P Pᵀ + Pᵀ P PBarᵀ (I - P A).
     * </pre>
     * For a nonsingular A the last two terms vanish and this is the inverse's VJP. The complementary projections
     * {@code I - A P} and {@code I - P A} are applied twice ("twice is enough", as in Gram-Schmidt): the rounding
     * of the first pass lies in the range of A (of Aᵀ), which the second removes, so where the exact projection
     * is 0 (A nonsingular, or of full rank on that side) the computed one is at the rounding level rather than
     * {@code ε · cond(A)} times the cotangent. At a matrix whose rank a
     * perturbation can change (a singular value at the cutoff) {@code A⁺} is not continuous; the formula is the
     * derivative within the matrices of A's numerical rank, the one that stays finite.
     *
     * @param rcond the relative cutoff; empty for {@code ε · max(m, n)}, ε the dtype's machine epsilon
     * @param caller what a non-finite A is reported under: {@code pinv} itself, or the operation the user called
     *     ({@code lstsq}, built on it); not part of equality
     */
    record PseudoInverse(OptionalDouble rcond, String caller) implements SolveOp {
        /** The pseudo-inverse the user asked for. */
        public PseudoInverse(OptionalDouble rcond) {
            this(rcond, "pinv");
        }

        /** Checks the parts are present. */
        public PseudoInverse {
            Objects.requireNonNull(rcond, "pinv: rcond is null");
            Objects.requireNonNull(caller, "pinv: caller is null");
        }

        /** Equal when they have the same cutoff: the caller names errors only, so common subexpressions merge. */
        @Override
        public boolean equals(Object o) {
            return o instanceof PseudoInverse p && p.rcond.equals(rcond);
        }

        @Override
        public int hashCode() {
            return rcond.hashCode();
        }

        @Override
        public String name() {
            return "pinv";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1 || inputs.get(0).rank() < 2) {
                throw new IllegalArgumentException("pinv: takes one matrix (rank >= 2), got " + (inputs.size() == 1
                        ? inputs.get(0).describe() : inputs.size() + " inputs"));
            }
            Shape a = inputs.get(0).shape();
            return a.with(-2, a.dim(-1)).with(-1, a.dim(-2));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            Tensor a = inputs.get(0);
            double epsilon = a.dtype() == DType.FLOAT32 ? 0x1p-23 : 0x1p-52;
            double cutoff = rcond.orElse(epsilon * Math.max(a.shape().dim(-2), a.shape().dim(-1)));
            return LinalgKernels.pinv(a, cutoff, out, caller);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node a = y.inputs().get(0);
            Node pT = y.transpose();
            Node gT = yBar.transpose();
            Node left = gT; // (I - A P) PBarᵀ, projected twice
            Node right = gT; // PBarᵀ (I - P A), projected twice
            for (int pass = 0; pass < 2; pass++) {
                left = left.sub(a.matmul(y.matmul(left)));
                right = right.sub(right.matmul(y).matmul(a));
            }
            return List.of(pT.matmul(yBar).matmul(pT).neg()
                    .add(left.matmul(y).matmul(pT))
                    .add(pT.matmul(y).matmul(right)));
        }
    }

    /**
     * {@code X = A⁻¹ B} for square {@code A : [..., n, n]} and {@code B : [..., n, k]}, by LU with partial
     * pivoting. VJP: {@code BBar = A⁻ᵀ XBar} (a solve with {@code Aᵀ}), {@code ABar = -BBar·Xᵀ}. Linear in B.
     */
    record Solve() implements SolveOp {
        @Override
        public String name() {
            return "solve";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return rightHandSide(name(), inputs);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.solve(inputs.get(0), inputs.get(1), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node bBar = Node.apply(new Solve(), y.inputs().get(0).transpose(), yBar);
            return List.of(bBar.matmul(y.transpose()).neg(), bBar);
        }
    }

    /**
     * {@code Y = A⁻¹} of square matrices. VJP: {@code ABar = -Yᵀ·YBar·Yᵀ}.
     *
     * @param caller what a singular matrix is reported under: {@code inverse} itself, or the operation whose step
     *     it is (the gradients of slogdet and of det's cofactor need {@code A⁻ᵀ}); not part of equality
     */
    record Inverse(String caller) implements SolveOp {
        /** The inverse the user asked for. */
        public Inverse() {
            this("inverse");
        }

        /** Checks the caller's name is present. */
        public Inverse {
            Objects.requireNonNull(caller, "inverse: caller is null");
        }

        /** All inverses are equal: the caller names errors only, so common subexpressions still merge. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Inverse;
        }

        @Override
        public int hashCode() {
            return Inverse.class.hashCode();
        }

        @Override
        public String name() {
            return "inverse";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return square(name(), inputs, 1);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.inverse(inputs.get(0), out, caller);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node yT = y.transpose();
            return List.of(yT.matmul(yBar).matmul(yT).neg());
        }
    }

    /**
     * {@code y = det A} of square matrices, the signed product of the LU pivots (0 for a singular matrix).
     * VJP (Jacobi's formula): {@code ABar = yBar · cof(A)}, the cofactor matrix ({@link Cofactor}), which is
     * {@code y · A⁻ᵀ} for an invertible A and is defined for a singular one too, as in PyTorch.
     */
    record Det() implements SolveOp {
        @Override
        public String name() {
            return "det";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return leading(square(name(), inputs, 1));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.det(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(perMatrix(yBar).mul(Node.apply(new Cofactor(), y.inputs().get(0))));
        }

        @Override
        public Optional<Anomaly.Diagnosis> diagnose(Anomaly a) {
            long infinite = a.output().size() - count(a.output(), Double::isFinite);
            return infinite == 0 ? Optional.empty() : Anomaly.found("det overflows the dtype for " + infinite
                    + " matrix(es) of " + a.input(0) + " (the product of the pivots)", "slogdet(a) gives the"
                    + " sign and the log of |det|, which do not overflow");
        }
    }

    /**
     * {@code C = cof(A) = adj(A)ᵀ}, the cofactor matrix of square matrices: {@code C_ij} is {@code (-1)^(i+j)}
     * times the minor of A without row i and column j, so {@code C = det(A) A⁻ᵀ} when A is invertible, and
     * {@code ∂ det A / ∂A = C} everywhere ({@link LinalgKernels#cofactor}: by LU, or by the SVD for a singular A).
     *
     * <p>VJP (from {@code dC = tr(A⁻¹ dA) C - C dAᵀ A⁻ᵀ}): {@code ABar = (<CBar, C> I - C CBarᵀ) A⁻ᵀ}, which
     * needs an invertible A: the second derivative of {@code det} at a singular matrix is an error of the inverse.
     */
    record Cofactor() implements SolveOp {
        @Override
        public String name() {
            return "cofactor";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return square(name(), inputs, 1);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.cofactor(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node inner = y.mul(yBar).sum(true, -2, -1); // <CBar, C> per matrix, [..., 1, 1]
            Node a = y.inputs().get(0);
            Node inverseT = Node.apply(new Inverse("second derivative of det (A⁻ᵀ)"), a).transpose();
            return List.of(inner.mul(inverseT).sub(y.matmul(yBar.transpose()).matmul(inverseT)));
        }
    }

    /**
     * {@code (sign det A, log |det A|)} of square matrices, packed along a last axis of size 2 (the factory
     * {@link SolveOp#slogdet} returns the two parts); {@code (0, -Infinity)} for a singular matrix.
     * VJP: the sign is piecewise constant (zero gradient); {@code ABar = lBar · A⁻ᵀ} for the log, which needs
     * an invertible A.
     */
    record Slogdet() implements SolveOp {
        @Override
        public String name() {
            return "slogdet";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            Shape a = square(name(), inputs, 1);
            int[] dims = a.dims();
            return Shape.of(java.util.Arrays.copyOf(dims, dims.length - 1)).with(-1, 2);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.slogdet(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            Node logBar = yBar.slice(-1, 1, 2).squeeze(-1);
            Node inverse = Node.apply(new Inverse("gradient of slogdet (A⁻ᵀ)"), y.inputs().get(0));
            return List.of(perMatrix(logBar).mul(inverse.transpose()));
        }

        @Override
        public Optional<Anomaly.Diagnosis> diagnose(Anomaly a) {
            long singular = count(a.output(), v -> v == Double.NEGATIVE_INFINITY);
            return singular == 0 ? Optional.empty() : Anomaly.found("log |det| is -Infinity for " + singular
                    + " singular matrix(es) of " + a.input(0), "keep the matrix nonsingular (e.g. add a small"
                    + " multiple of the identity); its gradient needs the inverse");
        }
    }

    /**
     * The two parts of {@link SolveOp#slogdet}.
     *
     * @param sign the determinant's sign: -1, 0 (singular) or 1
     * @param logAbsDet {@code log |det A|}
     */
    record SignLogDet(Node sign, Node logAbsDet) {
    }
}
