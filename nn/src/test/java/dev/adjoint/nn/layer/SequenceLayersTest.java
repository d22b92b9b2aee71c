package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.DataFormat;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.conv.GlobalAveragePooling1D;
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedding, masks, layer normalization, attention, position embeddings and TimeDistributed: against their
 * formulas written out by hand, against central differences, and through a model file.
 */
class SequenceLayersTest {

    private static final Shape BATCH_SEQ = Shape.of(Shape.BATCH, 4, 6);

    private static ForwardGraph graph(Architecture arch, Shape input) {
        return ForwardGraph.build(arch, input, DType.FLOAT64, false, null);
    }

    /** Random normal values for x and every parameter of g. */
    private static Bindings random(ForwardGraph g, Tensor x, long seed) {
        Bindings at = Bindings.of(g.input(), x);
        long k = seed;
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            at = at.and(p.getValue(), Tensor.normal(Key.of(++k), DType.FLOAT64, g.specs().get(p.getKey()).shape(), 0,
                    0.5));
        }
        return at;
    }

    private static Tensor eval(Node y, Bindings at) {
        return Function.of(at.inputs(), List.of(y)).call(at).get(0);
    }

    /** {@code at} with {@code node} bound to {@code value} instead. */
    private static Bindings rebind(Bindings at, Node node, Tensor value) {
        Bindings out = Bindings.of(node, value);
        for (Node n : at.inputs()) {
            out = n == node ? out : out.and(n, at.get(n));
        }
        return out;
    }

    /** g's input bound to x, its parameters to the values {@code at} gives the parameters of the same name of f. */
    private static Bindings sameWeights(ForwardGraph f, Bindings at, ForwardGraph g, Tensor x) {
        Bindings out = Bindings.of(g.input(), x);
        for (Map.Entry<String, Node> e : g.params().entrySet()) {
            out = out.and(e.getValue(), at.get(f.params().get(e.getKey())));
        }
        return out;
    }

    private static Tensor indices(int n, int t, double... values) {
        return Tensor.of(DType.FLOAT64, Shape.of(n, t), values);
    }

    @Test
    void embeddingPicksTableRowsAndItsGradientMatchesCentralDifferences() {
        ForwardGraph g = graph((x, layers) -> layers.apply(Embedding.of(5, 3), x), Shape.of(Shape.BATCH, 4));
        Bindings at = random(g, indices(2, 4, 1, 0, 4, 1, 3, 3, 2, 0), 1);
        Tensor table = at.get(g.params().get("embedding/embeddings"));
        Tensor y = eval(g.output(), at);
        assertEquals(Shape.of(2, 4, 3), y.shape());
        for (int j = 0; j < 3; j++) {
            assertEquals(table.get(4, j), y.get(0, 2, j));
            assertEquals(table.get(3, j), y.get(1, 1, j));
        }
        GradCheck.check(g.output().square(), List.of(g.params().get("embedding/embeddings")), at).assertPassed();
        assertThrows(IllegalArgumentException.class, () -> Embedding.of(0, 3));
    }

    @Test
    void embeddingRejectsANegativeIndexInItsOutputAndInItsGradient() {
        ForwardGraph g = graph((x, layers) -> layers.apply(Embedding.of(5, 3), x), Shape.of(Shape.BATCH, 3));
        Bindings at = random(g, indices(2, 3, 1, 0, 4, 2, -1, 3), 2);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> eval(g.output(), at));
        assertTrue(e.getMessage().contains("[0, 5)") && e.getMessage().contains("-1")
                && e.getMessage().contains("[1, 1]"), e.getMessage());
        // the gradient alone does not evaluate the lookup: its scatter-add reads the indices by the same rule
        Node table = g.params().get("embedding/embeddings");
        Node gradient = dev.adjoint.core.autodiff.Autodiff.grad(g.output().sum(), table);
        IndexOutOfBoundsException inGradient = assertThrows(IndexOutOfBoundsException.class,
                () -> eval(gradient, at));
        assertTrue(inGradient.getMessage().contains("[0, 5)"), inGradient.getMessage());
        Tensor y = eval(g.output(), rebind(at, g.input(), indices(2, 3, 1, 0, 4, 2, 4, 3)));
        assertEquals(at.get(table).get(4, 2), y.get(1, 1, 2));
    }

    @Test
    void maskZeroMakesARecurrentLayerGiveWhatTheUnpaddedSequenceGives() {
        Layer embed = Embedding.of(6, 3).maskZero(true);
        Layer lstm = LSTM.of(4);
        Architecture arch = (x, layers) -> layers.apply(lstm, layers.apply(embed, x));
        ForwardGraph padded = graph(arch, Shape.of(Shape.BATCH, 5));
        ForwardGraph trimmed = graph(arch, Shape.of(Shape.BATCH, 3));
        Bindings p = random(padded, indices(1, 5, 2, 5, 1, 0, 0), 7);
        Tensor a = eval(padded.output(), p);
        Tensor b = eval(trimmed.output(), sameWeights(padded, p, trimmed, indices(1, 3, 2, 5, 1)));
        assertTrue(a.sameValues(b), a + " vs " + b);
        ForwardGraph plain = graph((x, layers) -> layers.apply(lstm, layers.apply(Embedding.of(6, 3), x)),
                Shape.of(Shape.BATCH, 5));
        Tensor unmasked = eval(plain.output(), sameWeights(padded, p, plain, indices(1, 5, 2, 5, 1, 0, 0)));
        assertTrue(Math.abs(unmasked.flat(0) - a.flat(0)) > 1e-6, "without the mask the padding counts");
    }

    /**
     * Keras averages only the present steps: Embedding(maskZero) -> GlobalAveragePooling1D -> Dense predicts the
     * same whatever the padding length (it gave 0.486054 with 2 padding steps and 0.484129 with 6 when the padding
     * counted).
     */
    @Test
    void globalAveragePooling1DOverAMaskedSequenceDoesNotDependOnThePaddingLength() {
        Layer embed = Embedding.of(6, 3).maskZero(true);
        Layer dense = Dense.of(1);
        Architecture arch = (x, layers) -> layers.apply(dense, layers.apply(GlobalAveragePooling1D.of(),
                layers.apply(embed, x)));
        ForwardGraph trimmed = graph(arch, Shape.of(Shape.BATCH, 3));
        Bindings t = random(trimmed, indices(2, 3, 2, 5, 1, 4, 3, 0), 17);
        Tensor expected = eval(trimmed.output(), t);
        for (int length : new int[] {5, 9}) {
            ForwardGraph padded = graph(arch, Shape.of(Shape.BATCH, length));
            double[] ids = new double[2 * length];
            System.arraycopy(new double[] {2, 5, 1}, 0, ids, 0, 3);
            System.arraycopy(new double[] {4, 3}, 0, ids, length, 2);
            Tensor y = eval(padded.output(), sameWeights(trimmed, t, padded, indices(2, length, ids)));
            assertClose(expected, y, 1e-14);
        }
        ForwardGraph plain = graph((x, layers) -> layers.apply(dense, layers.apply(GlobalAveragePooling1D.of(),
                layers.apply(Embedding.of(6, 3), x))), Shape.of(Shape.BATCH, 5));
        Tensor unmasked = eval(plain.output(), sameWeights(trimmed, t, plain, indices(2, 5, 2, 5, 1, 0, 0, 4, 3, 0, 0,
                0)));
        assertTrue(Math.abs(unmasked.flat(0) - expected.flat(0)) > 1e-6, "without the mask the padding counts");
    }

    /**
     * The masked mean is {@code sum_t x[n, t, c] [m != 0] / sum_t [m != 0]} written out by hand (any nonzero mask
     * value marks a present step; a row with none gives zeros instead of Keras's 0 / 0), its gradient matches
     * central differences, and without a mask it is the plain mean, bit for bit.
     */
    @Test
    void globalAveragePooling1DAveragesThePresentStepsAndMatchesCentralDifferences() {
        Node mask = SourceOp.input("mask", Shape.of(3, 4), DType.FLOAT64);
        for (boolean keep : new boolean[] {false, true}) {
            GlobalAveragePooling1D pool = GlobalAveragePooling1D.of().keepdims(keep);
            ForwardGraph g = graph((x, layers) -> layers.apply(pool, layers.mask(x, mask)), Shape.of(3, 4, 2));
            Tensor x = Tensor.normal(Key.of(40), DType.FLOAT64, Shape.of(3, 4, 2), 0, 1);
            double[] m = {1, 0, 1, 0, 2, 1, 1, 1, 0, 0, 0, 0};
            Bindings at = Bindings.of(g.input(), x).and(mask, Tensor.of(DType.FLOAT64, Shape.of(3, 4), m));
            Tensor y = eval(g.output(), at);
            assertEquals(keep ? Shape.of(3, 1, 2) : Shape.of(3, 2), y.shape());
            for (int n = 0; n < 3; n++) {
                for (int c = 0; c < 2; c++) {
                    double sum = 0;
                    int count = 0;
                    for (int t = 0; t < 4; t++) {
                        if (m[4 * n + t] != 0) {
                            sum += x.get(n, t, c);
                            count++;
                        }
                    }
                    double expected = count == 0 ? 0 : sum / count;
                    assertEquals(expected, keep ? y.get(n, 0, c) : y.get(n, c), 1e-14, "n " + n + " c " + c);
                }
            }
            GradCheck.check(g.output(), List.of(g.input()), at).assertPassed();
            ForwardGraph none = graph((in, layers) -> layers.apply(pool, in), Shape.of(3, 4, 2));
            Tensor plain = eval(none.output(), Bindings.of(none.input(), x));
            Node direct = none.input().globalAvgPool(DataFormat.CHANNELS_LAST);
            Tensor reference = eval(keep ? direct.reshape(Shape.of(3, 1, 2)) : direct, Bindings.of(none.input(), x));
            assertTrue(reference.sameValues(plain), plain + " vs " + reference);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph((x, layers) ->
                layers.apply(GlobalAveragePooling1D.of().dataFormat("channels_first"), layers.mask(x, mask)),
                Shape.of(3, 4, 2)));
        assertTrue(e.getMessage().contains("GlobalAveragePooling1D") && e.getMessage().contains("[3, 4]"),
                e.getMessage());
    }

    @Test
    void bidirectionalOverAMaskedSequenceGivesZerosAtAbsentStepsAndMatchesCentralDifferences() {
        Node mask = SourceOp.input("mask", Shape.of(2, 4), DType.FLOAT64);
        ForwardGraph g = graph((x, layers) -> layers.apply(Bidirectional.of(GRU.of(3).returnSequences(true)),
                layers.mask(x, mask)), Shape.of(2, 4, 6));
        Bindings at = random(g, Tensor.normal(Key.of(12), DType.FLOAT64, Shape.of(2, 4, 6), 0, 1), 12)
                .and(mask, Tensor.of(DType.FLOAT64, Shape.of(2, 4), 1, 1, 1, 1, 1, 1, 0, 0));
        Tensor y = eval(g.output(), at);
        for (int step = 2; step < 4; step++) {
            for (int f = 0; f < 6; f++) {
                assertEquals(0.0, y.get(1, step, f), 0.0); // +0 or -0
            }
        }
        assertTrue(Math.abs(y.get(1, 1, 4)) > 0, "the backward half of a present step");
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
    }

    /**
     * Bidirectional of a layer that goes backwards is, with the two copies' weights exchanged, Bidirectional of
     * the forward-going layer with its outputs in reverse time order: each half of one is the other's reversed
     * (Keras flips the backward copy's outputs in both). With a mask, the zeros of absent steps move with them.
     */
    @Test
    void bidirectionalOfABackwardLayerIsTheForwardOneReversedInTimeWithItsMaskedZeros() {
        Node mask = SourceOp.input("mask", Shape.of(2, 4), DType.FLOAT64);
        Bidirectional.MergeMode sum = Bidirectional.MergeMode.SUM;
        ForwardGraph ahead = graph((x, layers) -> layers.apply(new Bidirectional(GRU.of(3).returnSequences(true),
                sum, null), layers.mask(x, mask)), Shape.of(2, 4, 5));
        ForwardGraph back = graph((x, layers) -> layers.apply(new Bidirectional(GRU.of(3).returnSequences(true)
                .goBackwards(true), sum, null), layers.mask(x, mask)), Shape.of(2, 4, 5));
        Tensor x = Tensor.normal(Key.of(21), DType.FLOAT64, Shape.of(2, 4, 5), 0, 1);
        Tensor present = Tensor.of(DType.FLOAT64, Shape.of(2, 4), 1, 1, 1, 0, 1, 1, 0, 0);
        Bindings a = random(ahead, x, 21).and(mask, present);
        Bindings b = Bindings.of(back.input(), x).and(mask, present);
        for (Map.Entry<String, Node> e : back.params().entrySet()) {
            String other = e.getKey().contains("/forward/") ? e.getKey().replace("/forward/", "/backward/")
                    : e.getKey().replace("/backward/", "/forward/");
            b = b.and(e.getValue(), a.get(ahead.params().get(other)));
        }
        Tensor ya = eval(ahead.output(), a);
        Tensor yb = eval(back.output(), b);
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 4; k++) {
                for (int f = 0; f < 3; f++) {
                    assertEquals(ya.get(n, 3 - k, f), yb.get(n, k, f), 1e-12, "n " + n + " position " + k);
                }
            }
        }
        assertEquals(0.0, yb.get(1, 0, 1), 0.0); // step 3 of row 1 is absent: at position 0 in reverse order
        assertTrue(Math.abs(yb.get(1, 3, 1)) > 0, "step 0 of row 1 is present");
        List<Node> wrt = new ArrayList<>(List.of(back.input()));
        wrt.addAll(back.params().values());
        GradCheck.check(back.output(), wrt, b).assertPassed();
    }

    /**
     * The sequence's mask is over TimeDistributed's steps, not the wrapped layer's: an LSTM inside reads all of its
     * own steps whatever the outer mask, even when its length is not the outer one.
     */
    @Test
    void timeDistributedDoesNotHandTheSequenceMaskToTheWrappedLayer() {
        Node mask = SourceOp.input("mask", Shape.of(2, 3), DType.FLOAT64);
        Layer inner = LSTM.of(3);
        for (int innerLength : new int[] {3, 4}) {
            Shape in = Shape.of(2, 3, innerLength, 2);
            ForwardGraph masked = graph((x, layers) -> layers.apply(TimeDistributed.of(inner), layers.mask(x, mask)),
                    in);
            ForwardGraph plain = graph((x, layers) -> layers.apply(TimeDistributed.of(inner), x), in);
            Tensor x = Tensor.normal(Key.of(30 + innerLength), DType.FLOAT64, in, 0, 1);
            Bindings at = random(masked, x, 31).and(mask, Tensor.of(DType.FLOAT64, Shape.of(2, 3), 1, 1, 0, 1, 0, 0));
            Tensor y = eval(masked.output(), at);
            Tensor expected = eval(plain.output(), sameWeights(masked, at, plain, x));
            assertTrue(expected.sameValues(y), "inner length " + innerLength + ": " + y + " vs " + expected);
        }
    }

    /** An op a layer builds that rejects its operands is reported with the layer's name and inputs. */
    @Test
    void anOpRejectedInsideALayerNamesTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> graph((x, layers) ->
                layers.apply(MultiHeadAttention.of(2, 4), x.cast(DType.INT64)), BATCH_SEQ));
        assertTrue(e.getMessage().startsWith("model: layer 'multi_head_attention' (multi_head_attention) applied to"
                + " i64[N, 4, 6]: matmul: "), e.getMessage());
        assertTrue(e.getMessage().contains("insert a cast"), e.getMessage());
    }

    @Test
    void layerNormalizationIsItsFormulaAndMatchesCentralDifferences() {
        ForwardGraph g = graph((x, layers) -> layers.apply(LayerNormalization.of(), x), BATCH_SEQ);
        Bindings at = random(g, Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(2, 4, 6), 1, 2), 3);
        Tensor x = at.get(g.input());
        Tensor gamma = at.get(g.params().get("layer_normalization/gamma"));
        Tensor beta = at.get(g.params().get("layer_normalization/beta"));
        Tensor y = eval(g.output(), at);
        double mean = 0;
        double square = 0;
        for (int f = 0; f < 6; f++) {
            mean += x.get(1, 2, f) / 6;
        }
        for (int f = 0; f < 6; f++) {
            square += (x.get(1, 2, f) - mean) * (x.get(1, 2, f) - mean) / 6;
        }
        for (int f = 0; f < 6; f++) {
            double expected = (x.get(1, 2, f) - mean) / Math.sqrt(square + 1e-3) * gamma.flat(f) + beta.flat(f);
            assertEquals(expected, y.get(1, 2, f), 1e-12);
        }
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
    }

    /** Self-attention written out head by head from the layer's weights, in the textbook's loops. */
    private static Node byHand(Node x, Map<String, Node> w, int heads, int keyDim, double[] allowed) {
        return byHand(new Node[] {x, x, x}, w, heads, new int[] {keyDim, keyDim}, allowed, null, 0);
    }

    /**
     * Attention of the query, key and value {@code qkv} written out head by head, with heads of sizes
     * {@code dims = {keyDim, valueDim}}; {@code allowed} ({@code [Tq, Tk]}, or null for all) and, when
     * {@code kept} ({@code [N, heads, Tq, Tk]}) is not null, inverted dropout of the attention weights at
     * {@code rate}.
     */
    private static Node byHand(Node[] qkv, Map<String, Node> w, int heads, int[] dims, double[] allowed, Node kept,
            double rate) {
        int tq = qkv[0].shape().dim(1);
        int tk = qkv[1].shape().dim(1);
        int n = qkv[0].shape().dim(0);
        Node y = w.get("multi_head_attention/attention_output/bias");
        String[] parts = {"query", "key", "value"};
        for (int h = 0; h < heads; h++) {
            Node[] projected = new Node[3];
            for (int p = 0; p < 3; p++) {
                int size = dims[p == 2 ? 1 : 0];
                Node kernel = w.get("multi_head_attention/" + parts[p] + "/kernel").slice(1, h, h + 1)
                        .reshape(qkv[p].shape().dim(2), size);
                Node bias = w.get("multi_head_attention/" + parts[p] + "/bias").slice(0, h, h + 1).reshape(size);
                projected[p] = qkv[p].matmul(kernel).add(bias);
            }
            Node scores = projected[0].matmul(projected[1].permute(0, 2, 1)).div(Math.sqrt(dims[0]));
            if (allowed != null) {
                scores = scores.add(SourceOp.constant(Tensor.of(DType.FLOAT64, Shape.of(tq, tk), allowed)).sub(1.0)
                        .mul(1e9));
            }
            Node a = scores.softmax(-1);
            if (kept != null) {
                a = a.mul(kept.slice(1, h, h + 1).reshape(n, tq, tk)).div(1 - rate);
            }
            Node wo = w.get("multi_head_attention/attention_output/kernel").slice(0, h, h + 1)
                    .reshape(dims[1], qkv[0].shape().dim(2));
            y = a.matmul(projected[2]).matmul(wo).add(y);
        }
        return y;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.flat(i), actual.flat(i), tolerance);
        }
    }

    @Test
    void crossAttentionWithKeyAndValueWidthsOfTheirOwnIsTheHeadByHeadFormula() {
        Node value = SourceOp.input("value", Shape.of(2, 5, 3), DType.FLOAT64);
        Node key = SourceOp.input("key", Shape.of(2, 5, 7), DType.FLOAT64);
        ForwardGraph g = graph((x, layers) -> layers.applyAll(MultiHeadAttention.of(2, 3).valueDim(4),
                List.of(x, value, key)).get(0), Shape.of(2, 4, 6));
        assertEquals(Shape.of(6, 2, 3), g.specs().get("multi_head_attention/query/kernel").shape());
        assertEquals(Shape.of(7, 2, 3), g.specs().get("multi_head_attention/key/kernel").shape());
        assertEquals(Shape.of(3, 2, 4), g.specs().get("multi_head_attention/value/kernel").shape());
        assertEquals(Shape.of(2, 4, 6), g.specs().get("multi_head_attention/attention_output/kernel").shape());
        Bindings at = random(g, Tensor.normal(Key.of(21), DType.FLOAT64, Shape.of(2, 4, 6), 0, 1), 21)
                .and(value, Tensor.normal(Key.of(22), DType.FLOAT64, Shape.of(2, 5, 3), 0, 1))
                .and(key, Tensor.normal(Key.of(23), DType.FLOAT64, Shape.of(2, 5, 7), 0, 1));
        Node expected = byHand(new Node[] {g.input(), key, value}, g.params(), 2, new int[] {3, 4}, null, null, 0);
        assertClose(eval(expected, at), eval(g.output(), at), 1e-12);
        List<Node> wrt = new ArrayList<>(List.of(g.input(), value, key));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.of(2, 3)
                .outputShapes(List.of(Shape.of(2, 4, 6), Shape.of(3, 5, 3))));
        assertEquals("MultiHeadAttention: the value and key must have the query's batch, got " + Shape.of(3, 5, 3)
                + " for " + Shape.of(2, 4, 6), e.getMessage());
    }

    @Test
    void attentionDropoutScalesTheKeptAttentionWeightsWhileTrainingAndIsOffAtInference() {
        Layer attention = MultiHeadAttention.of(2, 3).causal(true).dropout(0.4);
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = SourceOp.input("rows", Shape.of(2), DType.FLOAT64);
        Architecture arch = (x, layers) -> layers.apply(attention, x);
        ForwardGraph training = ForwardGraph.build(arch, Shape.of(2, 4, 6), DType.FLOAT64, true, key, rows);
        ForwardGraph inference = graph(arch, Shape.of(2, 4, 6));
        Bindings at = random(training, Tensor.normal(Key.of(31), DType.FLOAT64, Shape.of(2, 4, 6), 0, 1), 31)
                .and(key, Tensor.scalar(DType.FLOAT64, 12345)).and(rows, Tensor.of(DType.FLOAT64, Shape.of(2), 7, 3));
        double[] lower = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) {
                lower[i * 4 + j] = 1;
            }
        }
        // the first layer of a model draws with salt 0, from the step's key and each example's index
        Node kept = RandomOp.bernoulliByRow(key, rows, Shape.of(2, 2, 4, 4), DType.FLOAT64, 0.6, 0)
                .cast(DType.FLOAT64);
        Tensor mask = eval(kept, at);
        double dropped = 0;
        for (int i = 0; i < mask.size(); i++) {
            dropped += 1 - mask.flat(i);
        }
        assertTrue(dropped > 0 && dropped < mask.size(), "some weights dropped, not all: " + dropped);
        Node[] self = {training.input(), training.input(), training.input()};
        Tensor y = eval(training.output(), at);
        assertClose(eval(byHand(self, training.params(), 2, new int[] {3, 3}, lower, kept, 0.4), at), y, 1e-12);
        Tensor plain = eval(byHand(self, training.params(), 2, new int[] {3, 3}, lower, null, 0), at);
        assertClose(plain, eval(inference.output(), sameWeights(training, at, inference, at.get(training.input()))),
                1e-12);
        assertTrue(Math.abs(plain.get(1, 3, 0) - y.get(1, 3, 0)) > 1e-6, "training drops weights");
        List<Node> wrt = new ArrayList<>(List.of(training.input()));
        wrt.addAll(training.params().values());
        GradCheck.check(training.output(), wrt, at).assertPassed();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MultiHeadAttention.of(2, 3).dropout(1.0));
        assertEquals("MultiHeadAttention: dropout must be in [0, 1), got 1.0", e.getMessage());
    }

    /**
     * The causal mask is built from two index vectors: a graph over 20,000 steps (a model file may declare them)
     * is built without the 3.2 GB a dense [T, T] constant took, and holds no constant of more than T elements.
     */
    @Test
    void aCausalMaskOverLongSequencesIsBuiltWithoutItsSquare() {
        ForwardGraph g = graph((x, layers) -> layers.apply(MultiHeadAttention.of(1, 2).causal(true), x),
                Shape.of(Shape.BATCH, 20_000, 2));
        for (Node node : dev.adjoint.core.graph.Topology.of(List.of(g.output())).order()) {
            if (node.op() instanceof SourceOp.Constant) {
                assertTrue(node.shape().size() <= 20_000, node.describe());
            }
        }
    }

    @Test
    void causalAttentionEqualsTheHeadByHeadFormulaAndMatchesCentralDifferences() {
        ForwardGraph g = graph((x, layers) -> layers.apply(MultiHeadAttention.of(2, 3).causal(true), x),
                BATCH_SEQ);
        Bindings at = random(g, Tensor.normal(Key.of(5), DType.FLOAT64, Shape.of(2, 4, 6), 0, 1), 5);
        double[] lower = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j <= i; j++) {
                lower[i * 4 + j] = 1;
            }
        }
        Node expected = byHand(g.input(), g.params(), 2, 3, lower);
        Tensor y = eval(g.output(), at);
        Tensor e = eval(expected, at);
        for (int i = 0; i < y.size(); i++) {
            assertEquals(e.flat(i), y.flat(i), 1e-12);
        }
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
        // step 3 is the future of steps 0..2: changing it leaves their outputs exactly as they were
        Tensor x = at.get(g.input());
        double[] changed = x.toDoubleArray();
        for (int f = 0; f < 6; f++) {
            changed[3 * 6 + f] += 10;
        }
        Tensor z = eval(g.output(), rebind(at, g.input(), Tensor.of(DType.FLOAT64, x.shape(), changed)));
        for (int step = 0; step < 3; step++) {
            for (int f = 0; f < 6; f++) {
                assertEquals(y.get(0, step, f), z.get(0, step, f));
            }
        }
        assertTrue(Math.abs(y.get(0, 3, 0) - z.get(0, 3, 0)) > 1e-6);
    }

    @Test
    void paddedKeysGetNoAttentionAndTheOtherStepsIgnoreThem() {
        Node mask = SourceOp.input("mask", Shape.of(1, 4), DType.FLOAT64);
        ForwardGraph g = graph((x, layers) -> layers.apply(MultiHeadAttention.of(2, 3), layers.mask(x, mask)),
                Shape.of(1, 4, 6));
        Bindings at = random(g, Tensor.normal(Key.of(8), DType.FLOAT64, Shape.of(1, 4, 6), 0, 1), 8)
                .and(mask, Tensor.of(DType.FLOAT64, Shape.of(1, 4), 1, 1, 0, 1));
        double[] allowed = new double[16];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                allowed[i * 4 + j] = i != 2 && j != 2 ? 1 : 0;
            }
        }
        Tensor y = eval(g.output(), at);
        Tensor e = eval(byHand(g.input(), g.params(), 2, 3, allowed), at);
        for (int step : new int[] {0, 1, 3}) {
            for (int f = 0; f < 6; f++) {
                assertEquals(e.get(0, step, f), y.get(0, step, f), 1e-12);
            }
        }
    }

    @Test
    void positionEmbeddingAddsOneLearnedRowPerStep() {
        ForwardGraph g = graph((x, layers) -> layers.apply(PositionEmbedding.of(7), x), BATCH_SEQ);
        Bindings at = random(g, Tensor.normal(Key.of(9), DType.FLOAT64, Shape.of(2, 4, 6), 0, 1), 9);
        Tensor p = at.get(g.params().get("position_embedding/embeddings"));
        Tensor y = eval(g.output(), at);
        assertEquals(at.get(g.input()).get(1, 3, 2) + p.get(3, 2), y.get(1, 3, 2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> graph((x, layers) ->
                layers.apply(PositionEmbedding.of(3), x), BATCH_SEQ));
    }

    @Test
    void timeDistributedDenseIsDenseOnEveryStep() {
        Dense dense = Dense.of(2).named("d");
        ForwardGraph g = graph((x, layers) -> layers.apply(TimeDistributed.of(dense), x), BATCH_SEQ);
        Bindings at = random(g, Tensor.normal(Key.of(4), DType.FLOAT64, Shape.of(3, 4, 6), 0, 1), 4);
        Node direct = g.input().matmul(g.params().get("time_distributed/kernel"))
                .add(g.params().get("time_distributed/bias"));
        Tensor y = eval(g.output(), at);
        Tensor e = eval(direct, at);
        for (int i = 0; i < y.size(); i++) {
            assertEquals(e.flat(i), y.flat(i), 1e-13);
        }
        GradCheck.check(g.output(), new ArrayList<>(g.params().values()), at).assertPassed();
    }

    @Test
    void aModelOfEverySequenceLayerSavesAndLoadsBitForBit(@TempDir Path dir) throws IOException {
        Sequential model = new Sequential(Shape.of(6), DType.FLOAT32, 11);
        model.add(Embedding.of(9, 8).maskZero(true));
        model.add(PositionEmbedding.of(6));
        model.add(MultiHeadAttention.of(2, 4).causal(true).dropout(0.1));
        model.add(LayerNormalization.of());
        model.add(Bidirectional.of(LSTM.of(5).returnSequences(true)));
        model.add(TimeDistributed.of(Dense.of(4)));
        model.add(Masking.of());
        model.add(SimpleRNN.of(3).returnSequences(true));
        model.add(GRU.of(3).goBackwards(true));
        model.add(Dense.of(2));
        Path file = dir.resolve("seq.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(2, 6), 3, 1, 4, 1, 5, 0, 2, 6, 5, 3, 0, 0);
        Tensor y = model.predict(x);
        assertEquals(Shape.of(2, 2), y.shape());
        assertTrue(y.sameValues(loaded.predict(x)));
        assertEquals(model.weights().keySet(), loaded.weights().keySet());
    }

    /**
     * Steps of no features: Keras's Masking takes any(x != maskValue) over them, false, and passes the empty steps
     * through (a maximum over the features, which core refuses over an empty axis, is not taken).
     */
    @Test
    void maskingStepsOfNoFeaturesPassesThemThrough() {
        Sequential model = new Sequential(Shape.of(3, 0), DType.FLOAT64, 1);
        model.add(Masking.of());
        Tensor y = model.predict(Tensor.of(DType.FLOAT64, Shape.of(2, 3, 0)));
        assertEquals(Shape.of(2, 3, 0), y.shape());
    }

    @Test
    void recurrentLayersRejectWhatIsNotASequence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.of(3).outputShape(Shape.of(Shape.BATCH, 4)));
        assertEquals("LSTM: input must be a sequence [N, T, features], got " + Shape.of(Shape.BATCH, 4),
                e.getMessage());
        // a named layer is named, as every named layer's errors are ("Dense 'dense_1': ...")
        IllegalArgumentException named = assertThrows(IllegalArgumentException.class,
                () -> GRU.of(3).named("enc").outputShape(Shape.of(Shape.BATCH, 4)));
        assertEquals("GRU 'enc': input must be a sequence [N, T, features], got " + Shape.of(Shape.BATCH, 4),
                named.getMessage());
    }

    /**
     * Keras 3's masked moments: behind a mask, batch normalization takes its batch statistics over the present
     * steps only. Steps [1, 2] and [3, 4] are present and [0, 0] is padding: mean [2, 3] and variance [1, 1]
     * (Keras: sum(m x) / (sum m + 1e-7)), so one step moves the moving averages to 0.01 of them (momentum 0.99):
     * [0.02, 0.03] and [1, 1], where the padded step counted would give [0.0133, 0.02] and [1.0056, 1.0167].
     */
    @Test
    void batchNormalizationBehindAMaskTakesTheStatisticsOfThePresentSteps() {
        Sequential model = new Sequential(Shape.of(3, 2), DType.FLOAT64, 1);
        model.add(Masking.of(0)).add(BatchNormalization.of()).add(GlobalAveragePooling1D.of()).add(Dense.of(1));
        model.compile(dev.adjoint.optim.Sgd.defaults(), new dev.adjoint.nn.loss.MeanSquaredError());
        model.fit(Tensor.of(DType.FLOAT64, Shape.of(1, 3, 2), 1, 2, 0, 0, 3, 4), Tensor.of(DType.FLOAT64,
                Shape.of(1, 1), 1), dev.adjoint.nn.model.FitOptions.defaults().epochs(1).batchSize(1)
                        .verbosity(dev.adjoint.nn.model.Verbosity.SILENT));
        Map<String, Tensor> w = model.weights();
        double count = 2 + 1e-7;
        double[] mean = {4 / count, 6 / count};
        double[] moving = w.get("batch_normalization/moving_mean").toDoubleArray();
        double[] movingVariance = w.get("batch_normalization/moving_variance").toDoubleArray();
        for (int c = 0; c < 2; c++) {
            assertEquals(0.01 * mean[c], moving[c], 1e-15, "moving mean " + c);
            double v0 = (c == 0 ? 1 : 2) - mean[c];
            double v1 = (c == 0 ? 3 : 4) - mean[c];
            assertEquals(0.99 + 0.01 * (v0 * v0 + v1 * v1) / count, movingVariance[c], 1e-15, "moving variance " + c);
        }
    }
}
