package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of the op table for the matrix families: contractions ({@link ContractionOp}), linear systems
 * ({@link SolveOp}), decompositions ({@link DecompositionOp}) and matrix functions ({@link MatrixFunctionOp}),
 * with the NumPy forms of matmul.
 *
 * <p><b>The declared domain.</b> A decomposition is defined (and differentiable) only on structured matrices,
 * which no elementwise {@link Domain} describes. Each case therefore draws a matrix {@code X} with entries in
 * {@link #ENTRIES} = [-1, 1] and applies the op to {@code X + D}, D a constant chosen per op so that every
 * {@code X} of the domain gives a well-conditioned argument (by Gershgorin's and Weyl's theorems, stated at
 * each D below). The gradient is taken with respect to X, so it checks the op's VJP element by element (the
 * addition's is the identity), including in the upper triangle that {@code cholesky} and {@code eigh} do not
 * read. The symbolic-batch property draws X in [0.5, 1.5]; the bounds below hold there too.
 *
 * <p><b>Float32.</b> The rows keep the default {@link dev.adjoint.core.check.Tolerance#FLOAT32} (step 1e-2, atol
 * 1e-2, rtol 2e-2), and its argument carries over. The kernels factor in float64 and round the result once,
 * so a forward value is off by at most half a float32 ulp (6e-8 relative) of values at most about 50 (the
 * largest shift, eigh's 4n(n - 1) = 48): divided by the step, at most 3e-4 of noise in a difference quotient.
 * The VJP graphs add float32 roundings of the same order (products over at most 4 terms). The truncation
 * error, step² times a third derivative, is about 1e-4 times that derivative, which the constructions below
 * keep of order 1: condition numbers at most 3 to 5 and eigenvalue or singular-value gaps of at least n. Both
 * stay a factor of 30 or more inside the tolerance, so no row needs a looser one.
 */
final class LinalgSpecs {

    /** Where the entries of the drawn matrices lie. */
    static final Domain ENTRIES = Domain.between(-1, 1);

    private LinalgSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(
                contract(), tensordot().asComposition(), outer().asComposition(), einsum().asComposition(),
                numpyMatmul().asComposition(),
                triangle(), triangularSolve(), triangularSolveInB(), choleskySolve().asComposition(),
                solve(), solveInB(), inverse(), det(), cofactor(), slogdet(), pinv(), lstsq().asComposition(),
                cholesky(), qr(), eigh(), svd(), matrixNorms().asComposition(), matrixRank().asComposition(),
                lu(), luSolve().asComposition(), matrixExp());
    }

    // ---------------------------------------------------------------- shapes and diagonals

    /** A stack of {@code rows × cols} matrices with 0 or 1 leading dimension (then batchable). */
    static Shape stack(Draw d, int rows, int cols) {
        return d.bool() ? Shape.of(rows, cols) : Shape.of(d.integer(1, 3), rows, cols);
    }

    /** {@code x + D} for the constant {@code rows × cols} matrix D with {@code diagonal} on its diagonal. */
    static Node plusDiagonal(Node x, double[] diagonal) {
        int rows = x.shape().dim(-2);
        int cols = x.shape().dim(-1);
        double[] data = new double[rows * cols];
        for (int i = 0; i < diagonal.length; i++) {
            data[i * cols + i] = diagonal[i];
        }
        return x.add(SourceOp.constant(Tensor.of(x.dtype(), Shape.of(rows, cols), data)));
    }

    /** {@code c} repeated {@code n} times. */
    static double[] constant(int n, double c) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, c);
        return out;
    }

    /**
     * {@code ±2n} on the diagonal, signs drawn: with entries of X at most 1.5 in magnitude, every row of
     * {@code X + D} is strictly diagonally dominant ({@code 2n - 1.5 > 1.5 (n - 1)}), so the matrix is
     * nonsingular with determinant of sign {@code prod sign(d_i)}, and its triangles have no zero on the
     * diagonal.
     */
    static double[] dominant(Draw d, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (d.bool() ? 2.0 : -2.0) * n;
        }
        return out;
    }

    static Tensor entries(Draw d, Shape s) {
        return d.tensor(s, ENTRIES);
    }

    /** A case of a unary matrix op applied to {@code X + D}. */
    static OpCase unary(String label, Tensor x, Function<Node, Node> op, double[] diagonal) {
        return new OpCase(label + " " + x.shape(), List.of(Arg.of("x", x).batchedIf(x.rank() > 2)),
                in -> op.apply(plusDiagonal(in.get(0), diagonal)));
    }

    // ---------------------------------------------------------------- contractions

    /** Random batch, contracted and free axes, in random orders in both operands. */
    static OpSpec contract() {
        return OpSpec.of("contract", Draw.cases(d -> {
            int batch = d.integer(0, 1);
            int contracted = d.integer(0, 2);
            int aFree = d.integer(0, 2);
            int bFree = d.integer(0, 2);
            int[] sizes = new int[batch + contracted];
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = d.integer(1, Draw.MAX_DIM);
            }
            int[] aPerm = d.permutation(batch + contracted + aFree);
            int[] bPerm = d.permutation(batch + contracted + bFree);
            // logical axis l of an operand (paired axes first, then its free ones) is stored at perm[l]
            int[] aDims = new int[aPerm.length];
            int[] bDims = new int[bPerm.length];
            for (int l = 0; l < aPerm.length; l++) {
                aDims[aPerm[l]] = l < sizes.length ? sizes[l] : d.integer(1, Draw.MAX_DIM);
            }
            for (int l = 0; l < bPerm.length; l++) {
                bDims[bPerm[l]] = l < sizes.length ? sizes[l] : d.integer(1, Draw.MAX_DIM);
            }
            int[] aB = java.util.Arrays.copyOfRange(aPerm, 0, batch);
            int[] bB = java.util.Arrays.copyOfRange(bPerm, 0, batch);
            int[] aC = java.util.Arrays.copyOfRange(aPerm, batch, batch + contracted);
            int[] bC = java.util.Arrays.copyOfRange(bPerm, batch, batch + contracted);
            // axis 0 may be N when it is free, or paired with the other operand's axis 0 (then both are N)
            int aLogical0 = indexOf(aPerm, 0);
            int bLogical0 = indexOf(bPerm, 0);
            boolean pair00 = aLogical0 == bLogical0 && aLogical0 < sizes.length;
            boolean aBatched = aDims.length > 0 && (aLogical0 >= sizes.length || pair00);
            boolean bBatched = bDims.length > 0 && (bLogical0 >= sizes.length || pair00);
            Tensor a = d.tensor(Shape.of(aDims), Domain.REAL);
            Tensor b = d.tensor(Shape.of(bDims), Domain.REAL);
            return new OpCase("contract " + a.shape() + " " + b.shape() + " batch " + java.util.Arrays.toString(aB)
                    + "~" + java.util.Arrays.toString(bB) + " contracted " + java.util.Arrays.toString(aC) + "~"
                    + java.util.Arrays.toString(bC), List.of(Arg.of("a", a).batchedIf(aBatched),
                    Arg.of("b", b).batchedIf(bBatched)),
                    in -> ContractionOp.contract(in.get(0), in.get(1), aB, bB, aC, bC));
        }), MULTILINEAR, SECOND_ORDER);
    }

    private static int indexOf(int[] xs, int x) {
        for (int i = 0; i < xs.length; i++) {
            if (xs[i] == x) {
                return i;
            }
        }
        return -1;
    }

    static OpSpec tensordot() {
        return OpSpec.of("tensordot", Draw.cases(d -> {
            int axes = d.integer(0, 2);
            Shape shared = d.shape(axes, axes);
            Shape aLead = d.shape(0, 2);
            Shape bTail = d.shape(0, 1);
            Tensor a = d.tensor(concat(aLead, shared), Domain.REAL);
            Tensor b = d.tensor(concat(shared, bTail), Domain.REAL);
            return new OpCase("tensordot axes " + axes + " " + a.shape() + " " + b.shape(),
                    List.of(Arg.of("a", a).batchedIf(aLead.rank() > 0), Arg.of("b", b)),
                    in -> ContractionOp.tensordot(in.get(0), in.get(1), axes));
        }), MULTILINEAR, SECOND_ORDER);
    }

    private static Shape concat(Shape x, Shape y) {
        int[] dims = java.util.Arrays.copyOf(x.dims(), x.rank() + y.rank());
        System.arraycopy(y.dims(), 0, dims, x.rank(), y.rank());
        return Shape.of(dims);
    }

    static OpSpec outer() {
        return OpSpec.of("outer", Draw.cases(d -> {
            Tensor a = d.tensor(Shape.of(d.integer(1, Draw.MAX_DIM)), Domain.REAL);
            Tensor b = d.tensor(Shape.of(d.integer(1, Draw.MAX_DIM)), Domain.REAL);
            return new OpCase("outer", List.of(Arg.of("a", a).batched(), Arg.of("b", b)),
                    in -> ContractionOp.outer(in.get(0), in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    /**
     * Subscripts covering a matrix product, a batched one, a chain of three (a contraction order to choose),
     * a trace, a diagonal, a sum, a transposed contraction, broadcasting over {@code ...}, and the implicit
     * output.
     */
    static OpSpec einsum() {
        return OpSpec.of("einsum", Draw.cases(d -> {
            int i = d.integer(1, Draw.MAX_DIM);
            int j = d.integer(1, Draw.MAX_DIM);
            int k = d.integer(1, Draw.MAX_DIM);
            int l = d.integer(1, Draw.MAX_DIM);
            int b = d.integer(1, 3);
            /** The subscripts, the operands' shapes, and which operands may take N on axis 0. */
            record Spec(String subscripts, Shape[] shapes, boolean... batched) {
            }
            Spec spec = d.oneOf(
                    new Spec("ij,jk->ik", new Shape[] {Shape.of(i, j), Shape.of(j, k)}, true, false),
                    new Spec("bij,bjk->bik", new Shape[] {Shape.of(b, i, j), Shape.of(b, j, k)}, true, true),
                    new Spec("ij,jk,kl->il", new Shape[] {Shape.of(i, j), Shape.of(j, k), Shape.of(k, l)}, true,
                            false, false),
                    new Spec("ii->", new Shape[] {Shape.of(i, i)}, false),
                    new Spec("bii->bi", new Shape[] {Shape.of(b, i, i)}, true),
                    new Spec("ijk->j", new Shape[] {Shape.of(i, j, k)}, true),
                    new Spec("ij,kj->ki", new Shape[] {Shape.of(i, j), Shape.of(k, j)}, true, false),
                    new Spec("...ij,jk", new Shape[] {Shape.of(b, i, j), Shape.of(j, k)}, true, false),
                    new Spec("ba,ab", new Shape[] {Shape.of(i, j), Shape.of(j, i)}, false, false),
                    new Spec("i,i,i->", new Shape[] {Shape.of(i), Shape.of(i), Shape.of(i)}, true, true, true));
            List<Arg> args = new ArrayList<>();
            for (int n = 0; n < spec.shapes().length; n++) {
                args.add(Arg.of("x" + n, d.tensor(spec.shapes()[n], Domain.REAL)).batchedIf(spec.batched()[n]));
            }
            return new OpCase("einsum " + spec.subscripts(), args, in -> ContractionOp.einsum(spec.subscripts(), in));
        }), SECOND_ORDER);
    }

    /** NumPy's matmul: 1-D operands, broadcast leading dimensions. */
    static OpSpec numpyMatmul() {
        return OpSpec.of("matmul (NumPy forms)", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int k = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            int b = d.integer(2, 3);
            Shape[] shapes = d.oneOf(new Shape[] {Shape.of(k), Shape.of(k, n)}, new Shape[] {Shape.of(m, k),
                    Shape.of(k)}, new Shape[] {Shape.of(k), Shape.of(k)}, new Shape[] {Shape.of(k), Shape.of(b, k, n)},
                    new Shape[] {Shape.of(b, 1, m, k), Shape.of(3, k, n)}, new Shape[] {Shape.of(1, m, k),
                    Shape.of(b, k, n)});
            Tensor x = d.tensor(shapes[0], Domain.REAL);
            Tensor y = d.tensor(shapes[1], Domain.REAL);
            // N may replace a's first axis where it is a row axis or broadcasts against a 3
            boolean batched = x.rank() == 2 || x.rank() == 4;
            return new OpCase("matmul " + x.shape() + " " + y.shape(), List.of(Arg.of("a", x).batchedIf(batched),
                    Arg.of("b", y)),
                    in -> in.get(0).matmul(in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    // ---------------------------------------------------------------- systems

    static OpSpec triangle() {
        return OpSpec.of("tril/triu", Draw.cases(d -> {
            Shape s = stack(d, d.integer(1, Draw.MAX_DIM), d.integer(1, Draw.MAX_DIM));
            boolean lower = d.bool();
            int k = d.integer(-2, 2);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase((lower ? "tril " : "triu ") + k, List.of(Arg.of("x", x).batchedIf(s.rank() > 2)),
                    in -> lower ? in.get(0).tril(k) : in.get(0).triu(k));
        }), LINEAR, SECOND_ORDER);
    }

    /** {@code op(T) X = B} with T = X_T + D ({@link #dominant}: no zero on the diagonal), every flag drawn. */
    static OpSpec triangularSolve() {
        return OpSpec.of("triangularSolve", Draw.cases(d -> triangularCase(d, true)), SECOND_ORDER);
    }

    /** The same with T fixed: linear in B, so the adjoint identity holds in B. */
    static OpSpec triangularSolveInB() {
        return OpSpec.of("triangularSolve in b", Draw.cases(d -> triangularCase(d, false)), LINEAR);
    }

    private static OpCase triangularCase(Draw d, boolean inT) {
        int n = d.integer(1, Draw.MAX_DIM);
        Shape ts = stack(d, n, n);
        boolean lower = d.bool();
        boolean transpose = d.bool();
        boolean unit = d.bool();
        Tensor t = entries(d, ts);
        Tensor b = d.tensor(ts.with(-1, d.integer(1, Draw.MAX_DIM)), Domain.REAL);
        double[] diagonal = dominant(d, n);
        boolean batched = ts.rank() > 2;
        Arg tArg = inT ? Arg.of("t", t).batchedIf(batched) : Arg.index("t", t).batchedIf(batched);
        return new OpCase("triangularSolve " + (lower ? "lower" : "upper") + (transpose ? " transposed" : "")
                + (unit ? " unit" : "") + " " + ts, List.of(tArg, Arg.of("b", b).batchedIf(batched)),
                in -> SolveOp.triangularSolve(plusDiagonal(in.get(0), diagonal), in.get(1), lower, transpose, unit,
                        true));
    }

    static OpSpec choleskySolve() {
        return OpSpec.of("choleskySolve", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            Shape ls = stack(d, n, n);
            Tensor l = entries(d, ls);
            Tensor b = d.tensor(d.bool() ? Shape.of(n) : ls.with(-1, d.integer(1, Draw.MAX_DIM)), Domain.REAL);
            boolean batched = ls.rank() > 2;
            return new OpCase("choleskySolve " + ls + " " + b.shape(), List.of(Arg.of("l", l).batchedIf(batched),
                    Arg.of("b", b).batchedIf(batched && b.rank() > 1)),
                    in -> SolveOp.choleskySolve(plusDiagonal(in.get(0), constant(n, 2.0 * n)), in.get(1)));
        }), SECOND_ORDER);
    }

    static OpSpec solve() {
        return OpSpec.of("solve", Draw.cases(d -> solveCase(d, true)), SECOND_ORDER);
    }

    static OpSpec solveInB() {
        return OpSpec.of("solve in b", Draw.cases(d -> solveCase(d, false)), LINEAR);
    }

    private static OpCase solveCase(Draw d, boolean inA) {
        int n = d.integer(1, Draw.MAX_DIM);
        Shape as = stack(d, n, n);
        Tensor a = entries(d, as);
        Tensor b = d.tensor(as.with(-1, d.integer(1, Draw.MAX_DIM)), Domain.REAL);
        double[] diagonal = dominant(d, n);
        boolean batched = as.rank() > 2;
        Arg aArg = inA ? Arg.of("a", a).batchedIf(batched) : Arg.index("a", a).batchedIf(batched);
        return new OpCase("solve " + as, List.of(aArg, Arg.of("b", b).batchedIf(batched)),
                in -> SolveOp.solve(plusDiagonal(in.get(0), diagonal), in.get(1)));
    }

    static OpSpec inverse() {
        return OpSpec.of("inverse", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("inverse", entries(d, stack(d, n, n)), SolveOp::inverse, dominant(d, n));
        }), SECOND_ORDER);
    }

    static OpSpec det() {
        return OpSpec.of("det", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("det", entries(d, stack(d, n, n)), SolveOp::det, dominant(d, n));
        }), SECOND_ORDER);
    }

    /** The gradient of det, through which its second derivative runs. */
    static OpSpec cofactor() {
        return OpSpec.of("cofactor", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("cofactor", entries(d, stack(d, n, n)), a -> Node.apply(new SolveOp.Cofactor(), a),
                    dominant(d, n));
        }), SECOND_ORDER);
    }

    /** The packed {@code (sign, log|det|)} record itself, so that the row tests it. */
    static OpSpec slogdet() {
        return OpSpec.of("slogdet", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("slogdet", entries(d, stack(d, n, n)), a -> Node.apply(new SolveOp.Slogdet(), a),
                    dominant(d, n));
        }), SECOND_ORDER);
    }

    /** Tall, square and wide full-rank matrices {@code X + c I}, {@code c = 2 max(m, n)}, as for {@link #lstsq}. */
    static OpSpec pinv() {
        return OpSpec.of("pinv", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("pinv", entries(d, stack(d, m, n)), SolveOp::pinv,
                    constant(Math.min(m, n), 2.0 * Math.max(m, n)));
        }), SECOND_ORDER);
    }

    /**
     * Tall (least squares) and wide (minimum norm) full-rank matrices: {@code X + c I} with {@code c = 2 max(m, n)}.
     */
    static OpSpec lstsq() {
        return OpSpec.of("lstsq", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            Shape as = stack(d, m, n);
            Tensor a = entries(d, as);
            Tensor b = d.tensor(d.bool() ? Shape.of(m) : as.with(-1, d.integer(1, Draw.MAX_DIM)), Domain.REAL);
            boolean batched = as.rank() > 2;
            return new OpCase("lstsq " + as + " " + b.shape(), List.of(Arg.of("a", a).batchedIf(batched),
                    Arg.of("b", b).batchedIf(batched && b.rank() > 1)),
                    in -> SolveOp.lstsq(plusDiagonal(in.get(0), constant(Math.min(m, n), 2.0 * Math.max(m, n))),
                            in.get(1)));
        }), SECOND_ORDER);
    }

    // ---------------------------------------------------------------- decompositions

    /**
     * {@code X + 2n I}: the symmetric matrix built from its lower triangle has, by Gershgorin, eigenvalues in
     * {@code [2n - 1 - (n - 1), 3n] = [n, 3n]} for entries in [-1, 1] (and above {@code n/2 + 2} in [0.5, 1.5]):
     * positive definite with condition number at most 3.
     */
    static OpSpec cholesky() {
        return OpSpec.of("cholesky", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("cholesky", entries(d, stack(d, n, n)), DecompositionOp::cholesky, constant(n, 2.0 * n));
        }), SECOND_ORDER);
    }

    /**
     * {@code X + c I} ({@code c = 2 max(m, n)}, on the {@code min(m, n)} diagonal): the smallest singular value
     * is at least {@code c - ‖X‖ >= max(m, n)}, so A has full rank and R is invertible, as the VJP needs.
     */
    static OpSpec qr() {
        return OpSpec.of("qr", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("qr", entries(d, stack(d, m, n)), a -> Node.apply(new DecompositionOp.Qr(), a),
                    constant(Math.min(m, n), 2.0 * Math.max(m, n)));
        }), SECOND_ORDER);
    }

    /**
     * {@code X + diag(0, s, 2s, ...)} with {@code s = 4n}: by Weyl's theorem each eigenvalue lies within
     * {@code ‖X‖ <= n} (1.5n in [0.5, 1.5]) of its diagonal entry, so eigenvalues are at least {@code 2n}
     * ({@code n}) apart and eigenvector i is close to {@code e_i}: its sign convention does not switch under a
     * small step.
     */
    static OpSpec eigh() {
        return OpSpec.of("eigh", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            double[] diagonal = new double[n];
            for (int i = 0; i < n; i++) {
                diagonal[i] = 4.0 * n * i;
            }
            return unary("eigh", entries(d, stack(d, n, n)), a -> Node.apply(new DecompositionOp.Eigh(), a),
                    diagonal);
        }), SECOND_ORDER);
    }

    /**
     * {@code X + D} with {@code D_ii = c (k - i)}, {@code c = 4 max(m, n)}: by Weyl's theorem for singular
     * values, each lies within {@code ‖X‖ <= max(m, n)} (1.5 times that in [0.5, 1.5]) of {@code D_ii}: distinct
     * (at least {@code 2 max(m, n)} apart) and nonzero, as the gradient needs.
     */
    static OpSpec svd() {
        return OpSpec.of("svd", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            int k = Math.min(m, n);
            double[] diagonal = new double[k];
            for (int i = 0; i < k; i++) {
                diagonal[i] = 4.0 * Math.max(m, n) * (k - i);
            }
            return unary("svd", entries(d, stack(d, m, n)), a -> Node.apply(new DecompositionOp.Svd(), a), diagonal);
        }), SECOND_ORDER);
    }

    /**
     * {@code matrixNorm} of every order (the nuclear and spectral norms by their own names too) of {@code X + D},
     * D as for {@link #svd}: distinct nonzero singular values, and absolute row and column sums whose extremes are
     * single (the diagonal's columns and rows dominate, the rest tie with probability 0).
     */
    static OpSpec matrixNorms() {
        return OpSpec.of("matrix norms", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            int k = Math.min(m, n);
            double[] diagonal = new double[k];
            for (int i = 0; i < k; i++) {
                diagonal[i] = 4.0 * Math.max(m, n) * (k - i);
            }
            StatisticOp.MatrixNorm ord = d.oneOf(StatisticOp.MatrixNorm.values());
            boolean keepDims = d.bool();
            int named = d.integer(0, 2);
            Function<Node, Node> norm = named == 1 && ord == StatisticOp.MatrixNorm.NUCLEAR
                    ? a -> a.normNuclear(keepDims)
                    : named == 2 && ord == StatisticOp.MatrixNorm.SPECTRAL
                    ? a -> a.normSpectral(keepDims)
                    : a -> a.matrixNorm(ord, keepDims);
            return unary("matrixNorm " + ord + (keepDims ? " keepDims" : ""), entries(d, stack(d, m, n)), norm,
                    diagonal);
        }), SECOND_ORDER);
    }

    /**
     * The rank of {@code X + D}, D as for {@link #svd}, with the last diagonal entry dropped at random (then the
     * rank may fall): an integer with a zero gradient.
     */
    static OpSpec matrixRank() {
        return OpSpec.of("matrixRank", Draw.cases(d -> {
            int m = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            int k = Math.min(m, n);
            double[] diagonal = new double[k];
            for (int i = 0; i < k; i++) {
                diagonal[i] = 4.0 * Math.max(m, n) * (k - i);
            }
            return unary("matrixRank", entries(d, stack(d, m, n)), DecompositionOp::matrixRank, diagonal);
        }), OpSpec.Claim.ZERO_GRADIENT);
    }

    /**
     * {@code X + c Q} for a drawn permutation Q ({@code Q[q(j), j] = 1} for {@code j < min(m, n)}) and
     * {@code c = 2 max(m, n)}: {@code Qᵀ(X + cQ)} has its diagonal dominate its columns ({@code c - 1.5 >
     * 1.5 (m - 1)}), which Gaussian elimination keeps, so partial pivoting picks the rows of Q, with margins of
     * order c that a step cannot close: the permutation is constant and U's diagonal at least about
     * {@code c - 1.5 m}, as the VJP needs. The packed result's permutation and pivot columns have a zero gradient.
     */
    static OpCase permutedDominant(Draw d, int m, int n, String label, Function<Node, Node> op) {
        Shape s = stack(d, m, n);
        int[] q = d.permutation(m);
        double[] data = new double[m * n];
        for (int j = 0; j < Math.min(m, n); j++) {
            data[q[j] * n + j] = 2.0 * Math.max(m, n);
        }
        return new OpCase(label + " " + s, List.of(Arg.of("x", entries(d, s)).batchedIf(s.rank() > 2)),
                in -> op.apply(in.get(0).add(SourceOp.constant(Tensor.of(in.get(0).dtype(), Shape.of(m, n), data)))));
    }

    /** The packed LU factorization of square, tall and wide matrices, pivoting by a drawn permutation. */
    static OpSpec lu() {
        return OpSpec.of("lu", Draw.cases(d -> permutedDominant(d, d.integer(1, Draw.MAX_DIM),
                d.integer(1, Draw.MAX_DIM), "lu", a -> Node.apply(new LuOp.Lu(), a))), SECOND_ORDER);
    }

    /**
     * {@code luSolve(luFactor(A), B, left, adjoint)} for A as for {@link #lu}, square, every flag drawn, and B a
     * matrix ({@code [n, k]} on the left, {@code [k, n]} on the right) or a vector.
     */
    static OpSpec luSolve() {
        return OpSpec.of("luSolve", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            boolean left = d.bool();
            boolean adjoint = d.bool();
            OpCase a = permutedDominant(d, n, n, "luSolve", x -> x);
            int k = d.integer(1, Draw.MAX_DIM);
            Tensor b = d.tensor(d.bool() ? Shape.of(n) : left ? Shape.of(n, k) : Shape.of(k, n), Domain.REAL);
            return new OpCase(a.label() + " " + b.shape() + (left ? " left" : " right") + (adjoint ? " adjoint" : ""),
                    List.of(a.args().get(0), Arg.of("b", b)),
                    in -> LuOp.luSolve(a.build().apply(in.subList(0, 1)).luFactor(), in.get(1), left, adjoint));
        }), SECOND_ORDER);
    }

    // ---------------------------------------------------------------- matrix functions

    /**
     * {@code e^X} for X with entries in [-1, 1] (no shift: the exponential is entire), so {@code ‖X‖₁ <= n <= 4}
     * and the Padé degree changes within the drawn domain (the forward is smooth across the switch: each degree is
     * accurate to rounding). The entries of {@code e^X} and of its derivatives are at most {@code e^n}, about 55.
     */
    static OpSpec matrixExp() {
        return OpSpec.of("matrixExp", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            return unary("matrixExp", entries(d, stack(d, n, n)), MatrixFunctionOp::matrixExp, new double[0]);
        }), SECOND_ORDER);
    }
}
