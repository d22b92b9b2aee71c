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
 * them. All with the bits of the graph as written.
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

    /** A sum over the last axis (rows), over axes that are not one run, or of a value read elsewhere stays as written. */
    @Test
    void otherSumsAreNotFused() {
        Node x = SourceOp.input("x", Shape.of(4, 5, 6));
        Node y = x.mul(x);
        for (Node sum : List.of(y.sum(2), y.sum(0, 2), y.sum(1, 2))) {
            Function f = Function.of(List.of(x), List.of(sum));
            assertTrue(!f.explain().contains(FUSED_SUM), f.explain());
        }
        Function shared = Function.of(List.of(x), List.of(y.sum(0), y.exp()));
        assertTrue(!shared.explain().contains(FUSED_SUM), shared.explain());
        Tensor xv = Tensor.uniform(Key.of(3), DType.FLOAT64, x.shape(), -1, 1);
        List<Tensor> got = shared.call(List.of(xv));
        List<Tensor> want = Function.unoptimized(List.of(x), List.of(y.sum(0), y.exp())).call(List.of(xv));
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

    private static void assertSameBits(List<Node> inputs, List<Node> outputs, DType dtype) {
        List<Tensor> args = List.of(Tensor.uniform(Key.of(1), dtype, inputs.get(0).shape(), -2, 2),
                Tensor.uniform(Key.of(2), dtype, inputs.get(1).shape(), -2, 2));
        List<Tensor> want = Function.unoptimized(inputs, outputs).call(args);
        List<Tensor> got = Function.of(inputs, outputs).call(args);
        for (int i = 0; i < want.size(); i++) {
            assertTrue(got.get(i).sameValues(want.get(i)), dtype + " output " + i + ": " + got.get(i) + " vs " + want.get(i));
        }
    }
}
