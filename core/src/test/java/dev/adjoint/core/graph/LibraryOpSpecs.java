package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.SHAPE_ONLY;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of the op table for the op library's rearranging ({@link ArrangeOp}), running ({@link CumulativeOp}),
 * statistic ({@link StatisticOp}) and sorting ({@link SortOp}) families, their primitives and compositions.
 */
final class LibraryOpSpecs {

    private LibraryOpSpecs() {
    }

    /** What a case of one operand builds: its label, its output from the input node, whether N may be axis 0. */
    record Built(String label, Function<Node, Node> f, boolean batchable) {
        Built(String label, Function<Node, Node> f) {
            this(label, f, true);
        }
    }

    /** A builder of one-operand cases: from the draw, the operand's shape and a chosen axis. */
    interface Along {
        Built build(Draw d, Shape s, int at, int axis);
    }

    static List<OpSpec> all() {
        return List.of(
                one("flip", 1, Domain.REAL, false, true, (d, s, at, axis) -> {
                    int[] axes = d.axes(s.rank());
                    return new Built("flip " + Arrays.toString(axes), x -> x.flip(axes));
                }, LINEAR, SECOND_ORDER),
                one("slice with a step", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int n = s.dim(at);
                    int step = d.oneOf(-3, -2, -1, 2, 3);
                    int start = d.oneOf(0, n - 1, -1, -n - 2, n + 2, Integer.MAX_VALUE);
                    int end = d.oneOf(0, 1, -1, n, Integer.MAX_VALUE, Integer.MIN_VALUE);
                    return new Built("slice axis " + axis + " [" + start + ":" + end + ":" + step + "]",
                            x -> x.slice(axis, start, end, step));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("roll", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int shift = d.integer(-5, 5);
                    return new Built("roll " + shift + " axis " + axis, x -> x.roll(shift, axis));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("tile", 1, Domain.REAL, false, true, (d, s, at, axis) -> {
                    int[] reps = new int[d.integer(0, s.rank() + 1)];
                    for (int a = 0; a < reps.length; a++) {
                        reps[a] = d.integer(0, 3);
                    }
                    int first = reps.length - s.rank();
                    boolean keepsFirst = first < 0 || reps[first] == 1;
                    return new Built("tile " + Arrays.toString(reps), x -> x.tile(reps), keepsFirst);
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("repeat", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int r = d.integer(0, 3);
                    return new Built("repeat " + r + " axis " + axis, x -> x.repeat(r, axis));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("split", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int first = d.integer(0, s.dim(at));
                    int part = d.integer(0, 1);
                    return new Built("split axis " + axis + " at " + first + ", part " + part,
                            x -> ArrangeOp.split(x, new int[] {first, s.dim(at) - first}, axis).get(part));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("pad with a value", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int[][] pads = pads(d, s, at, Integer.MAX_VALUE);
                    double value = d.oneOf(0.0, -1.5, 2.0);
                    return new Built("pad " + value + " " + Arrays.deepToString(pads),
                            x -> x.pad(pads[0], pads[1], value));
                }, SECOND_ORDER).asComposition(),
                one("pad reflect", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int[][] pads = pads(d, s, at, 1);
                    return new Built("pad reflect " + Arrays.deepToString(pads),
                            x -> x.pad(pads[0], pads[1], ArrangeOp.PadMode.REFLECT));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("pad wrap", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int[][] pads = pads(d, s, at, 0);
                    return new Built("pad wrap " + Arrays.deepToString(pads),
                            x -> x.pad(pads[0], pads[1], ArrangeOp.PadMode.WRAP));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("pad edge", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int[][] pads = pads(d, s, at, Integer.MAX_VALUE);
                    return new Built("pad edge " + Arrays.deepToString(pads),
                            x -> x.pad(pads[0], pads[1], ArrangeOp.PadMode.EDGE));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("cumsum", 1, Domain.REAL, false, true, (d, s, at, axis) ->
                        new Built("cumsum axis " + axis, x -> x.cumsum(axis)), LINEAR, SECOND_ORDER),
                one("cumsum reverse/exclusive", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    boolean reverse = d.bool();
                    boolean exclusive = d.bool();
                    return new Built("cumsum axis " + axis + (reverse ? " reverse" : "")
                            + (exclusive ? " exclusive" : ""),
                            x -> x.cumsum(axis, reverse, exclusive));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("cumprod", 1, Domain.REAL, false, true, (d, s, at, axis) ->
                        new Built("cumprod axis " + axis, x -> x.cumprod(axis)), SECOND_ORDER),
                one("cumprod reverse/exclusive", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    boolean reverse = d.bool();
                    boolean exclusive = d.bool();
                    return new Built("cumprod axis " + axis + (reverse ? " reverse" : "")
                            + (exclusive ? " exclusive" : ""),
                            x -> x.cumprod(axis, reverse, exclusive));
                }, SECOND_ORDER).asComposition(),
                cumprodWithZeros(),
                one("logcumsumexp", 1, Domain.REAL, false, true, (d, s, at, axis) ->
                        new Built("logcumsumexp axis " + axis, x -> x.logcumsumexp(axis)), SECOND_ORDER),
                one("logcumsumexp reverse", 1, Domain.REAL, false, true, (d, s, at, axis) ->
                        new Built("logcumsumexp reverse axis " + axis, x -> x.logcumsumexp(axis, true)), SECOND_ORDER)
                        .asComposition(),
                OpSpec.of("argcummax/argcummin", Draw.cases(d -> {
                    Shape s = d.shape(1, Draw.MAX_RANK);
                    int at = d.axis(s.rank());
                    int axis = d.spelled(at, s.rank());
                    boolean max = d.bool();
                    double[] data = new double[s.size()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = d.integer(-2, 2); // ties, where the index moves to the later one
                    }
                    return new OpCase((max ? "argcummax" : "argcummin") + " axis " + axis,
                            List.of(Arg.of("x", Tensor.of(d.dtype, s, data)).batchedIf(at != 0)),
                            in -> (max ? in.get(0).cummax(axis) : in.get(0).cummin(axis)).indices());
                }), ZERO_GRADIENT),
                one("cummax/cummin", 1, null, false, false, (d, s, at, axis) -> {
                    boolean max = d.bool();
                    return new Built((max ? "cummax" : "cummin") + " axis " + axis,
                            x -> (max ? x.cummax(axis) : x.cummin(axis)).values());
                }, SECOND_ORDER).asComposition(),
                alongOneAxis("linearRecurrence", 2, axis -> in ->
                        Node.apply(new CumulativeOp.LinearRecurrence(axis), in.get(0), in.get(1))),
                alongOneAxis("expWeightedCumsum", 3, axis -> in ->
                        Node.apply(new CumulativeOp.ExpWeightedCumsum(axis), in.get(0), in.get(1), in.get(2))),
                reduction("prod", Domain.REAL, false, (x, keep, axes) -> x.prod(keep, axes), SECOND_ORDER),
                reduction("var", Domain.REAL, true, (x, keep, axes) -> x.var(0, keep, axes), SECOND_ORDER)
                        .asComposition(),
                one("var unbiased", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    double correction = s.dim(at) > 1 ? 1 : 0.5;
                    return new Built("var correction " + correction + " axis " + axis,
                            x -> x.var(correction, keep, axis));
                }, SECOND_ORDER).asComposition(),
                one("std", 1, null, true, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    return new Built("std axis " + axis, x -> x.std(0, keep, axis));
                }, SECOND_ORDER).asComposition(),
                batchNormalize(),
                one("trace", 2, Domain.REAL, false, false, (d, s, at, axis) ->
                        new Built("trace", Node::trace, s.rank() > 2), LINEAR, SECOND_ORDER).asComposition(),
                OpSpec.of("kron", Draw.cases(d -> {
                    Shape a = d.shape(0, Draw.MAX_RANK);
                    Shape b = d.shape(0, Draw.MAX_RANK);
                    return new OpCase("kron " + a + " " + b, List.of(Arg.of("a", d.tensor(a, Domain.REAL)),
                            Arg.of("b", d.tensor(b, Domain.REAL))), in -> in.get(0).kron(in.get(1)));
                }), OpSpec.Claim.MULTILINEAR, SECOND_ORDER).asComposition().unbatched(),
                OpSpec.of("cross", Draw.cases(d -> {
                    Shape s = d.shape(1, Draw.MAX_RANK);
                    int at = d.axis(s.rank());
                    Shape vectors = s.with(at, 3);
                    int axis = d.spelled(at, s.rank());
                    return new OpCase("cross axis " + axis + " " + vectors, List.of(
                            Arg.of("a", d.tensor(vectors, Domain.REAL)), Arg.of("b", d.tensor(vectors, Domain.REAL))),
                            in -> in.get(0).cross(in.get(1), axis));
                }), OpSpec.Claim.MULTILINEAR, SECOND_ORDER).asComposition().unbatched(),
                reduction("nansum", Domain.REAL, false, (x, keep, axes) -> x.nansum(keep, axes), LINEAR,
                        SECOND_ORDER).asComposition(),
                reduction("nanmean", Domain.REAL, true, (x, keep, axes) -> x.nanmean(keep, axes), LINEAR,
                        SECOND_ORDER).asComposition(),
                extremumSkippingNaNs("nanmax", (x, keep, axes) -> x.nanmax(keep, axes)),
                extremumSkippingNaNs("nanmin", (x, keep, axes) -> x.nanmin(keep, axes)),
                reduction("nanvar", Domain.REAL, true, (x, keep, axes) -> x.nanvar(0, keep, axes), SECOND_ORDER)
                        .asComposition(),
                one("nanvar unbiased", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    double correction = s.dim(at) > 1 ? 1 : 0.5;
                    return new Built("nanvar correction " + correction + " axis " + axis,
                            x -> x.nanvar(correction, keep, axis));
                }, SECOND_ORDER).asComposition(),
                one("nanstd", 1, null, true, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    double correction = s.dim(at) > 1 ? d.oneOf(0.0, 1.0) : 0;
                    return new Built("nanstd correction " + correction + " axis " + axis,
                            x -> x.nanstd(correction, keep, axis));
                }, SECOND_ORDER).asComposition(),
                reduction("nanprod", Domain.REAL, false, (x, keep, axes) -> x.nanprod(keep, axes), SECOND_ORDER)
                        .asComposition(),
                ElementwiseSpecs.unary("nanToNum", Node::nanToNum, LINEAR, SECOND_ORDER).asComposition(),
                ElementwiseSpecs.unary("nanToNum(1.5, 2, -2)", x -> x.nanToNum(1.5, 2, -2), LINEAR, SECOND_ORDER)
                        .asComposition(),
                OpSpec.of("matrixPower", Draw.cases(d -> {
                    int m = d.integer(1, 3);
                    Shape s = d.bool() ? Shape.of(m, m) : Shape.of(2, m, m);
                    int n = d.integer(0, 4);
                    return new OpCase("matrixPower " + n + " " + s, List.of(Arg.of("a", d.tensor(s, Domain.REAL))
                            .batchedIf(s.rank() == 3)), in -> in.get(0).matrixPower(n));
                }), SECOND_ORDER).asComposition(),
                reduction("normL1", Domain.AWAY_FROM_ZERO, true, (x, keep, axes) -> x.normL1(keep, axes), SECOND_ORDER)
                        .asComposition(),
                reduction("normL2", Domain.REAL, true, (x, keep, axes) -> x.normL2(keep, axes), SECOND_ORDER)
                        .asComposition(),
                reduction("normMax", Domain.AWAY_FROM_ZERO, true, (x, keep, axes) -> x.normMax(keep, axes),
                        SECOND_ORDER).asComposition(),
                reduction("normP", Domain.AWAY_FROM_ZERO, true, (x, keep, axes) -> x.normP(3, keep, axes), SECOND_ORDER)
                        .asComposition(),
                one("normFrobenius", 2, Domain.REAL, false, true, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    return new Built("normFrobenius", x -> x.normFrobenius(keep));
                }, SECOND_ORDER).asComposition(),
                writing("scatterAdd", true, (x, idx, src, axis) -> x.scatterAdd(idx, src, axis)),
                writing("scatter", true, (x, idx, src, axis) -> x.scatter(idx, src, axis)),
                writing("putAlongAxis (NumPy's, assigning)", false,
                        (x, idx, src, axis) -> x.putAlongAxis(idx, src, axis)),
                alongAxis("scatterAddAlongAxis", true, (x, idx, src, axis) -> x.scatterAddAlongAxis(idx, src, axis)),
                alongAxis("scatterAlongAxis", true, (x, idx, src, axis) -> x.scatterAlongAxis(idx, src, axis)),
                alongAxis("gatherAlongAxis", false, (x, idx, src, axis) -> x.gatherAlongAxis(idx, axis))
                        .asComposition(),
                lastWrites(),
                OpSpec.of("argsort", Draw.cases(d -> {
                    Shape s = d.shape(1, Draw.MAX_RANK);
                    int at = d.axis(s.rank());
                    int axis = d.spelled(at, s.rank());
                    boolean descending = d.bool();
                    double[] data = new double[s.size()];
                    for (int i = 0; i < data.length; i++) {
                        data[i] = d.integer(-2, 2);
                    }
                    return new OpCase("argsort axis " + axis + (descending ? " descending" : ""),
                            List.of(Arg.of("x", Tensor.of(d.dtype, s, data)).batched()),
                            in -> in.get(0).argsort(axis, descending));
                }), ZERO_GRADIENT),
                unique("uniqueValues", false),
                unique("uniqueInverse", true),
                one("sort", 1, null, false, false, (d, s, at, axis) -> {
                    boolean descending = d.bool();
                    return new Built("sort axis " + axis + (descending ? " descending" : ""),
                            x -> x.sort(axis, descending));
                }, LINEAR, SECOND_ORDER).asComposition(),
                one("topk", 1, null, false, false, (d, s, at, axis) -> {
                    int k = d.integer(0, s.dim(at));
                    boolean values = d.bool();
                    return new Built("topk " + k + " axis " + axis + (values ? " values" : " indices as floats"),
                            x -> values ? x.topk(k, axis).values() : x.topk(k, axis).indices().cast(x.dtype()));
                }, SECOND_ORDER).asComposition(),
                one("quantile", 1, null, false, false, (d, s, at, axis) -> {
                    double q = d.oneOf(0.0, 0.3, 0.5, 0.75, 1.0);
                    boolean keep = d.bool();
                    return new Built("quantile " + q + " axis " + axis, x -> x.quantile(q, axis, keep));
                }, SECOND_ORDER).asComposition(),
                one("median", 1, null, false, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    return new Built("median axis " + axis, x -> x.median(axis, keep));
                }, SECOND_ORDER).asComposition());
    }

    /**
     * cumprod (any direction, inclusive or exclusive) of values of which about a third are exact zeros: one zero,
     * several, adjacent, at the ends, where the products through a zero are 0 but their derivatives are not.
     */
    static OpSpec cumprodWithZeros() {
        return OpSpec.of("cumprod with exact zeros", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            double[] values = d.tensor(s, Domain.REAL).toDoubleArray();
            for (int i = 0; i < values.length; i++) {
                if (d.integer(0, 2) == 0) {
                    values[i] = 0;
                }
            }
            boolean reverse = d.bool();
            boolean exclusive = d.bool();
            return new OpCase("cumprod with zeros axis " + axis + (reverse ? " reverse" : "")
                    + (exclusive ? " exclusive" : ""), List.of(Arg.of("x", Tensor.of(d.dtype, s, values))
                    .batchedIf(at != 0)), in -> in.get(0).cumprod(axis, reverse, exclusive));
        }), SECOND_ORDER).asComposition();
    }

    /**
     * A part of {@code unique} of a tensor of small integers (repeats likely) with room for every distinct value
     * and a few pads: the values (not differentiable: shape only) or the inverse indices (a zero gradient).
     */
    static OpSpec unique(String name, boolean inverse) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.bool() ? d.shape(1, 1) : d.shape(0, Draw.MAX_RANK); // vectors are batched, half the cases
            double[] data = new double[s.size()];
            for (int i = 0; i < data.length; i++) {
                data[i] = d.integer(-2, 2);
            }
            int size = 5 + d.integer(0, 2);
            double fill = d.oneOf(0.0, -7.0);
            return new OpCase(name + " size " + size, List.of(Arg.of("x", Tensor.of(d.dtype, s, data))
                    .batchedIf(s.rank() == 1)), in -> inverse ? in.get(0).unique(size, fill).inverse()
                    : in.get(0).unique(size, fill).values());
        }), inverse ? ZERO_GRADIENT : OpSpec.Claim.SHAPE_ONLY);
    }

    /** A primitive of {@code operands} operands of one shape along a random axis (which may be N). */
    static OpSpec alongOneAxis(String name, int operands, Function<Integer, Function<List<Node>, Node>> f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            List<Arg> args = new ArrayList<>();
            for (int k = 0; k < operands; k++) {
                args.add(Arg.of(String.valueOf((char) ('a' + k)), d.tensor(s, Domain.REAL)).batched());
            }
            return new OpCase(name + " axis " + at, args, f.apply(at));
        }), SECOND_ORDER);
    }

    /**
     * A row of one-operand cases along a random axis; a {@code null} domain draws distinct values (no ties, no
     * kink of std or of a sort where two values meet),
     * {@code nonEmpty} asks for no empty axis, {@code batchAlong} lets the axis be the batch axis N.
     */
    static OpSpec one(String name, int minRank, Domain domain, boolean nonEmpty, boolean batchAlong, Along f,
            OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = nonEmpty ? d.distinctShape(Math.max(minRank, 1), Draw.MAX_RANK) : d.shape(minRank, Draw.MAX_RANK);
            if (domain == null) {
                s = d.distinctShape(Math.max(minRank, 1), Draw.MAX_RANK);
            }
            int at = s.rank() == 0 ? 0 : d.axis(s.rank());
            int axis = s.rank() == 0 ? 0 : d.spelled(at, s.rank());
            Built built = f.build(d, s, at, axis);
            Tensor x = domain == null ? d.distinctTensors(s).get(0) : d.tensor(s, domain);
            boolean batched = s.rank() > 0 && (batchAlong || at != 0) && built.batchable();
            return new OpCase(built.label(), List.of(Arg.of("x", x).batchedIf(batched)),
                    in -> built.f().apply(in.get(0)));
        }), claims);
    }

    /**
     * batchNormalize of x ({@code [N, ..., C]}, N symbolic too) with gamma and beta {@code [C]}, against the
     * composition a batch normalization wrote before it, bit for bit: rows of one (a zero variance), one column
     * (the stored squares), empty tensors.
     */
    private static OpSpec batchNormalize() {
        return OpSpec.of("batchNormalize", Draw.cases(d -> {
            Shape s = d.shape(2, Draw.MAX_RANK);
            int c = s.dim(s.rank() - 1);
            // with one or two rows, 1 and x̂ span a column's rows and the VJP (the projection of yBar off them) is
            // only the epsilon part, eps / (sigma² + eps) of its terms: a small epsilon there leaves a result
            // that rounding of its O(1) terms dominates, which the linearity check (relative to the result)
            // would call nonlinear; the gradient checks see the same values either way
            double epsilon = s.size() / Math.max(c, 1) <= 2 ? 0.5 : d.oneOf(1e-3, 0.5);
            int[] rows = java.util.stream.IntStream.range(0, s.rank() - 1).toArray();
            return new OpCase("batchNormalize " + s + " epsilon " + epsilon,
                    List.of(Arg.of("x", d.tensor(s, Domain.REAL)).batched(),
                            Arg.of("gamma", d.tensor(Shape.of(c), Domain.REAL)),
                            Arg.of("beta", d.tensor(Shape.of(c), Domain.REAL))),
                    in -> in.get(0).batchNormalize(in.get(1), in.get(2), epsilon),
                    in -> {
                        Node x = in.get(0);
                        Node mean = ReduceOp.mean(x, false, rows);
                        Node variance = ReduceOp.mean(x.sub(mean).square(), false, rows);
                        return x.sub(mean).div(variance.add(epsilon).sqrt()).mul(in.get(1)).add(in.get(2));
                    });
        }), SECOND_ORDER, OpSpec.Claim.EQUALS_REFERENCE);
    }

    /**
     * nanmax or nanmin over a random subset of axes (empty: all) of distinct values (no ties, where the gradient
     * is a subgradient), with and without keepDims; batched when axis 0 is kept.
     */
    private static OpSpec extremumSkippingNaNs(String name, TensorOpSpecs.Reduction f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.distinctShape(0, Draw.MAX_RANK);
            boolean keepDims = d.bool();
            int[] axes = d.axes(s.rank());
            boolean reducesFirst = axes.length == 0 || Arrays.stream(axes).anyMatch(a -> a == 0 || a == -s.rank());
            return new OpCase(name + " axes " + Arrays.toString(axes) + (keepDims ? " keepDims" : ""),
                    List.of(Arg.of("x", d.distinctTensors(s).get(0)).batchedIf(s.rank() > 0 && !reducesFirst)),
                    in -> f.apply(in.get(0), keepDims, axes));
        }), SECOND_ORDER).asComposition();
    }

    /** Over a random subset of axes (empty: all), with and without keepDims; batched when axis 0 is kept. */
    static OpSpec reduction(String name, Domain domain, boolean nonEmpty, TensorOpSpecs.Reduction f,
            OpSpec.Claim... claims) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = nonEmpty ? d.distinctShape(0, Draw.MAX_RANK) : d.shape(0, Draw.MAX_RANK);
            boolean keepDims = d.bool();
            int[] axes = d.axes(s.rank());
            boolean reducesFirst = axes.length == 0 || Arrays.stream(axes).anyMatch(a -> a == 0 || a == -s.rank());
            Tensor x = name.equals("normMax") ? d.distinctTensors(s).get(0) : d.tensor(s, domain);
            return new OpCase(name + " axes " + Arrays.toString(axes) + (keepDims ? " keepDims" : ""),
                    List.of(Arg.of("x", x).batchedIf(s.rank() > 0 && !reducesFirst)),
                    in -> f.apply(in.get(0), keepDims, axes));
        }), claims);
    }

    /** A write of src into x at indices: {@code (x, idx, src, axis) -> node}. */
    interface Write {
        Node apply(Node x, Node idx, Node src, int axis);
    }

    /**
     * x, distinct indices (negative ones too for gather's family) and src of gather's shape ({@code gatherShaped})
     * or of the indices' shape (along an axis); distinct, so that each written place has one source.
     */
    static OpSpec writing(String name, boolean gatherShaped, Write f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            int n = s.dim(at);
            int k = d.integer(0, n);
            int[] perm = d.permutation(n);
            int inner = 1;
            for (int a = at + 1; a < s.rank(); a++) {
                inner *= s.dim(a);
            }
            long[] picks = new long[gatherShaped ? k : s.size() / Math.max(n, 1) * k];
            for (int i = 0; i < picks.length; i++) {
                int j = gatherShaped ? i : (i / inner) % k;
                int lane = gatherShaped ? 0 : (i / (inner * k)) * inner + i % inner;
                long p = perm[(j + lane) % n];
                picks[i] = gatherShaped && d.bool() ? p - n : p;
            }
            Shape idxShape = gatherShaped ? Shape.of(k) : s.with(at, k);
            Tensor idx = Tensor.ofLongs(idxShape, picks);
            Shape srcShape = gatherShaped ? s.with(at, k) : idxShape;
            Tensor x = d.tensor(s, Domain.REAL);
            Tensor src = d.tensor(srcShape, Domain.REAL);
            boolean batched = at != 0;
            return new OpCase(name + " axis " + axis + " at " + Arrays.toString(picks),
                    List.of(Arg.of("x", x).batchedIf(batched),
                            Arg.index("idx", idx).batchedIf(batched && !gatherShaped),
                            Arg.of("src", src).batchedIf(batched)),
                    in -> f.apply(in.get(0), in.get(1), in.get(2), axis));
        }), LINEAR, SECOND_ORDER).asComposition();
    }

    /**
     * PyTorch's writes (and gather) along an axis: x of a random shape, an axis in either spelling, indices of x's
     * rank with any length along the axis and at most x's dimensions off it (x's own when N stands for axis 0),
     * drawn with repeats, and for a write src of their shape.
     */
    static OpSpec alongAxis(String name, boolean writes, Write f) {
        return OpSpec.of(name, Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            boolean batched = at != 0 && d.bool();
            int[] dims = new int[s.rank()];
            for (int a = 0; a < dims.length; a++) {
                boolean free = a == at || !(batched && a == 0);
                dims[a] = a == at ? d.integer(0, Draw.MAX_DIM + 2) : free ? d.integer(0, s.dim(a)) : s.dim(0);
            }
            Tensor idx = d.indices(Shape.of(dims), s.dim(at));
            List<Arg> args = new ArrayList<>(List.of(Arg.of("x", d.tensor(s, Domain.REAL)).batchedIf(batched),
                    Arg.index("idx", idx).batchedIf(batched)));
            if (writes) {
                args.add(Arg.of("src", d.tensor(Shape.of(dims), Domain.REAL)).batchedIf(batched));
            }
            return new OpCase(name + " axis " + axis + " of " + s + " at " + idx, args,
                    in -> f.apply(in.get(0), in.get(1), writes ? in.get(2) : null, axis));
        }), LINEAR, SECOND_ORDER);
    }

    /** The mask of the writes of scatterAlongAxis that survive: indices with repeats likely; no gradient. */
    static OpSpec lastWrites() {
        return OpSpec.of("lastWrites", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int axis = d.axis(s.rank());
            int size = d.integer(1, 3);
            Tensor idx = d.indices(s, size);
            return new OpCase("lastWrites axis " + axis + " into " + size + " at " + idx,
                    List.of(Arg.index("idx", idx).batchedIf(axis != 0)),
                    in -> Node.apply(new ScatterOp.LastWrites(axis, size), in.get(0)));
        }), SHAPE_ONLY);
    }

    /**
     * Pads per axis in {@code [0, 2]}, at most {@code limit} below each axis' size; none on axis {@code at}'s batch.
     */
    private static int[][] pads(Draw d, Shape s, int at, int limit) {
        int[] before = new int[s.rank()];
        int[] after = new int[s.rank()];
        for (int a = 1; a < s.rank(); a++) {
            // limit 1: below the axis' size (reflect); 0: at most its size (wrap); else up to 2 on a non-empty axis
            int most = limit <= 1 ? Math.min(2, s.dim(a) - limit) : (s.dim(a) == 0 ? 0 : 2);
            before[a] = d.integer(0, Math.max(0, most));
            after[a] = d.integer(0, Math.max(0, most));
        }
        return new int[][] {before, after};
    }
}
