package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of the op table for {@link LinalgFunctions} and matrixRank's tolerances: compositions, whose gradients
 * (first and second order) are checked against central differences like every op's. The matrices are drawn as in
 * {@link LinalgSpecs}: {@code X + D} with X's entries in [-1, 1] and a constant D that keeps every drawn matrix
 * well conditioned (the bounds are stated there), the gradient taken with respect to X.
 */
final class LinalgFunctionSpecs {

    private LinalgFunctionSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(vecdot().asComposition(), multiDot().asComposition(), cond().asComposition(),
                vander().asComposition(), tensorinv().asComposition().unbatched(),
                tensorsolve().asComposition().unbatched(), choleskyInverse().asComposition(),
                householderProduct().asComposition(), matrixRankTolerances().asComposition());
    }

    /** Operands broadcast to a drawn shape, the axis drawn in either spelling. */
    static OpSpec vecdot() {
        return OpSpec.of("vecdot", Draw.cases(d -> {
            Shape shape = d.shape(1, Draw.MAX_RANK);
            Shape other = d.broadcastableTo(shape);
            int axis = d.spelled(d.axis(shape.rank()), shape.rank());
            // x may take N on axis 0 where y does not reach it or broadcasts along it, and it is not summed
            boolean batched = (other.rank() < shape.rank() || other.dim(0) == 1) && axis != 0 && axis != -shape.rank();
            return new OpCase("vecdot " + shape + " " + other + " axis " + axis, List.of(Arg.of("x", d.tensor(shape,
                    Domain.REAL)).batchedIf(batched), Arg.of("y", d.tensor(other, Domain.REAL))),
                    in -> in.get(0).vecdot(in.get(1), axis));
        }), MULTILINEAR, SECOND_ORDER);
    }

    /** Chains of 2 to 4 matrices, the first and the last sometimes vectors; the first may have N rows. */
    static OpSpec multiDot() {
        return OpSpec.of("multiDot", Draw.cases(d -> {
            int count = d.integer(2, 4);
            int[] dims = new int[count + 1];
            for (int i = 0; i <= count; i++) {
                dims[i] = d.integer(1, Draw.MAX_DIM);
            }
            boolean rowVector = d.bool();
            boolean columnVector = d.bool();
            List<Arg> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Shape shape = i == 0 && rowVector ? Shape.of(dims[1])
                        : i == count - 1 && columnVector ? Shape.of(dims[i]) : Shape.of(dims[i], dims[i + 1]);
                args.add(Arg.of("a" + i, d.tensor(shape, Domain.REAL)).batchedIf(i == 0 && !rowVector));
            }
            return new OpCase("multiDot " + args.stream().map(a -> a.value().shape().toString()).toList(), args,
                    LinalgFunctions::multiDot);
        }), SECOND_ORDER);
    }

    /**
     * Every order of a well-conditioned matrix, at least 2 × 2: with one singular value (or a 1 × 1 matrix) cond is
     * identically 1 and its gradient only the rounding of terms that cancel, which no relative tolerance judges
     * ({@link LinalgFunctionsTest} pins those values). {@code ±2} take {@code X + D} of any shape, D as for
     * {@link LinalgSpecs#matrixNorms}: distinct singular values, so the extreme ones are differentiable. The orders
     * that invert take the square {@code X + D + c J}, {@code c = 4n²} and J the matrix of ones: by Sherman and
     * Morrison, {@code (D + cJ)⁻¹ = D⁻¹ - c D⁻¹ 1 1ᵀ D⁻¹ / (1 + c Σ 1/d_i)} has off-diagonal entries of order
     * {@code -1 / (n d)}, which X (of order {@code 1 / d²} in the inverse) cannot bring to 0, so the absolute values in
     * the norms of A and of A⁻¹ stay away from their kink, and the distinct d_i keep the extreme row and column sums
     * single (NumPy: no sign or extreme changed under steps of ±0.02 in 174,000 tries, n = 2..4); its condition
     * number is about n².
     */
    static OpSpec cond() {
        return OpSpec.of("cond", Draw.cases(d -> {
            StatisticOp.MatrixNorm p = d.oneOf(StatisticOp.MatrixNorm.values());
            boolean anyShape = p == StatisticOp.MatrixNorm.SPECTRAL
                    || p == StatisticOp.MatrixNorm.SMALLEST_SINGULAR_VALUE;
            int m = d.integer(2, Draw.MAX_DIM);
            int n = anyShape ? d.integer(2, Draw.MAX_DIM) : m;
            int k = Math.min(m, n);
            double[] diagonal = new double[k];
            for (int i = 0; i < k; i++) {
                diagonal[i] = 4.0 * Math.max(m, n) * (k - i);
            }
            Tensor x = LinalgSpecs.entries(d, LinalgSpecs.stack(d, m, n));
            if (anyShape) {
                return LinalgSpecs.unary("cond " + p, x, a -> a.cond(p), diagonal);
            }
            double[] shift = new double[n * n];
            for (int i = 0; i < n * n; i++) {
                shift[i] = 4.0 * n * n + (i % (n + 1) == 0 ? diagonal[i / (n + 1)] : 0);
            }
            return new OpCase("cond " + p + " " + x.shape(), List.of(Arg.of("x", x).batchedIf(x.rank() > 2)),
                    in -> in.get(0).add(SourceOp.constant(Tensor.of(in.get(0).dtype(), Shape.of(n, n), shift)))
                            .cond(p));
        }), SECOND_ORDER);
    }

    static OpSpec vander() {
        return OpSpec.of("vander", Draw.cases(d -> {
            Shape shape = d.shape(1, 2);
            int columns = d.integer(2, 5);
            return new OpCase("vander " + shape + " columns " + columns, List.of(Arg.of("x", d.tensor(shape,
                    Domain.REAL)).batchedIf(shape.rank() > 1)), in -> in.get(0).vander(columns));
        }), SECOND_ORDER);
    }

    /** The shapes {@code [out..., in...]} a square matrix of order n is read as, with the number of output axes. */
    private record TensorShape(int[] dims, int ind) {
    }

    private static TensorShape tensorShape(Draw d, int n) {
        return switch (n) {
            case 4 -> d.oneOf(new TensorShape(new int[] {2, 2, 4}, 2), new TensorShape(new int[] {4, 2, 2}, 1),
                    new TensorShape(new int[] {2, 2, 2, 2}, 2), new TensorShape(new int[] {4, 4}, 1));
            case 6 -> d.oneOf(new TensorShape(new int[] {2, 3, 6}, 2), new TensorShape(new int[] {6, 3, 2}, 1));
            default -> new TensorShape(new int[] {n, n}, 1);
        };
    }

    /** {@code X + D} of order n, D {@link LinalgSpecs#dominant}, reshaped to {@code [out..., in...]}. */
    static OpSpec tensorinv() {
        return OpSpec.of("tensorinv", Draw.cases(d -> {
            int n = d.oneOf(1, 3, 4, 6);
            TensorShape shape = tensorShape(d, n);
            double[] diagonal = LinalgSpecs.dominant(d, n);
            return new OpCase("tensorinv " + java.util.Arrays.toString(shape.dims()) + " ind " + shape.ind(),
                    List.of(Arg.of("x", LinalgSpecs.entries(d, Shape.of(n, n)))),
                    in -> LinalgSpecs.plusDiagonal(in.get(0), diagonal).reshape(shape.dims()).tensorinv(shape.ind()));
        }), SECOND_ORDER);
    }

    /** As {@link #tensorinv}, with B of the output axes' shape, and A's axes sometimes permuted back by dims. */
    static OpSpec tensorsolve() {
        return OpSpec.of("tensorsolve", Draw.cases(d -> {
            int n = d.oneOf(1, 3, 4, 6);
            TensorShape shape = tensorShape(d, n);
            double[] diagonal = LinalgSpecs.dominant(d, n);
            int rank = shape.dims().length;
            boolean moved = d.bool();
            Tensor b = d.tensor(Shape.of(java.util.Arrays.copyOf(shape.dims(), shape.ind())), Domain.REAL);
            return new OpCase("tensorsolve " + java.util.Arrays.toString(shape.dims()) + (moved ? " dims (0)" : ""),
                    List.of(Arg.of("x", LinalgSpecs.entries(d, Shape.of(n, n))), Arg.of("b", b)), in -> {
                        Node a = LinalgSpecs.plusDiagonal(in.get(0), diagonal).reshape(shape.dims());
                        if (!moved) {
                            return a.tensorsolve(in.get(1));
                        }
                        int[] last = new int[rank]; // axis 0 of the result is A's last axis, moved back by dims
                        last[0] = rank - 1;
                        for (int i = 1; i < rank; i++) {
                            last[i] = i - 1;
                        }
                        return a.permute(last).tensorsolve(in.get(1), 0);
                    });
        }), SECOND_ORDER);
    }

    /** {@code X + 2n I}: a factor with a positive diagonal, of either triangle; the other triangle is not read. */
    static OpSpec choleskyInverse() {
        return OpSpec.of("choleskyInverse", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            boolean upper = d.bool();
            return LinalgSpecs.unary("choleskyInverse" + (upper ? " upper" : ""),
                    LinalgSpecs.entries(d, LinalgSpecs.stack(d, n, n)), f -> f.choleskyInverse(upper),
                    LinalgSpecs.constant(n, 2.0 * n));
        }), SECOND_ORDER);
    }

    /** {@code A : [..., m, n]}, {@code m >= n >= k}, and {@code tau : [..., k]}, both drawn freely. */
    static OpSpec householderProduct() {
        return OpSpec.of("householderProduct", Draw.cases(d -> {
            int n = d.integer(1, 3);
            int m = d.integer(n, Draw.MAX_DIM);
            int k = d.integer(0, n);
            Shape a = LinalgSpecs.stack(d, m, n);
            Shape tau = a.rank() > 2 ? Shape.of(a.dim(0), k) : Shape.of(k);
            boolean batched = a.rank() > 2;
            return new OpCase("householderProduct " + a + " " + tau, List.of(Arg.of("a", d.tensor(a, Domain.REAL))
                    .batchedIf(batched), Arg.of("tau", d.tensor(tau, Domain.REAL)).batchedIf(batched)),
                    in -> in.get(0).householderProduct(in.get(1)));
        }), SECOND_ORDER);
    }

    /** matrixRank with drawn tensor tolerances, or of a symmetric matrix by its eigenvalues: an integer. */
    static OpSpec matrixRankTolerances() {
        return OpSpec.of("matrixRank (tolerances, hermitian)", Draw.cases(d -> {
            int n = d.integer(1, Draw.MAX_DIM);
            boolean hermitian = d.bool();
            boolean withAtol = d.bool();
            boolean withRtol = d.bool();
            Shape s = LinalgSpecs.stack(d, n, hermitian ? n : d.integer(1, Draw.MAX_DIM));
            Tensor atol = d.tensor(Shape.of(), Domain.between(0, 1));
            Tensor rtol = d.tensor(Shape.of(), Domain.between(0, 0.5));
            return new OpCase("matrixRank " + s + (hermitian ? " hermitian" : "") + (withAtol ? " atol" : "")
                    + (withRtol ? " rtol" : ""), List.of(Arg.of("x", LinalgSpecs.entries(d, s)).batchedIf(s.rank() > 2),
                    Arg.index("atol", atol), Arg.index("rtol", rtol)),
                    in -> in.get(0).matrixRank(withAtol ? in.get(1) : null, withRtol ? in.get(2) : null, hermitian));
        }), OpSpec.Claim.ZERO_GRADIENT);
    }
}
