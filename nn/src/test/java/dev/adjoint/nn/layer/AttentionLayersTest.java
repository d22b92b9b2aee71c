package dev.adjoint.nn.layer;

import static dev.adjoint.nn.layer.PinnedInputs.assertClose;
import static dev.adjoint.nn.layer.PinnedInputs.cosines;
import static dev.adjoint.nn.layer.PinnedInputs.eval;
import static dev.adjoint.nn.layer.PinnedInputs.sines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.io.ModelFiles;
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
 * Keras 3's Attention and AdditiveAttention against a PyTorch 1.13 re-implementation of Keras's formulas (scores,
 * the value mask's -1e9 bias before the softmax, the causal mask, the query mask on the output rows; values and
 * gradients pinned): query {@code sines([2, 3, 4], 0.8, 0.2, 0)}, value {@code sines([2, 4, 5], 0.55, 1.1, 0.02)},
 * key {@code sines([2, 4, 4], 0.35, -0.6, 0.03)} ({@link PinnedInputs}), the query mask {@code [[1, 1, 0], [1, 1,
 * 1]]}, and the gradients those of {@code sum(y r) + sum(A s)}, r = cosines and {@code s = sin(0.5 i)} over the
 * weights A. Also their refusals, masks, dropout, summaries and model files.
 */
class AttentionLayersTest {

    @TempDir
    Path dir;

    private static final double[][] QUERY_MASK = {{1, 1, 0}, {1, 1, 1}};

    // dot scores, use_scale with scale = 0.7, value mask [[1, 1, 1, 0], [1, 0, 1, 1]], no causal mask
    private static final double[] DOT_Y = {-0.3335857026100194, -0.45231072142484186, -0.439528871139212,
            -0.29426325133657527, -0.05545210766848821, 0.6057340604774668, 0.8115372050804143, 0.7801941190458747,
            0.512300263023519, 0.08011902974161395, -0.0, -0.0, -0.0, -0.0, -0.0, 0.0669337722575033,
            0.5351722828375683, 0.857135523431755, 0.9326464139101103, 0.732343167745312, -1.4234742807064096,
            -0.962750650853048, -0.20269835770542718, 0.6367477847100605, 1.3064523386828324, -0.046282042002607215,
            0.4669122870235178, 0.855455704488566, 0.9997390349883086, 0.8498213141378481};
    private static final double[] DOT_W = {0.10040583144331204, 0.6969757532042448, 0.20261841535244318, 0.0,
            0.6309980682184723, 0.08679583635396296, 0.2822060954275648, 0.0, 0.0906365140962955, 0.6854322510464101,
            0.2239312348572943, 0.0, 0.6895599704238854, 0.0, 0.007911252926381573, 0.30252877664973304,
            0.0103103035607366, 0.0, 0.9630823043725525, 0.026607392066710887, 0.7388232112540623, 0.0,
            0.007495546832937218, 0.25368124191300057};
    private static final double[] DOT_DQ = {-0.2041931199137622, -0.5666194161820669, -0.8752834644482627,
            -1.0880432934427458, -0.37146929108973104, -0.1572890021076631, 0.0879170200694706, 0.3345440581279473,
            -0.01723445939391317, -0.01596998394665664, -0.012603053559167375, -0.007452107690431019,
            -0.5308026757707024, -0.2796851165710993, 0.0149662750999566, 0.3182135013232895, -0.19395384469132376,
            -0.23289777211440238, -0.24417369618576806, -0.22542242937959922, 0.7249656637098841, 0.38260413364190654,
            -0.019270652044347525, -0.4330115785057589};
    private static final double[] DOT_DV = {0.14504086904681307, -0.047442728347737134, -0.23568840811534736,
            -0.40288074432530063, -0.5340849435247398, 0.703115447784332, 0.6461261732415593, 0.5314203719691767,
            0.3692443715721544, 0.17408487116508886, 0.22258088483655786, 0.12945094953869699, 0.02475754645599157,
            -0.08214737451743476, -0.18171431518073633, 0.0, 0.0, 0.0, 0.0, 0.0, 0.12064552056134331,
            0.11050815957622222, 0.09049943381721742, 0.06240666316536858, 0.028739291155678748, 0.0, 0.0, 0.0, 0.0,
            0.0, 0.9256535746309557, 0.9640428115454466, 0.9163169752662546, 0.7867392726086705, 0.5868844938361462,
            0.04971070986231321, 0.06676206926384265, 0.07784977185224676, 0.08198338617726683, 0.07879366878219138};
    private static final double[] DOT_DK = {-0.0018238513821258362, 0.03288876431787685, 0.04765149690693076,
            0.03350947089311176, -0.23170253638563343, -0.9442388090710406, -1.084012490625909, -0.5662387413993627,
            0.23352638776775925, 0.9113500447531637, 1.0363609937189784, 0.532729270506251, 0.0, 0.0, 0.0, 0.0,
            0.09392798064449043, 0.1419405572454156, 0.10385389647822169, 0.002770855691029972, 0.0, 0.0, 0.0, 0.0,
            -0.04408046490283759, -0.09985370539272811, -0.0950570280977402, -0.03260003309986713,
            -0.049847515741652915, -0.04208685185268768, -0.00879686838048166, 0.029829177408837088};
    private static final double[] DOT_DSCALE = {-4.032729415505945};

    // concat scores, use_scale with scale = 0.6 and concat_score_weight = 1.3, value mask [[1, 1, 0, 1], [1, 0, 1, 1]],
    // causal
    private static final double[] CONCAT_Y = {0.8912073600614353, 1.0168023290229973, 0.8408362599723739,
            0.40456065157547166, -0.1703653496747086, -0.6526748679134365, -0.9841273751864592, -1.0315490277726571,
            -0.7704685471628677, -0.26865994531360005, -0.0, -0.0, -0.0, -0.0, -0.0, -0.629506450348442,
            0.11861535123737361, 0.8525858611784031, 1.3519343665005956, 1.4604225071264276, -0.629506450348442,
            0.11861535123737361, 0.8525858611784031, 1.3519343665005956, 1.4604225071264276, -1.5158280524318752,
            -1.0400453432459906, -0.24149070998152597, 0.6489559452717434, 1.367216182811697};
    private static final double[] CONCAT_W = {1.0, 0.0, 0.0, 0.0, 0.03921400118454387, 0.9607859988154561, 0.0, 0.0,
            0.09442909215159802, 0.9055709078484019, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0,
            0.002614255299142228, 0.0, 0.9973857447008577, 0.0};
    private static final double[] CONCAT_DQ = {0.0, 0.0, 0.0, 0.0, 0.006379329721445573, 0.019975477785477404,
            0.012227132961158162, -0.009347696888544726, 0.004692201373752491, 0.007999401658918133,
            0.006175243178937844, 0.004521884976187382, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -6.51712264599507e-05,
            -0.00014628563659326846, -0.0001245299453900962, 1.2532208807885609e-05};
    private static final double[] CONCAT_DV = {1.0027738887099886, 0.9464269859151805, 0.8055385791658872,
            0.5926938102359549, 0.32690546842870355, 0.06796331295771428, -0.21829259148266136, -0.4850490688560663,
            -0.7084775575065358, -0.8686198559690907, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.7502806804361064, 1.087498673066985, 1.327573648077031, 1.4490604229521824, 1.4411069459109769, 0.0, 0.0,
            0.0, 0.0, 0.0, 0.3457291246185058, 0.053814367318526395, -0.24290746714131226, -0.5179311010008765,
            -0.7466894921369607, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] CONCAT_DK = {-0.03279623098212746, -0.026186640001036758, -0.036167041858133436,
            -0.04832690363728116, 0.043867762077325526, 0.05416151944543229, 0.05456941799822944, 0.043501091724923814,
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 8.531497106736845e-05, 6.415691091393414e-05,
            0.00010092035441718645, 0.00022045282404887395, 0.0, 0.0, 0.0, 0.0, -0.00015048619752731915,
            -0.0002104425475072026, -0.00022545029980728266, -0.00020792061524098834, 0.0, 0.0, 0.0, 0.0};
    private static final double[] CONCAT_DSCALE = {0.3234248256403594};
    private static final double[] CONCAT_DWEIGHT = {0.1536001867685025};

    // AdditiveAttention, scale = [0.9, -0.4, 0.3, 1.2], value mask [[1, 1, 0, 1], [1, 0, 1, 1]], causal
    private static final double[] ADD_Y = {0.8912073600614353, 1.0168023290229973, 0.8408362599723739,
            0.40456065157547166, -0.1703653496747086, -0.45620051774481063, -0.7294891934364633, -0.7932693999557427,
            -0.6209344090867385, -0.25615098157705174, -0.0, -0.0, -0.0, -0.0, -0.0, -0.629506450348442,
            0.11861535123737361, 0.8525858611784031, 1.3519343665005956, 1.4604225071264276, -0.629506450348442,
            0.11861535123737361, 0.8525858611784031, 1.3519343665005956, 1.4604225071264276, -1.4684123198243344,
            -0.9780602291030556, -0.18296066622725998, 0.6865633292861985, 1.372202461088849};
    private static final double[] ADD_W = {1.0, 0.0, 0.0, 0.0, 0.16148356381562132, 0.8385164361843787, 0.0, 0.0,
            0.25001738466854184, 0.7499826153314582, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0,
            0.05597160963434352, 0.0, 0.9440283903656566, 0.0};
    private static final double[] ADD_DQ = {0.0, 0.0, 0.0, 0.0, 0.051107403937298346, -0.06857774098834248,
            0.03570894639466479, -0.1198952876096355, 0.02189968106989096, -0.009931112714630158, 0.0041549331126275475,
            0.016838556326360544, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.0011503878975397373, 0.0015011873321993654,
            -0.0012239948917484738, 0.000765216008697508};
    private static final double[] ADD_DV = {1.011422895419645, 0.9186470851681922, 0.7438112667604595,
            0.5025330031498216, 0.21636496303733616, 0.059314306248057926, -0.19051269073567298, -0.4233217564506385,
            -0.6183167504204026, -0.7580793505777234, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
            0.768776223914925, 1.0903775915602514, 1.3145787763698837, 1.4213525542322287, 1.4011611415699767, 0.0, 0.0,
            0.0, 0.0, 0.0, 0.32723358113968726, 0.05093544882526029, -0.22991259543416492, -0.49022323228092274,
            -0.7067436877959605, 0.0, 0.0, 0.0, 0.0, 0.0};
    private static final double[] ADD_DK = {-0.09944392792675533, 0.026568492620339005, -0.03797582366357753,
            -0.3046446369818034, 0.17245101293394463, -0.10507734632331164, 0.07783970317086987, 0.20158790569852844,
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0005111614447349793, -0.0001314876846640207,
            0.00023795688901071264, 0.005516464505248517, 0.0, 0.0, 0.0, 0.0, -0.0016615493422747166,
            0.001632675016863386, -0.0014619517807591864, -0.004751248496551009, 0.0, 0.0, 0.0, 0.0};
    private static final double[] ADD_DSCALE = {0.26685589666403514, 0.24400176771875842, 0.2317240176261976,
            0.14673299251948554};

    private static final Shape QUERY = Shape.of(2, 3, 4);
    private static final Shape VALUE = Shape.of(2, 4, 5);
    private static final Shape KEY = Shape.of(2, 4, 4);

    private static Tensor of(DType dtype, double[][] rows) {
        double[] flat = java.util.Arrays.stream(rows).flatMapToDouble(java.util.Arrays::stream).toArray();
        return Tensor.of(dtype, Shape.of(rows.length, rows[0].length), flat);
    }

    /** The graph of {@code layer} over [query, value, key] with the masks, its output and its weights. */
    private record Case(ForwardGraph graph, Node value, Node key, Node weights, Bindings at) {

        static Case of(Layer layer, DType dtype, double[][] valueMaskRows, Map<String, double[]> params) {
            Node value = SourceOp.input("value", VALUE, dtype);
            Node key = SourceOp.input("key", KEY, dtype);
            Node queryMask = SourceOp.input("query_mask", Shape.of(2, 3), dtype);
            Node valueMask = SourceOp.input("value_mask", Shape.of(2, 4), dtype);
            Node[] weights = new Node[1];
            ForwardGraph g = ForwardGraph.build((x, layers) -> {
                List<Node> out = layers.applyAll(layer, List.of(layers.mask(x, queryMask), layers.mask(value,
                        valueMask), key));
                weights[0] = out.get(1);
                return out.get(0);
            }, QUERY, dtype, false, null);
            Bindings at = Bindings.of(g.input(), sines(dtype, QUERY, 0.8, 0.2, 0))
                    .and(value, sines(dtype, VALUE, 0.55, 1.1, 0.02)).and(key, sines(dtype, KEY, 0.35, -0.6, 0.03))
                    .and(queryMask, AttentionLayersTest.of(dtype, QUERY_MASK))
                    .and(valueMask, AttentionLayersTest.of(dtype, valueMaskRows));
            for (Map.Entry<String, double[]> p : params.entrySet()) {
                Node node = g.params().get(p.getKey());
                at = at.and(node, Tensor.of(dtype, node.shape(), p.getValue()));
            }
            assertEquals(params.keySet(), g.params().keySet());
            return new Case(g, value, key, weights[0], at);
        }

        /** y, A, then the gradients of {@code sum(y r) + sum(A s)} with respect to q, v, k and the parameters. */
        List<Tensor> valuesAndGradients() {
            Node y = graph.output();
            double[] s = new double[weights.shape().size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.sin(0.5 * i);
            }
            Node loss = y.mul(SourceOp.constant(cosines(y.dtype(), y.shape()))).sum()
                    .add(weights.mul(SourceOp.constant(Tensor.of(y.dtype(), weights.shape(), s))).sum());
            List<Node> wrt = new ArrayList<>(List.of(graph.input(), value, key));
            wrt.addAll(graph.params().values());
            List<Node> outputs = new ArrayList<>(List.of(y, weights));
            outputs.addAll(Autodiff.grad(loss, wrt.toArray(Node[]::new)));
            return eval(outputs, at);
        }

        void assertGradientsMatchCentralDifferences() {
            List<Node> wrt = new ArrayList<>(List.of(graph.input(), value, key));
            wrt.addAll(graph.params().values());
            GradCheck.check(graph.output(), wrt, at).assertPassed();
            GradCheck.check(weights, wrt, at).assertPassed();
        }
    }

    @Test
    void dotScoresWithScaleMatchKerasFormulasInTorch() {
        Case c = Case.of(Attention.of().useScale(true).returnAttentionScores(true), DType.FLOAT64,
                new double[][] {{1, 1, 1, 0}, {1, 0, 1, 1}}, Map.of("attention/scale", new double[] {0.7}));
        List<Tensor> r = c.valuesAndGradients();
        assertClose(DOT_Y, r.get(0), 1e-12, 1e-12, "y");
        assertClose(DOT_W, r.get(1), 1e-12, 1e-12, "weights");
        assertClose(DOT_DQ, r.get(2), 1e-12, 1e-12, "dq");
        assertClose(DOT_DV, r.get(3), 1e-12, 1e-12, "dv");
        assertClose(DOT_DK, r.get(4), 1e-12, 1e-12, "dk");
        assertClose(DOT_DSCALE, r.get(5), 1e-12, 1e-12, "dscale");
        c.assertGradientsMatchCentralDifferences();
    }

    /** float32 to its precision, against the float64 pins. */
    @Test
    void dotScoresInFloat32MatchTheSamePinsToFloat32Precision() {
        Case c = Case.of(Attention.of().useScale(true).returnAttentionScores(true), DType.FLOAT32,
                new double[][] {{1, 1, 1, 0}, {1, 0, 1, 1}}, Map.of("attention/scale", new double[] {0.7}));
        List<Tensor> r = c.valuesAndGradients();
        assertClose(DOT_Y, r.get(0), 2e-5, 2e-5, "y");
        assertClose(DOT_W, r.get(1), 2e-5, 2e-5, "weights");
        assertClose(DOT_DQ, r.get(2), 2e-5, 2e-5, "dq");
        assertClose(DOT_DSCALE, r.get(5), 2e-5, 2e-5, "dscale");
    }

    @Test
    void concatScoresWithScaleAndTheCausalMaskMatchKerasFormulasInTorch() {
        Case c = Case.of(Attention.of().scoreMode("concat").useScale(true).causal(true).returnAttentionScores(true),
                DType.FLOAT64, new double[][] {{1, 1, 0, 1}, {1, 0, 1, 1}},
                Map.of("attention/scale", new double[] {0.6}, "attention/concat_score_weight", new double[] {1.3}));
        List<Tensor> r = c.valuesAndGradients();
        assertClose(CONCAT_Y, r.get(0), 1e-12, 1e-12, "y");
        assertClose(CONCAT_W, r.get(1), 1e-12, 1e-12, "weights");
        assertClose(CONCAT_DQ, r.get(2), 1e-12, 1e-12, "dq");
        assertClose(CONCAT_DV, r.get(3), 1e-12, 1e-12, "dv");
        assertClose(CONCAT_DK, r.get(4), 1e-12, 1e-12, "dk");
        assertClose(CONCAT_DSCALE, r.get(5), 1e-12, 1e-12, "dscale");
        assertClose(CONCAT_DWEIGHT, r.get(6), 1e-12, 1e-12, "dconcat_score_weight");
        c.assertGradientsMatchCentralDifferences();
    }

    @Test
    void additiveScoresWithTheCausalMaskMatchKerasFormulasInTorch() {
        Case c = Case.of(AdditiveAttention.of().causal(true).returnAttentionScores(true), DType.FLOAT64,
                new double[][] {{1, 1, 0, 1}, {1, 0, 1, 1}},
                Map.of("additive_attention/scale", new double[] {0.9, -0.4, 0.3, 1.2}));
        List<Tensor> r = c.valuesAndGradients();
        assertClose(ADD_Y, r.get(0), 1e-12, 1e-12, "y");
        assertClose(ADD_W, r.get(1), 1e-12, 1e-12, "weights");
        assertClose(ADD_DQ, r.get(2), 1e-12, 1e-12, "dq");
        assertClose(ADD_DV, r.get(3), 1e-12, 1e-12, "dv");
        assertClose(ADD_DK, r.get(4), 1e-12, 1e-12, "dk");
        assertClose(ADD_DSCALE, r.get(5), 1e-12, 1e-12, "dscale");
        c.assertGradientsMatchCentralDifferences();
    }

    /**
     * Keras 3 biases masked keys by -1e9 and does not zero their weights afterwards: in float32 a query whose keys
     * are all masked (here query 0 under the causal mask, its one key masked) attends uniformly, as in Keras, while
     * the query mask alone zeroes rows (query 2 of example 0).
     */
    @Test
    void aQueryWithEveryKeyMaskedAttendsUniformlyInFloat32AsInKeras() {
        Case c = Case.of(Attention.of().causal(true).returnAttentionScores(true), DType.FLOAT32,
                new double[][] {{0, 1, 1, 1}, {1, 1, 1, 1}}, Map.of());
        List<Tensor> r = eval(List.of(c.graph().output(), c.weights()), c.at());
        for (int j = 0; j < 4; j++) {
            assertEquals(0.25, r.get(1).get(0, 0, j), "query 0 of example 0, key " + j);
        }
        for (int f = 0; f < 5; f++) {
            assertEquals(0.0, Math.abs(r.get(0).get(0, 2, f)), "the masked query's row");
            double mean = 0;
            for (int j = 0; j < 4; j++) {
                mean += c.at().get(c.value()).get(0, j, f) / 4;
            }
            assertEquals(mean, r.get(0).get(0, 0, f), 1e-6);
        }
    }

    /** One input attends to itself, its mask being the query's and the value's, as MultiHeadAttention takes it. */
    @Test
    void oneSequenceAttendsToItselfWithItsMaskOnBothSides() {
        Node mask = SourceOp.input("mask", Shape.of(2, 3), DType.FLOAT64);
        Tensor x = Tensor.normal(Key.of(8), DType.FLOAT64, QUERY, 0, 1);
        Tensor m = of(DType.FLOAT64, QUERY_MASK);
        for (Layer layer : List.of(Attention.of(), AdditiveAttention.of())) {
            Node value = SourceOp.input("value", QUERY, DType.FLOAT64);
            Node valueMask = SourceOp.input("value_mask", Shape.of(2, 3), DType.FLOAT64);
            ForwardGraph self = ForwardGraph.build((q, layers) -> layers.apply(layer, layers.mask(q, mask)), QUERY,
                    DType.FLOAT64, false, null);
            ForwardGraph pair = ForwardGraph.build((q, layers) -> layers.applyAll(layer, List.of(layers.mask(q, mask),
                    layers.mask(value, valueMask))).get(0), QUERY, DType.FLOAT64, false, null);
            assertSame(mask, self.outputMask(), "the query's mask passes to the output");
            Bindings at = Bindings.of(self.input(), x).and(mask, m);
            Bindings pairAt = Bindings.of(pair.input(), x).and(mask, m).and(value, x).and(valueMask, m);
            for (Map.Entry<String, Node> p : self.params().entrySet()) {
                Tensor w = Tensor.normal(Key.of(9), DType.FLOAT64, p.getValue().shape(), 0, 1);
                at = at.and(p.getValue(), w);
                pairAt = pairAt.and(pair.params().get(p.getKey()), w);
            }
            assertTrue(eval(List.of(self.output()), at).get(0).sameValues(eval(List.of(pair.output()), pairAt).get(0)),
                    layer.kind());
        }
    }

    /**
     * While training, the weights go through inverted dropout and the scores returned are the dropped weights, as
     * Keras's: each weight is 0 or the inference weight over {@code 1 - rate}, and the output is their product with
     * the value.
     */
    @Test
    void dropoutWhileTrainingDropsAndRescalesTheWeightsTheLayerReturns() {
        double rate = 0.4;
        Attention layer = Attention.of().dropout(rate).returnAttentionScores(true);
        Node value = SourceOp.input("value", VALUE, DType.FLOAT64);
        Node keys = SourceOp.input("keys", KEY, DType.FLOAT64);
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = SourceOp.input("rows", Shape.of(2), DType.FLOAT64);
        List<Node> outputs = new ArrayList<>();
        List<Node> queries = new ArrayList<>();
        for (boolean training : new boolean[] {false, true}) {
            ForwardGraph g = ForwardGraph.build((q, layers) -> {
                outputs.addAll(layers.applyAll(layer, List.of(q, value, keys)));
                return outputs.get(outputs.size() - 2);
            }, QUERY, DType.FLOAT64, training, training ? key : null, training ? rows : null);
            queries.add(g.input());
        }
        Tensor q = sines(DType.FLOAT64, QUERY, 0.8, 0.2, 0);
        Tensor v = sines(DType.FLOAT64, VALUE, 0.55, 1.1, 0.02);
        Bindings at = Bindings.of(queries.get(0), q).and(queries.get(1), q).and(value, v)
                .and(keys, sines(DType.FLOAT64, KEY, 0.35, -0.6, 0.03))
                .and(key, Tensor.scalar(DType.FLOAT64, 12345)).and(rows, Tensor.of(DType.FLOAT64, Shape.of(2), 7, 3));
        List<Tensor> r = eval(outputs, at);
        Tensor plain = r.get(1);
        Tensor dropped = r.get(3);
        int zeros = 0;
        for (int i = 0; i < plain.size(); i++) {
            double d = dropped.flat(i);
            zeros += d == 0 ? 1 : 0;
            assertTrue(d == 0 || Math.abs(d - plain.flat(i) / (1 - rate)) < 1e-15, "weight " + i);
        }
        assertTrue(zeros > 0 && zeros < plain.size(), "some dropped, some kept: " + zeros);
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int f = 0; f < 5; f++) {
                    double expected = 0;
                    for (int j = 0; j < 4; j++) {
                        expected += dropped.get(n, i, j) * v.get(n, j, f);
                    }
                    assertEquals(expected, r.get(2).get(n, i, f), 1e-12);
                }
            }
        }
    }

    @Test
    void inputsThatDoNotFitAreRefusedNamingTheLayerAndTheShapes() {
        assertEquals("Attention: takes [query, value] or [query, value, key] (or one sequence, attending to itself),"
                + " got 4 inputs", assertThrows(IllegalArgumentException.class, () -> Attention.of()
                        .outputShapes(List.of(QUERY, VALUE, KEY, KEY))).getMessage());
        assertEquals("AdditiveAttention: the query and key must have the same features, got " + QUERY + " and "
                + VALUE, assertThrows(IllegalArgumentException.class, () -> AdditiveAttention.of()
                        .outputShapes(List.of(QUERY, VALUE))).getMessage());
        assertEquals("Attention: the value and key must have the same length, got " + VALUE + " and "
                + Shape.of(2, 3, 4), assertThrows(IllegalArgumentException.class, () -> Attention.of()
                        .outputShapes(List.of(QUERY, VALUE, Shape.of(2, 3, 4)))).getMessage());
        assertEquals("Attention: inputs must be sequences [N, T, features], got " + Shape.of(2, 4),
                assertThrows(IllegalArgumentException.class, () -> Attention.of()
                        .outputShapes(List.of(QUERY, Shape.of(2, 4)))).getMessage());
        assertEquals("AdditiveAttention: the value and key must have the query's batch, got " + Shape.of(3, 4, 5)
                + " for " + QUERY, assertThrows(IllegalArgumentException.class, () -> AdditiveAttention.of()
                        .outputShapes(List.of(QUERY, Shape.of(3, 4, 5), KEY))).getMessage());
        assertEquals("Attention: scoreMode must be \"dot\" or \"concat\", got \"add\"",
                assertThrows(IllegalArgumentException.class, () -> Attention.of().scoreMode("add")).getMessage());
        assertEquals("AdditiveAttention: dropout must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> AdditiveAttention.of().dropout(1)).getMessage());
        assertEquals(List.of(Shape.of(2, 3, 5), Shape.of(2, 3, 4)), Attention.of().returnAttentionScores(true)
                .outputShapes(List.of(QUERY, VALUE, KEY)));
    }

    /**
     * Keras's summary: Attention(use_scale=True, score_mode="concat") holds 2 scalars, AdditiveAttention() a scale
     * per feature (8); both keep the sequence's shape in self-attention.
     */
    @Test
    void summaryGivesKerasCountsAndAModelFileRoundTripsBitForBit() throws IOException {
        Sequential model = new Sequential(Shape.of(5, 8), DType.FLOAT32, 7);
        model.add(Attention.of().useScale(true).scoreMode("concat").causal(true).named("luong"));
        model.add(AdditiveAttention.of().dropout(0.1).named("bahdanau"));
        String summary = model.summary();
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("luong (attention)") && l.contains("[N, 5, 8]")
                && l.trim().endsWith(" 2")) && summary.lines().anyMatch(l -> l.startsWith(
                        "bahdanau (additive_attention)") && l.contains("[N, 5, 8]") && l.trim().endsWith(" 8"))
                && summary.contains("Total params: 10"), summary);
        Path file = dir.resolve("attention.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"attention\",\"use_scale\":true,\"score_mode\":\"concat\",\"dropout\":0.0,"
                + "\"use_causal_mask\":true,\"return_attention_scores\":false,\"name\":\"luong\"}")
                && json.contains("{\"type\":\"additive_attention\",\"use_scale\":true,\"dropout\":0.1,"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(3, 5, 8), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
        assertEquals(model.weights().keySet(), loaded.weights().keySet());
    }
}
