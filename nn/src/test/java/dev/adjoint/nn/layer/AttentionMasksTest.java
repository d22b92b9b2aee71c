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
import dev.adjoint.nn.model.Architecture;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MultiHeadAttention combines the masks of its query, value and key, an explicit attention mask and the causal
 * mask as Keras 3's {@code _compute_attention_mask} does, checked against the formula written as plain loops over
 * the weights; a row with no allowed key gets zero weights.
 */
class AttentionMasksTest {

    private static final String P = "multi_head_attention/";

    private static ForwardGraph graph(Architecture arch, Shape input) {
        return ForwardGraph.build(arch, input, DType.FLOAT64, false, null);
    }

    private static Tensor eval(Node y, Bindings at) {
        return Function.of(at.inputs(), List.of(y)).call(at).get(0);
    }

    /** Random normal values for every parameter of g, added to {@code at}. */
    private static Bindings withRandomWeights(ForwardGraph g, Bindings at, long seed) {
        long k = seed;
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            at = at.and(p.getValue(), Tensor.normal(Key.of(++k), DType.FLOAT64, g.specs().get(p.getKey()).shape(),
                    0, 0.7));
        }
        return at;
    }

    /** Values of 0 and 1, about a fifth of them 0, in the given shape. */
    private static Tensor zerosAndOnes(long seed, Shape shape) {
        Tensor u = Tensor.uniform(Key.of(seed), DType.FLOAT64, shape, 0, 1);
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = u.flat(i) < 0.2 ? 0 : 1;
        }
        return Tensor.of(DType.FLOAT64, shape, values);
    }

    /**
     * Attention as plain loops: for each example n, head h, query i: the scores s_j = Q_h[i] . K_h[j] / sqrt(d)
     * over the allowed keys j, their softmax, zero weights when no key is allowed, then the output projection.
     */
    private static double[][][] byLoops(Tensor x, Tensor v, Tensor k, Map<String, Tensor> w, int heads, int keyDim,
            int valueDim, boolean[][][] allowed) {
        int n = x.shape().dim(0);
        int tq = x.shape().dim(1);
        int tk = v.shape().dim(1);
        int f = x.shape().dim(2);
        double[][][] y = new double[n][tq][f];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < tq; i++) {
                for (int o = 0; o < f; o++) {
                    y[b][i][o] = w.get("attention_output/bias").flat(o);
                }
                for (int h = 0; h < heads; h++) {
                    double[] q = project(x, b, i, w, "query", h, heads, keyDim);
                    double[] weights = new double[tk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < tk; j++) {
                        if (allowed[b][i][j]) {
                            double[] kj = project(k, b, j, w, "key", h, heads, keyDim);
                            double dot = 0;
                            for (int d = 0; d < keyDim; d++) {
                                dot += q[d] * kj[d];
                            }
                            weights[j] = dot / Math.sqrt(keyDim);
                            max = Math.max(max, weights[j]);
                        }
                    }
                    double sum = 0;
                    for (int j = 0; j < tk; j++) {
                        weights[j] = allowed[b][i][j] ? Math.exp(weights[j] - max) : 0;
                        sum += weights[j];
                    }
                    for (int j = 0; j < tk; j++) {
                        if (!allowed[b][i][j]) {
                            continue;
                        }
                        double[] vj = project(v, b, j, w, "value", h, heads, valueDim);
                        for (int c = 0; c < valueDim; c++) {
                            for (int o = 0; o < f; o++) {
                                y[b][i][o] += weights[j] / sum * vj[c]
                                        * w.get("attention_output/kernel").flat((h * valueDim + c) * f + o);
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /** Step t of example b of s projected by head h of {@code part}'s kernel and bias. */
    private static double[] project(Tensor s, int b, int t, Map<String, Tensor> w, String part, int h, int heads,
            int size) {
        int features = s.shape().dim(2);
        double[] p = new double[size];
        for (int d = 0; d < size; d++) {
            p[d] = w.get(part + "/bias").flat(h * size + d);
            for (int e = 0; e < features; e++) {
                p[d] += s.get(b, t, e) * w.get(part + "/kernel").flat((e * heads + h) * size + d);
            }
        }
        return p;
    }

    private static Map<String, Tensor> weights(ForwardGraph g, Bindings at) {
        Map<String, Tensor> w = new java.util.HashMap<>();
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            w.put(p.getKey().substring(P.length()), at.get(p.getValue()));
        }
        return w;
    }

    @Test
    void queryValueKeyAttentionAndCausalMasksCombineAsKerasAndEmptyRowsGiveTheBias() {
        int n = 2;
        int tq = 6;
        int tk = 7;
        Node value = SourceOp.input("value", Shape.of(n, tk, 3), DType.FLOAT64);
        Node key = SourceOp.input("key", Shape.of(n, tk, 5), DType.FLOAT64);
        Node attentionMask = SourceOp.input("attention_mask", Shape.of(n, tq, tk), DType.FLOAT64);
        Node[] masks = {SourceOp.input("query_mask", Shape.of(n, tq), DType.FLOAT64),
                SourceOp.input("value_mask", Shape.of(n, tk), DType.FLOAT64),
                SourceOp.input("key_mask", Shape.of(n, tk), DType.FLOAT64)};
        MultiHeadAttention layer = MultiHeadAttention.of(2, 3).valueDim(2).causal(true);
        ForwardGraph g = graph((x, layers) -> layers.applyAll(layer, List.of(layers.mask(x, masks[0]),
                layers.mask(value, masks[1]), layers.mask(key, masks[2]), attentionMask)).get(0), Shape.of(n, tq, 4));
        Tensor x = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(n, tq, 4), 0, 1);
        Tensor v = Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(n, tk, 3), 0, 1);
        Tensor k = Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(n, tk, 5), 0, 1);
        Tensor[] m = {zerosAndOnes(4, Shape.of(n, tq)), zerosAndOnes(5, Shape.of(n, tk)),
                zerosAndOnes(6, Shape.of(n, tk))};
        Tensor a = zerosAndOnes(7, Shape.of(n, tq, tk));
        Bindings at = withRandomWeights(g, Bindings.of(g.input(), x).and(value, v).and(key, k).and(attentionMask, a)
                .and(masks[0], m[0]).and(masks[1], m[1]).and(masks[2], m[2]), 10);
        boolean[][][] allowed = new boolean[n][tq][tk];
        int emptyRows = 0;
        int partlyMaskedRows = 0;
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < tq; i++) {
                int count = 0;
                for (int j = 0; j < tk; j++) {
                    allowed[b][i][j] = m[0].get(b, i) != 0 && m[1].get(b, j) != 0 && m[2].get(b, j) != 0
                            && a.get(b, i, j) != 0 && j <= i;
                    count += allowed[b][i][j] ? 1 : 0;
                }
                emptyRows += count == 0 ? 1 : 0;
                partlyMaskedRows += count > 1 && count < i + 1 ? 1 : 0;
            }
        }
        assertTrue(emptyRows > 0 && partlyMaskedRows > 0, "the draw has rows of both kinds: " + emptyRows + ", "
                + partlyMaskedRows);
        double[][][] expected = byLoops(x, v, k, weights(g, at), 2, 3, 2, allowed);
        Tensor y = eval(g.output(), at);
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < tq; i++) {
                for (int o = 0; o < 4; o++) {
                    assertEquals(expected[b][i][o], y.get(b, i, o), 1e-12, "example " + b + ", query " + i);
                }
            }
        }
        List<Node> wrt = new ArrayList<>(List.of(g.input(), value, key));
        wrt.addAll(g.params().values());
        GradCheck.check(g.output(), wrt, at).assertPassed();
    }

    /**
     * The probe that found the bug: value ids {@code [5, 2, 0, 0, 0]} embedded with {@code maskZero} give what ids
     * {@code [5, 2]} give (Adjoint used to let the query attend to the padding, 0.0107 away).
     */
    @Test
    void paddedValuesFromAMaskingEmbeddingChangeNothing() {
        Embedding embedding = Embedding.of(7, 4).maskZero(true);
        MultiHeadAttention attention = MultiHeadAttention.of(2, 2);
        Node[] ids = {SourceOp.input("padded", Shape.of(1, 5), DType.FLOAT64),
                SourceOp.input("short", Shape.of(1, 2), DType.FLOAT64)};
        List<Tensor> outputs = new ArrayList<>();
        Tensor x = Tensor.normal(Key.of(11), DType.FLOAT64, Shape.of(1, 3, 4), 0, 1);
        Bindings first = null;
        ForwardGraph firstGraph = null;
        for (int c = 0; c < 2; c++) {
            Node id = ids[c];
            ForwardGraph g = graph((q, layers) -> layers.applyAll(attention, List.of(q, layers.apply(embedding, id)))
                    .get(0), Shape.of(1, 3, 4));
            Tensor values = c == 0 ? Tensor.of(DType.FLOAT64, Shape.of(1, 5), 5, 2, 0, 0, 0)
                    : Tensor.of(DType.FLOAT64, Shape.of(1, 2), 5, 2);
            Bindings at = Bindings.of(g.input(), x).and(id, values);
            if (first == null) {
                at = withRandomWeights(g, at, 20);
                first = at;
                firstGraph = g;
            } else {
                for (Map.Entry<String, Node> p : g.params().entrySet()) {
                    at = at.and(p.getValue(), first.get(firstGraph.params().get(p.getKey())));
                }
            }
            outputs.add(eval(g.output(), at));
        }
        for (int i = 0; i < outputs.get(0).size(); i++) {
            assertEquals(outputs.get(1).flat(i), outputs.get(0).flat(i), 1e-14);
        }
    }

    @Test
    void attentionScoresAreASecondOutputWhoseRowsSumToOneOrToZero() {
        Node mask = SourceOp.input("mask", Shape.of(2, 4), DType.FLOAT64);
        MultiHeadAttention layer = MultiHeadAttention.of(3, 2).returnAttentionScores(true);
        assertEquals(List.of(Shape.of(2, 4, 5), Shape.of(2, 3, 4, 6)),
                layer.outputShapes(List.of(Shape.of(2, 4, 5), Shape.of(2, 6, 3))));
        ForwardGraph g = graph((x, layers) -> layers.applyAll(layer, List.of(layers.mask(x, mask))).get(1),
                Shape.of(2, 4, 5));
        Tensor m = Tensor.of(DType.FLOAT64, Shape.of(2, 4), 1, 1, 0, 1, 0, 0, 0, 0);
        Bindings at = withRandomWeights(g, Bindings.of(g.input(), Tensor.normal(Key.of(30), DType.FLOAT64,
                Shape.of(2, 4, 5), 0, 1)).and(mask, m), 30);
        Tensor scores = eval(g.output(), at);
        assertEquals(Shape.of(2, 3, 4, 4), scores.shape());
        for (int b = 0; b < 2; b++) {
            for (int h = 0; h < 3; h++) {
                for (int i = 0; i < 4; i++) {
                    double sum = 0;
                    for (int j = 0; j < 4; j++) {
                        double allowed = m.get(b, i) * m.get(b, j);
                        if (allowed == 0) {
                            assertEquals(0.0, scores.get(b, h, i, j), "masked weight " + b + h + i + j);
                        }
                        sum += scores.get(b, h, i, j);
                    }
                    assertEquals(m.get(b, i) == 0 ? 0 : 1, sum, 1e-12);
                }
            }
        }
    }

    @Test
    void anAttentionMaskOfAnotherShapeIsRefusedNamingTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MultiHeadAttention.of(2, 3)
                .outputShapes(List.of(Shape.of(2, 4, 6), Shape.of(2, 5, 3), Shape.of(2, 5, 3), Shape.of(2, 5, 4))));
        assertEquals("MultiHeadAttention: the attention mask must be [N, Tq, Tk] = " + Shape.of(2, 4, 5)
                + " for the query " + Shape.of(2, 4, 6) + " and key " + Shape.of(2, 5, 3) + ", got "
                + Shape.of(2, 5, 4), e.getMessage());
    }
}
