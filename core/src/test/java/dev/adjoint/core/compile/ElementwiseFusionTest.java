package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which nodes elementwise fusion absorbs: a node whose one reader reads it twice ({@code a + a}, the pullback of
 * a square) joins that reader's pass; a node with two readers stays a pass of its own; a sum over leading axes
 * of an elementwise chain ({@code Σ (x - μ)²} over {@code [N, H, W]}) adds the chain's values as it computes
 * them; a cheap node of one full-size tensor read by several passes is computed again in each. All with the bits
 * of the graph as written.
 */
class ElementwiseFusionTest {

    @Test
    void aNodeReadTwiceByItsOneReaderIsAbsorbed() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(5, 7), dtype);
            Node y = SourceOp.input("y", Shape.of(5, 7), dtype);
            Node a = x.mul(y);
            Node out = a.add(a).neg();
            Node fused = Fusion.of(out);
            assertInstanceOf(FusedElementwise.class, fused.op());
            assertEquals(List.of(x, y), fused.inputs(), "one pass over x and y: " + fused);
            assertSameBits(List.of(x, y), List.of(out), dtype);
        }
    }

    @Test
    void aNodeWithTwoReadersStaysAPassOfItsOwn() {
        Node x = SourceOp.input("x", Shape.of(5, 7));
        Node y = SourceOp.input("y", Shape.of(5, 7));
        Node a = x.mul(y);
        Node out = a.add(a).add(a.exp());
        List<Node> order = Graphs.topologicalOrder(List.of(Fusion.of(out)));
        long products = order.stream().filter(n -> n.op().name().equals("mul")).count();
        assertEquals(1, products, "x·y computed once, as a pass of its own: " + order);
        assertTrue(order.stream().noneMatch(n -> n.op() instanceof FusedElementwise f && n.inputs().contains(x)),
                "no fused pass reads x: " + order);
        assertSameBits(List.of(x, y), List.of(out), DType.FLOAT64);
    }

    private static final String FUSED_SUM = "sum of elementwise ops -> fused sum";

    /**
     * Sums over a run of leading axes with trailing elements, of one row per channel to rows straddling the
     * 2,048-value blocks, batch 1 to 1,000, float32 and float64, with negative zeros, infinities and NaN.
     */
    @Test
    void aSumOfAnElementwiseChainOverLeadingAxesIsOnePass() {
        int[][] shapes = {{5, 4, 3}, {1, 1, 7}, {6, 33, 5}, {3, 2, 2}};
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int[] d : shapes) {
                Node x = SourceOp.input("x", Shape.of(Shape.BATCH, d[0], d[1], d[2]), dtype);
                Node m = SourceOp.input("m", Shape.of(d[2]), dtype);
                Node centered = x.sub(m.reshape(1, 1, 1, d[2]));
                for (int[] axes : new int[][] {{0, 1, 2}, {0, 1}, {1, 2}, {0}}) {
                    Node sum = centered.mul(centered).neg().sum(axes);
                    Function f = Function.of(List.of(x, m), List.of(sum));
                    assertTrue(f.explain().contains(FUSED_SUM), java.util.Arrays.toString(axes) + "\n" + f.explain());
                    for (int batch : new int[] {1, 7, 1000}) {
                        Shape xs = Shape.of(batch, d[0], d[1], d[2]);
                        Tensor xv = Tensor.uniform(Key.of(batch), dtype, xs, -3, 3);
                        double[] values = xv.toDoubleArray();
                        values[0] = -0.0;
                        values[values.length / 2] = batch == 7 ? Double.NaN : Double.POSITIVE_INFINITY;
                        List<Tensor> args = List.of(Tensor.of(dtype, xs, values),
                                Tensor.uniform(Key.of(batch + 1), dtype, m.shape(), -1, 1));
                        Tensor want = Function.unoptimized(List.of(x, m), List.of(sum)).call(args).get(0);
                        Tensor got = f.call(args).get(0);
                        assertTrue(got.sameValues(want), dtype + " " + xs + " sum over "
                                + java.util.Arrays.toString(axes) + ": " + got + " vs " + want);
                    }
                }
            }
        }
    }

    /**
     * Large fused sums (rows of 48 to 384 values, a BOOL leaf, a periodic leaf, sums over all leading axes and over
     * middle ones, NaN and infinities): each column is summed row after row, so the bits are those of the values
     * stored and then summed.
     */
    @Test
    void aLargeFusedSumHasTheBitsOfTheStoredSum() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 9, 8, 48), dtype);
            Node c = SourceOp.input("c", Shape.of(Shape.BATCH, 9, 8, 48), DType.BOOL);
            Node m = SourceOp.input("m", Shape.of(48), dtype);
            Node centered = x.sub(m.reshape(1, 1, 1, 48));
            Node values = centered.mul(centered).mul(c.cast(dtype)).neg();
            for (int[] axes : new int[][] {{0, 1, 2}, {1, 2}, {0, 1}, {0}}) {
                Node sum = values.sum(axes);
                Function f = Function.of(List.of(x, c, m), List.of(sum));
                assertTrue(f.explain().contains(FUSED_SUM), f.explain());
                for (int batch : new int[] {3, 200}) {
                    Shape xs = Shape.of(batch, 9, 8, 48);
                    double[] xv = Tensor.uniform(Key.of(batch), dtype, xs, -1e3, 1e3).toDoubleArray();
                    xv[5] = Double.NaN;
                    xv[xv.length - 7] = Double.NEGATIVE_INFINITY;
                    double[] u = Tensor.uniform(Key.of(batch + 2), DType.FLOAT64, xs, 0, 1).toDoubleArray();
                    boolean[] kept = new boolean[u.length];
                    for (int i = 0; i < u.length; i++) {
                        kept[i] = u[i] > 0.3;
                    }
                    Tensor cv = Tensor.ofBooleans(xs, kept);
                    List<Tensor> args = List.of(Tensor.of(dtype, xs, xv), cv,
                            Tensor.uniform(Key.of(batch + 1), dtype, m.shape(), -1, 1));
                    Tensor want = Function.unoptimized(List.of(x, c, m), List.of(sum)).call(args).get(0);
                    assertTrue(f.call(args).get(0).sameValues(want), dtype + " batch " + batch + " sum over "
                            + java.util.Arrays.toString(axes));
                }
            }
        }
    }

    /**
     * Large fused sums of float inputs only (full, periodic per channel, scalar), as a batch normalization's: rows of
     * 16 to 128 values, sums over all leading axes and over middle ones (several outer rows), NaN and infinities.
     * Each column is summed row after row: the bits of the values stored and then summed.
     */
    @Test
    void aFusedSumOfFloatInputsHasTheBitsOfTheStoredSum() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int inner : new int[] {16, 40, 48, 128}) {
                Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 6, 5, inner), dtype);
                Node z = SourceOp.input("z", Shape.of(Shape.BATCH, 6, 5, inner), dtype);
                Node m = SourceOp.input("m", Shape.of(inner), dtype);
                Node s = SourceOp.input("s", Shape.scalar(), dtype);
                Node values = z.mul(x.sub(m.reshape(1, 1, 1, inner))).div(s).exp();
                for (int[] axes : new int[][] {{0, 1, 2}, {1, 2}, {0, 1}}) {
                    Node sum = values.sum(axes);
                    List<Node> inputs = List.of(x, z, m, s);
                    Function f = Function.of(inputs, List.of(sum));
                    assertTrue(f.explain().contains(FUSED_SUM), f.explain());
                    int batch = 2_000_000 / (30 * inner);
                    Shape xs = Shape.of(batch, 6, 5, inner);
                    double[] xv = Tensor.uniform(Key.of(inner), dtype, xs, -3, 3).toDoubleArray();
                    xv[3 * inner + 1] = Double.NaN;
                    xv[xv.length - 5] = Double.POSITIVE_INFINITY;
                    List<Tensor> args = List.of(Tensor.of(dtype, xs, xv),
                            Tensor.uniform(Key.of(inner + 1), dtype, xs, -1, 1),
                            Tensor.uniform(Key.of(inner + 2), dtype, m.shape(), -1, 1),
                            Tensor.of(dtype, Shape.scalar(), 1.7));
                    Tensor want = Function.unoptimized(inputs, List.of(sum)).call(args).get(0);
                    assertTrue(f.call(args).get(0).sameValues(want), dtype + " rows of " + inner + ", sum over "
                            + java.util.Arrays.toString(axes));
                }
            }
        }
    }

    /** A sum over the last axis (rows), over axes that are not one run, or of a value stored for another reader. */
    @Test
    void otherSumsAreNotFused() {
        Node x = SourceOp.input("x", Shape.of(4, 5, 6));
        Node y = x.mul(x);
        for (Node sum : List.of(y.sum(2), y.sum(0, 2), y.sum(1, 2))) {
            Function f = Function.of(List.of(x), List.of(sum));
            assertTrue(!f.explain().contains(FUSED_SUM), f.explain());
        }
        Node q = x.div(3.0); // a quotient is stored for its two readers, not computed in both
        Function shared = Function.of(List.of(x), List.of(q.sum(0), q.exp()));
        assertTrue(!shared.explain().contains(FUSED_SUM), shared.explain());
        Tensor xv = Tensor.uniform(Key.of(3), DType.FLOAT64, x.shape(), -1, 1);
        List<Tensor> got = shared.call(List.of(xv));
        List<Tensor> want = Function.unoptimized(List.of(x), List.of(q.sum(0), q.exp())).call(List.of(xv));
        assertTrue(got.get(0).sameValues(want.get(0)) && got.get(1).sameValues(want.get(1)));
    }

    /** A chain whose leaves are all read periodically has no leaf of its size: it is stored, then summed. */
    @Test
    void aChainOfPeriodicLeavesAloneIsStoredThenSummed() {
        Node v = SourceOp.input("v", Shape.of(3));
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3));
        Node chain = v.reshape(1, 3).broadcastTo(Shape.of(Shape.BATCH, 3)).exp().neg();
        Node sum = chain.sum(0).add(x.sum(0));
        Function f = Function.of(List.of(v, x), List.of(sum));
        List<Tensor> args = List.of(Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(3), -1, 1),
                Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(9, 3), -1, 1));
        assertTrue(f.call(args).get(0).sameValues(Function.unoptimized(List.of(v, x), List.of(sum)).call(args).get(0)));
    }

    /** The nodes of the compiled graph that store a tensor of {@code shape} computed by an elementwise pass. */
    private static List<Node> storedPasses(Function f, Shape shape) {
        return f.plan().steps().stream().filter(n -> n.shape().equals(shape)
                && (n.op() instanceof FusedElementwise || ElementwiseFusion.fusable(n))).toList();
    }

    /** Inputs with a NaN, infinities and signed zeros among uniform values. */
    private static List<Tensor> edgyArgs(List<Node> inputs, DType dtype, int seed) {
        List<Tensor> args = new java.util.ArrayList<>();
        for (Node in : inputs) {
            Shape s = in.shape().dim(0) < 0 ? Shape.of(9, in.shape().dim(1), in.shape().dim(2)) : in.shape();
            double[] v = Tensor.uniform(Key.of(seed++), dtype, s, -2, 2).toDoubleArray();
            double[] edge = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0};
            for (int i = 0; i < edge.length && v.length > 2 * edge.length; i++) {
                v[3 * i + 1] = edge[i];
            }
            args.add(Tensor.of(dtype, s, v));
        }
        return args;
    }

    /**
     * {@code x - mu}, one cheap instruction on one full-size tensor, read by a sum of its square, a quotient and a
     * product: it is computed again inside each of the three passes instead of being stored, with the same bits.
     */
    @Test
    void aCheapNodeOfOneTensorIsComputedAgainInEachReader() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 5, 6), dtype);
            Node m = SourceOp.input("m", Shape.of(6), dtype);
            Node y = SourceOp.input("y", Shape.of(Shape.BATCH, 5, 6), dtype);
            Node centered = x.sub(m.reshape(1, 1, 6));
            List<Node> outputs = List.of(centered.mul(centered).sum(0, 1), centered.div(m.reshape(1, 1, 6)).exp(),
                    centered.mul(y));
            Function f = Function.of(List.of(x, m, y), outputs);
            assertEquals(2, storedPasses(f, x.shape()).size(), "x - m stored nowhere: " + f.plan());
            assertTrue(f.explain().contains(FUSED_SUM), f.explain());
            for (int seed : new int[] {1, 10}) {
                List<Tensor> args = edgyArgs(List.of(x, m, y), dtype, seed);
                List<Tensor> want = Function.unoptimized(List.of(x, m, y), outputs).call(args);
                List<Tensor> got = f.call(args);
                for (int i = 0; i < want.size(); i++) {
                    assertTrue(got.get(i).sameValues(want.get(i)), dtype + " output " + i);
                }
            }
        }
    }

    /**
     * What is computed once and stored: a node of two instructions, a quotient, a node of two full-size tensors,
     * and a node one of whose readers is not elementwise.
     */
    @Test
    void costlierNodesAndNodesWithAnUnfusedReaderAreStored() {
        Node x = SourceOp.input("x", Shape.of(4, 6));
        Node y = SourceOp.input("y", Shape.of(4, 6));
        Node w = SourceOp.input("w", Shape.of(6, 6));
        for (Node shared : List.of(x.mul(2.0).add(1.0), x.div(3.0), x.mul(y))) {
            List<Node> outputs = List.of(shared.mul(y).exp(), shared.add(y).neg());
            Function f = Function.of(List.of(x, y), outputs);
            assertEquals(3, storedPasses(f, x.shape()).size(), shared + " stored once: " + f.plan());
        }
        Node centered = x.sub(1.0);
        Function f = Function.of(List.of(x, w), List.of(centered.matmul(w), centered.neg().exp()));
        assertEquals(2, storedPasses(f, x.shape()).size(), "x - 1 stored for the product: " + f.plan());
        Node mask = x.less(1.0); // a BOOL, a byte an element: stored rather than its float source read twice
        Function masks = Function.of(List.of(x, y), List.of(mask.where(x, y).exp(), mask.where(y, x).neg()));
        assertEquals(3, storedPasses(masks, x.shape()).size(), "the mask stored once: " + masks.plan());
    }

    /**
     * A dropout mask {@code u < rate} read by the forward product and by the gradient's is computed in both, as
     * {@code rate > u}: the same bits at NaN and at signed zeros (both comparisons false).
     */
    @Test
    void aComparisonMaskReadTwiceIsComputedInBothReaders() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node u = SourceOp.input("u", Shape.of(Shape.BATCH, 5, 7), dtype);
            Node a = SourceOp.input("a", Shape.of(Shape.BATCH, 5, 7), dtype);
            Node b = SourceOp.input("b", Shape.of(Shape.BATCH, 5, 7), dtype);
            for (Node mask : List.of(u.less(0.0), u.less(0.5), u.less(Double.NaN))) {
                Node keep = mask.cast(dtype);
                List<Node> outputs = List.of(a.mul(keep).mul(2.0), b.mul(keep).add(a));
                Function f = Function.of(List.of(u, a, b), outputs);
                assertEquals(2, storedPasses(f, u.shape()).size(), "the mask stored nowhere: " + f.plan());
                List<Tensor> args = edgyArgs(List.of(u, a, b), dtype, 3);
                List<Tensor> want = Function.unoptimized(List.of(u, a, b), outputs).call(args);
                List<Tensor> got = f.call(args);
                for (int i = 0; i < want.size(); i++) {
                    assertTrue(got.get(i).sameValues(want.get(i)), dtype + " " + mask + " output " + i);
                }
            }
        }
    }

    /** A mean of a square counts the square's source, so the count does not keep the square from its sum. */
    @Test
    void aCountDoesNotKeepAChainFromItsSum() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 4, 8));
        Node variance = x.mul(x).mean(0, 1);
        Function f = Function.of(List.of(x), List.of(variance));
        assertTrue(f.explain().contains(FUSED_SUM), f.explain());
        assertTrue(f.explain().contains("count(f(x)) -> count(x)"), f.explain());
        Tensor xv = Tensor.uniform(Key.of(8), DType.FLOAT64, Shape.of(3, 4, 8), -1, 1);
        assertTrue(f.call(List.of(xv)).get(0).sameValues(
                Function.unoptimized(List.of(x), List.of(variance)).call(List.of(xv)).get(0)));
    }

    private static void assertSameBits(List<Node> inputs, List<Node> outputs, DType dtype) {
        List<Tensor> args = List.of(Tensor.uniform(Key.of(1), dtype, inputs.get(0).shape(), -2, 2),
                Tensor.uniform(Key.of(2), dtype, inputs.get(1).shape(), -2, 2));
        List<Tensor> want = Function.unoptimized(inputs, outputs).call(args);
        List<Tensor> got = Function.of(inputs, outputs).call(args);
        for (int i = 0; i < want.size(); i++) {
            assertTrue(got.get(i).sameValues(want.get(i)),
                    dtype + " output " + i + ": " + got.get(i) + " vs " + want.get(i));
        }
    }
}
