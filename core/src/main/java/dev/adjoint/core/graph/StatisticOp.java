package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.CumulativeKernels;
import dev.adjoint.core.kernel.Standardization;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The product, the variance and standard deviation, and the vector norms of a tensor over a set of axes (all
 * when none are given; negative axes count from the end), each with NumPy's semantics, and the matrix norms of
 * the last two axes with {@code torch.linalg.matrix_norm}'s (the nuclear and spectral ones through the svd), and the
 * batch normalization of columns. Two primitives: {@code prod}, whose gradient is exact
 * with zeros present, and {@code batchNormalize}, whose gradient is the closed form; the others are compositions of
 * {@link ReduceOp} and elementwise ops.
 */
public sealed interface StatisticOp extends Op {

    /** The product over the axes (all when none are given), which are removed. */
    static Node prod(Node x, int... axes) {
        return prod(x, false, axes);
    }

    /** The product over the axes (all when none are given), kept as size 1 if {@code keepDims}; 1 when empty. */
    static Node prod(Node x, boolean keepDims, int... axes) {
        List<Integer> reduced = ReduceOp.normalize(x, axes, "prod");
        for (int a : reduced) {
            if (x.shape().dim(a) == Shape.BATCH) {
                throw new IllegalArgumentException("prod: cannot reduce over the batch axis N, got axes "
                        + Arrays.toString(axes) + " of " + x.shape());
            }
        }
        return Node.apply(new Prod(reduced, keepDims), x);
    }

    /**
     * Batch normalization of the columns: {@code y = gamma * (x - mean(x)) / sqrt(var(x) + epsilon) + beta}, the
     * mean and the (biased) variance of each column over every axis but the last, as a batch normalization
     * normalizes a batch of features in training. The same values, bit for bit, as that composition; the
     * gradient is the closed form ({@link BatchNormalize}).
     *
     * @param x a float tensor of rank 2 or more, the feature axis last (N may be among the rows)
     * @param gamma the scales {@code [C]}, C the size of x's last axis
     * @param beta the shifts {@code [C]}
     * @param epsilon added to each variance, finite and {@code >= 0}
     */
    static Node batchNormalize(Node x, Node gamma, Node beta, double epsilon) {
        Objects.requireNonNull(x, "batchNormalize: operand is null");
        Objects.requireNonNull(gamma, "batchNormalize: gamma is null");
        Objects.requireNonNull(beta, "batchNormalize: beta is null");
        if (!(epsilon >= 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("batchNormalize: epsilon must be finite and >= 0, got " + epsilon);
        }
        return Node.apply(new BatchNormalize(epsilon), x, gamma, beta);
    }

    /**
     * The variance {@code Σ (x - mean)² / (n - correction)} over the axes, n the number of elements reduced:
     * {@code correction} 0 is NumPy's default ({@code ddof=0}), 1 the unbiased estimate (PyTorch's default).
     * Unlike both, a correction leaving no degree of freedom ({@code n - correction <= 0}, n known when the
     * graph is built) is an error, not an infinity.
     */
    static Node var(Node x, double correction, boolean keepDims, int... axes) {
        List<Integer> reduced = ReduceOp.normalize(x, axes, "var");
        DTypeSet.FLOATING.require("var", "operand", x);
        return meanSquare(x.sub(ReduceOp.mean(x, true, ints(reduced))), correction, keepDims, reduced);
    }

    /** {@code Σ d² / (n - correction)} over the axes: the variance of x for its deviations {@code d = x - mean}. */
    private static Node meanSquare(Node d, double correction, boolean keepDims, List<Integer> reduced) {
        Node squares = ReduceOp.sum(d.square(), keepDims, ints(reduced));
        long n = 1;
        boolean symbolic = false;
        for (int a : reduced) {
            symbolic |= d.shape().dim(a) == Shape.BATCH;
            n *= symbolic ? 1 : d.shape().dim(a);
        }
        if (!(correction >= 0) || (!symbolic && n - correction <= 0)) {
            throw new IllegalArgumentException("var: correction must be >= 0 and leave n - correction > 0, got"
                    + " correction " + correction + " for " + n + " element(s) over axes " + reduced + " of "
                    + d.shape());
        }
        Node count = symbolic ? Node.apply(new ReduceOp.Count(reduced), d)
                : SourceOp.scalar(n, d.dtype());
        return squares.div(count.sub(correction));
    }

    /**
     * {@code sqrt(var(x, correction, keepDims, axes))}: the standard deviation. Its gradient where it is 0 (all
     * elements equal) is taken as 0, as PyTorch does, not NaN. The deviations are divided by a power of two s near
     * the largest one before they are squared and the root multiplied by s ({@link #scaleOf}): the same value
     * wherever the squares neither overflow nor underflow, and finite where only the variance overflows (float64
     * deviations of 1e200, float32 ones of 1e30; PyTorch's float64 std is infinite there, its float32 one finite).
     */
    static Node std(Node x, double correction, boolean keepDims, int... axes) {
        List<Integer> reduced = ReduceOp.normalize(x, axes, "std");
        DTypeSet.FLOATING.require("std", "operand", x);
        Node deviations = x.sub(ReduceOp.mean(x, true, ints(reduced)));
        Node s = scaleOf(deviations, reduced);
        Node std = s.mul(safeRoot(meanSquare(deviations.div(s), correction, true, reduced), 0.5));
        return keepDims ? std : squeezed(std, reduced);
    }

    /**
     * NumPy's {@code nansum}: the sum over the axes (all when none are given) with NaN entries counted as 0, so 0
     * where all are NaN; the gradient is 0 at the NaN entries.
     */
    static Node nansum(Node x, boolean keepDims, int... axes) {
        floating(x, "nansum", axes);
        return ReduceOp.sum(x.isNaN().where(SourceOp.zerosLike(x), x), keepDims, axes);
    }

    /**
     * NumPy's {@code nanmean}: the mean of the entries that are not NaN over the axes (all when none are given),
     * NaN where all are NaN (as NumPy, which also warns); the gradient is 0 at the NaN entries.
     */
    static Node nanmean(Node x, boolean keepDims, int... axes) {
        floating(x, "nanmean", axes);
        Node present = x.isNaN().logicalNot().cast(x.dtype());
        return nansum(x, keepDims, axes).div(ReduceOp.sum(present, keepDims, axes));
    }

    /** The L1 norm {@code Σ |x|} over the axes. */
    static Node normL1(Node x, boolean keepDims, int... axes) {
        floating(x, "normL1", axes);
        return ReduceOp.sum(x.abs(), keepDims, axes);
    }

    /**
     * The L2 (Euclidean) norm {@code sqrt(Σ x²)} over the axes. Its gradient {@code x / norm} is taken as 0
     * where the norm is 0 (the subgradient PyTorch uses), not NaN. Computed as {@code s sqrt(Σ (x / s)²)} with s a
     * power of two near {@code max |x|} ({@link #scaleOf}), as LAPACK's {@code dnrm2} scales: the same value as the
     * plain formula wherever the squares neither overflow nor underflow, and finite where only they do (float64
     * entries of 1e200, float32 ones of 1e30, where PyTorch and NumPy give inf; entries of 1e-200, where they give
     * 0).
     */
    static Node normL2(Node x, boolean keepDims, int... axes) {
        floating(x, "normL2", axes);
        List<Integer> reduced = ReduceOp.normalize(x, axes, "normL2");
        Node s = scaleOf(x, reduced);
        Node norm = s.mul(safeRoot(ReduceOp.sum(x.div(s).square(), true, ints(reduced)), 0.5));
        return keepDims ? norm : squeezed(norm, reduced);
    }

    /**
     * {@code 2^k} with {@code k = floor(log2 m)}, m the largest {@code |x|} over the axes (kept as size 1), as
     * {@link NormScaling} scales: exact, 1 where m is 0, infinite or NaN or the axes are empty, and a constant to
     * autodiff.
     */
    private static Node scaleOf(Node x, List<Integer> reduced) {
        Node m = NormScaling.largestMagnitude(x, true, ints(reduced));
        return NormScaling.powerOfTwo(NormScaling.exponent(m), x.dtype()).stopGradient();
    }

    /** y with the reduced axes, of size 1, removed. */
    private static Node squeezed(Node y, List<Integer> reduced) {
        for (int i = reduced.size() - 1; i >= 0; i--) {
            y = y.squeeze(reduced.get(i));
        }
        return y;
    }

    /**
     * The max norm {@code max |x|} over the axes (the L∞ norm). Refused over an empty axis, as
     * {@link ReduceOp#max} is ({@code torch.linalg.vector_norm} of an empty tensor with {@code ord=inf} raises).
     */
    static Node normMax(Node x, boolean keepDims, int... axes) {
        floating(x, "normMax", axes);
        return Node.apply(new ReduceOp.Extremum(ReduceOp.nonEmptyAxes(x, axes, "normMax"), keepDims, true), x.abs());
    }

    /** The Frobenius norm of the matrices in the last two axes: {@code sqrt(Σ_ij x_ij²)}, NumPy's {@code 'fro'}. */
    static Node normFrobenius(Node x, boolean keepDims) {
        return frobenius(x, "normFrobenius", keepDims);
    }

    /** {@link #normFrobenius}, its operand checked under the name {@code op}. */
    private static Node frobenius(Node x, String op, boolean keepDims) {
        floating(x, op);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": operand must have rank >= 2, got " + x.describe());
        }
        return normL2(x, keepDims, -2, -1);
    }

    /**
     * The nuclear (trace) norm of the matrices in the last two axes: the sum of their singular values,
     * {@code ‖A‖_* = Σ_i s_i}, {@code torch.linalg.matrix_norm(A, 'nuc')}. A composition of {@link DecompositionOp#svd}
     * and a sum, so its gradient is svd's: {@code U Vᵀ} where A has full rank (at a rank-deficient A, a
     * subgradient). A matrix with no rows or columns has norm 0. The matrix dimensions must be concrete.
     *
     * @param keepDims whether the matrix axes stay as size 1 ({@code [..., 1, 1]})
     */
    static Node normNuclear(Node x, boolean keepDims) {
        return nuclear(x, "normNuclear", keepDims);
    }

    /** {@link #normNuclear}, its operand checked under the name {@code op}. */
    private static Node nuclear(Node x, String op, boolean keepDims) {
        Node s = singularValues(x, op, false);
        Node y = ReduceOp.sum(s, keepDims, -1);
        return keepDims ? y.unsqueeze(-1) : y;
    }

    /**
     * The spectral norm (operator 2-norm) of the matrices in the last two axes: the largest singular value,
     * {@code ‖A‖_2 = s_1}, {@code torch.linalg.matrix_norm(A, 2)}. A composition of {@link DecompositionOp#svd}
     * and a slice: its gradient is {@code u_1 v_1ᵀ}, exact where {@code s_1} is simple (a subgradient where it
     * is repeated). A matrix with no rows or columns has no singular value and is refused, as in PyTorch.
     *
     * @param keepDims whether the matrix axes stay as size 1 ({@code [..., 1, 1]})
     */
    static Node normSpectral(Node x, boolean keepDims) {
        return extremeSingularValue(x, "normSpectral", true, keepDims);
    }

    /**
     * PyTorch's {@code torch.linalg.matrix_norm(x, ord, keepdim)} for every order it offers: the matrices are the
     * last two axes; {@code FROBENIUS} is {@link #normFrobenius}, {@code NUCLEAR} {@link #normNuclear},
     * {@code SPECTRAL} {@link #normSpectral}, the others as their constants say. A matrix with no rows or columns
     * has the Frobenius and nuclear norms 0; the orders ±2 refuse it (it has no singular value), the column-sum
     * orders ±1 refuse a matrix with no columns and the row-sum orders ±inf one with no rows, as NumPy and PyTorch
     * do (a maximum or minimum over nothing), while ±1 of a matrix with no rows is 0 (its column sums are 0), and
     * ±inf of one with no columns.
     *
     * @throws IllegalArgumentException at build time for an operand that is not a floating stack of matrices, and
     *     for the empty matrices above
     */
    static Node matrixNorm(Node x, MatrixNorm ord, boolean keepDims) {
        Objects.requireNonNull(ord, "matrixNorm: ord is null");
        String op = "matrixNorm(" + ord + ")";
        return switch (ord) {
            case FROBENIUS -> frobenius(x, op, keepDims);
            case NUCLEAR -> nuclear(x, op, keepDims);
            case SPECTRAL -> extremeSingularValue(x, op, true, keepDims);
            case SMALLEST_SINGULAR_VALUE -> extremeSingularValue(x, op, false, keepDims);
            case MAX_COLUMN_SUM, MIN_COLUMN_SUM, MAX_ROW_SUM, MIN_ROW_SUM -> {
                matrices(x, op);
                boolean columns = ord == MatrixNorm.MAX_COLUMN_SUM || ord == MatrixNorm.MIN_COLUMN_SUM;
                boolean max = ord == MatrixNorm.MAX_COLUMN_SUM || ord == MatrixNorm.MAX_ROW_SUM;
                if (x.shape().dim(columns ? -1 : -2) == 0) {
                    String line = columns ? "column" : "row";
                    throw new IllegalArgumentException(op + ": needs matrices with at least one " + line + ", got "
                            + x.describe() + "; a matrix with no " + line + "s has no "
                            + (max ? "largest" : "smallest") + " " + line + " sum");
                }
                Node sums = ReduceOp.sum(x.abs(), true, columns ? -2 : -1);
                Node y = max ? ReduceOp.max(sums, true, columns ? -1 : -2)
                        : ReduceOp.min(sums, true, columns ? -1 : -2);
                yield keepDims ? y : y.squeeze(-1).squeeze(-1);
            }
        };
    }

    /**
     * The orders of {@link #matrixNorm}, with PyTorch's {@code ord} for each. The induced norms
     * ({@code 1}, {@code 2}, {@code inf}) are norms; their negative orders are not, but PyTorch offers them.
     */
    enum MatrixNorm {
        /** {@code 'fro'}: {@code sqrt(Σ_ij a_ij²)}. */
        FROBENIUS,
        /** {@code 'nuc'}: the sum of the singular values. */
        NUCLEAR,
        /** {@code 2}: the largest singular value. */
        SPECTRAL,
        /** {@code -2}: the smallest singular value. */
        SMALLEST_SINGULAR_VALUE,
        /** {@code 1}: {@code max_j Σ_i |a_ij|}, the largest absolute column sum. */
        MAX_COLUMN_SUM,
        /** {@code -1}: {@code min_j Σ_i |a_ij|}, the smallest absolute column sum. */
        MIN_COLUMN_SUM,
        /** {@code inf}: {@code max_i Σ_j |a_ij|}, the largest absolute row sum. */
        MAX_ROW_SUM,
        /** {@code -inf}: {@code min_i Σ_j |a_ij|}, the smallest absolute row sum. */
        MIN_ROW_SUM
    }

    /** Checks that x is a floating stack of matrices {@code [..., m, n]} for {@code op}. */
    private static void matrices(Node x, String op) {
        floating(x, op);
        if (x.rank() < 2) {
            throw new IllegalArgumentException(op + ": operand must be matrices [..., m, n] (rank >= 2), got "
                    + x.describe());
        }
    }

    /** The singular values of x's matrices, {@code [..., k]} descending, checked as {@code op}'s operand. */
    private static Node singularValues(Node x, String op, boolean nonEmpty) {
        matrices(x, op);
        int m = x.shape().dim(-2);
        int n = x.shape().dim(-1);
        if (m == Shape.BATCH || n == Shape.BATCH) {
            throw new IllegalArgumentException(op + ": the matrix dimensions must be concrete, got " + x.describe()
                    + "; N may appear only among the leading dimensions");
        }
        if (nonEmpty && Math.min(m, n) == 0) {
            throw new IllegalArgumentException(op + ": needs matrices with at least one row and one column, got "
                    + x.describe() + "; an empty matrix has no singular value");
        }
        return DecompositionOp.svdvals(x);
    }

    /** The largest ({@code largest}) or smallest singular value of each matrix of x. */
    private static Node extremeSingularValue(Node x, String op, boolean largest, boolean keepDims) {
        Node s = singularValues(x, op, true);
        int k = s.shape().dim(-1);
        Node y = largest ? s.slice(-1, 0, 1) : s.slice(-1, k - 1, k);
        return keepDims ? y.unsqueeze(-1) : y.squeeze(-1);
    }

    /**
     * The p-norm {@code (Σ |x|^p)^(1/p)} over the axes for {@code p >= 1}: 1 and 2 are {@link #normL1} and {@link
     * #normL2}, {@code +∞} is {@link #normMax}. Its gradient at a zero norm is 0. Computed as {@code s (Σ |x /
     * s|^p)^(1/p)} with s a power of two near {@code max |x|} ({@link #scaleOf}), as normL2 is: the plain formula's
     * values to a few ulps wherever {@code |x|^p} stays in range (float64 {@code pow} is not correctly rounded, so the
     * scaled powers can move the last bits; up to 7 ulps in a probe), and finite values and derivatives where it does
     * not (p = 10 at entries of 1e17, whose second derivative went through {@code (Σ |x|^p)^(1/p - 2)} = 0, or 3 at
     * entries of 1e-70).
     */
    static Node normP(Node x, double p, boolean keepDims, int... axes) {
        floating(x, "normP", axes);
        if (!(p >= 1)) {
            throw new IllegalArgumentException("normP: p must be >= 1 (a norm), got " + p);
        }
        if (p == 1) {
            return normL1(x, keepDims, axes);
        }
        if (p == 2) {
            return normL2(x, keepDims, axes);
        }
        if (p == Double.POSITIVE_INFINITY) {
            ReduceOp.nonEmptyAxes(x, axes, "normP"); // refused under the name called, not normMax's
            return normMax(x, keepDims, axes);
        }
        List<Integer> reduced = ReduceOp.normalize(x, axes, "normP");
        Node s = scaleOf(x, reduced);
        Node norm = s.mul(safeRoot(ReduceOp.sum(x.div(s).abs().pow(p), true, ints(reduced)), 1 / p));
        return keepDims ? norm : squeezed(norm, reduced);
    }

    /**
     * Checks the operand of the composition {@code op}: present and floating-point, so that an integer operand is
     * reported under the name the caller used, not that of a primitive inside ({@code sum}, {@code pow}).
     */
    private static void floating(Node x, String op, int... axes) {
        DTypeSet.FLOATING.require(op, "operand", Objects.requireNonNull(x, op + ": operand is null"));
        Objects.requireNonNull(axes, op + ": axes is null");
        for (int axis : axes) { // named as the norm, not as the sum or max inside
            x.axis(axis, op);
        }
    }

    /** {@code s^e} for {@code s >= 0}, its value and gradient 0 where {@code s = 0} (not the singular power). */
    private static Node safeRoot(Node s, double e) {
        Node zero = SourceOp.zerosLike(s);
        Node isZero = s.equal(zero);
        return isZero.where(zero, isZero.where(SourceOp.onesLike(s), s).pow(e));
    }

    private static int[] ints(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code y = Π x} over {@code axes}, multiplied in row-major order. The VJP {@code xBar_i = yBar · Π_{j ≠ i}
     * x_j} is exact with zeros present (one zero: only it gets a nonzero gradient; several: all get 0): the
     * reduced axes are moved last and flattened, and the product of the others is the exclusive cumulative
     * product from the left times the one from the right (no division). That is a polynomial in x, built from
     * cumprod, whose VJP is itself a polynomial, so derivatives of every order are exact too (the third, at
     * zeros, rests on cumprod's second). The batch axis N cannot be reduced. Of an INT32, INT64 or BOOL x, the
     * product is INT64, as {@code torch.prod}'s, wrapping around on overflow as Java's {@code long} arithmetic (and
     * PyTorch's int64) does; it has no gradient.
     *
     * @param axes the reduced axes, distinct, ascending, non-negative
     * @param keepDims whether reduced axes stay as size 1
     */
    record Prod(List<Integer> axes, boolean keepDims) implements StatisticOp {
        /** Copies the axes. */
        public Prod {
            axes = List.copyOf(axes);
        }

        @Override public String name() { return "prod" + axes; }
        @Override public DTypeSet accepts(int i) { return DTypeSet.ANY; }

        @Override public DType dtype(List<Node> in) {
            return in.get(0).dtype().isFloating() ? in.get(0).dtype() : DType.INT64;
        }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 1) {
                throw new IllegalArgumentException("prod: takes 1 input, got " + inputs.size());
            }
            Shape in = inputs.get(0).shape();
            int[] out = new int[in.rank()];
            int kept = 0;
            for (int a = 0; a < in.rank(); a++) {
                if (axes.contains(a) && in.dim(a) == Shape.BATCH) {
                    throw new IllegalArgumentException("prod: cannot reduce over the batch axis N, got axes " + axes
                            + " of " + in);
                }
                if (!axes.contains(a)) {
                    out[kept++] = in.dim(a);
                } else if (keepDims) {
                    out[kept++] = 1;
                }
            }
            for (int a : axes) {
                if (a < 0 || a >= in.rank()) {
                    throw new IllegalArgumentException("prod: axes must be in [0, " + in.rank() + "), got " + axes
                            + " for shape " + in);
                }
            }
            return Shape.of(Arrays.copyOf(out, kept));
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            boolean[] reduced = new boolean[inputs.get(0).rank()];
            axes.forEach(a -> reduced[a] = true);
            return CumulativeKernels.prod(inputs.get(0), reduced, out);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Shape in = x.shape();
            int rank = in.rank();
            int[] perm = new int[rank];
            int[] keptDims = new int[rank - axes.size() + 1];
            int k = 0;
            long length = 1;
            for (int a = 0; a < rank; a++) {
                if (!axes.contains(a)) {
                    keptDims[k] = in.dim(a);
                    perm[k++] = a;
                }
            }
            for (int a : axes) {
                perm[k++] = a;
                length *= in.dim(a);
            }
            keptDims[keptDims.length - 1] = (int) length;
            Node lanes = x.permute(perm).reshape(Shape.of(keptDims));
            int last = keptDims.length - 1;
            Node others = CumulativeOp.cumprod(lanes, last, false, true)
                    .mul(CumulativeOp.cumprod(lanes, last, true, true));
            int[] permutedDims = new int[rank];
            int[] inverse = new int[rank];
            for (int a = 0; a < rank; a++) {
                permutedDims[a] = in.dim(perm[a]);
                inverse[perm[a]] = a;
            }
            Node othersX = others.reshape(Shape.of(permutedDims)).permute(inverse);
            int[] kept = in.dims();
            axes.forEach(a -> kept[a] = 1);
            return List.of(yBar.reshape(Shape.of(kept)).mul(othersX));
        }
    }

    /**
     * {@code y = gamma * (x - mu) / sqrt(sigma² + eps) + beta} per column of {@code x} read as {@code [M, C]}
     * (every axis but the last flattened into the M rows), {@code mu} and {@code sigma²} the column's mean and
     * biased variance. With {@code r = (sigma² + eps)^(-1/2)} and {@code x̂ = (x - mu) r}, the Jacobian of
     * {@code x̂} within a column is {@code r (delta_ij - 1/M - x̂_i x̂_j / M)}, so the VJP is
     *
     * <pre>
     *   S0 = sum(yBar),   S1 = sum(yBar (x - mu))                  (sums over the rows, per column)
     *   xBar     = gamma r (yBar - S0 / M - (x - mu) r² S1 / M)
     *   gammaBar = r S1,   betaBar = S0
     * </pre>
     *
     * <p>two sums and one elementwise pass over the rows, where the chain rule through the mean and the variance
     * of the composition takes more than twice as many. It is written with graph ops, so it is differentiable
     * again; its mean and variance are built as {@code mean(x)} and {@code mean((x - mean(x))²)}, the nodes a batch
     * normalization builds for its moving statistics, which a compiled plan then computes once.
     *
     * @param epsilon added to each variance, finite and {@code >= 0}
     */
    record BatchNormalize(double epsilon) implements StatisticOp {
        @Override public String name() { return "batchNormalize"; }

        @Override public Shape shape(List<Node> inputs) {
            if (inputs.size() != 3) {
                throw new IllegalArgumentException("batchNormalize: takes 3 inputs (x, gamma, beta), got "
                        + inputs.size());
            }
            Node x = inputs.get(0);
            Shape in = x.shape();
            if (in.rank() < 2) {
                throw new IllegalArgumentException("batchNormalize: x must have rank >= 2 (rows, then the feature"
                        + " axis last), got " + x.describe());
            }
            int columns = in.dim(in.rank() - 1);
            if (columns == Shape.BATCH) {
                throw new IllegalArgumentException("batchNormalize: x's feature axis (the last) must be concrete,"
                        + " got " + x.describe());
            }
            for (int k = 1; k < 3; k++) {
                if (!inputs.get(k).shape().equals(Shape.of(columns))) {
                    throw new IllegalArgumentException("batchNormalize: " + (k == 1 ? "gamma" : "beta") + " must be ["
                            + columns + "] (one per feature of x " + in + "), got " + inputs.get(k).describe());
                }
            }
            return in;
        }

        @Override public Tensor forward(List<Tensor> inputs, Shape out) {
            return Standardization.batchNormalize(inputs.get(0), inputs.get(1), inputs.get(2), epsilon, false);
        }

        @Override public List<Node> vjp(Node y, Node yBar) {
            Node x = y.inputs().get(0);
            Node gamma = y.inputs().get(1);
            int[] rows = java.util.stream.IntStream.range(0, x.rank() - 1).toArray();
            Node mean = ReduceOp.mean(x, false, rows);
            Node deviation = x.sub(mean);
            Node r = ReduceOp.mean(deviation.square(), false, rows).add(epsilon).rsqrt();
            Node projected = yBar.mul(deviation);
            // the means divide the sums S0 and S1 by M: a compiled plan computes each sum once
            Node xBar = yBar.sub(ReduceOp.mean(yBar, false, rows))
                    .sub(deviation.mul(r.square().mul(ReduceOp.mean(projected, false, rows))))
                    .mul(gamma.mul(r));
            return List.of(xBar, r.mul(ReduceOp.sum(projected, false, rows)), ReduceOp.sum(yBar, false, rows));
        }
    }
}
