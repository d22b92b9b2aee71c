package dev.adjoint.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * Forward values against naive reference loops over multi-indices. Gradient checks alone cannot catch a
 * forward kernel whose VJP repeats the same mistake (a permute applying the inverse permutation is still
 * the adjoint of its own VJP), so every kernel is compared with the definition here.
 */
class KernelReferenceTest {

    private static final int TRIES = 40;

    /** Evaluates {@code f} of constant inputs. */
    private static Tensor eval(Node f) {
        return Function.of(List.of(), List.of(f)).call(List.of()).get(0);
    }

    private static int[] unravel(int flat, int[] dims) {
        int[] index = new int[dims.length];
        for (int a = dims.length - 1; a >= 0; a--) {
            index[a] = flat % dims[a];
            flat /= dims[a];
        }
        return index;
    }

    private static int ravel(int[] index, int[] dims) {
        int flat = 0;
        for (int a = 0; a < dims.length; a++) {
            flat = flat * dims[a] + index[a];
        }
        return flat;
    }

    private static Tensor tensor(Choices c, Shape s) {
        return Gens.tensors(s, Domain.REAL, DType.FLOAT64).next(c);
    }

    /** Random valid indices (repeats included) from a stream. */
    private static Tensor indices(Key.Stream random, Shape s, int bound) {
        double[] data = new double[s.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(bound);
        }
        return Tensor.of(s, data);
    }

    private static void assertSameElements(double[] expected, Tensor actual, String what) {
        assertEquals(expected.length, actual.size(), what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.flat(i), 1e-12 * (1 + Math.abs(expected[i])), what + " element " + i);
        }
    }

    /** A shape and a case-specific payload. */
    record Case(Tensor x, int[] params) {
        @Override
        public String toString() {
            return x + " " + Arrays.toString(params);
        }
    }

    private static Gen<Tensor> tensors(int minRank) {
        return c -> tensor(c, Gens.shapes(minRank, 3, 4).next(c));
    }

    @Test
    void permuteMatchesDefinition() {
        Property.forAll(tensors(0)).tries(TRIES).check(x -> {
            int r = x.rank();
            List<int[]> perms = new ArrayList<>();
            permutations(new int[r], new boolean[r], 0, perms);
            for (int[] perm : perms) {
                Tensor y = eval(MovementOp.permute(SourceOp.constant(x), perm));
                int[] yd = y.shape().dims();
                double[] expected = new double[y.size()];
                for (int i = 0; i < expected.length; i++) {
                    int[] yi = unravel(i, yd);
                    int[] xi = new int[r];
                    for (int a = 0; a < r; a++) {
                        xi[perm[a]] = yi[a];
                    }
                    expected[i] = x.get(xi);
                }
                assertSameElements(expected, y, "permute " + Arrays.toString(perm));
            }
        });
    }

    /** Appends to {@code out} every permutation of {@code 0 .. current.length-1} (call with at = 0). */
    static void permutations(int[] current, boolean[] used, int at, List<int[]> out) {
        if (at == current.length) {
            out.add(current.clone());
            return;
        }
        for (int v = 0; v < current.length; v++) {
            if (!used[v]) {
                used[v] = true;
                current[at] = v;
                permutations(current, used, at + 1, out);
                used[v] = false;
            }
        }
    }

    @Test
    void broadcastToMatchesDefinition() {
        Property.forAll((Gen<Shape[]>) Gens.broadcastPairs(3, 4)).tries(TRIES).check(pair -> {
            Shape target = Shape.broadcast(pair[0], pair[1], "test");
            for (Shape source : pair) {
                Tensor x = Tensor.uniform(Key.of(source.hashCode()), DType.FLOAT64, source,
                        -1, 1);
                Tensor y = eval(MovementOp.broadcastTo(SourceOp.constant(x), target));
                int lead = target.rank() - source.rank();
                double[] expected = new double[target.size()];
                for (int i = 0; i < expected.length; i++) {
                    int[] ti = unravel(i, target.dims());
                    int[] si = new int[source.rank()];
                    for (int a = 0; a < si.length; a++) {
                        si[a] = source.dim(a) == 1 ? 0 : ti[lead + a];
                    }
                    expected[i] = x.get(si);
                }
                assertSameElements(expected, y, "broadcast " + source + " to " + target);
            }
        });
    }

    @Test
    void sliceAndPadMatchDefinition() {
        Property.forAll(tensors(1).flatMap(x -> c -> {
            int axis = c.drawInt(x.rank());
            int start = c.drawInt(x.shape().dim(axis) + 1);
            int end = start + c.drawInt(x.shape().dim(axis) - start + 1);
            return new Case(x, new int[] {axis, start, end, c.drawInt(3), c.drawInt(3)});
        })).tries(TRIES).check(k -> {
            Tensor x = k.x();
            int axis = k.params()[0];
            int start = k.params()[1];
            int end = k.params()[2];
            Tensor sliced = eval(MovementOp.slice(SourceOp.constant(x), axis, start, end));
            double[] expected = new double[sliced.size()];
            for (int i = 0; i < expected.length; i++) {
                int[] index = unravel(i, sliced.shape().dims());
                index[axis] += start;
                expected[i] = x.get(index);
            }
            assertSameElements(expected, sliced, "slice");
            int[] before = new int[x.rank()];
            int[] after = new int[x.rank()];
            before[axis] = k.params()[3];
            after[axis] = k.params()[4];
            Tensor padded = eval(MovementOp.pad(SourceOp.constant(x), before, after));
            double[] expectedPad = new double[padded.size()];
            for (int i = 0; i < expectedPad.length; i++) {
                int[] index = unravel(i, padded.shape().dims());
                index[axis] -= before[axis];
                boolean inside = index[axis] >= 0 && index[axis] < x.shape().dim(axis);
                expectedPad[i] = inside ? x.get(index) : 0.0;
            }
            assertSameElements(expectedPad, padded, "pad");
        });
    }

    @Test
    void concatMatchesDefinition() {
        Property.forAll(tensors(1).flatMap(x -> c -> new Case(x, new int[] {c.drawInt(x.rank()), 1 + c.drawInt(3)})))
                .tries(TRIES).check(k -> {
                    Tensor x = k.x();
                    int axis = k.params()[0];
                    Tensor other = Tensor.uniform(Key.of(3), DType.FLOAT64,
                            x.shape().with(axis, k.params()[1]), -1, 1);
                    Tensor y = eval(MovementOp.concat(axis, SourceOp.constant(x), SourceOp.constant(other),
                            SourceOp.constant(x)));
                    int d = x.shape().dim(axis);
                    int e = other.shape().dim(axis);
                    double[] expected = new double[y.size()];
                    for (int i = 0; i < expected.length; i++) {
                        int[] index = unravel(i, y.shape().dims());
                        int at = index[axis];
                        if (at < d) {
                            expected[i] = x.get(index);
                        } else if (at < d + e) {
                            index[axis] = at - d;
                            expected[i] = other.get(index);
                        } else {
                            index[axis] = at - d - e;
                            expected[i] = x.get(index);
                        }
                    }
                    assertSameElements(expected, y, "concat");
                });
    }

    @Test
    void reductionsMatchDefinition() {
        Property.forAll(tensors(0).flatMap(x -> c -> {
            int[] mask = new int[x.rank()];
            for (int a = 0; a < mask.length; a++) {
                mask[a] = c.drawInt(2);
            }
            return new Case(x, mask);
        })).tries(TRIES).check(k -> {
            Tensor x = k.x();
            List<Integer> axes = new ArrayList<>();
            for (int a = 0; a < x.rank(); a++) {
                if (k.params()[a] == 1) {
                    axes.add(a);
                }
            }
            if (axes.isEmpty()) {
                for (int a = 0; a < x.rank(); a++) {
                    axes.add(a);
                }
            }
            int[] axesArray = axes.stream().mapToInt(Integer::intValue).toArray();
            int[] kept = x.shape().dims();
            for (int a : axes) {
                kept[a] = 1;
            }
            int outSize = Shape.of(kept).size();
            double[] sum = new double[outSize];
            double[] max = new double[outSize];
            double[] min = new double[outSize];
            double[] expSum = new double[outSize];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            for (int i = 0; i < x.size(); i++) {
                int[] index = unravel(i, x.shape().dims());
                for (int a : axes) {
                    index[a] = 0;
                }
                int o = ravel(index, kept);
                sum[o] += x.flat(i);
                max[o] = Math.max(max[o], x.flat(i));
                min[o] = Math.min(min[o], x.flat(i));
                expSum[o] += Math.exp(x.flat(i));
            }
            int count = x.size() / outSize;
            double[] mean = Arrays.stream(sum).map(s -> s / count).toArray();
            double[] lse = Arrays.stream(expSum).map(Math::log).toArray();
            for (boolean keep : new boolean[] {false, true}) {
                Node c = SourceOp.constant(x);
                Tensor s = eval(ReduceOp.sum(c, keep, axesArray));
                assertEquals(keep ? Shape.of(kept) : dropped(kept, axes), s.shape());
                assertSameElements(sum, s, "sum");
                assertSameElements(mean, eval(ReduceOp.mean(c, keep, axesArray)), "mean");
                assertSameElements(max, eval(ReduceOp.max(c, keep, axesArray)), "max");
                assertSameElements(min, eval(ReduceOp.min(c, keep, axesArray)), "min");
                assertSameElements(lse, eval(ReduceOp.logSumExp(c, keep, axesArray)), "logSumExp");
            }
        });
    }

    private static Shape dropped(int[] kept, List<Integer> axes) {
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < kept.length; a++) {
            if (!axes.contains(a)) {
                out.add(kept[a]);
            }
        }
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Test
    void softmaxRowsArePositiveAndSumToOne() {
        Property.forAll(tensors(1).flatMap(x -> c -> new Case(x, new int[] {c.drawInt(x.rank())}))).tries(TRIES)
                .check(k -> {
                    int axis = k.params()[0];
                    Tensor p = eval(ReduceOp.softmax(SourceOp.constant(k.x()), axis));
                    Tensor sums = eval(ReduceOp.sum(SourceOp.constant(p), false, axis));
                    for (int i = 0; i < p.size(); i++) {
                        assertTrue(p.flat(i) > 0 && p.flat(i) <= 1);
                    }
                    assertTrue(sums.allClose(Tensor.ones(sums.shape()), 1e-12, 1e-12), sums.toString());
                });
    }

    @Test
    void matmulMatchesDefinition() {
        Property.forAll((Gen<int[]>) c -> new int[] {c.drawInt(3), 1 + c.drawInt(4), 1 + c.drawInt(4),
            1 + c.drawInt(4), 1 + c.drawInt(3)}).tries(TRIES).check(p -> {
                int variant = p[0];
                int m = p[1];
                int k = p[2];
                int n = p[3];
                int b = variant == 0 ? 1 : p[4];
                Shape as = variant == 0 ? Shape.of(m, k) : Shape.of(b, m, k);
                Shape bs = variant == 1 ? Shape.of(b, k, n) : Shape.of(k, n);
                Tensor a = Tensor.uniform(Key.of(1), DType.FLOAT64, as, -1, 1);
                Tensor bt = Tensor.uniform(Key.of(2), DType.FLOAT64, bs, -1, 1);
                Tensor c = eval(LinalgOp.matmul(SourceOp.constant(a), SourceOp.constant(bt)));
                double[] expected = new double[b * m * n];
                for (int q = 0; q < b; q++) {
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double s = 0;
                            for (int t = 0; t < k; t++) {
                                double av = variant == 0 ? a.get(i, t) : a.get(q, i, t);
                                double bv = variant == 1 ? bt.get(q, t, j) : bt.get(t, j);
                                s += av * bv;
                            }
                            expected[(q * m + i) * n + j] = s;
                        }
                    }
                }
                assertSameElements(expected, c, "matmul " + as + " " + bs);
            });
    }

    @Test
    void indexingMatchesDefinition() {
        Property.forAll(tensors(1).flatMap(x -> c -> {
            int axis = c.drawInt(x.rank());
            return new Case(x, new int[] {axis, 1 + c.drawInt(3), 1 + c.drawInt(4)});
        })).tries(TRIES).check(k -> {
            Tensor x = k.x();
            int axis = k.params()[0];
            int d = x.shape().dim(axis);
            Key.Stream c = Key.of(x.size() * 31L + axis).stream();
            Tensor idx = indices(c, Shape.of(k.params()[1]), d);
            // gather: y[pre, j, post] = x[pre, idx[j], post]
            Tensor gathered = eval(IndexOp.gather(SourceOp.constant(x), SourceOp.constant(idx), axis));
            double[] expected = new double[gathered.size()];
            for (int i = 0; i < expected.length; i++) {
                int[] index = unravel(i, gathered.shape().dims());
                index[axis] = (int) idx.flat(index[axis]);
                expected[i] = x.get(index);
            }
            assertSameElements(expected, gathered, "gather");
            // scatterAdd is gather's adjoint: sums src rows into their indexed rows.
            Tensor scattered = eval(Node.apply(new IndexOp.ScatterAdd(axis, x.shape()), SourceOp.constant(gathered),
                    SourceOp.constant(idx)));
            double[] expectedScatter = new double[x.size()];
            for (int i = 0; i < gathered.size(); i++) {
                int[] index = unravel(i, gathered.shape().dims());
                index[axis] = (int) idx.flat(index[axis]);
                expectedScatter[ravel(index, x.shape().dims())] += gathered.flat(i);
            }
            assertSameElements(expectedScatter, scattered, "scatterAdd");
            // takeAlongAxis: y[pre, j, post] = x[pre, idx[pre, j, post], post]
            Shape along = x.shape().with(axis, k.params()[2]);
            Tensor idx2 = indices(c, along, d);
            Tensor taken = eval(IndexOp.takeAlongAxis(SourceOp.constant(x), SourceOp.constant(idx2), axis));
            double[] expectedTake = new double[along.size()];
            double[] expectedPut = new double[x.size()];
            for (int i = 0; i < expectedTake.length; i++) {
                int[] index = unravel(i, along.dims());
                index[axis] = (int) idx2.flat(i);
                expectedTake[i] = x.get(index);
                expectedPut[ravel(index, x.shape().dims())] += taken.flat(i);
            }
            assertSameElements(expectedTake, taken, "takeAlongAxis");
            Tensor put = eval(Node.apply(new IndexOp.PutAlongAxis(axis, x.shape()), SourceOp.constant(taken),
                    SourceOp.constant(idx2)));
            assertSameElements(expectedPut, put, "putAlongAxis");
            // oneHot of the indices
            Tensor oneHot = eval(IndexOp.oneHot(SourceOp.constant(idx2), d));
            for (int i = 0; i < oneHot.size(); i++) {
                assertEquals(idx2.flat(i / d) == i % d ? 1.0 : 0.0, oneHot.flat(i));
            }
        });
    }

    @Test
    void unaryKernelsMatchMathAndStayStableAtExtremes() {
        double[] xs = {-1000, -30, -1, -1e-9, 0, 1e-9, 0.5, 1, 30, 1000};
        check(xs, UnaryOp::sigmoid, v -> 1 / (1 + Math.exp(-v)));
        check(xs, UnaryOp::softplus, v -> v > 30 ? v : Math.log1p(Math.exp(v)));
        check(xs, UnaryOp::tanh, Math::tanh);
        check(xs, UnaryOp::relu, v -> Math.max(v, 0));
        check(xs, x -> UnaryOp.leakyRelu(x, 0.1), v -> v > 0 ? v : 0.1 * v);
        check(xs, x -> UnaryOp.elu(x, 1.5), v -> v > 0 ? v : 1.5 * Math.expm1(v));
        check(xs, UnaryOp::abs, Math::abs);
        check(xs, UnaryOp::sign, Math::signum);
        check(xs, UnaryOp::neg, v -> -v);
        check(xs, x -> x.square(), v -> v * v);
        check(xs, UnaryOp::expm1, Math::expm1);
        check(new double[] {-0.5, 0, 1e-12, 3}, UnaryOp::log1p, Math::log1p);
        check(new double[] {1e-300, 0.5, 2, 1e300}, UnaryOp::log, Math::log);
        check(new double[] {0, 0.25, 2, 1e300}, UnaryOp::sqrt, Math::sqrt);
        check(new double[] {0.5, 2, 3}, x -> x.pow(2.5), v -> Math.pow(v, 2.5));
        Tensor lse = eval(ReduceOp.logSumExp(SourceOp.constant(Tensor.vector(1e30, -1e30, 0)), false));
        assertEquals(1e30, lse.item());
        Tensor soft = eval(ReduceOp.softmax(SourceOp.constant(Tensor.vector(1e30, -1e30, 0)), 0));
        assertTrue(soft.sameValues(Tensor.vector(1, 0, 0)), soft.toString());
    }

    private static void check(double[] xs, java.util.function.UnaryOperator<Node> op, DoubleUnaryOperator reference) {
        Tensor y = eval(op.apply(SourceOp.constant(Tensor.vector(xs))));
        for (int i = 0; i < xs.length; i++) {
            double expected = reference.applyAsDouble(xs[i]);
            assertTrue(Double.isFinite(y.flat(i)) || !Double.isFinite(expected), "finite at " + xs[i] + ": " + y);
            assertEquals(expected, y.flat(i), 1e-15 * Math.max(1, Math.abs(expected)), "at " + xs[i]);
        }
    }

    @Test
    void float32ResultsAreTheFloat64ResultRoundedOnce() {
        Property.forAll(tensors(0)).tries(TRIES).check(x -> {
            Tensor x32 = x.cast(DType.FLOAT32);
            Tensor single = eval(UnaryOp.tanh(SourceOp.constant(x32)).mul(SourceOp.constant(x32)));
            assertEquals(DType.FLOAT32, single.dtype());
            for (int i = 0; i < x.size(); i++) {
                double v = x32.flat(i);
                float t = (float) Math.tanh(v);
                assertEquals((float) ((double) t * v), (float) single.flat(i),
                        "each op rounds its float64 result once to float32");
            }
        });
    }
}
