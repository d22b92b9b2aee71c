package dev.adjoint.core.graph;

import static dev.adjoint.core.graph.OpSpec.Claim.LINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.MULTILINEAR;
import static dev.adjoint.core.graph.OpSpec.Claim.SECOND_ORDER;
import static dev.adjoint.core.graph.OpSpec.Claim.ZERO_GRADIENT;

import dev.adjoint.core.graph.LibraryOpSpecs.Built;
import dev.adjoint.core.graph.OpCase.Arg;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The rows of the op table for the numerical-analysis and statistics compositions: {@link Differences},
 * {@link Interpolation}, {@link Covariance}, {@link Distances}, {@link OrderStatistics}, {@link LogDeterminant}
 * and {@link PixelShuffle}, and the one primitive beside them, {@link Bucketing}'s binary search. The compositions'
 * rows check their gradients, first and second order, on random shapes and values.
 */
final class AnalysisOpSpecs {

    private AnalysisOpSpecs() {
    }

    static List<OpSpec> all() {
        return List.of(
                LibraryOpSpecs.one("diff", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    int n = d.integer(0, s.dim(at) + 1);
                    return new Built("diff " + n + " axis " + axis, x -> x.diff(n, axis));
                }, LINEAR, SECOND_ORDER).asComposition(),
                diffJoined(),
                LibraryOpSpecs.one("trapezoid dx", 1, Domain.REAL, false, false, (d, s, at, axis) -> {
                    double dx = d.oneOf(1.0, 0.5, -2.0);
                    return new Built("trapezoid dx " + dx + " axis " + axis, x -> x.trapezoid(dx, axis));
                }, LINEAR, SECOND_ORDER).asComposition(),
                trapezoidAtPoints(),
                OpSpec.of("lerp", Draw.cases(d -> {
                    Shape s = d.shape(0, Draw.MAX_RANK);
                    return new OpCase("lerp " + s, List.of(Arg.of("a", d.tensor(d.broadcastableTo(s), Domain.REAL)),
                            Arg.of("b", d.tensor(s, Domain.REAL)), Arg.of("w", d.tensor(d.broadcastableTo(s),
                            Domain.REAL))), in -> in.get(0).lerp(in.get(1), in.get(2)));
                }), SECOND_ORDER).asComposition().unbatched(),
                cov(),
                OpSpec.of("corrcoef", Draw.cases(d -> {
                    // two variables or more and three observations or more: one variable's coefficient is the
                    // constant 1 and two observations' are ±1 (at the clip), whose gradients are rounding noise
                    // about 0 that the check of linearity in the cotangent, relative to their size, cannot judge
                    Shape s = Shape.of(d.integer(2, 3), d.integer(3, 4));
                    return new OpCase("corrcoef " + s, List.of(Arg.of("x", d.distinctTensors(s).get(0))),
                            in -> in.get(0).corrcoef());
                }), SECOND_ORDER).asComposition().unbatched(),
                cdist(),
                OpSpec.of("cdist p = 0", Draw.cases(d -> {
                    int m = d.integer(0, 3);
                    Shape a = Shape.of(d.integer(0, 3), m);
                    Shape b = Shape.of(d.integer(0, 3), m);
                    return new OpCase("cdist p = 0 " + a + " " + b, List.of(Arg.of("a", d.tensor(a, Domain.REAL)),
                            Arg.of("b", d.tensor(b, Domain.REAL))), in -> in.get(0).cdist(in.get(1), 0));
                }), ZERO_GRADIENT).asComposition().unbatched(),
                OpSpec.of("cosineSimilarity", Draw.cases(d -> {
                    Shape drawn = d.shape(1, Draw.MAX_RANK);
                    int at = d.axis(drawn.rank());
                    Shape s = drawn.with(at, d.integer(2, 4)); // vectors of one element have the constant cosine ±1
                    int axis = d.spelled(at, s.rank());
                    double eps = d.oneOf(1e-8, 0.0);
                    return new OpCase("cosineSimilarity axis " + axis + " eps " + eps, List.of(
                            Arg.of("a", d.tensor(s, Domain.AWAY_FROM_ZERO)).batchedIf(at != 0),
                            Arg.of("b", d.tensor(s, Domain.AWAY_FROM_ZERO)).batchedIf(at != 0)),
                            in -> in.get(0).cosineSimilarity(in.get(1), axis, eps));
                }), SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("kthvalue", 1, null, false, false, (d, s, at, axis) -> {
                    int k = d.integer(1, s.dim(at));
                    boolean keep = d.bool();
                    boolean values = d.bool();
                    return new Built("kthvalue " + k + " axis " + axis + (values ? " values" : " indices as floats"),
                            x -> values ? x.kthvalue(k, axis, keep).values()
                                    : x.kthvalue(k, axis, keep).indices().cast(x.dtype()));
                }, SECOND_ORDER).asComposition(),
                LibraryOpSpecs.one("nanmedian", 1, null, false, false, (d, s, at, axis) -> {
                    boolean keep = d.bool();
                    return new Built("nanmedian axis " + axis, x -> x.nanmedian(axis, keep));
                }, SECOND_ORDER).asComposition(),
                OpSpec.of("logdet", Draw.cases(d -> {
                    int n = d.integer(1, Draw.MAX_DIM);
                    double[] diagonal = new double[n];
                    java.util.Arrays.fill(diagonal, 2.0 * n); // dominant and positive: det > 0
                    return LinalgSpecs.unary("logdet", LinalgSpecs.entries(d, LinalgSpecs.stack(d, n, n)),
                            LogDeterminant::logdet, diagonal);
                }), SECOND_ORDER).asComposition(),
                pixelShuffle(false),
                pixelShuffle(true),
                patches(false),
                patches(true),
                searchsorted(false),
                searchsorted(true).asComposition());
    }

    /**
     * unfold of [N, H, W, C] or one image [H, W, C], or fold back to it, with random kernel, stride, padding and
     * dilation that fit.
     */
    private static OpSpec patches(boolean fold) {
        String name = fold ? "fold" : "unfold";
        return OpSpec.of(name, Draw.cases(d -> {
            int[] k = {d.integer(1, 2), d.integer(1, 2)};
            int[] s = {d.integer(1, 2), d.integer(1, 2)};
            int[] p = {d.integer(0, 1), d.integer(0, 1)};
            int[] dilation = {d.integer(1, 2), d.integer(1, 2)};
            int[] size = new int[2];
            int[] out = new int[2];
            for (int a = 0; a < 2; a++) {
                int span = dilation[a] * (k[a] - 1) + 1;
                size[a] = Math.max(1, span - 2 * p[a]) + d.integer(0, 2);
                out[a] = (size[a] + 2 * p[a] - span) / s[a] + 1;
            }
            int c = d.integer(1, 2);
            int n = d.integer(1, 2);
            boolean single = d.bool(); // one image [H, W, C], or its blocks [L, C kh kw]
            Shape image = single ? Shape.of(size[0], size[1], c) : Shape.of(n, size[0], size[1], c);
            Shape cols = single ? Shape.of(out[0] * out[1], c * k[0] * k[1])
                    : Shape.of(n, out[0] * out[1], c * k[0] * k[1]);
            String label = name + " kernel " + java.util.Arrays.toString(k) + " stride " + java.util.Arrays.toString(s)
                    + " padding " + java.util.Arrays.toString(p) + " dilation " + java.util.Arrays.toString(dilation);
            return new OpCase(label + " " + (fold ? cols : image), List.of(Arg.of("x", d.tensor(fold ? cols : image,
                    Domain.REAL)).batchedIf(!single)), in -> fold ? in.get(0).fold(size, k, s, p, dilation)
                    : in.get(0).unfold(k, s, p, dilation));
        }), LINEAR, SECOND_ORDER).asComposition();
    }

    /**
     * searchsorted of small integers (ties likely) in one sorted lane or lane by lane, left and right, each lane
     * sorted or shuffled with a sorter; or bucketize (a composition of it) in a sorted vector.
     */
    private static OpSpec searchsorted(boolean bucketize) {
        String name = bucketize ? "bucketize" : "searchsorted";
        return OpSpec.of(name, Draw.cases(d -> {
            int m = d.integer(0, 4);
            boolean lanes = !bucketize && d.bool();
            Shape values = lanes ? Shape.of(d.integer(1, 3), d.integer(0, 3)) : d.shape(0, Draw.MAX_RANK);
            Shape sorted = lanes ? Shape.of(values.dim(0), m) : Shape.of(m);
            double[] boundaries = new double[sorted.size()];
            for (int i = 0; i < boundaries.length; i++) {
                boundaries[i] = d.integer(-2, 2);
            }
            boolean bySorter = !bucketize && d.bool(); // each lane shuffled, the sorter its inverse permutation
            long[] sorter = new long[boundaries.length];
            double[] sequence = boundaries.clone();
            for (int lane = 0; lane < sorted.size() / Math.max(m, 1); lane++) {
                java.util.Arrays.sort(boundaries, lane * m, lane * m + m);
                int[] shuffle = new int[m]; // sequence[j] = boundaries[shuffle[j]], so sorter[shuffle[j]] = j
                for (int j = 0; j < m; j++) {
                    int r = d.integer(0, j);
                    shuffle[j] = shuffle[r];
                    shuffle[r] = j;
                }
                for (int j = 0; j < m; j++) {
                    sequence[lane * m + j] = boundaries[lane * m + (bySorter ? shuffle[j] : j)];
                    sorter[lane * m + (bySorter ? shuffle[j] : j)] = j;
                }
            }
            double[] points = new double[values.size()];
            for (int i = 0; i < points.length; i++) {
                points[i] = d.integer(-3, 3);
            }
            boolean right = d.bool();
            return new OpCase(name + (right ? " right " : " ") + sorted + " " + values + (bySorter ? " sorter" : ""),
                    List.of(Arg.of("sorted", Tensor.of(d.dtype, sorted, sequence)).batchedIf(lanes),
                    Arg.of("values", Tensor.of(d.dtype, values, points)).batchedIf(values.rank() > 0),
                    Arg.index("sorter", Tensor.ofLongs(sorted, sorter)).batchedIf(lanes)),
                    in -> bucketize ? in.get(1).bucketize(in.get(0), right)
                            : in.get(0).searchsorted(in.get(1), right, bySorter ? in.get(2) : null));
        }), ZERO_GRADIENT);
    }

    /** diff of x with a prepended and an appended part along the axis, of random lengths (0 included). */
    private static OpSpec diffJoined() {
        return OpSpec.of("diff prepend append", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            Shape before = s.with(at, d.integer(0, 2));
            Shape after = s.with(at, d.integer(0, 2));
            int n = d.integer(0, s.dim(at) + before.dim(at) + after.dim(at) + 1);
            return new OpCase("diff " + n + " axis " + axis + " prepend " + before + " append " + after, List.of(
                    Arg.of("x", d.tensor(s, Domain.REAL)).batchedIf(at != 0),
                    Arg.of("prepend", d.tensor(before, Domain.REAL)).batchedIf(at != 0),
                    Arg.of("append", d.tensor(after, Domain.REAL)).batchedIf(at != 0)),
                    in -> in.get(0).diff(n, axis, in.get(1), in.get(2)));
        }), LINEAR, SECOND_ORDER).asComposition();
    }

    /** trapezoid at sample points: a vector of the axis' length, or points of y's shape. */
    private static OpSpec trapezoidAtPoints() {
        return OpSpec.of("trapezoid at points", Draw.cases(d -> {
            Shape s = d.shape(1, Draw.MAX_RANK);
            int at = d.axis(s.rank());
            int axis = d.spelled(at, s.rank());
            boolean vector = d.bool();
            Shape points = vector ? Shape.of(s.dim(at)) : s;
            return new OpCase("trapezoid at " + (vector ? "a vector" : "points of y's shape") + " axis " + axis,
                    List.of(Arg.of("y", d.tensor(s, Domain.REAL)).batchedIf(at != 0),
                            Arg.of("x", d.tensor(points, Domain.REAL)).batchedIf(at != 0 && !vector)),
                    in -> in.get(0).trapezoid(in.get(1), axis));
        }), MULTILINEAR, SECOND_ORDER).asComposition();
    }

    /** cov of [variables, observations] or [observations], with or without each kind of weights. */
    private static OpSpec cov() {
        return OpSpec.of("cov", Draw.cases(d -> {
            int n = d.integer(3, 4); // with two, equal weights make the aweights' gradient 0 up to rounding noise
            Shape s = d.bool() ? Shape.of(n) : Shape.of(d.integer(1, 3), n);
            int correction = d.integer(0, 1);
            boolean frequencies = d.bool();
            boolean weights = d.bool();
            long[] counts = new long[n];
            for (int j = 0; j < n; j++) {
                counts[j] = 1 + d.integer(0, 2);
            }
            Tensor fw = Tensor.ofLongs(Shape.of(n), counts);
            return new OpCase("cov " + s + " correction " + correction + (frequencies ? " fweights" : "")
                    + (weights ? " aweights" : ""), List.of(Arg.of("x", d.tensor(s, Domain.REAL)),
                    Arg.of("aweights", d.tensor(Shape.of(n), Domain.POSITIVE)), Arg.index("fweights", fw)),
                    in -> in.get(0).cov(correction, frequencies ? in.get(2) : null, weights ? in.get(1) : null));
        }), SECOND_ORDER).asComposition().unbatched();
    }

    /** cdist of [P, M] and [R, M] (or with a leading axis), p of each kind, coordinates pairwise distinct. */
    private static OpSpec cdist() {
        return OpSpec.of("cdist", Draw.cases(d -> {
            int m = d.integer(1, 3);
            boolean leading = d.bool();
            Shape a = leading ? Shape.of(2, d.integer(1, 3), m) : Shape.of(d.integer(1, 3), m);
            Shape b = leading && d.bool() ? Shape.of(2, d.integer(1, 3), m) : Shape.of(d.integer(1, 3), m);
            double p = d.oneOf(1.0, 2.0, 3.0, 0.5, 1.5, Double.POSITIVE_INFINITY);
            List<Tensor> values = d.distinctTensors(a, b);
            return new OpCase("cdist p = " + p + " " + a + " " + b, List.of(Arg.of("a", values.get(0)),
                    Arg.of("b", values.get(1))), in -> in.get(0).cdist(in.get(1), p));
        }), SECOND_ORDER).asComposition().unbatched();
    }

    /** pixelShuffle of [..., H, W, C r²], or pixelUnshuffle of [..., H r, W r, C]. */
    private static OpSpec pixelShuffle(boolean inverse) {
        String name = inverse ? "pixelUnshuffle" : "pixelShuffle";
        return OpSpec.of(name, Draw.cases(d -> {
            int r = d.integer(1, 2);
            int h = d.integer(1, 2);
            int w = d.integer(1, 2);
            int c = d.integer(1, 2);
            boolean batch = d.bool();
            Shape image = inverse ? Shape.of(h * r, w * r, c) : Shape.of(h, w, c * r * r);
            Shape s = batch ? Shape.of(2, image.dim(0), image.dim(1), image.dim(2)) : image;
            return new OpCase(name + " r = " + r + " " + s, List.of(Arg.of("x", d.tensor(s, Domain.REAL))
                    .batchedIf(batch)), in -> inverse ? in.get(0).pixelUnshuffle(r) : in.get(0).pixelShuffle(r));
        }), LINEAR, SECOND_ORDER).asComposition();
    }
}
