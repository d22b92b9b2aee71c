package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.DIFFERENTIABLE;
import static dev.adjoint.core.graph.OpSpec.Claim.EQUALS_REFERENCE;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.SHAPE_ONLY;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.compile.Fusion;
import dev.adjoint.core.compile.MatMulBias;
import dev.adjoint.core.compile.RectifiedBatchNormalize;
import dev.adjoint.core.compile.MatMulTransposed;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of the op table for the ops users do not build by name: the fused cross-entropy ops (which claim
 * to be differentiable twice) and the compiler's ops, which claim to equal the graph they replace.
 */
final class InternalOpSpecs {

    private InternalOpSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(fusedElementwise(), fusedChannelBroadcasts(), fusedSum(), matmulTransposed(), matmulBias(),
                rectifiedBatchNormalize(), softmaxCrossEntropy(), softmaxCrossEntropyGrad());
    }

    /**
     * A case of a random elementwise row on floats, followed by a negation so that there are two ops to fuse
     * (a BOOL result, a comparison's or a logical op's, is cast to the float dtype first, as a mask is), and
     * fused: bit for bit the unfused graph, for every elementwise op (those that change the float dtype, and
     * the integer ones, which are not fused, aside). Rank-0 cases, which fusion leaves alone, are discarded.
     */
    static OpSpec fusedElementwise() {
        List<OpSpec> rows = new ArrayList<>(ElementwiseSpecs.all().stream()
                .filter(s -> !s.name().startsWith("cast")).toList());
        rows.addAll(DiscreteSpecs.fusable());
        Function<DType, Gen<OpCase>> cases = dtype -> choices -> {
            OpSpec row = rows.get(choices.drawInt(rows.size()));
            OpCase c = row.cases().apply(dtype).next(choices);
            Function<List<Node>, Node> unfused = in -> {
                Node y = c.output(in);
                return (y.dtype() == DType.BOOL ? y.cast(dtype) : y).neg();
            };
            return new OpCase("fused " + c.label() + " then neg", c.args(), in -> {
                Node fused = Fusion.of(unfused.apply(in));
                Property.assume(fused.rank() > 0);
                return fused;
            }, unfused);
        };
        return OpSpec.of("fused elementwise", cases, SHAPE_ONLY, EQUALS_REFERENCE);
    }

    /**
     * {@code -((x - m) · s + b)} with x of shape {@code [n, a, c]} (batched) and m, s, b broadcast from {@code [c]},
     * {@code [1, a, c]} and {@code [1, 1, c]} (vectors of x's trailing dims, as batch normalization's statistics
     * are), fused, where the broadcasts are read periodically instead of materialized: bit for bit the unfused
     * graph.
     */
    static OpSpec fusedChannelBroadcasts() {
        return OpSpec.of("fused channel broadcasts", Draw.cases(d -> {
            int a = d.integer(1, Draw.MAX_DIM);
            int c = d.integer(1, Draw.MAX_DIM);
            Shape xs = Shape.of(d.integer(1, Draw.MAX_DIM), a, c);
            List<Arg> args = List.of(Arg.of("x", d.tensor(xs, Domain.REAL)).batched(),
                    Arg.of("m", d.tensor(Shape.of(c), Domain.REAL)),
                    Arg.of("s", d.tensor(Shape.of(1, a, c), Domain.REAL)),
                    Arg.of("b", d.tensor(Shape.of(1, 1, c), Domain.REAL)));
            Function<List<Node>, Node> unfused = in -> in.get(0).sub(in.get(1)).mul(in.get(2)).add(in.get(3)).neg();
            return new OpCase("fused channel broadcasts " + xs, args, in -> Fusion.of(unfused.apply(in)), unfused);
        }), SHAPE_ONLY, EQUALS_REFERENCE);
    }

    /**
     * {@code Σ -((x - m)·(x - m))} over x's leading axis or its two leading axes, x of shape {@code [n, a, c]}
     * (batched, {@code c >= 2}) and m broadcast from {@code [c]}: a batch normalization's sum of squared deviations,
     * fused into one pass that adds the values as it computes them; bit for bit the unfused graph.
     */
    static OpSpec fusedSum() {
        return OpSpec.of("fused sum", Draw.cases(d -> {
            int a = d.integer(1, Draw.MAX_DIM);
            int c = d.integer(2, Math.max(2, Draw.MAX_DIM));
            Shape xs = Shape.of(d.integer(1, Draw.MAX_DIM), a, c);
            int[] axes = d.bool() ? new int[] {0, 1} : new int[] {0};
            List<Arg> args = List.of(Arg.of("x", d.tensor(xs, Domain.REAL)).batched(),
                    Arg.of("m", d.tensor(Shape.of(c), Domain.REAL)));
            Function<List<Node>, Node> unfused = in -> {
                Node centered = in.get(0).sub(in.get(1));
                return centered.mul(centered).neg().sum(axes);
            };
            return new OpCase("fused sum " + xs + " over " + java.util.Arrays.toString(axes), args,
                    in -> Fusion.of(unfused.apply(in)), unfused);
        }), SHAPE_ONLY, EQUALS_REFERENCE);
    }

    /** {@code op(A)·op(B)} with either operand read transposed, against matmul on the transposed operands. */
    static OpSpec matmulTransposed() {
        return OpSpec.of("matmulTransposed", Draw.cases(d -> {
            boolean ta = d.bool();
            boolean tb = !ta || d.bool();
            boolean batched = d.bool();
            Shape[] shapes = productShapes(d, ta, tb, batched);
            Shape as = shapes[0];
            Shape bs = shapes[1];
            Tensor a = d.tensor(as, Domain.REAL);
            Tensor b = d.tensor(bs, Domain.REAL);
            return new OpCase("matmul" + (ta ? "[Aᵀ]" : "") + (tb ? "[Bᵀ]" : "") + " " + as + " " + bs,
                    List.of(Arg.of("a", a).batchedIf(batched), Arg.of("b", b)),
                    in -> Node.apply(new MatMulTransposed(ta, tb), in.get(0), in.get(1)),
                    in -> LinalgOp.matmul(ta ? in.get(0).transpose() : in.get(0),
                            tb ? in.get(1).transpose() : in.get(1)));
        }), MULTILINEAR, SECOND_ORDER, EQUALS_REFERENCE);
    }

    /**
     * {@code op(A)·op(B) + b} in one kernel, a bias {@code [n]} or {@code [1, n]}, against the product followed
     * by the broadcast add: bit for bit, and differentiable in all three (twice).
     */
    static OpSpec matmulBias() {
        return OpSpec.of("matmulBias", Draw.cases(d -> {
            boolean ta = d.bool();
            boolean tb = d.bool();
            boolean batched = d.bool();
            Shape[] shapes = productShapes(d, ta, tb, batched);
            Shape as = shapes[0];
            Shape bs = shapes[1];
            int n = tb ? bs.dim(0) : bs.dim(1);
            Shape biasShape = d.bool() ? Shape.of(n) : Shape.of(1, n);
            List<Arg> args = List.of(Arg.of("a", d.tensor(as, Domain.REAL)).batchedIf(batched),
                    Arg.of("b", d.tensor(bs, Domain.REAL)), Arg.of("bias", d.tensor(biasShape, Domain.REAL)));
            return new OpCase("matmul" + (ta ? "[Aᵀ]" : "") + (tb ? "[Bᵀ]" : "") + "+bias " + as + " " + bs + " "
                    + biasShape, args,
                    in -> Node.apply(new MatMulBias(ta, tb), in.get(0), in.get(1), in.get(2)),
                    in -> LinalgOp.matmul(ta ? in.get(0).transpose() : in.get(0), tb ? in.get(1).transpose()
                            : in.get(1)).add(in.get(2)));
        }), DIFFERENTIABLE, SECOND_ORDER, EQUALS_REFERENCE);
    }

    /**
     * {@code relu(batchNormalize(x, gamma, beta))} in one op, bit for bit the two ops. The ReLU's kink is kept away
     * from the central differences: a standardized column entry is at most {@code sqrt(M - 1)} in magnitude over M
     * rows, so with {@code |gamma| <= 0.5 / sqrt(M)} and {@code |beta| >= 1} every value before the ReLU is at least
     * 0.5 from 0 (columns with a negative beta are rectified to 0, those with a positive one pass). Unbatched: a
     * stacked x would have more rows than that bound counts.
     */
    static OpSpec rectifiedBatchNormalize() {
        return OpSpec.of("batchNormalize+relu", Draw.cases(d -> {
            Shape s = d.shape(2, Draw.MAX_RANK);
            int c = s.dim(s.rank() - 1);
            int m = s.size() / Math.max(c, 1);
            double epsilon = m <= 2 ? 0.5 : d.oneOf(1e-3, 0.5); // as for batchNormalize's own row
            double g = 0.5 / Math.sqrt(Math.max(m, 1));
            List<Arg> args = List.of(Arg.of("x", d.tensor(s, Domain.REAL)),
                    Arg.of("gamma", d.tensor(Shape.of(c), Domain.between(-g, g))),
                    Arg.of("beta", d.tensor(Shape.of(c), new Domain(-2, 2, 1, 0, 1))));
            return new OpCase("batchNormalize+relu " + s + " epsilon " + epsilon, args,
                    in -> Node.apply(new RectifiedBatchNormalize(epsilon), in.get(0), in.get(1), in.get(2)),
                    in -> UnaryOp.relu(in.get(0).batchNormalize(in.get(1), in.get(2), epsilon)));
        }), SECOND_ORDER, EQUALS_REFERENCE).unbatched(); // stacking x would add rows past gamma's bound
    }

    /** A's and B's shapes for {@code op(A)·op(B)} of random sizes, stored transposed where asked; A batched by 2. */
    private static Shape[] productShapes(Draw d, boolean ta, boolean tb, boolean batched) {
        int m = d.integer(1, Draw.MAX_DIM);
        int k = d.integer(1, Draw.MAX_DIM);
        int n = d.integer(1, Draw.MAX_DIM);
        Shape as = ta ? Shape.of(k, m) : Shape.of(m, k);
        return new Shape[] {batched ? Shape.of(2, as.dim(0), as.dim(1)) : as, tb ? Shape.of(n, k) : Shape.of(k, n)};
    }

    /** The fused sparse cross-entropy from logits, per row, differentiated in the logits. */
    static OpSpec softmaxCrossEntropy() {
        return OpSpec.of("softmaxCrossEntropy", Draw.cases(d -> crossEntropyCase(d, false)), SECOND_ORDER);
    }

    /** Its fused gradient {@code (softmax(z) − onehot(y)) · b}, differentiated in z and b. */
    static OpSpec softmaxCrossEntropyGrad() {
        return OpSpec.of("softmaxCrossEntropyGrad", Draw.cases(d -> crossEntropyCase(d, true)), SECOND_ORDER);
    }

    /** Logits {@code z : [N, C]}, labels {@code y : [N]} and, for the gradient op, a cotangent {@code b : [N]}. */
    private static OpCase crossEntropyCase(Draw d, boolean gradient) {
        int rows = d.integer(1, Draw.MAX_DIM);
        int classes = d.integer(1, Draw.MAX_DIM);
        List<Arg> args = new ArrayList<>(List.of(
                Arg.of("z", d.tensor(Shape.of(rows, classes), Domain.REAL)).batched(),
                Arg.index("y", d.indices(Shape.of(rows), classes)).batched()));
        if (!gradient) {
            return new OpCase("softmaxCrossEntropy", args, in -> in.get(0).softmaxCrossEntropy(in.get(1)));
        }
        args.add(Arg.of("b", d.tensor(Shape.of(rows), Domain.REAL)).batched());
        return new OpCase("softmaxCrossEntropyGrad", args,
                in -> SoftmaxCrossEntropyGrad.of(in.get(0), in.get(1), in.get(2)));
    }
}
