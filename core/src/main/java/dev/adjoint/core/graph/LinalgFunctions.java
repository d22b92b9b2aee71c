package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Functions of {@code torch.linalg} built from the library's ops: {@code vecdot}, {@code multiDot},
 * {@code cond}, {@code vander}, {@code tensorinv}, {@code tensorsolve}, {@code choleskyInverse} and
 * {@code householderProduct}. Each is a composition, exact in exact arithmetic, so its gradient is the chain rule
 * through the ops it is made of and differentiates again; none needs a kernel or a VJP of its own. Shapes are
 * checked when the node is built, and errors name the function, not the op that would have failed inside it.
 */
public final class LinalgFunctions {

    /** What a symbolic batch size N counts as in {@link #multiDot}'s costs: a large batch. */
    static final double SYMBOLIC_SIZE = 1 << 20;

    private LinalgFunctions() {
    }

    /**
     * {@code torch.linalg.vecdot(x, y, dim=axis)}: {@code Σ_i x_i y_i} along {@code axis} of the operands broadcast
     * to their common shape, which loses that axis. A composition of {@code mul} and {@code sum}: the gradient is
     * {@code (yBar·y, yBar·x)}, summed back over broadcast axes.
     *
     * @throws IllegalArgumentException when the shapes do not broadcast, the dtypes differ, or the axis is not an
     *     axis of the broadcast shape
     */
    public static Node vecdot(Node x, Node y, int axis) {
        Objects.requireNonNull(x, "vecdot: x is null");
        Objects.requireNonNull(y, "vecdot: y is null");
        DTypeSet.NUMERIC.require("vecdot", "x", x);
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException("vecdot: operands must have one dtype, got " + Node.describe(List.of(x,
                    y)));
        }
        Shape shape = Broadcasting.shape("vecdot", x, y);
        if (axis < -shape.rank() || axis >= shape.rank()) {
            throw new IllegalArgumentException("vecdot: axis must lie in [" + -shape.rank() + ", " + shape.rank()
                    + ") for the broadcast shape " + shape + ", got " + axis);
        }
        return x.mul(y).sum(false, axis);
    }

    /**
     * {@code torch.linalg.multi_dot}: the product {@code A_1 A_2 ... A_k} of {@code k >= 2} matrices, multiplied in
     * the order that needs the fewest scalar multiplications (the classic dynamic program over the dimensions
     * {@code p_0 × p_1, p_1 × p_2, ...}: {@code cost(i, j) = min_s cost(i, s) + cost(s + 1, j) + p_i p_(s+1)
     * p_(j+1)}). The first operand may be a vector {@code [n]}, read as a row {@code [1, n]}, and the last one a
     * vector read as a column; those axes are dropped from the result (two vectors give a scalar). A symbolic batch
     * size N counts as {@code 2^20} in the costs. The result is the product of matmuls, so its gradient is
     * theirs.
     *
     * @throws IllegalArgumentException for fewer than two operands, operands of other ranks (1 or 2 for the first
     *     and the last, 2 between), of several dtypes, or whose inner dimensions do not match
     */
    public static Node multiDot(List<Node> operands) {
        Objects.requireNonNull(operands, "multiDot: operands is null");
        int k = operands.size();
        if (k < 2) {
            throw new IllegalArgumentException("multiDot: needs at least 2 operands, got " + k);
        }
        List<Node> matrices = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Node a = Objects.requireNonNull(operands.get(i), "multiDot: operand " + i + " is null");
            DTypeSet.FLOATING.require("multiDot", "operand " + i, a);
            boolean end = i == 0 || i == k - 1;
            if (a.rank() != 2 && !(end && a.rank() == 1)) {
                throw new IllegalArgumentException("multiDot: operand " + i + " must be " + (end ? "a vector or a"
                        + " matrix" : "a matrix") + ", got " + a.describe() + (end ? "" : "; only the first and the"
                        + " last may be vectors"));
            }
            if (a.dtype() != operands.get(0).dtype()) {
                throw new IllegalArgumentException("multiDot: operands must have one dtype, got " + operands.get(0)
                        .describe() + " and operand " + i + " " + a.describe());
            }
            matrices.add(a.rank() == 2 ? a : i == 0 ? a.unsqueeze(0) : a.unsqueeze(-1));
        }
        double[] dims = new double[k + 1];
        for (int i = 0; i < k; i++) {
            Shape s = matrices.get(i).shape();
            if (i > 0 && s.dim(0) != matrices.get(i - 1).shape().dim(1)) {
                throw new IllegalArgumentException("multiDot: operands " + (i - 1) + " and " + i + " cannot be"
                        + " multiplied, got " + operands.get(i - 1).describe() + " and " + operands.get(i).describe());
            }
            dims[i] = size(s.dim(0));
            dims[i + 1] = size(s.dim(1));
        }
        Node product = product(matrices, splits(dims));
        if (operands.get(k - 1).rank() == 1) {
            product = product.squeeze(-1);
        }
        return operands.get(0).rank() == 1 ? product.squeeze(0) : product;
    }

    private static double size(int dim) {
        return dim == Shape.BATCH ? SYMBOLIC_SIZE : dim;
    }

    /**
     * The optimal splits of the chain of matrices {@code dims[i] × dims[i + 1]}: {@code split[i][j] = s} when the
     * product of matrices i..j is best taken as {@code (i..s)(s+1..j)}.
     */
    static int[][] splits(double[] dims) {
        int k = dims.length - 1;
        double[][] cost = new double[k][k];
        int[][] split = new int[k][k];
        for (int length = 2; length <= k; length++) {
            for (int i = 0; i + length - 1 < k; i++) {
                int j = i + length - 1;
                cost[i][j] = Double.POSITIVE_INFINITY;
                for (int s = i; s < j; s++) {
                    double c = cost[i][s] + cost[s + 1][j] + dims[i] * dims[s + 1] * dims[j + 1];
                    if (c < cost[i][j]) {
                        cost[i][j] = c;
                        split[i][j] = s;
                    }
                }
            }
        }
        return split;
    }

    /**
     * The parenthesization {@link #multiDot} chooses for matrices of these dimensions, as text ({@code "((A1A2)A3)"},
     * matrices numbered from 1): for tests against the textbook examples.
     */
    static String parenthesization(double[] dims) {
        int[][] split = splits(dims);
        StringBuilder out = new StringBuilder();
        Deque<Object> work = new ArrayDeque<>(); // int[] {i, j} intervals to print, or literal text
        work.push(new int[] {0, dims.length - 2});
        while (!work.isEmpty()) {
            Object next = work.pop();
            if (next instanceof String text) {
                out.append(text);
            } else if (next instanceof int[] interval && interval[0] == interval[1]) {
                out.append("A").append(interval[0] + 1);
            } else {
                int[] interval = (int[]) next;
                int s = split[interval[0]][interval[1]];
                work.push(")");
                work.push(new int[] {s + 1, interval[1]});
                work.push(new int[] {interval[0], s});
                work.push("(");
            }
        }
        return out.toString();
    }

    /** The product of the matrices in the order of {@code split}: the intervals of its tree, shortest first. */
    private static Node product(List<Node> matrices, int[][] split) {
        int k = matrices.size();
        List<int[]> intervals = new ArrayList<>();
        Deque<int[]> work = new ArrayDeque<>();
        work.push(new int[] {0, k - 1});
        while (!work.isEmpty()) {
            int[] interval = work.pop();
            if (interval[0] < interval[1]) {
                intervals.add(interval);
                int s = split[interval[0]][interval[1]];
                work.push(new int[] {interval[0], s});
                work.push(new int[] {s + 1, interval[1]});
            }
        }
        intervals.sort((a, b) -> Integer.compare(a[1] - a[0], b[1] - b[0]));
        Node[][] built = new Node[k][k];
        for (int i = 0; i < k; i++) {
            built[i][i] = matrices.get(i);
        }
        for (int[] interval : intervals) {
            int s = split[interval[0]][interval[1]];
            built[interval[0]][interval[1]] = built[interval[0]][s].matmul(built[s + 1][interval[1]]);
        }
        return built[0][k - 1];
    }

    /**
     * {@code torch.linalg.cond(A)}: the 2-norm condition number {@code s_max / s_min} of each matrix of
     * {@code a : [..., m, n]} (any shape), from its singular values: {@code inf} when {@code s_min = 0}; 0 for a
     * matrix without rows or columns, as in PyTorch.
     */
    public static Node cond(Node a) {
        return cond(a, StatisticOp.MatrixNorm.SPECTRAL);
    }

    /**
     * {@code torch.linalg.cond(A, p)} for each order of {@link StatisticOp.MatrixNorm}: {@code SPECTRAL} ({@code 2})
     * is {@code s_max / s_min} and {@code SMALLEST_SINGULAR_VALUE} ({@code -2}) {@code s_min / s_max}, for matrices
     * of any shape; the other orders ({@code 'fro'}, {@code 'nuc'}, {@code ±1}, {@code ±inf}) are
     * {@code ‖A‖_p ‖A⁻¹‖_p} for square matrices, {@code inf} for a singular one (a zero pivot in its LU
     * factorization, as PyTorch decides it). 0 for a matrix without rows or columns, as in PyTorch. The result has
     * shape {@code [...]}; its gradient is that of the norms, the inverse and the singular values it is made of
     * (a singular matrix's {@code inf} has a zero gradient).
     *
     * @throws IllegalArgumentException for an operand that is not a floating stack of matrices with concrete matrix
     *     dimensions, or not square for an order other than {@code ±2}
     */
    public static Node cond(Node a, StatisticOp.MatrixNorm p) {
        Objects.requireNonNull(a, "cond: operand is null");
        Objects.requireNonNull(p, "cond: p is null");
        DTypeSet.FLOATING.require("cond", "operand", a);
        Shape s = a.shape();
        if (a.rank() < 2 || s.dim(-1) == Shape.BATCH || s.dim(-2) == Shape.BATCH) {
            throw new IllegalArgumentException("cond: operand must be matrices [..., m, n] with concrete m and n, got "
                    + a.describe());
        }
        boolean singularValues = p == StatisticOp.MatrixNorm.SPECTRAL
                || p == StatisticOp.MatrixNorm.SMALLEST_SINGULAR_VALUE;
        if (!singularValues && s.dim(-1) != s.dim(-2)) {
            throw new IllegalArgumentException("cond: operand must be square matrices [..., n, n] for p = " + p
                    + ", got " + a.describe() + "; only SPECTRAL and SMALLEST_SINGULAR_VALUE take any shape");
        }
        if (Math.min(s.dim(-1), s.dim(-2)) == 0) {
            return SourceOp.zerosLike(a.sum(false, -2, -1));
        }
        if (singularValues) {
            Node sv = DecompositionOp.svdvals(a);
            int k = sv.shape().dim(-1);
            Node largest = sv.slice(-1, 0, 1).squeeze(-1);
            Node smallest = sv.slice(-1, k - 1, k).squeeze(-1);
            return p == StatisticOp.MatrixNorm.SPECTRAL ? largest.div(smallest) : smallest.div(largest);
        }
        Node singular = SolveOp.slogdet(a).sign().equal(0.0);
        Node perMatrix = singular.unsqueeze(-1).unsqueeze(-1);
        Node invertible = WhereOp.where(perMatrix, SourceOp.zerosLike(a).add(Matrices.eye(s.dim(-1), a.dtype())), a);
        Node value = StatisticOp.matrixNorm(a, p, false).mul(StatisticOp.matrixNorm(SolveOp.inverse(invertible), p,
                false));
        return WhereOp.where(singular, SourceOp.scalarFor("cond", Double.POSITIVE_INFINITY, value), value);
    }

    /**
     * {@code torch.linalg.vander(x)}: the Vandermonde matrices of the vectors {@code x : [..., n]}, with increasing
     * powers, {@code [..., n, n]}, {@code V_ij = x_i^j}; see {@link #vander(Node, int)}.
     */
    public static Node vander(Node x) {
        Objects.requireNonNull(x, "vander: x is null");
        if (x.rank() < 1 || x.shape().dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException("vander: x must be vectors [..., n] with a concrete n, got "
                    + x.describe());
        }
        return vander(x, x.shape().dim(-1));
    }

    /**
     * {@code torch.linalg.vander(x, N=columns)}: {@code V_ij = x_i^j} for {@code j = 0 .. columns - 1},
     * {@code [..., n] -> [..., n, columns]} ({@code numpy.vander(x, columns, increasing=True)}). For floats the
     * powers are the running products {@code x^j = x^(j-1) · x} of one cumulative product along the columns of
     * {@code [1, x, x, ..., x]}, as PyTorch computes them (bit for bit), and their gradient is cumprod's, exact at
     * {@code x = 0}. Integers (which cumprod does not take) double the columns built so far,
     * {@code x^(k + j) = x^k · x^j}, exact as integer products wrap. Either way the graph has at most
     * {@code O(log columns)} nodes.
     *
     * @throws IllegalArgumentException for a scalar x, {@code columns <= 1} (PyTorch's rule), or a result of more
     *     than {@link Shape#MAX_SIZE} elements
     */
    public static Node vander(Node x, int columns) {
        Objects.requireNonNull(x, "vander: x is null");
        DTypeSet.NUMERIC.require("vander", "x", x);
        if (x.rank() < 1) {
            throw new IllegalArgumentException("vander: x must be vectors [..., n], got " + x.describe());
        }
        if (columns <= 1) {
            throw new IllegalArgumentException("vander: the number of columns must be greater than 1, got " + columns);
        }
        long size = columns;
        for (int d : x.shape().dims()) {
            size *= d == Shape.BATCH ? 1 : d;
        }
        if (size > Shape.MAX_SIZE) { // x holds at most MAX_SIZE elements, so size is below 2^62
            throw new IllegalArgumentException("vander: the result " + x.describe() + " x " + columns
                    + " columns has " + size + " elements, more than a tensor holds (" + Shape.MAX_SIZE + ")");
        }
        Node column = x.unsqueeze(-1);
        if (x.dtype().isFloating()) {
            int[] dims = Arrays.copyOf(x.shape().dims(), x.rank() + 1);
            dims[x.rank()] = columns - 1;
            Node repeated = MovementOp.broadcastTo(column, Shape.of(dims));
            return MovementOp.concat(-1, SourceOp.onesLike(column), repeated).cumprod(-1);
        }
        Node powers = MovementOp.concat(-1, SourceOp.onesLike(column), column);
        Node top = column; // x^(width - 1), the last column of powers
        for (int width = 2; width < columns; width *= 2) {
            int more = Math.min(width, columns - width);
            Node xWidth = top.mul(column);
            powers = MovementOp.concat(-1, powers, powers.slice(-1, 0, more).mul(xWidth));
            top = top.mul(xWidth);
        }
        return powers;
    }

    /**
     * {@code torch.linalg.tensorinv(A, ind)}: the tensor {@code X : [in..., out...]} with
     * {@code tensordot(A, X, rank(in)) = I} for {@code A : [out..., in...]}, {@code out} its first {@code ind} axes
     * and {@code prod(out) = prod(in)}: the inverse of A read as a {@code prod(out) × prod(in)} matrix, reshaped.
     *
     * @throws IllegalArgumentException when {@code ind} is not in {@code [1, rank)}, an axis is symbolic, or the
     *     products differ; at the call, {@link dev.adjoint.core.kernel.LinalgException} when the matrix is singular
     */
    public static Node tensorinv(Node a, int ind) {
        Objects.requireNonNull(a, "tensorinv: operand is null");
        DTypeSet.FLOATING.require("tensorinv", "operand", a);
        if (ind <= 0 || ind >= Math.max(a.rank(), 1)) {
            throw new IllegalArgumentException("tensorinv: ind must lie in [1, " + a.rank() + ") for " + a.describe()
                    + ", got " + ind);
        }
        int[] dims = concrete("tensorinv", a);
        int[] out = Arrays.copyOfRange(dims, 0, ind);
        int[] in = Arrays.copyOfRange(dims, ind, dims.length);
        long rows = product(out);
        if (rows != product(in)) {
            throw new IllegalArgumentException("tensorinv: the product of the first ind = " + ind + " axes must equal"
                    + " the product of the others, got " + rows + " and " + product(in) + " for " + a.describe());
        }
        int[] shape = Arrays.copyOf(in, dims.length);
        System.arraycopy(out, 0, shape, in.length, out.length);
        return SolveOp.inverse(a.reshape((int) rows, (int) rows)).reshape(shape);
    }

    /**
     * {@code torch.linalg.tensorsolve(A, B)}: the tensor {@code X : [x...]} with
     * {@code tensordot(A, X, rank(X)) = B} for {@code A : [b..., x...]}, {@code B : [b...]} and
     * {@code prod(b) = prod(x)}: {@link SolveOp#solve} with A read as a square matrix and B as a vector.
     *
     * @throws IllegalArgumentException when A's leading axes are not B's, the products differ, or an axis is
     *     symbolic; at the call, {@link dev.adjoint.core.kernel.LinalgException} when the matrix is singular
     */
    public static Node tensorsolve(Node a, Node b) {
        return tensorsolve(a, b, new int[0]);
    }

    /**
     * {@code torch.linalg.tensorsolve(A, B, dims)}: {@link #tensorsolve(Node, Node)} after moving A's axes
     * {@code dims} (negative ones count from the end) to its end, in the order given.
     *
     * @throws IllegalArgumentException as {@link #tensorsolve(Node, Node)}, and for repeated or out-of-range axes
     */
    public static Node tensorsolve(Node a, Node b, int... dims) {
        Objects.requireNonNull(a, "tensorsolve: A is null");
        Objects.requireNonNull(b, "tensorsolve: B is null");
        Objects.requireNonNull(dims, "tensorsolve: dims is null");
        DTypeSet.FLOATING.require("tensorsolve", "A", a);
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("tensorsolve: A and B must have one dtype, got " + Node.describe(
                    List.of(a, b)));
        }
        Node moved = a;
        if (dims.length > 0) {
            boolean[] seen = new boolean[a.rank()];
            List<Integer> order = new ArrayList<>();
            for (int d : dims) {
                int axis = d < 0 ? d + a.rank() : d;
                if (axis < 0 || axis >= a.rank() || seen[axis]) {
                    throw new IllegalArgumentException("tensorsolve: dims must be distinct axes of A " + a.describe()
                            + ", got " + Arrays.toString(dims));
                }
                seen[axis] = true;
            }
            for (int axis = 0; axis < a.rank(); axis++) {
                if (!seen[axis]) {
                    order.add(axis);
                }
            }
            for (int d : dims) {
                order.add(d < 0 ? d + a.rank() : d);
            }
            moved = a.permute(order.stream().mapToInt(Integer::intValue).toArray());
        }
        int[] aDims = concrete("tensorsolve", moved);
        int[] bDims = concrete("tensorsolve", b);
        boolean leading = bDims.length <= aDims.length
                && Arrays.equals(bDims, Arrays.copyOfRange(aDims, 0, bDims.length));
        int[] x = Arrays.copyOfRange(aDims, Math.min(bDims.length, aDims.length), aDims.length);
        if (!leading || product(x) != product(bDims)) {
            throw new IllegalArgumentException("tensorsolve: A must be [b..., x...] with B's shape b first and"
                    + " prod(x) = prod(b), got A " + moved.describe() + " (after moving dims " + Arrays.toString(dims)
                    + ") and B " + b.describe());
        }
        int n = (int) product(bDims);
        return SolveOp.solve(moved.reshape(n, n), b.reshape(n)).reshape(x);
    }

    /**
     * {@code torch.cholesky_inverse(L)}: {@code A⁻¹} of {@code A = L Lᵀ} from its lower Cholesky factor
     * {@code L : [..., n, n]}; see {@link #choleskyInverse(Node, boolean)}.
     */
    public static Node choleskyInverse(Node l) {
        return choleskyInverse(l, false);
    }

    /**
     * {@code torch.cholesky_inverse(F, upper)}: {@code A⁻¹} of {@code A = L Lᵀ} for a lower factor F = L, or of
     * {@code A = Uᵀ U} for an upper one F = U: {@code A⁻¹ = L⁻ᵀ L⁻¹} or {@code U⁻¹ U⁻ᵀ}, the product of a triangular
     * inverse ({@link SolveOp#triangularSolve} with the identity) and its transpose, so exactly symmetric. Only the
     * triangle of F that the factor occupies is read, and its gradient is that triangle's: PyTorch's gradient differs
     * in the other triangle, which it fills as if F were a full matrix although its forward ignores it.
     *
     * @throws IllegalArgumentException for an operand that is not a floating stack of square matrices; at the call,
     *     {@link dev.adjoint.core.kernel.LinalgException} for a zero on F's diagonal
     */
    public static Node choleskyInverse(Node f, boolean upper) {
        Objects.requireNonNull(f, "choleskyInverse: factor is null");
        DTypeSet.FLOATING.require("choleskyInverse", "factor", f);
        Shape s = f.shape();
        if (f.rank() < 2 || s.dim(-1) != s.dim(-2) || s.dim(-1) == Shape.BATCH) {
            throw new IllegalArgumentException("choleskyInverse: factor must be square matrices [..., n, n] with a"
                    + " concrete n, got " + f.describe());
        }
        Node inverse = SolveOp.triangularSolve(f, Matrices.eye(s.dim(-1), f.dtype()), !upper);
        return upper ? inverse.matmul(inverse.transpose()) : inverse.transpose().matmul(inverse);
    }

    /**
     * {@code torch.linalg.householder_product(A, tau)}: the first n columns of {@code H_1 H_2 ... H_k} for
     * {@code A : [..., m, n]} and {@code tau : [..., k]}, {@code m >= n >= k}, with the reflectors
     * {@code H_i = I - tau_i v_i v_iᵀ} whose vectors {@code v_i} have 0 above row i, 1 at row i, and A's column i
     * below it (LAPACK's {@code orgqr}; with {@code geqrf}'s output it is the Q of the QR factorization). Computed
     * as {@code Q ← H_i Q = Q - tau_i v_i (v_iᵀ Q)} from {@code Q = I_(m × n)}, i from k down to 1: products and
     * sums, differentiable in A (its strict lower triangle, the part it reads) and in tau.
     *
     * @throws IllegalArgumentException for shapes other than those above or operands of several dtypes
     */
    public static Node householderProduct(Node a, Node tau) {
        Objects.requireNonNull(a, "householderProduct: A is null");
        Objects.requireNonNull(tau, "householderProduct: tau is null");
        DTypeSet.FLOATING.require("householderProduct", "A", a);
        if (a.dtype() != tau.dtype()) {
            throw new IllegalArgumentException("householderProduct: A and tau must have one dtype, got "
                    + Node.describe(List.of(a, tau)));
        }
        Shape s = a.shape();
        if (a.rank() < 2 || s.dim(-1) == Shape.BATCH || s.dim(-2) == Shape.BATCH || s.dim(-2) < s.dim(-1)) {
            throw new IllegalArgumentException("householderProduct: A must be matrices [..., m, n] with concrete"
                    + " m >= n, got " + a.describe());
        }
        int m = s.dim(-2);
        int n = s.dim(-1);
        Shape t = tau.shape();
        boolean batchMatches = tau.rank() == a.rank() - 1;
        for (int i = 0; batchMatches && i < tau.rank() - 1; i++) {
            batchMatches = t.dim(i) == s.dim(i);
        }
        if (!batchMatches || t.dim(-1) == Shape.BATCH || t.dim(-1) > n) {
            throw new IllegalArgumentException("householderProduct: tau must be [..., k] with A's leading dimensions"
                    + " and k <= n = " + n + ", got A " + a.describe() + " and tau " + tau.describe());
        }
        int k = t.dim(-1);
        Node identity = Matrices.eye(m, a.dtype()).slice(-1, 0, n);
        Node vectors = SolveOp.tril(a, -1).add(identity);
        Node q = identity;
        for (int i = k - 1; i >= 0; i--) {
            Node v = vectors.slice(-1, i, i + 1);
            Node scale = tau.slice(-1, i, i + 1).unsqueeze(-1);
            q = q.sub(scale.mul(v).matmul(v.transpose().matmul(q)));
        }
        return k == 0 ? q.add(SourceOp.zerosLike(a)) : q; // with no reflector, the identity of A's batch shape
    }

    /** The dimensions of x, all concrete. */
    private static int[] concrete(String op, Node x) {
        int[] dims = x.shape().dims();
        for (int d : dims) {
            if (d == Shape.BATCH) {
                throw new IllegalArgumentException(op + ": every axis must be concrete, got " + x.describe());
            }
        }
        return dims;
    }

    private static long product(int[] dims) {
        long p = 1;
        for (int d : dims) {
            p *= d;
        }
        return p;
    }
}
