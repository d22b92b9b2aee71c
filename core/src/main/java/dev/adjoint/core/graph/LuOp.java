package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.Matrices.t;

import dev.adjoint.core.kernel.LinalgKernels;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * The LU factorization with partial pivoting and what is computed from it, and their factories:
 * {@code luFactor} ({@code torch.linalg.lu_factor}), {@code lu} ({@code torch.linalg.lu}) and {@code luSolve}
 * ({@code torch.linalg.lu_solve}). Stacks of matrices {@code [..., m, n]} of any shape, computed in float64
 * ({@link LinalgKernels#lu}); the matrix dimensions must be concrete (leading dimensions may hold N).
 *
 * <p>One node computes the factorization ({@link Lu}, all results packed along the last axis); the factories
 * slice its parts out, so it runs once however many are used. The pivot in each column is LAPACK's
 * ({@code getrf}): the entry of largest magnitude on or below the diagonal, the first one on ties; a singular
 * matrix has factors too (a zero on U's diagonal).
 */
public sealed interface LuOp extends Op {

    /**
     * {@code torch.linalg.lu_factor}: the compact factors of {@code A = P·L·U} for each matrix of
     * {@code a : [..., m, n]}, L ({@code m × k}, unit diagonal not stored) below the diagonal of
     * {@code lu : [..., m, n]} and U ({@code k × n}) on and above it, {@code k = min(m, n)}; LAPACK's pivots
     * (INT32, 1-based) and the permutation they make (INT64). {@code lu} is differentiable as L and U are (see
     * {@link Lu}).
     *
     * A matrix holding a NaN or an infinity has NaN factors, pivots {@code 1, 2, ...} and the identity permutation
     * (PyTorch's for a NaN at {@code [0, 0]}).
     *
     * @throws IllegalArgumentException at build time for an integer or bool operand, a rank below 2 or symbolic
     *     matrix dimensions
     */
    static LuFactors luFactor(Node a) {
        Objects.requireNonNull(a, "luFactor: operand is null");
        DTypeSet.FLOATING.require("luFactor", "operand", a);
        Shape s = matrices("luFactor", a);
        int m = s.dim(-2);
        int n = s.dim(-1);
        Node packed = Node.apply(new Lu(), a);
        Node pivots = packed.slice(-1, n + 1, n + 2).squeeze(-1).slice(-1, 0, Math.min(m, n));
        return new LuFactors(packed.slice(-1, 0, n), pivots.cast(DType.INT32),
                packed.slice(-1, n, n + 1).squeeze(-1).cast(DType.INT64));
    }

    /**
     * {@code torch.linalg.lu}: {@code A = P·L·U} for each matrix of {@code a : [..., m, n]}, with the permutation
     * matrix {@code P : [..., m, m]} (in A's dtype), L {@code [..., m, k]} unit lower trapezoidal and U
     * {@code [..., k, n]} upper trapezoidal, {@code k = min(m, n)}. L and U are differentiable where A has
     * full rank, P is piecewise constant (zero gradient).
     *
     * @throws IllegalArgumentException as {@link #luFactor}
     */
    static LuDecomposition lu(Node a) {
        Objects.requireNonNull(a, "lu: operand is null");
        DTypeSet.FLOATING.require("lu", "operand", a);
        Shape s = matrices("lu", a);
        int m = s.dim(-2);
        int n = s.dim(-1);
        int k = Math.min(m, n);
        Node packed = Node.apply(new Lu(), a);
        Node compact = packed.slice(-1, 0, n);
        Node l = SolveOp.tril(compact.slice(-1, 0, k), -1).add(Matrices.eye(m, a.dtype()).slice(-1, 0, k));
        Node u = SolveOp.triu(compact.slice(-2, 0, k));
        return new LuDecomposition(permutationMatrix(packed.slice(-1, n, n + 1).squeeze(-1), m), l, u);
    }

    /**
     * {@code torch.linalg.lu_solve}: {@code X = A⁻¹ B} from the factors of a square A ({@link #luFactor}) and
     * {@code B : [..., n, k]} (or {@code [n]}, then X is a vector too), leading dimensions broadcast:
     * {@code X = U⁻¹ (L⁻¹ (Pᵀ B))}, two triangular solves reading the compact factors. Differentiable in the
     * factors and in B.
     *
     * @throws IllegalArgumentException for non-square factors or a right-hand side of another height; at the
     *     call, {@link dev.adjoint.core.kernel.LinalgException} for a zero on U's diagonal (A singular)
     */
    static Node luSolve(LuFactors factors, Node b) {
        return luSolve(factors, b, true, false);
    }

    /**
     * {@code torch.linalg.lu_solve(LU, pivots, B, left, adjoint)}: from the factors of a square {@code A = P·L·U}
     * ({@link #luFactor}), the solution of
     * <pre>
     *   left,  not adjoint:  A X = B,   X = U⁻¹ L⁻¹ Pᵀ B      left,  adjoint:  Aᵀ X = B,   X = P L⁻ᵀ U⁻ᵀ B
     *   right, not adjoint:  X A = B,   Xᵀ = Aᵀ⁻¹ Bᵀ          right, adjoint:  X Aᵀ = B,   Xᵀ = A⁻¹ Bᵀ
     * </pre>
     * (real matrices: the adjoint is the transpose). B is {@code [..., n, k]} on the left and {@code [..., k, n]}
     * on the right, or a vector {@code [n]} (then X is one too); leading dimensions broadcast. Two triangular solves
     * reading the compact factors and a permutation: differentiable in the factors and in B.
     *
     * @throws IllegalArgumentException for non-square factors or a right-hand side of another height (left) or
     *     width (right); at the call, {@link dev.adjoint.core.kernel.LinalgException} for a zero on U's diagonal
     */
    static Node luSolve(LuFactors factors, Node b, boolean left, boolean adjoint) {
        Objects.requireNonNull(factors, "luSolve: factors is null");
        Objects.requireNonNull(b, "luSolve: right-hand side is null");
        Node lu = factors.lu();
        String described = lu.op() instanceof SourceOp.Input ? lu.describe() : "LU : " + lu.describe();
        if (lu.dtype() != b.dtype()) { // under luSolve's name, with the factors named as such and the user's B
            throw new IllegalArgumentException("luSolve: operands must have the same dtype, got " + described + " and "
                    + b.describe() + "; insert a cast");
        }
        DTypeSet.FLOATING.require("luSolve", "operands", lu);
        if (lu.rank() < 2 || lu.shape().dim(-1) != lu.shape().dim(-2)) {
            throw new IllegalArgumentException("luSolve: factors must be of square matrices [..., n, n], got "
                    + described);
        }
        int n = lu.shape().dim(-1);
        boolean vector = b.rank() == 1;
        Node rhs = vector ? b.unsqueeze(-1) : left || b.rank() < 2 ? b : b.transpose();
        if (rhs.rank() < 2 || rhs.shape().dim(-2) != n) {
            throw new IllegalArgumentException("luSolve: the right-hand side must have as many " + (left
                    ? "rows as the factors" : "columns as the factors have rows (left = false)") + ", got "
                    + described + " and " + b.describe());
        }
        // on the right, X A = B is Aᵀ Xᵀ = Bᵀ and X Aᵀ = B is A Xᵀ = Bᵀ: the left solve with the flag flipped
        boolean transposed = left == adjoint;
        Node x;
        if (!transposed) {
            Node permuted = oneHot(factors.permutation(), n, lu.dtype()).matmul(rhs); // Pᵀ B
            Node y = SolveOp.triangularSolve(lu, permuted, true, false, true, true);
            x = SolveOp.triangularSolve(lu, y, false);
        } else {
            Node y = SolveOp.triangularSolve(lu, rhs, false, true, false, true); // U⁻ᵀ B
            Node z = SolveOp.triangularSolve(lu, y, true, true, true, true); // L⁻ᵀ U⁻ᵀ B
            x = t(oneHot(factors.permutation(), n, lu.dtype())).matmul(z); // P L⁻ᵀ U⁻ᵀ B
        }
        return vector ? x.squeeze(-1) : left ? x : x.transpose();
    }

    /** The operand's shape: matrices with concrete dimensions. */
    private static Shape matrices(String op, Node a) {
        Shape s = a.shape();
        if (a.rank() < 2) {
            throw new IllegalArgumentException(op + ": operand must be matrices [..., m, n], got " + a.describe());
        }
        if (s.dim(-1) == Shape.BATCH || s.dim(-2) == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": the matrix dimensions must be concrete, got " + a.describe()
                    + "; N may appear only among the leading dimensions");
        }
        return s;
    }

    /** {@code P} with {@code P[perm[i], i] = 1}, in perm's floating dtype, from the permutation as stored. */
    private static Node permutationMatrix(Node permutation, int m) {
        return t(oneHot(permutation, m, permutation.dtype()));
    }

    /**
     * {@code Pᵀ[i, perm[i]] = 1} for a permutation {@code [..., m]} of m entries: m rows of one-hot rows of depth m,
     * in {@code dtype}; for m = 0 (a matrix with no rows) {@code [..., 0, 0]}, which {@code oneHot} refuses to build
     * with a depth of 0.
     */
    private static Node oneHot(Node permutation, int m, DType dtype) {
        Node rows = IndexOp.oneHot(permutation.cast(DType.INT64), Math.max(m, 1), dtype);
        return m == 0 ? rows.slice(-1, 0, 0) : rows;
    }

    /**
     * The LU factorization with partial pivoting, {@code A = P·L·U}, packed {@code [..., m, n + 2]}: columns
     * {@code 0..n-1} the compact factors (L strictly below the diagonal, U on and above), column n the
     * permutation, column {@code n + 1} LAPACK's 1-based pivots ({@link LinalgKernels#lu}).
     *
     * <p>VJP, for A of full rank (from {@code dA = P (dL U + L dU)}, L's unit diagonal and the triangles fixed;
     * {@code k = min(m, n)}, the cotangent of the compact factors read as {@code LBar} below the diagonal and
     * {@code UBar} on and above it, the permutation's and pivots' ignored):
     * <pre>
     *   m = n:  ABar = P L⁻ᵀ (tril(Lᵀ LBar, -1) + triu(UBar Uᵀ)) U⁻ᵀ
     *   m &lt; n:  U = [U₁ U₂],  G = tril(Lᵀ LBar - U₂Bar U₂ᵀ, -1) + triu(U₁Bar U₁ᵀ),
     *          ABar = P L⁻ᵀ [G U₁⁻ᵀ | U₂Bar]
     *   m &gt; n:  L = [L₁; L₂], G = tril(L₁ᵀ L₁Bar, -1) + triu(UBar Uᵀ - L₂ᵀ L₂Bar),
     *          ABar = P [L₁⁻ᵀ G; L₂Bar] U⁻ᵀ
     * </pre>
     * The solves with U need a nonzero diagonal: the gradient at a matrix of lower rank fails as
     * {@code gradient of lu (U⁻¹)}. The VJP is written with triangular solves, products and slices, so it
     * differentiates again.
     */
    record Lu() implements LuOp {
        @Override
        public String name() {
            return "lu";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("lu: takes one input, got " + inputs.size());
            }
            Shape a = matrices(name(), inputs.get(0));
            return a.with(-1, a.dim(-1) + 2);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            return LinalgKernels.lu(inputs.get(0), out);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            int m = y.shape().dim(-2);
            int n = y.shape().dim(-1) - 2;
            int k = Math.min(m, n);
            Node p = permutationMatrix(y.slice(-1, n, n + 1).squeeze(-1), m);
            Node compact = y.slice(-1, 0, n);
            Node compactBar = yBar.slice(-1, 0, n);
            Node leading = compact.slice(-2, 0, k).slice(-1, 0, k); // L₁ below the diagonal, U₁ on and above it
            Node lBar = SolveOp.tril(compactBar.slice(-2, 0, k).slice(-1, 0, k), -1);
            Node uBar = SolveOp.triu(compactBar.slice(-2, 0, k).slice(-1, 0, k));
            Node lowerPart = t(unitLower(leading)).matmul(lBar); // L₁ᵀ L₁Bar
            Node upperPart = uBar.matmul(t(SolveOp.triu(leading))); // U₁Bar U₁ᵀ
            if (m < n) {
                Node u2 = compact.slice(-1, k, n);
                Node u2Bar = compactBar.slice(-1, k, n);
                lowerPart = lowerPart.sub(u2Bar.matmul(t(u2)));
            } else if (m > n) {
                Node l2 = compact.slice(-2, k, m);
                Node l2Bar = compactBar.slice(-2, k, m);
                upperPart = upperPart.sub(t(l2).matmul(l2Bar));
            }
            Node g = SolveOp.tril(lowerPart, -1).add(SolveOp.triu(upperPart));
            Node aBar;
            if (m > n) {
                Node top = SolveOp.triangularSolve(leading, g, true, true, true, true); // L₁⁻ᵀ G
                Node rows = MovementOp.concat(-2, top, compactBar.slice(-2, k, m)); // [L₁⁻ᵀ G; L₂Bar]
                aBar = t(solveUpper(leading, t(rows))); // rows U⁻ᵀ = (U⁻¹ rowsᵀ)ᵀ
            } else {
                Node x = t(solveUpper(leading, t(g))); // G U₁⁻ᵀ
                if (m < n) {
                    x = MovementOp.concat(-1, x, compactBar.slice(-1, k, n));
                }
                aBar = SolveOp.triangularSolve(leading, x, true, true, true, true); // L⁻ᵀ X
            }
            return List.of(p.matmul(aBar));
        }

        /** {@code U⁻¹ B}, U the upper triangle of {@code u}; a zero on its diagonal named as lu's gradient's. */
        private static Node solveUpper(Node u, Node b) {
            return Node.apply(new SolveOp.TriangularSolve(false, false, false, "gradient of lu (U⁻¹)"), u, b);
        }

        /** The unit lower triangular matrix whose strict lower triangle is that of {@code x}. */
        private static Node unitLower(Node x) {
            return SolveOp.tril(x, -1).add(Matrices.eye(x.shape().dim(-1), x.dtype()));
        }
    }

    /**
     * The parts of {@link LuOp#luFactor}: {@code A = P·L·U}.
     *
     * @param lu {@code [..., m, n]}: L ({@code m × k}, unit diagonal not stored) below the diagonal, U
     *     ({@code k × n}) on and above it
     * @param pivots {@code [..., k]} INT32, LAPACK's 1-based pivots: at step j rows j and {@code pivots[j] - 1}
     *     were swapped
     * @param permutation {@code [..., m]} INT64: row i of {@code Pᵀ·A} is row {@code permutation[i]} of A
     */
    record LuFactors(Node lu, Node pivots, Node permutation) {
    }

    /**
     * The parts of {@link LuOp#lu}: {@code A = P·L·U}.
     *
     * @param p {@code [..., m, m]}, a permutation matrix in A's dtype
     * @param l {@code [..., m, k]}, unit lower trapezoidal
     * @param u {@code [..., k, n]}, upper trapezoidal
     */
    record LuDecomposition(Node p, Node l, Node u) {
    }
}
