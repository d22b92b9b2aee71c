package dev.adjoint.core.graph;

/**
 * The fluent forms of the matrix families on {@link Node}: contractions ({@link ContractionOp}), linear
 * systems ({@link SolveOp}), decompositions ({@link DecompositionOp}, {@link LuOp}) and matrix functions
 * ({@link MatrixFunctionOp}). {@code a.cholesky()} is
 * {@link DecompositionOp#cholesky}{@code (a)}, {@code l.triangularSolve(b, true)} is
 * {@link SolveOp#triangularSolve}{@code (l, b, true)}. Sugar only: each form calls its factory, which holds the
 * rules.
 */
public sealed interface MatrixForms permits Node {

    /** The node these forms are called on. */
    private Node self() {
        return (Node) this;
    }

    /** {@link ContractionOp#contract}: the general contraction with {@code other}. */
    default Node contract(Node other, int[] batch, int[] otherBatch, int[] contracted, int[] otherContracted) {
        return ContractionOp.contract(self(), other, batch, otherBatch, contracted, otherContracted);
    }

    /** {@link ContractionOp#tensordot}: this node's last {@code axes} axes contracted with other's first. */
    default Node tensordot(Node other, int axes) { return ContractionOp.tensordot(self(), other, axes); }

    /** {@link ContractionOp#tensordot}: {@code axes[i]} contracted with {@code otherAxes[i]}. */
    default Node tensordot(Node other, int[] axes, int[] otherAxes) {
        return ContractionOp.tensordot(self(), other, axes, otherAxes);
    }

    /** {@link ContractionOp#outer}: the outer product of two vectors. */
    default Node outer(Node other) { return ContractionOp.outer(self(), other); }

    /** {@link ContractionOp#trace}: the sum of each matrix's diagonal, {@code [..., m, n] -> [...]}. */
    default Node trace() { return ContractionOp.trace(self()); }

    /** {@link ContractionOp#kron}: the Kronecker product, NumPy's {@code kron}. */
    default Node kron(Node other) { return ContractionOp.kron(self(), other); }

    /** {@link ContractionOp#cross}: the cross product of 3-vectors along {@code axis}. */
    default Node cross(Node other, int axis) { return ContractionOp.cross(self(), other, axis); }

    /** {@link SolveOp#triangularSolve}: {@code this⁻¹ b} for a lower ({@code lower}) or upper triangular matrix. */
    default Node triangularSolve(Node b, boolean lower) { return SolveOp.triangularSolve(self(), b, lower); }

    /** {@link SolveOp#triangularSolve}: the triangular system {@code op(this) X = b} (or {@code X op(this) = b}). */
    default Node triangularSolve(Node b, boolean lower, boolean transpose, boolean unitDiagonal, boolean left) {
        return SolveOp.triangularSolve(self(), b, lower, transpose, unitDiagonal, left);
    }

    /** {@link SolveOp#choleskySolve}: {@code A⁻¹ b} for this Cholesky factor of A. */
    default Node choleskySolve(Node b) { return SolveOp.choleskySolve(self(), b); }

    /** {@link SolveOp#solve}: {@code this⁻¹ b}. */
    default Node solve(Node b) { return SolveOp.solve(self(), b); }

    /** {@link SolveOp#inverse}: the inverse of each matrix. */
    default Node inverse() { return SolveOp.inverse(self()); }

    /** {@link SolveOp#matrixPower}: {@code A^n} of each square matrix, n any integer. */
    default Node matrixPower(int n) { return SolveOp.matrixPower(self(), n); }

    /** {@link MatrixFunctionOp#matrixExp}: the matrix exponential {@code e^A} of each square matrix. */
    default Node matrixExp() { return MatrixFunctionOp.matrixExp(self()); }

    /** {@link SolveOp#det}: the determinant of each matrix. */
    default Node det() { return SolveOp.det(self()); }

    /** {@link SolveOp#slogdet}: the sign and log-absolute-value of the determinant of each matrix. */
    default SolveOp.SignLogDet slogdet() { return SolveOp.slogdet(self()); }

    /** {@link SolveOp#lstsq}: the least-squares solution of minimum norm of {@code this X = b}. */
    default Node lstsq(Node b) { return SolveOp.lstsq(self(), b); }

    /** {@link SolveOp#lstsq(Node, Node, double)}: singular values at or below {@code rcond · s_max} taken as 0. */
    default Node lstsq(Node b, double rcond) { return SolveOp.lstsq(self(), b, rcond); }

    /** {@link SolveOp#pinv}: the Moore-Penrose pseudo-inverse of each matrix. */
    default Node pinv() { return SolveOp.pinv(self()); }

    /** {@link SolveOp#pinv(Node, double)}: singular values at or below {@code rcond · s_max} taken as 0. */
    default Node pinv(double rcond) { return SolveOp.pinv(self(), rcond); }

    /** {@link SolveOp#tril}: the lower triangle of each matrix. */
    default Node tril() { return SolveOp.tril(self()); }

    /** {@link SolveOp#tril}: the part on and below the {@code k}-th diagonal. */
    default Node tril(int k) { return SolveOp.tril(self(), k); }

    /** {@link SolveOp#triu}: the upper triangle of each matrix. */
    default Node triu() { return SolveOp.triu(self()); }

    /** {@link SolveOp#triu}: the part on and above the {@code k}-th diagonal. */
    default Node triu(int k) { return SolveOp.triu(self(), k); }

    /** {@link LuOp#luFactor}: the compact LU factors of each matrix and its pivots. */
    default LuOp.LuFactors luFactor() { return LuOp.luFactor(self()); }

    /** {@link LuOp#lu}: {@code P, L, U} with {@code this = P·L·U} for each matrix. */
    default LuOp.LuDecomposition lu() { return LuOp.lu(self()); }

    /** {@link DecompositionOp#cholesky}: the lower Cholesky factor of each matrix. */
    default Node cholesky() { return DecompositionOp.cholesky(self()); }

    /** {@link DecompositionOp#qr}: the reduced QR factorization of each matrix. */
    default DecompositionOp.QrFactors qr() { return DecompositionOp.qr(self()); }

    /** {@link DecompositionOp#eigh}: the eigendecomposition of each symmetric matrix. */
    default DecompositionOp.EighFactors eigh() { return DecompositionOp.eigh(self()); }

    /** {@link DecompositionOp#eigvalsh}: the eigenvalues of each symmetric matrix, ascending. */
    default Node eigvalsh() { return DecompositionOp.eigvalsh(self()); }

    /** {@link DecompositionOp#svd}: the reduced singular value decomposition of each matrix. */
    default DecompositionOp.SvdFactors svd() { return DecompositionOp.svd(self()); }

    /** {@link DecompositionOp#svdvals}: the singular values of each matrix, descending. */
    default Node svdvals() { return DecompositionOp.svdvals(self()); }

    /** {@link DecompositionOp#matrixRank}: the numerical rank of each matrix, INT64, PyTorch's tolerance. */
    default Node matrixRank() { return DecompositionOp.matrixRank(self()); }

    /** {@link DecompositionOp#matrixRank(Node, double, double)}: the count of singular values above a tolerance. */
    default Node matrixRank(double atol, double rtol) { return DecompositionOp.matrixRank(self(), atol, rtol); }

    /** {@link DecompositionOp#matrixRank(Node, boolean)}: the rank, from the eigenvalues when {@code hermitian}. */
    default Node matrixRank(boolean hermitian) { return DecompositionOp.matrixRank(self(), hermitian); }

    /** {@link DecompositionOp#matrixRank(Node, Node, Node, boolean)}: tensor tolerances, either null when absent. */
    default Node matrixRank(Node atol, Node rtol, boolean hermitian) {
        return DecompositionOp.matrixRank(self(), atol, rtol, hermitian);
    }

    /** {@link LinalgFunctions#vecdot}: {@code Σ this_i other_i} along {@code axis}, broadcast. */
    default Node vecdot(Node other, int axis) { return LinalgFunctions.vecdot(self(), other, axis); }

    /** {@link LinalgFunctions#cond(Node)}: the 2-norm condition number {@code s_max / s_min} of each matrix. */
    default Node cond() { return LinalgFunctions.cond(self()); }

    /** {@link LinalgFunctions#cond(Node, StatisticOp.MatrixNorm)}: the condition number in the norm {@code p}. */
    default Node cond(StatisticOp.MatrixNorm p) { return LinalgFunctions.cond(self(), p); }

    /** {@link LinalgFunctions#vander(Node)}: the square Vandermonde matrices {@code V_ij = x_i^j}. */
    default Node vander() { return LinalgFunctions.vander(self()); }

    /** {@link LinalgFunctions#vander(Node, int)}: the Vandermonde matrices with {@code columns} powers. */
    default Node vander(int columns) { return LinalgFunctions.vander(self(), columns); }

    /** {@link LinalgFunctions#tensorinv}: the tensor inverse, the first {@code ind} axes the output's. */
    default Node tensorinv(int ind) { return LinalgFunctions.tensorinv(self(), ind); }

    /** {@link LinalgFunctions#tensorsolve(Node, Node)}: X with {@code tensordot(this, X, rank(X)) = b}. */
    default Node tensorsolve(Node b) { return LinalgFunctions.tensorsolve(self(), b); }

    /** {@link LinalgFunctions#tensorsolve(Node, Node, int...)}: after moving the axes {@code dims} to the end. */
    default Node tensorsolve(Node b, int... dims) { return LinalgFunctions.tensorsolve(self(), b, dims); }

    /** {@link LinalgFunctions#choleskyInverse(Node)}: {@code (L Lᵀ)⁻¹} from this lower Cholesky factor. */
    default Node choleskyInverse() { return LinalgFunctions.choleskyInverse(self()); }

    /** {@link LinalgFunctions#choleskyInverse(Node, boolean)}: {@code (L Lᵀ)⁻¹}, or {@code (Uᵀ U)⁻¹} when upper. */
    default Node choleskyInverse(boolean upper) { return LinalgFunctions.choleskyInverse(self(), upper); }

    /** {@link LinalgFunctions#householderProduct}: the product of the reflectors stored in this and tau. */
    default Node householderProduct(Node tau) { return LinalgFunctions.householderProduct(self(), tau); }
}
