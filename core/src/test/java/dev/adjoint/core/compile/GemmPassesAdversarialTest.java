package dev.adjoint.core.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.AnomalyException;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.ContractionOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.kernel.Parallel;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adversarial cases for {@link BiasFolding} and {@link ContractionMerging}: every compiled function gives exactly
 * the bits of the graph as written ({@link Function#unoptimized}) on the shapes a user meets at the edges (the
 * batch axis N, empty and size-1 axes, k = 0, a bias {@code [n]} or {@code [1, n]}, transposed operands, batched
 * and shared B, C large enough for the row blocks), with another thread count, for groups of three, outputs
 * that are also read elsewhere, gradients of first and second order, and a 100,000-node chain.
 */
class GemmPassesAdversarialTest {

    private static final String FOLD = "matmul + bias -> GEMM with bias";
    private static final String MERGE = "contractions sharing an operand -> one contraction";
    private static final int[] NONE = {};

    // ------------------------------------------------------------------------------------------ bias folding

    /** Each operand layout and bias form, on C of 2.5-4 MB (row blocks) and on small C, f32 and f64. */
    @Test
    void aFoldedBiasGivesTheWrittenBitsForEveryLayoutBiasFormAndSize() {
        int seed = 100;
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int[] s : new int[][] {{3, 1, 2, 1}, {1, 1300, 11, 513}, {6, 181, 9, 300}}) {
                for (int layout = 0; layout < 8; layout++) {
                    boolean ta = (layout & 1) != 0;
                    boolean tb = (layout & 2) != 0;
                    boolean rowBias = (layout & 4) != 0;
                    int batches = s[0];
                    int m = s[1];
                    int k = s[2];
                    int n = s[3];
                    Shape xs = batches > 1 ? Shape.of(Shape.BATCH, m, k) : Shape.of(m, k);
                    Node x = SourceOp.input("x", xs, dtype);
                    Node w = SourceOp.input("w", tb ? Shape.of(n, k) : Shape.of(k, n), dtype);
                    Node b = SourceOp.input("b", rowBias ? Shape.of(1, n) : Shape.of(n), dtype);
                    Node xIn = x;
                    if (ta) { // a transposed A: stored [.., k, m] and transposed in the graph
                        xIn = SourceOp.input("xt", batches > 1 ? Shape.of(Shape.BATCH, k, m) : Shape.of(k, m), dtype);
                        x = xIn.transpose();
                    }
                    Node product = x.matmul(tb ? w.transpose() : w);
                    Node y = (layout % 3 == 0 ? MovementOp.broadcastTo(b, product.shape()).add(product)
                            : product.add(b)).transpose();
                    List<Node> inputs = List.of(xIn, w, b);
                    Shape xValue = ta ? (batches > 1 ? Shape.of(batches, k, m) : Shape.of(k, m))
                            : (batches > 1 ? Shape.of(batches, m, k) : Shape.of(m, k));
                    List<Tensor> args = List.of(uniform(++seed, dtype, xValue), uniform(++seed, dtype,
                            w.shape()), uniform(++seed, dtype, b.shape()));
                    Function compiled = Function.of(inputs, List.of(y));
                    String where = dtype + " " + xValue + (ta ? "ᵀ" : "") + " · " + w.shape() + (tb ? "ᵀ" : "")
                            + " + " + b.shape();
                    assertTrue(compiled.explain().contains(FOLD), where + "\n" + compiled.explain());
                    assertSameBits(where, Function.unoptimized(inputs, List.of(y)).call(args), compiled.call(args));
                }
            }
        }
    }

    /** k = 0: C is all bias (each dot product is +0), also when C is large enough for row blocks. */
    @Test
    void anEmptyContractionGivesTheBiasInEveryRow() {
        for (int m : new int[] {3, 40_000}) {
            Node x = SourceOp.input("x", Shape.of(m, 0));
            Node w = SourceOp.input("w", Shape.of(0, 8));
            Node b = SourceOp.input("b", Shape.of(8));
            Node y = x.matmul(w).add(b);
            Function compiled = Function.of(List.of(x, w, b), List.of(y));
            assertTrue(compiled.explain().contains(FOLD), compiled.explain());
            Tensor bias = uniform(1, DType.FLOAT64, Shape.of(8));
            List<Tensor> args = List.of(Tensor.zeros(DType.FLOAT64, Shape.of(m, 0)),
                    Tensor.zeros(DType.FLOAT64, Shape.of(0, 8)), bias);
            for (int call = 0; call < 3; call++) { // pooled buffers hold the last call's values
                Tensor got = compiled.call(args).get(0);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(bias.flat(i % 8), got.flat(i), "m " + m + " element " + i);
                }
                assertSameBits("k = 0, m " + m, Function.unoptimized(List.of(x, w, b), List.of(y)).call(args),
                        List.of(got));
            }
        }
    }

    /** Empty m or n and n = 1 with a bias [1]: the shapes and bits of the written graph. */
    @Test
    void emptyAndSizeOneProductsKeepTheirShapesAndBits() {
        for (int[] s : new int[][] {{0, 4, 3}, {5, 4, 0}, {5, 4, 1}, {1, 1, 1}, {300_000, 2, 1}}) {
            Node x = SourceOp.input("x", Shape.of(s[0], s[1]));
            Node w = SourceOp.input("w", Shape.of(s[1], s[2]));
            Node b = SourceOp.input("b", Shape.of(s[2]));
            Node y = x.matmul(w).add(b);
            List<Tensor> args = List.of(uniform(2, DType.FLOAT64, x.shape()), uniform(3, DType.FLOAT64, w.shape()),
                    uniform(4, DType.FLOAT64, b.shape()));
            assertSameBits(java.util.Arrays.toString(s), Function.unoptimized(List.of(x, w, b), List.of(y)).call(args),
                    Function.of(List.of(x, w, b), List.of(y)).call(args));
        }
    }

    /** A batched B (one per matrix of A) and a vector times a matrix: not row-blocked, the same bits. */
    @Test
    void batchedAndVectorOperandsGiveTheWrittenBits() {
        Node x = SourceOp.input("x", Shape.of(3, 200, 40));
        Node w = SourceOp.input("w", Shape.of(3, 40, 600));
        Node b = SourceOp.input("b", Shape.of(1, 1, 600));
        Node v = SourceOp.input("v", Shape.of(40));
        Node w2 = SourceOp.input("w2", Shape.of(40, 200_000));
        Node b2 = SourceOp.input("b2", Shape.of(200_000));
        List<Node> outputs = List.of(x.matmul(w).add(b).neg(), v.matmul(w2).add(b2).neg());
        List<Node> inputs = List.of(x, w, b, v, w2, b2);
        List<Tensor> args = new ArrayList<>();
        int seed = 20;
        for (Node in : inputs) {
            args.add(uniform(++seed, DType.FLOAT64, in.shape()));
        }
        assertSameBits("batched B, vector A", Function.unoptimized(inputs, outputs).call(args),
                Function.of(inputs, outputs).call(args));
    }

    /** The gradients of a graph with a folded bias, compiled, against central differences, and second order. */
    @Test
    void gradientsThroughAFoldedBiasAgreeWithFiniteDifferences() {
        Node x = SourceOp.input("x", Shape.of(4, 3));
        Node w = SourceOp.input("w", Shape.of(2, 3));
        Node b = SourceOp.input("b", Shape.of(1, 2));
        Node loss = x.matmul(w.transpose()).add(b).sum(1).tanh().square().sum();
        Bindings at = Bindings.of(x, uniform(5, DType.FLOAT64, x.shape())).and(w, uniform(6, DType.FLOAT64, w.shape()))
                .and(b, uniform(7, DType.FLOAT64, b.shape()));
        assertTrue(Function.of(List.of(x, w, b), List.of(loss)).explain().contains(FOLD));
        GradCheck.check(loss, List.of(x, w, b), at).assertPassed();
        GradCheck.checkSecondOrder(loss, List.of(x, w, b), at, Key.of(8)).assertPassed();
        // the gradient graph itself, compiled and as written
        List<Node> grads = Autodiff.grad(loss, x, w, b);
        List<Tensor> args = List.of(at.get(x), at.get(w), at.get(b));
        assertSameBits("gradients", Function.unoptimized(List.of(x, w, b), grads).call(args),
                Function.of(List.of(x, w, b), grads).call(args));
    }

    /**
     * The row blocks depend on the thread count: a JVM with {@code -Dadjoint.threads=1} computes the same bits as
     * this one for the folded bias and the merged contractions on shapes that take the blocked path.
     */
    @Test
    void oneThreadAndTheDefaultGiveTheSameBits() throws Exception {
        String here = ThreadProbe.digest();
        for (String threads : new String[] {"1", "3"}) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Dadjoint.threads=" + threads, "-cp",
                    System.getProperty("java.class.path"), ThreadProbe.class.getName()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertEquals(0, p.waitFor(), out);
            String[] lines = out.split("\n");
            assertEquals(here, lines[lines.length - 1], "threads " + threads + " vs " + Parallel.threads());
        }
    }

    /** Concurrent calls of one compiled function on the row-blocked path give each call its own bits. */
    @Test
    void concurrentCallsOfAFoldedProductGiveTheBitsOfSequentialOnes() throws Exception {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 300));
        Node w = SourceOp.input("w", Shape.of(300, 256));
        Node b = SourceOp.input("b", Shape.of(256));
        List<Node> inputs = List.of(x, w, b);
        Function f = Function.of(inputs, List.of(x.matmul(w).add(b)));
        assertTrue(f.explain().contains(FOLD), f.explain());
        int calls = 8;
        List<List<Tensor>> args = new ArrayList<>();
        List<List<Tensor>> expected = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            args.add(List.of(uniform(200 + i, DType.FLOAT64, Shape.of(700, 300)), uniform(300 + i % 2,
                    DType.FLOAT64, w.shape()), uniform(400 + i, DType.FLOAT64, b.shape())));
            expected.add(f.call(args.get(i)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<List<Tensor>>> got = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < calls; i++) {
                    List<Tensor> a = args.get(i);
                    got.add(pool.submit(() -> f.call(a)));
                }
            }
            for (int j = 0; j < got.size(); j++) {
                assertSameBits("concurrent call " + j, expected.get(j % calls), got.get(j).get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Two folded layers and merged weight gradients, called again and again with other values: the recycling
     * runner gives the bits of fresh arrays ({@link Function#withoutBufferReuse()}) at every call.
     */
    @Test
    void recycledBuffersGiveTheBitsOfFreshOnesAtEveryCall() {
        Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 40));
        Node w1 = SourceOp.input("w1", Shape.of(40, 700));
        Node b1 = SourceOp.input("b1", Shape.of(700));
        Node w2 = SourceOp.input("w2", Shape.of(700, 30));
        Node b2 = SourceOp.input("b2", Shape.of(1, 30));
        Node loss = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).square().sum();
        List<Node> inputs = List.of(x, w1, b1, w2, b2);
        List<Node> outputs = new ArrayList<>(List.of(loss));
        outputs.addAll(Autodiff.grad(loss, w1, b1, w2, b2));
        Function f = Function.of(inputs, outputs);
        assertTrue(f.explain().contains(FOLD), f.explain());
        Function fresh = f.withoutBufferReuse();
        for (int call = 0; call < 4; call++) {
            List<Tensor> args = new ArrayList<>();
            args.add(uniform(500 + call, DType.FLOAT64, Shape.of(call % 2 == 0 ? 400 : 37, 40)));
            for (int i = 1; i < inputs.size(); i++) {
                args.add(uniform(510 + 10 * call + i, DType.FLOAT64, inputs.get(i).shape()));
            }
            assertSameBits("call " + call, fresh.call(args), f.call(args));
        }
    }

    /** Bad direct use of the op: a message naming the op and what it got, at build time. */
    @Test
    void aBiasOfTheWrongShapeOrDtypeIsRejectedWhenBuilt() {
        Node a = SourceOp.input("a", Shape.of(4, 3));
        Node b = SourceOp.input("b", Shape.of(3, 5));
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Node.apply(new MatMulBias(false, false), a, b, SourceOp.input("bias", Shape.of(4, 5))));
        assertTrue(shape.getMessage().startsWith("matmul+bias: "), shape.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Node.apply(new MatMulBias(false, false), a, b));
        // a float32 bias on float64 operands: rejected when built, not a ClassCastException when called
        assertThrows(IllegalArgumentException.class, () -> Node.apply(new MatMulBias(false, false), a, b,
                SourceOp.input("bias32", Shape.of(5), DType.FLOAT32)));
    }

    // ------------------------------------------------------------------------------------ contraction merging

    /**
     * Three contractions with one B (a group of three), one of them also an output and also read by a later
     * node, and a fourth whose A needs the first: the three merge, the bits are those as written.
     */
    @Test
    void aGroupOfThreeWithSharedResultsGivesTheWrittenBits() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node a1 = SourceOp.input("a1", Shape.of(7, Shape.BATCH, 2), dtype);
            Node a2 = SourceOp.input("a2", Shape.of(7, Shape.BATCH, 3), dtype);
            Node a3 = SourceOp.input("a3", Shape.of(7, Shape.BATCH, 1), dtype);
            Node dz = SourceOp.input("dz", Shape.of(7, Shape.BATCH, 33), dtype);
            int[] tn = {0, 1};
            Node c1 = ContractionOp.contract(a1, dz, NONE, NONE, tn, tn);
            Node c2 = ContractionOp.contract(a2.exp(), dz, NONE, NONE, tn, tn);
            Node c3 = ContractionOp.contract(a3, dz, NONE, NONE, tn, tn);
            // a fourth member whose A reads c1: it stays alone
            Node a4 = c1.sum(0).reshape(1, 1, 33).slice(2, 0, 2).broadcastTo(Shape.of(7, Shape.BATCH, 2)).mul(a1);
            Node c4 = ContractionOp.contract(a4, dz, NONE, NONE, tn, tn);
            List<Node> outputs = List.of(c1, c2.add(c3.broadcastTo(Shape.of(3, 33))), c4, c3.sum());
            List<Node> inputs = List.of(a1, a2, a3, dz);
            List<Tensor> args = new ArrayList<>();
            int seed = 30;
            for (Node in : inputs) {
                args.add(uniform(++seed, dtype, concrete(in.shape(), 5)));
            }
            Function compiled = Function.of(inputs, outputs);
            assertTrue(compiled.explain().contains(MERGE), compiled.explain());
            assertSameBits(dtype + " group of three", Function.unoptimized(inputs, outputs).call(args),
                    compiled.call(args));
        }
    }

    /**
     * A's free axis last or first, B with two free axes, an empty member, and two groups where one group's result
     * feeds the other group's shared operand: all the written bits.
     */
    @Test
    void otherLayoutsEmptyMembersAndChainedGroupsGiveTheWrittenBits() {
        Node a1 = SourceOp.input("a1", Shape.of(2, 50));
        Node a2 = SourceOp.input("a2", Shape.of(3, 50));
        Node a0 = SourceOp.input("a0", Shape.of(0, 50));
        Node b = SourceOp.input("b", Shape.of(50, 4, 6)); // two free axes
        int[] k0 = {0};
        int[] k1 = {1};
        // A [m, k] contracted over its axis 1 with B's axis 0: free axis first
        Node c1 = ContractionOp.contract(a1, b, NONE, NONE, k1, k0);
        Node c2 = ContractionOp.contract(a2, b, NONE, NONE, k1, k0);
        Node c0 = ContractionOp.contract(a0, b, NONE, NONE, k1, k0);
        // the second group: A [k, m] (free axis last) against a B computed from the first group
        Node b2 = c1.reshape(2, 24).transpose().matmul(SourceOp.constant(Tensor.ones(DType.FLOAT64, Shape.of(2, 60))))
                .reshape(24, 60).add(c2.sum());
        Node p = SourceOp.input("p", Shape.of(24, 2));
        Node q = SourceOp.input("q", Shape.of(24, 3));
        Node d1 = ContractionOp.contract(p, b2, NONE, NONE, k0, k0);
        Node d2 = ContractionOp.contract(q, b2, NONE, NONE, k0, k0);
        List<Node> outputs = List.of(c1, c2, c0, d1, d2.neg());
        List<Node> inputs = List.of(a1, a2, a0, b, p, q);
        List<Tensor> args = new ArrayList<>();
        int seed = 40;
        for (Node in : inputs) {
            args.add(uniform(++seed, DType.FLOAT64, in.shape()));
        }
        Function compiled = Function.of(inputs, outputs);
        assertTrue(compiled.explain().contains(MERGE), compiled.explain());
        List<Tensor> got = compiled.call(args);
        assertEquals(Shape.of(0, 4, 6), got.get(2).shape());
        assertSameBits("layouts", Function.unoptimized(inputs, outputs).call(args), got);
    }

    /** A's free axis between two contracted ones ({@code [k1, m, k2]}): merged along it, the written bits. */
    @Test
    void aFreeAxisBetweenContractedOnesIsMergedWithTheWrittenBits() {
        Node a1 = SourceOp.input("a1", Shape.of(4, 2, 5));
        Node a2 = SourceOp.input("a2", Shape.of(4, 3, 5));
        Node b = SourceOp.input("b", Shape.of(5, 7, 4));
        int[] ka = {0, 2};
        int[] kb = {2, 0};
        List<Node> outputs = List.of(ContractionOp.contract(a1, b, NONE, NONE, ka, kb),
                ContractionOp.contract(a2, b, NONE, NONE, ka, kb));
        List<Node> inputs = List.of(a1, a2, b);
        List<Tensor> args = List.of(uniform(45, DType.FLOAT32, a1.shape()).cast(DType.FLOAT64),
                uniform(46, DType.FLOAT64, a2.shape()), uniform(47, DType.FLOAT64, b.shape()));
        Function compiled = Function.of(inputs, outputs);
        assertTrue(compiled.explain().contains(MERGE), compiled.explain());
        assertSameBits("middle free axis", Function.unoptimized(inputs, outputs).call(args), compiled.call(args));
    }

    /**
     * A bias gradient {@code Σ_rows dZ} merged with the weight gradients (as a row of ones): the bits of the sum as
     * written for f32 and f64, on the symbolic N, with many rows (the reduction's blocked and parallel paths),
     * with columns of negative zeros (a sum from +0 gives +0), and with infinities and NaN.
     */
    @Test
    void aMergedBiasGradientGivesTheBitsOfTheSumAsWritten() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            for (int rows : new int[] {1, 7, 20_000}) {
                Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 3), dtype);
                Node h = SourceOp.input("h", Shape.of(Shape.BATCH, 5), dtype);
                Node dz = SourceOp.input("dz", Shape.of(Shape.BATCH, 40), dtype);
                int[] k = {0};
                List<Node> outputs = List.of(ContractionOp.contract(x, dz, NONE, NONE, k, k),
                        ContractionOp.contract(h, dz, NONE, NONE, k, k), dz.sum(0));
                List<Node> inputs = List.of(x, h, dz);
                double[] d = Tensor.uniform(Key.of(rows), dtype, Shape.of(rows, 40), -1e4, 1e4).toDoubleArray();
                for (int r = 0; r < rows; r++) {
                    d[r * 40] = -0.0; // column 0: all negative zeros
                    d[r * 40 + 1] = r % 2 == 0 ? -0.0 : 0.0;
                    d[r * 40 + 2] = r == rows / 2 ? Double.POSITIVE_INFINITY : d[r * 40 + 2];
                    d[r * 40 + 3] = r == rows - 1 ? Double.NaN : d[r * 40 + 3];
                    d[r * 40 + 4] = r % 3 == 0 ? 1e30 : -1e-30; // f32: rounding depends on the order
                }
                List<Tensor> args = List.of(uniform(rows + 1, dtype, Shape.of(rows, 3)),
                        uniform(rows + 2, dtype, Shape.of(rows, 5)), Tensor.of(dtype, Shape.of(rows, 40), d));
                Function compiled = Function.of(inputs, outputs);
                assertTrue(compiled.explain().contains(MERGE), compiled.explain());
                assertSameBits(dtype + ", " + rows + " rows", Function.unoptimized(inputs, outputs).call(args),
                        compiled.call(args));
            }
        }
    }

    /** A bias gradient over two leading axes (T, N) of a rank-4 dZ, merged: the shapes and bits as written. */
    @Test
    void aBiasGradientOverTwoLeadingAxesOfARankFourOperandGivesTheWrittenBits() {
        Node x = SourceOp.input("x", Shape.of(6, Shape.BATCH, 2), DType.FLOAT32);
        Node dz = SourceOp.input("dz", Shape.of(6, Shape.BATCH, 5, 7), DType.FLOAT32);
        int[] tn = {0, 1};
        Node db = dz.sum(0, 1);
        List<Node> outputs = List.of(ContractionOp.contract(x, dz, NONE, NONE, tn, tn), db, db.mul(2.0),
                dz.sum(1, 0).neg());
        List<Node> inputs = List.of(x, dz);
        List<Tensor> args = List.of(uniform(121, DType.FLOAT32, Shape.of(6, 9, 2)),
                Tensor.uniform(Key.of(122), DType.FLOAT32, Shape.of(6, 9, 5, 7), -100, 100));
        Function compiled = Function.of(inputs, outputs);
        assertTrue(compiled.explain().contains(MERGE), compiled.explain());
        List<Tensor> got = compiled.call(args);
        assertEquals(Shape.of(5, 7), got.get(1).shape());
        assertSameBits("rank 4", Function.unoptimized(inputs, outputs).call(args), got);
    }

    /**
     * Sums around a merged group: one whose result scales another member's A (that member stays out), one over
     * the non-leading axis, one keeping its dimensions, one over all axes: the written bits.
     */
    @Test
    void sumsThatFeedOrDoNotFitTheGroupGiveTheWrittenBits() {
        Node x = SourceOp.input("x", Shape.of(9, 3));
        Node h = SourceOp.input("h", Shape.of(9, 4));
        Node dz = SourceOp.input("dz", Shape.of(9, 30));
        int[] k = {0};
        Node db = dz.sum(0);
        Node scaled = h.mul(db.slice(0, 0, 4).reshape(1, 4).broadcastTo(Shape.of(9, 4)));
        List<Node> outputs = List.of(ContractionOp.contract(x, dz, NONE, NONE, k, k), db,
                ContractionOp.contract(scaled, dz, NONE, NONE, k, k), dz.sum(1), dz.sum(true, 0), dz.sum(0, 1));
        List<Node> inputs = List.of(x, h, dz);
        List<Tensor> args = List.of(uniform(131, DType.FLOAT64, x.shape()), uniform(132, DType.FLOAT64, h.shape()),
                uniform(133, DType.FLOAT64, dz.shape()));
        Function compiled = Function.of(inputs, outputs);
        assertTrue(compiled.explain().contains(MERGE), compiled.explain());
        assertSameBits("sums", Function.unoptimized(inputs, outputs).call(args), compiled.call(args));
    }

    /** Large merged products (k of the order of 10^5: the GEMM's parallel and k-sliced paths) keep the bits. */
    @Test
    void largeMergedProductsGiveTheWrittenBits() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 16), dtype);
            Node h = SourceOp.input("h", Shape.of(Shape.BATCH, 64), dtype);
            Node dz = SourceOp.input("dz", Shape.of(Shape.BATCH, 256), dtype);
            int[] k = {0};
            List<Node> outputs = List.of(ContractionOp.contract(x, dz, NONE, NONE, k, k),
                    ContractionOp.contract(h, dz, NONE, NONE, k, k));
            List<Node> inputs = List.of(x, h, dz);
            int rows = 6_000;
            List<Tensor> args = List.of(uniform(51, dtype, Shape.of(rows, 16)), uniform(52, dtype, Shape.of(rows, 64)),
                    uniform(53, dtype, Shape.of(rows, 256)));
            Function compiled = Function.of(inputs, outputs);
            assertTrue(compiled.explain().contains(MERGE), compiled.explain());
            assertSameBits(dtype + " large", Function.unoptimized(inputs, outputs).call(args), compiled.call(args));
        }
    }

    /** The gradients of merged contractions, compiled, against central differences, and second order. */
    @Test
    void gradientsThroughMergedContractionsAgreeWithFiniteDifferences() {
        Node x = SourceOp.input("x", Shape.of(5, 2));
        Node h = SourceOp.input("h", Shape.of(5, 3));
        Node dz = SourceOp.input("dz", Shape.of(5, 9));
        int[] k = {0};
        Node loss = ContractionOp.contract(x, dz, NONE, NONE, k, k).tanh().sum()
                .add(ContractionOp.contract(h.sin(), dz, NONE, NONE, k, k).square().sum());
        assertTrue(Function.of(List.of(x, h, dz), List.of(loss)).explain().contains(MERGE));
        Bindings at = Bindings.of(x, uniform(61, DType.FLOAT64, x.shape())).and(h, uniform(62, DType.FLOAT64,
                h.shape())).and(dz, uniform(63, DType.FLOAT64, dz.shape()));
        GradCheck.check(loss, List.of(x, h, dz), at).assertPassed();
        GradCheck.checkSecondOrder(loss, List.of(x, h, dz), at, Key.of(64)).assertPassed();
    }

    /**
     * Anomaly detection names the written node behind a non-finite value: a NaN in the second contraction's
     * operand is reported at that contraction, not at the first member of the merged product.
     */
    @Test
    void anomalyDetectionNamesTheContractionWhoseOperandIsNotFinite() {
        Node a1 = SourceOp.input("a1", Shape.of(6, 2));
        Node a2 = SourceOp.input("a2", Shape.of(6, 3));
        Node dz = SourceOp.input("dz", Shape.of(6, 20));
        int[] k = {0};
        Node c1 = ContractionOp.contract(a1, dz, NONE, NONE, k, k);
        Node c2 = ContractionOp.contract(a2, dz, NONE, NONE, k, k);
        Function f = Function.of(List.of(a1, a2, dz), List.of(c1, c2)).withAnomalyDetection();
        assertTrue(f.explain().contains(MERGE), f.explain());
        double[] bad = uniform(72, DType.FLOAT64, a2.shape()).toDoubleArray();
        bad[4] = Double.NaN;
        AnomalyException e = assertThrows(AnomalyException.class, () -> f.call(List.of(uniform(71, DType.FLOAT64,
                a1.shape()), Tensor.of(DType.FLOAT64, a2.shape(), bad), uniform(73, DType.FLOAT64, dz.shape()))));
        assertSame(c2, e.node(), e.getMessage());
    }

    /**
     * The same when the second contraction itself overflows (finite operands, an infinite sum): the report
     * names that contraction, whose value holds the infinity, not the first member whose value is finite.
     */
    @Test
    void anomalyDetectionNamesTheContractionThatOverflows() {
        Node a1 = SourceOp.input("a1", Shape.of(2, 2));
        Node a2 = SourceOp.input("a2", Shape.of(2, 3));
        Node dz = SourceOp.input("dz", Shape.of(2, 20));
        int[] k = {0};
        Node c1 = ContractionOp.contract(a1, dz, NONE, NONE, k, k);
        Node c2 = ContractionOp.contract(a2, dz, NONE, NONE, k, k);
        Function f = Function.of(List.of(a1, a2, dz), List.of(c1, c2)).withAnomalyDetection();
        assertTrue(f.explain().contains(MERGE), f.explain());
        double[] huge = new double[6];
        java.util.Arrays.fill(huge, 1e300);
        AnomalyException e = assertThrows(AnomalyException.class, () -> f.call(List.of(uniform(74, DType.FLOAT64,
                a1.shape()), Tensor.of(DType.FLOAT64, a2.shape(), huge), Tensor.uniform(Key.of(75), DType.FLOAT64,
                dz.shape(), 1e10, 2e10))));
        assertSame(c2, e.node(), e.getMessage());
    }

    /**
     * A folded bias keeps the reports of the graph as written: a NaN bias at its broadcast, an overflow at the product.
     */
    @Test
    void anomalyDetectionThroughAFoldedBiasNamesTheWrittenNodes() {
        Node x = SourceOp.input("x", Shape.of(4, 3));
        Node w = SourceOp.input("w", Shape.of(3, 5));
        Node b = SourceOp.input("b", Shape.of(5));
        Node product = x.matmul(w);
        Node sum = product.add(b);
        Function f = Function.of(List.of(x, w, b), List.of(sum.sum(1).tanh())).withAnomalyDetection();
        assertTrue(f.explain().contains(FOLD), f.explain());
        double[] bad = new double[5];
        bad[2] = Double.NaN;
        AnomalyException nan = assertThrows(AnomalyException.class, () -> f.call(List.of(uniform(76,
                DType.FLOAT64, x.shape()), uniform(77, DType.FLOAT64, w.shape()), Tensor.of(DType.FLOAT64,
                b.shape(), bad))));
        assertSame(sum.inputs().get(1), nan.node(), nan.getMessage());
        double[] big = new double[12];
        java.util.Arrays.fill(big, 1e300);
        AnomalyException inf = assertThrows(AnomalyException.class, () -> f.call(List.of(Tensor.of(DType.FLOAT64,
                x.shape(), big), Tensor.uniform(Key.of(78), DType.FLOAT64, w.shape(), 1e10, 2e10),
                Tensor.zeros(DType.FLOAT64, b.shape()))));
        assertSame(product, inf.node(), inf.getMessage());
    }

    // -------------------------------------------------------------------------------------------- deep graphs

    /** A 100,000-node chain through folded biases and merged contractions compiles and computes the same bits. */
    @Test
    void aHundredThousandNodeChainCompilesWithoutOverflow() {
        Node x = SourceOp.input("x", Shape.of(2, 2));
        Node w = SourceOp.input("w", Shape.of(2, 2));
        Node b = SourceOp.input("b", Shape.of(2));
        Node y = x;
        for (int i = 0; i < 34_000; i++) { // matmul, broadcast, add: three nodes a step
            y = y.matmul(w).add(b);
        }
        Node dz = SourceOp.input("dz", Shape.of(2, 40));
        int[] k = {0};
        List<Node> outputs = List.of(ContractionOp.contract(y, dz, NONE, NONE, k, k),
                ContractionOp.contract(x, dz, NONE, NONE, k, k));
        List<Node> inputs = List.of(x, w, b, dz);
        List<Tensor> args = List.of(uniform(81, DType.FLOAT64, x.shape()),
                Tensor.uniform(Key.of(82), DType.FLOAT64, w.shape(), -0.5, 0.5), uniform(83, DType.FLOAT64, b.shape()),
                uniform(84, DType.FLOAT64, dz.shape()));
        Function compiled = Function.of(inputs, outputs);
        assertTrue(compiled.explain().contains(FOLD), "no fold in the chain");
        assertSameBits("chain", Function.unoptimized(inputs, outputs).call(args), compiled.call(args));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A digest of the bits of blocked folded products and a merged contraction, for the thread-count test. */
    static final class ThreadProbe {

        private ThreadProbe() {
        }

        public static void main(String[] args) throws IOException {
            System.out.println(digest());
        }

        static String digest() {
            long h = 1125899906842597L;
            for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
                Node x = SourceOp.input("x", Shape.of(Shape.BATCH, 37, 21), dtype);
                Node w = SourceOp.input("w", Shape.of(700, 21), dtype);
                Node b = SourceOp.input("b", Shape.of(700), dtype);
                Node dz = SourceOp.input("dz", Shape.of(Shape.BATCH, 37, 700), dtype);
                int[] k = {0, 1};
                Node y = x.matmul(w.transpose()).add(b);
                List<Node> outputs = List.of(y, ContractionOp.contract(x, dz, NONE, NONE, k, k),
                        ContractionOp.contract(x.square(), dz, NONE, NONE, k, k));
                List<Node> inputs = List.of(x, w, b, dz);
                List<Tensor> args = List.of(uniform(91, dtype, Shape.of(29, 37, 21)), uniform(92, dtype, w.shape()),
                        uniform(93, dtype, b.shape()), uniform(94, dtype, Shape.of(29, 37, 700)));
                for (Tensor t : Function.of(inputs, outputs).call(args)) {
                    for (int i = 0; i < t.size(); i++) {
                        h = 31 * h + Double.doubleToLongBits(t.flat(i));
                    }
                }
            }
            return Long.toHexString(h);
        }
    }

    private static Shape concrete(Shape s, int batch) {
        int[] dims = new int[s.rank()];
        for (int a = 0; a < dims.length; a++) {
            dims[a] = s.dim(a) == Shape.BATCH ? batch : s.dim(a);
        }
        return Shape.of(dims);
    }

    private static Tensor uniform(int seed, DType dtype, Shape shape) {
        return Tensor.uniform(Key.of(seed), dtype, shape, -1, 1);
    }

    private static void assertSameBits(String where, List<Tensor> expected, List<Tensor> actual) {
        assertEquals(expected.size(), actual.size(), where);
        for (int o = 0; o < expected.size(); o++) {
            Tensor e = expected.get(o);
            Tensor a = actual.get(o);
            assertEquals(e.shape(), a.shape(), where + ": output " + o);
            for (int i = 0; i < e.size(); i++) {
                if (Double.doubleToLongBits(e.flat(i)) != Double.doubleToLongBits(a.flat(i))) {
                    throw new AssertionError(where + ": output " + o + " element " + i + " is " + a.flat(i)
                            + ", as written " + e.flat(i));
                }
            }
        }
    }
}
