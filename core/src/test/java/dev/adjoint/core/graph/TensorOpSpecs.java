package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.SHAPE_ONLY;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.check.Gens;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The rows of the op table for sources, reductions, movement, linear algebra, indexing and random ops. */
final class TensorOpSpecs {

    private TensorOpSpecs() {
    }

    /** A reduction over axes: {@code (x, keepDims, axes) -> node}. */
    interface Reduction {
        Node apply(Node x, boolean keepDims, int[] axes);
    }

    static List<OpSpec> all() {
        return List.of(
                input(), constant(), fill(),
                reduction("sum", false, ReduceOp::sum, LINEAR, SECOND_ORDER),
                reduction("mean", false, ReduceOp::mean, LINEAR, SECOND_ORDER).asComposition(),
                reduction("max", true, ReduceOp::max, SECOND_ORDER),
                reduction("min", true, ReduceOp::min, SECOND_ORDER),
                reduction("logSumExp", false, ReduceOp::logSumExp, SECOND_ORDER),
                count(),
                alongAxis("softmax", ReduceOp::softmax).asComposition(),
                alongAxis("logSoftmax", ReduceOp::logSoftmax).asComposition(),
                reshape(), permute(), transpose().asComposition(), broadcastTo(), squeeze().asComposition(),
                unsqueeze().asComposition(), flatten().asComposition(), concat(), slice(), pad(),
                matmul(), dot().asComposition(),
                gather(), scatterAdd(), takeAlongAxis(), putAlongAxis(), pickPerRow().asComposition(), oneHot(),
                uniform(), uniformByRow(), normal(), normalByRow());
    }

    // ---------------------------------------------------------------- sources

    /** An input is the identity of its bound value: {@code f(x) = x}. */
    static OpSpec input() {
        return OpSpec.of("input", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("input", List.of(Arg.of("x", x).batchedIf(s.rank() > 0)), in -> in.get(0));
        }), LINEAR, SECOND_ORDER);
    }

    /** A constant of a random shape: no inputs, nothing to differentiate. */
    static OpSpec constant() {
        return OpSpec.of("constant", Draw.cases(d -> {
            Tensor value = d.tensor(d.shape(0, Draw.MAX_RANK), Domain.REAL);
            return new OpCase("constant " + value.shape(), List.of(), in -> SourceOp.constant(value));
        }), SHAPE_ONLY).unbatched();
    }

    /** A fill of x's shape (N included): it does not depend on x's values, so its gradient is zero. */
    static OpSpec fill() {
        return OpSpec.of("fill", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            double value = d.oneOf(0.0, 1.0, -2.5);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("fill " + value, List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> SourceOp.fill(in.get(0).shape(), in.get(0).dtype(), value));
        }), ZERO_GRADIENT);
    }

    // ---------------------------------------------------------------- reductions

    /** Over a random subset of axes (empty: all), with and without keepDims. */
    static OpSpec reduction(String name, boolean distinct, Reduction f, OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            boolean keepDims = d.bool();
            int[] axes = d.axes(s.rank());
            Tensor x = distinct ? d.distinctTensors(s).get(0)
                    : d.tensor(s, d.opOf(in -> f.apply(in.get(0), keepDims, axes), s).domain(0));
            return new OpCase(name + " axes " + Arrays.toString(axes) + (keepDims ? " keepDims" : ""),
                    List.of(Arg.of("x", x).batchedIf(s.rank() > 0)), in -> f.apply(in.get(0), keepDims, axes));
        }), claims);
    }

    /**
     * The number of elements over a random subset of axes, built from its record (there is no factory:
     * {@code mean} builds it when an axis is N): it depends on x's shape only, so its gradient is zero.
     */
    static OpSpec count() {
        return OpSpec.of("count", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < s.rank(); a++) {
                if (d.bool()) {
                    axes.add(a);
                }
            }
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("count axes " + axes, List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> Node.apply(new ReduceOp.Count(axes), in.get(0)));
        }), ZERO_GRADIENT);
    }

    /** softmax or logSoftmax along one axis. */
    static OpSpec alongAxis(String name, java.util.function.BiFunction<Node, Integer, Node> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            Tensor x = d.tensor(s, Domain.REAL);
            int axis = d.spelled(d.axis(s.rank()), s.rank());
            return new OpCase(name + " axis " + axis, List.of(Arg.of("x", x).batched()),
                    in -> f.apply(in.get(0), axis));
        }), SECOND_ORDER);
    }

    // ---------------------------------------------------------------- movement

    /** To a random factorization of the element count; half the time keeping axis 0 (then batchable). */
    static OpSpec reshape() {
        return OpSpec.of("reshape", Draw.cases(d -> {
            Shape s = d.distinctShape(1, Draw.MAX_RANK);
            boolean keepLeading = d.bool();
            int[] target;
            if (keepLeading) {
                int[] rest = factorization(d, s.size() / s.dim(0));
                target = new int[rest.length + 1];
                target[0] = s.dim(0);
                System.arraycopy(rest, 0, target, 1, rest.length);
            } else {
                target = factorization(d, s.size());
            }
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("reshape to " + Arrays.toString(target), List.of(Arg.of("x", x).batchedIf(keepLeading)),
                    in -> {
                        int[] t = target.clone();
                        if (in.get(0).shape().dim(0) == Shape.BATCH) {
                            t[0] = Shape.BATCH;
                        }
                        return MovementOp.reshape(in.get(0), Shape.of(t));
                    });
        }), LINEAR, SECOND_ORDER);
    }

    /** {@code n} as a product of 1 to 3 factors (its prime factors grouped at random). */
    static int[] factorization(Draw d, int n) {
        List<Integer> primes = new ArrayList<>();
        int m = n;
        for (int p = 2; m > 1; p++) {
            while (m % p == 0) {
                primes.add(p);
                m /= p;
            }
        }
        int groups = d.integer(1, 3);
        int[] out = new int[groups];
        Arrays.fill(out, 1);
        for (int p : primes) {
            out[d.axis(groups)] *= p;
        }
        return out;
    }

    static OpSpec permute() {
        return OpSpec.of("permute", Draw.cases(d -> {
            Shape s = d.distinctShape(0, Draw.MAX_RANK);
            int[] perm = d.permutation(s.rank());
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("permute " + Arrays.toString(perm), List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> MovementOp.permute(in.get(0), perm));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec transpose() {
        return OpSpec.of("transpose", Draw.cases(d -> {
            Shape s = d.distinctShape(2, Draw.MAX_RANK);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("transpose", List.of(Arg.of("x", x).batched()), in -> in.get(0).transpose());
        }), LINEAR, SECOND_ORDER);
    }

    /** From a shape with size-1 axes to one where some of them grow, sometimes with a new leading axis. */
    static OpSpec broadcastTo() {
        return OpSpec.of("broadcastTo", Draw.cases(d -> {
            Shape base = d.shape(0, Draw.MAX_RANK);
            int lead = d.integer(0, 1);
            int[] target = new int[lead + base.rank()];
            for (int a = 0; a < lead; a++) {
                target[a] = d.integer(1, Draw.MAX_DIM);
            }
            for (int a = 0; a < base.rank(); a++) {
                target[lead + a] = base.dim(a) == 1 ? d.integer(1, Draw.MAX_DIM) : base.dim(a);
            }
            boolean batch = lead == 0 && base.rank() > 0 && base.dim(0) == target[0];
            Tensor x = d.tensor(base, Domain.REAL);
            return new OpCase("broadcastTo " + Arrays.toString(target), List.of(Arg.of("x", x).batchedIf(batch)),
                    in -> {
                        int[] t = target.clone();
                        if (in.get(0).rank() > 0 && in.get(0).shape().dim(0) == Shape.BATCH) {
                            t[0] = Shape.BATCH;
                        }
                        return MovementOp.broadcastTo(in.get(0), Shape.of(t));
                    });
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec squeeze() {
        return OpSpec.of("squeeze", Draw.cases(d -> {
            Shape s = d.shape(0, 2);
            int at = d.integer(0, s.rank());
            int[] dims = new int[s.rank() + 1];
            for (int a = 0, b = 0; a < dims.length; a++) {
                dims[a] = a == at ? 1 : s.dim(b++);
            }
            Shape xs = Shape.of(dims);
            int axis = d.spelled(at, xs.rank());
            Tensor x = d.tensor(xs, Domain.REAL);
            return new OpCase("squeeze axis " + axis, List.of(Arg.of("x", x).batchedIf(at != 0)),
                    in -> MovementOp.squeeze(in.get(0), axis));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec unsqueeze() {
        return OpSpec.of("unsqueeze", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            int axis = d.spelled(d.integer(0, s.rank()), s.rank() + 1);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("unsqueeze axis " + axis, List.of(Arg.of("x", x).batchedIf(s.rank() > 0)),
                    in -> MovementOp.unsqueeze(in.get(0), axis));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec flatten() {
        return OpSpec.of("flatten", Draw.cases(d -> {
            Shape s = d.distinctShape(1, Draw.MAX_RANK);
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("flatten", List.of(Arg.of("x", x).batched()), in -> MovementOp.flatten(in.get(0)));
        }), LINEAR, SECOND_ORDER);
    }

    /** One to three parts along a random axis. */
    static OpSpec concat() {
        return OpSpec.of("concat", Draw.cases(d -> {
            int rank = d.integer(1, Draw.MAX_RANK);
            Shape base = d.shape(rank, rank);
            int at = d.axis(rank);
            int axis = d.spelled(at, rank);
            int parts = d.integer(1, 3);
            List<Arg> args = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                Tensor x = d.tensor(base.with(at, d.integer(1, Draw.MAX_DIM)), Domain.REAL);
                args.add(Arg.of("x" + p, x).batchedIf(at != 0));
            }
            return new OpCase("concat axis " + axis, args, in -> MovementOp.concat(axis, in));
        }), LINEAR, SECOND_ORDER);
    }

    /** A window along one axis, possibly empty, possibly running to the end ({@code Integer.MAX_VALUE}). */
    static OpSpec slice() {
        return OpSpec.of("slice", Draw.cases(d -> {
            Shape s = d.distinctShape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            int start = d.integer(0, s.dim(at));
            int end = d.bool() ? Integer.MAX_VALUE : d.integer(start, s.dim(at));
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("slice axis " + axis + " [" + start + ", " + end + ")",
                    List.of(Arg.of("x", x).batchedIf(at != 0)), in -> MovementOp.slice(in.get(0), axis, start, end));
        }), LINEAR, SECOND_ORDER);
    }

    /** Zero to two zeros before and after each axis; half the time none on axis 0 (then batchable). */
    static OpSpec pad() {
        return OpSpec.of("pad", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            boolean keepLeading = d.bool();
            int[] before = new int[s.rank()];
            int[] after = new int[s.rank()];
            for (int a = keepLeading ? 1 : 0; a < s.rank(); a++) {
                before[a] = d.integer(0, 2);
                after[a] = d.integer(0, 2);
            }
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("pad " + Arrays.toString(before) + " " + Arrays.toString(after),
                    List.of(Arg.of("x", x).batchedIf(keepLeading)), in -> MovementOp.pad(in.get(0), before, after));
        }), LINEAR, SECOND_ORDER);
    }

    // ---------------------------------------------------------------- linear algebra

    /** 2-D, batched with equal leading dimensions, batched A with a shared 2-D B, and a shared 2-D A with batched B. */
    static OpSpec matmul() {
        return OpSpec.of("matmul", Draw.cases(d -> {
            int variant = d.integer(0, 3);
            int m = d.integer(1, Draw.MAX_DIM);
            int k = d.integer(1, Draw.MAX_DIM);
            int n = d.integer(1, Draw.MAX_DIM);
            int b = d.integer(1, 3);
            Shape as = variant == 0 || variant == 3 ? Shape.of(m, k) : Shape.of(b, m, k);
            Shape bs = variant == 1 || variant == 3 ? Shape.of(b, k, n) : Shape.of(k, n);
            Tensor a = d.tensor(as, Domain.REAL);
            Tensor bv = d.tensor(bs, Domain.REAL);
            String kind = new String[] {"2-D", "batched", "batched A, shared B", "shared A, batched B"}[variant];
            return new OpCase("matmul " + kind + " " + as + " " + bs,
                    List.of(Arg.of("a", a).batchedIf(variant != 3), Arg.of("b", bv).batchedIf(variant == 1
                            || variant == 3)), in -> LinalgOp.matmul(in.get(0), in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    static OpSpec dot() {
        return OpSpec.of("dot", Draw.cases(d -> {
            Shape s = Shape.of(d.integer(1, Draw.MAX_DIM));
            return new OpCase("dot", List.of(Arg.of("a", d.tensor(s, Domain.REAL)).batched(),
                    Arg.of("b", d.tensor(s, Domain.REAL)).batched()), in -> LinalgOp.dot(in.get(0), in.get(1)));
        }), MULTILINEAR, SECOND_ORDER);
    }

    // ---------------------------------------------------------------- indexing

    /** Rows along a random axis at random indices (repeats included), indices of rank 0 to 2. */
    static OpSpec gather() {
        return OpSpec.of("gather", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            Tensor idx = d.indices(Gens.shapes(0, 2, 3).next(d.choices), s.dim(at));
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("gather axis " + axis, List.of(Arg.of("x", x).batchedIf(at != 0), Arg.index("idx", idx)),
                    in -> IndexOp.gather(in.get(0), in.get(1), axis));
        }), LINEAR, SECOND_ORDER);
    }

    /** The adjoint of gather, built directly from its op record (there is no factory). */
    static OpSpec scatterAdd() {
        return OpSpec.of("scatterAdd", Draw.cases(d -> {
            Shape target = d.shape(1, Draw.MAX_RANK);
            int axis = d.axis(target.rank());
            Shape idxShape = Gens.shapes(0, 2, 3).next(d.choices);
            int[] t = target.dims();
            int[] id = idxShape.dims();
            int[] src = new int[t.length - 1 + id.length];
            System.arraycopy(t, 0, src, 0, axis);
            System.arraycopy(id, 0, src, axis, id.length);
            System.arraycopy(t, axis + 1, src, axis + id.length, t.length - axis - 1);
            Tensor idx = d.indices(idxShape, target.dim(axis));
            Tensor x = d.tensor(Shape.of(src), Domain.REAL);
            return new OpCase("scatterAdd axis " + axis + " into " + target,
                    List.of(Arg.of("src", x).batchedIf(axis != 0), Arg.index("idx", idx)),
                    in -> Node.apply(new IndexOp.ScatterAdd(axis, batchedLike(target, in.get(0))), in.get(0),
                            in.get(1)));
        }), LINEAR, SECOND_ORDER);
    }

    static OpSpec takeAlongAxis() {
        return OpSpec.of("takeAlongAxis", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            Tensor idx = d.indices(s.with(at, d.integer(1, Draw.MAX_DIM)), s.dim(at));
            Tensor x = d.tensor(s, Domain.REAL);
            return new OpCase("takeAlongAxis axis " + axis,
                    List.of(Arg.of("x", x).batchedIf(at != 0), Arg.index("idx", idx).batchedIf(at != 0)),
                    in -> IndexOp.takeAlongAxis(in.get(0), in.get(1), axis));
        }), LINEAR, SECOND_ORDER);
    }

    /** The adjoint of takeAlongAxis, built directly from its op record (there is no factory). */
    static OpSpec putAlongAxis() {
        return OpSpec.of("putAlongAxis", Draw.cases(d -> {
            Shape target = d.shape(1, Draw.MAX_RANK);
            int axis = d.axis(target.rank());
            Shape idxShape = target.with(axis, d.integer(1, Draw.MAX_DIM));
            Tensor idx = d.indices(idxShape, target.dim(axis));
            Tensor src = d.tensor(idxShape, Domain.REAL);
            return new OpCase("putAlongAxis axis " + axis + " into " + target,
                    List.of(Arg.of("src", src).batchedIf(axis != 0), Arg.index("idx", idx).batchedIf(axis != 0)),
                    in -> Node.apply(new IndexOp.PutAlongAxis(axis, batchedLike(target, in.get(0))), in.get(0),
                            in.get(1)));
        }), LINEAR, SECOND_ORDER);
    }

    /** {@code target} with N on axis 0 when {@code like} has N there. */
    private static Shape batchedLike(Shape target, Node like) {
        return like.rank() > 0 && like.shape().dim(0) == Shape.BATCH ? target.with(0, Shape.BATCH) : target;
    }

    static OpSpec pickPerRow() {
        return OpSpec.of("pickPerRow", Draw.cases(d -> {
            int rows = d.integer(1, Draw.MAX_DIM);
            int classes = d.integer(1, Draw.MAX_DIM);
            Tensor scores = d.tensor(Shape.of(rows, classes), Domain.REAL);
            Tensor labels = d.indices(Shape.of(rows), classes);
            return new OpCase("pickPerRow", List.of(Arg.of("scores", scores).batched(), Arg.index("labels", labels)
                    .batched()), in -> IndexOp.pickPerRow(in.get(0), in.get(1)));
        }), LINEAR, SECOND_ORDER);
    }

    /** Uniform samples of a random shape from a random key: the key is not differentiable. */
    static OpSpec uniform() {
        return OpSpec.of("uniform", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            long salt = d.integer(0, 3);
            Tensor key = Tensor.scalar(d.dtype, d.integer(0, 1000));
            return new OpCase("uniform " + s + " salt " + salt, List.of(Arg.index("key", key)),
                    in -> RandomOp.uniform(in.get(0), s, d.dtype, salt));
        }), SHAPE_ONLY).unbatched();
    }

    /** Uniform samples drawn row by row from a random key and random row indices: neither is differentiable. */
    static OpSpec uniformByRow() {
        return OpSpec.of("uniformByRow", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            long salt = d.integer(0, 3);
            Tensor key = Tensor.scalar(d.dtype, d.integer(0, 1000));
            Tensor rows = d.indices(Shape.of(s.dim(0)), 1000);
            return new OpCase("uniformByRow " + s + " salt " + salt, List.of(Arg.index("key", key),
                    Arg.index("rows", rows)), in -> RandomOp.uniformByRow(in.get(0), in.get(1), s, d.dtype, salt));
        }), SHAPE_ONLY).unbatched();
    }

    /** Standard normal samples of a random shape from a random key: the key is not differentiable. */
    static OpSpec normal() {
        return OpSpec.of("normal", Draw.cases(d -> {
            Shape s = d.shape(0, Draw.MAX_RANK);
            long salt = d.integer(0, 3);
            Tensor key = Tensor.scalar(d.dtype, d.integer(0, 1000));
            return new OpCase("normal " + s + " salt " + salt, List.of(Arg.index("key", key)),
                    in -> RandomOp.normal(in.get(0), s, d.dtype, salt));
        }), SHAPE_ONLY).unbatched();
    }

    /** Standard normal samples drawn row by row from a random key and random row indices. */
    static OpSpec normalByRow() {
        return OpSpec.of("normalByRow", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            long salt = d.integer(0, 3);
            Tensor key = Tensor.scalar(d.dtype, d.integer(0, 1000));
            Tensor rows = d.indices(Shape.of(s.dim(0)), 1000);
            return new OpCase("normalByRow " + s + " salt " + salt, List.of(Arg.index("key", key),
                    Arg.index("rows", rows)), in -> RandomOp.normalByRow(in.get(0), in.get(1), s, d.dtype, salt));
        }), SHAPE_ONLY).unbatched();
    }

    static OpSpec oneHot() {
        return OpSpec.of("oneHot", Draw.cases(d -> {
            Shape s = d.shape(0, 2);
            int depth = d.integer(1, Draw.MAX_DIM);
            Tensor labels = d.indices(s, depth);
            return new OpCase("oneHot depth " + depth, List.of(Arg.index("labels", labels).batchedIf(s.rank() > 0)),
                    in -> IndexOp.oneHot(in.get(0), depth));
        }), SHAPE_ONLY);
    }
}
