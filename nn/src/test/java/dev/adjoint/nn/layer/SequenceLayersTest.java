package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
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

    /** Attention written out head by head from the layer's weights, in the textbook's loops. */
    private static Node byHand(Node x, Map<String, Node> w, int heads, int keyDim, double[] allowed) {
        int t = x.shape().dim(1);
        int f = x.shape().dim(2);
        Node y = w.get("multi_head_attention/attention_output/bias");
        for (int h = 0; h < heads; h++) {
            Node[] qkv = new Node[3];
            String[] parts = {"query", "key", "value"};
            for (int p = 0; p < 3; p++) {
                Node kernel = w.get("multi_head_attention/" + parts[p] + "/kernel").slice(1, h, h + 1)
                        .reshape(f, keyDim);
                Node bias = w.get("multi_head_attention/" + parts[p] + "/bias").slice(0, h, h + 1).reshape(keyDim);
                qkv[p] = x.matmul(kernel).add(bias);
            }
            Node scores = qkv[0].matmul(qkv[1].permute(0, 2, 1)).div(Math.sqrt(keyDim));
            Node adder = SourceOp.constant(Tensor.of(DType.FLOAT64, Shape.of(t, t), allowed)).sub(1.0).mul(1e9);
            Node out = scores.add(adder).softmax(-1).matmul(qkv[2]);
            Node wo = w.get("multi_head_attention/attention_output/kernel").slice(0, h, h + 1).reshape(keyDim, f);
            y = out.matmul(wo).add(y);
        }
        return y;
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
        model.add(MultiHeadAttention.of(2, 4).causal(true));
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

    @Test
    void recurrentLayersRejectWhatIsNotASequence() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LSTM.of(3).outputShape(Shape.of(Shape.BATCH, 4)));
        assertEquals("LSTM: input must be a sequence [N, T, features], got " + Shape.of(Shape.BATCH, 4),
                e.getMessage());
    }
}
