package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Verbosity;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.ParamSpec;
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
 * ConvLSTM1D and ConvLSTM2D beyond their values (pinned against PyTorch in {@link ConvRnnTorchTest}): Keras's
 * output shapes and parameter counts in {@code summary()}, gradients and second derivatives against central
 * differences, the LSTM's masking rule, dropout only while training, model files, and bad arguments refused with
 * messages naming the layer, and training with {@code fit}.
 */
class ConvRecurrentLayersTest {

    private static final int N = Shape.BATCH;

    @TempDir
    Path dir;

    /**
     * Keras 3's counts: kernel {@code k..·C·4F}, recurrent kernel {@code k..·F·4F}, bias {@code 4F}; for
     * {@code ConvLSTM2D(4, 3)} on {@code (5, 16, 16, 3)}: 3·3·3·16 + 3·3·4·16 + 16 = 1024, output (None, 14, 14, 4).
     */
    @Test
    void summaryPrintsKerasShapesAndParameterCounts() {
        Sequential model = new Sequential(Shape.of(5, 16, 16, 3), DType.FLOAT32, 0);
        model.add(ConvLSTM2D.of(4, 3).padding("same").returnSequences(true).named("first"));
        model.add(ConvLSTM2D.of(2, List.of(3, 1)).strides(2));
        String summary = model.summary();
        // 3·3·3·16 + 3·3·4·16 + 16 = 1024; 3·1·4·8 + 3·1·2·8 + 8 = 152, valid, strides 2: (16 - 3) / 2 + 1 = 7
        assertTrue(summary.matches("(?s).*first \\(conv_lstm2d\\) +\\[N, 5, 16, 16, 4] +1,024\n.*"), summary);
        assertTrue(summary.matches("(?s).*conv_lstm2d \\(conv_lstm2d\\) +\\[N, 7, 8, 2] +152\n.*"), summary);
        assertTrue(summary.contains("Total params: 1,176"), summary);

        Sequential signal = new Sequential(Shape.of(10, 20, 2), DType.FLOAT32, 0);
        signal.add(ConvLSTM1D.of(8, 3));
        // 3·2·32 + 3·8·32 + 32 = 992; (20 - 3) + 1 = 18
        assertTrue(signal.summary().matches("(?s).*conv_lstm1d \\(conv_lstm1d\\) +\\[N, 18, 8] +992\n.*"),
                signal.summary());
        assertEquals(List.of(Shape.of(N, 10, 4, 2), Shape.of(N, 4, 2), Shape.of(N, 4, 2)),
                ConvLSTM1D.of(4, 8).strides(2).dataFormat("channels_first").returnSequences(true).returnState(true)
                        .outputShapes(List.of(Shape.of(N, 10, 2, 11))),
                "channels first: [N, T, F, L'], (11 - 8) / 2 + 1 = 2");
    }

    @Test
    void unitForgetBiasStartsTheForgetGateAtOne() {
        List<ParamSpec> specs = ConvLSTM1D.of(3, 2).params(Shape.of(N, 4, 6, 2));
        assertEquals(List.of("kernel", "recurrent_kernel", "bias"), specs.stream().map(ParamSpec::name).toList());
        assertEquals(Shape.of(2, 2, 12), specs.get(0).shape());
        assertEquals(Shape.of(2, 3, 12), specs.get(1).shape());
        Tensor bias = specs.get(2).initializer().initialize(Key.of(1), Shape.of(12), DType.FLOAT64);
        for (int i = 0; i < 12; i++) {
            assertEquals(i >= 3 && i < 6 ? 1.0 : 0.0, bias.flat(i), "gate block " + i / 3);
        }
        assertEquals(2, ConvLSTM1D.of(3, 2).useBias(false).params(Shape.of(N, 4, 6, 2)).size());
    }

    /** A tiny masked, backwards ConvLSTM1D and a ConvLSTM2D: gradients in x and every weight, central differences. */
    @Test
    void gradientsAgreeWithCentralDifferences() {
        Node mask = SourceOp.input("mask", Shape.of(2, 3), DType.FLOAT64);
        Tensor maskValue = Tensor.of(DType.FLOAT64, Shape.of(2, 3), new double[] {1, 1, 0, 1, 0, 1});
        check(ConvLSTM1D.of(2, 2).padding("same").goBackwards(true).returnSequences(true), Shape.of(2, 3, 4, 2), mask,
                maskValue, false);
        check(ConvLSTM2D.of(2, 2).returnState(true).dataFormat("channels_first"), Shape.of(2, 2, 1, 3, 3), null,
                null, false);
    }

    /** Second derivatives (Hessian-vector products) of a tiny ConvLSTM1D, against central differences. */
    @Test
    void secondDerivativesAgreeWithCentralDifferences() {
        check(ConvLSTM1D.of(1, 2).padding("same").returnSequences(true), Shape.of(1, 2, 3, 1), null, null, true);
    }

    private static void check(Layer layer, Shape input, Node mask, Tensor maskValue, boolean secondOrder) {
        ForwardGraph g = ForwardGraph.build((x, layers) -> {
            List<Node> out = layers.applyAll(layer, List.of(mask == null ? x : layers.mask(x, mask)));
            Node sum = null;
            for (int i = 0; i < out.size(); i++) {
                Node y = out.get(i);
                Node weighted = y.mul(y).mul(0.5 + i).sum(); // a scalar that reads every output
                sum = sum == null ? weighted : sum.add(weighted);
            }
            return sum;
        }, input, DType.FLOAT64, false, null);
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        Bindings at = Bindings.empty().and(g.input(), Tensor.uniform(Key.of(3), DType.FLOAT64, input, -1, 1));
        int seed = 10;
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            wrt.add(p.getValue());
            at = at.and(p.getValue(), Tensor.uniform(Key.of(seed++), DType.FLOAT64, p.getValue().shape(), -0.6, 0.6));
        }
        if (mask != null) {
            at = at.and(mask, maskValue);
        }
        if (secondOrder) {
            GradCheck.checkSecondOrder(g.output(), wrt, at, Key.of(7)).assertPassed();
        } else {
            GradCheck.check(g.output(), wrt, at).assertPassed();
        }
    }

    /**
     * The LSTM's rule: a step whose mask is 0 keeps the row's states, so the final states of a row masked after
     * step 2 are those of its first two steps alone, and its output at the masked step repeats the last one.
     */
    @Test
    void aMaskedStepKeepsTheStates() {
        ConvLSTM1D layer = ConvLSTM1D.of(2, 3).padding("same").returnSequences(true).returnState(true);
        Tensor x = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(1, 3, 5, 2), -1, 1);
        Node mask = SourceOp.input("mask", Shape.of(1, 3), DType.FLOAT64);
        ForwardGraph masked = ForwardGraph.build((in, layers) -> layers.applyAll(layer, List.of(layers.mask(in, mask)))
                .get(0), x.shape(), DType.FLOAT64, false, null);
        ForwardGraph shorter = ForwardGraph.build((in, layers) -> layers.applyAll(layer, List.of(in)).get(0),
                Shape.of(1, 2, 5, 2), DType.FLOAT64, false, null);
        assertEquals(mask, masked.outputMask(), "returnSequences: the output keeps the sequence's mask");
        Map<String, Tensor> weights = weights(masked);
        Tensor all = evaluate(masked, x, weights, Map.of(mask, Tensor.of(DType.FLOAT64, Shape.of(1, 3),
                new double[] {1, 1, 0})));
        Tensor firstTwo = evaluate(shorter, Tensor.of(DType.FLOAT64, Shape.of(1, 2, 5, 2),
                java.util.Arrays.copyOf(x.toDoubleArray(), 20)), weights, Map.of()); // steps 0 and 1 lead
        for (int l = 0; l < 5; l++) {
            for (int f = 0; f < 2; f++) {
                assertEquals(firstTwo.get(0, 1, l, f), all.get(0, 1, l, f), 1e-15);
                assertEquals(all.get(0, 1, l, f), all.get(0, 2, l, f), "the masked step repeats the output");
            }
        }
    }

    /** Dropout acts only while training, draws the same masks for the same key, and rates of 0 change nothing. */
    @Test
    void dropoutActsOnlyWhileTraining() {
        Tensor x = Tensor.uniform(Key.of(5), DType.FLOAT64, Shape.of(3, 3, 4, 4, 2), -1, 1);
        ConvLSTM2D plain = ConvLSTM2D.of(2, 2);
        Map<String, Tensor> weights = weights(ForwardGraph.build((in, layers) -> layers.apply(plain, in), x.shape(),
                DType.FLOAT64, false, null));
        Tensor inference = run(plain, x, weights, false, 1);
        assertTrue(inference.sameValues(run(plain, x, weights, true, 1)), "rates of 0: training is inference");
        for (ConvLSTM2D layer : List.of(plain.dropout(0.5), plain.recurrentDropout(0.5))) {
            assertTrue(inference.sameValues(run(layer, x, weights, false, 1)), layer + " at inference");
            Tensor training = run(layer, x, weights, true, 1);
            assertFalse(inference.sameValues(training), layer + " while training");
            assertTrue(training.sameValues(run(layer, x, weights, true, 1)), "the same key, the same masks");
            assertFalse(training.sameValues(run(layer, x, weights, true, 2)), "another key, other masks");
        }
    }

    private static Tensor run(Layer layer, Tensor x, Map<String, Tensor> weights, boolean training, long key) {
        Node keyNode = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = SourceOp.input("rows", Shape.of(x.shape().dim(0)), DType.FLOAT64);
        ForwardGraph g = training ? ForwardGraph.build((in, layers) -> layers.apply(layer, in), x.shape(),
                DType.FLOAT64, true, keyNode, rows) : ForwardGraph.build((in, layers) -> layers.apply(layer, in),
                x.shape(), DType.FLOAT64, false, null);
        Map<Node, Tensor> extra = new java.util.HashMap<>();
        if (training) {
            extra.put(keyNode, Tensor.scalar(key));
            extra.put(rows, Tensor.of(DType.FLOAT64, rows.shape(), new double[] {0, 1, 2}));
        }
        return evaluate(g, x, weights, extra);
    }

    /** Random weights for the graph's parameters, by their names within the layer. */
    private static Map<String, Tensor> weights(ForwardGraph g) {
        Map<String, Tensor> weights = new java.util.HashMap<>();
        int seed = 20;
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            weights.put(p.getKey().substring(p.getKey().indexOf('/') + 1), Tensor.uniform(Key.of(seed++),
                    DType.FLOAT64, p.getValue().shape(), -0.6, 0.6));
        }
        return weights;
    }

    private static Tensor evaluate(ForwardGraph g, Tensor x, Map<String, Tensor> weights, Map<Node, Tensor> extra) {
        Bindings at = Bindings.empty().and(g.input(), x);
        for (Map.Entry<String, Node> p : g.params().entrySet()) {
            at = at.and(p.getValue(), weights.get(p.getKey().substring(p.getKey().indexOf('/') + 1)));
        }
        for (Map.Entry<Node, Tensor> e : extra.entrySet()) {
            at = at.and(e.getKey(), e.getValue());
        }
        return Function.of(at.inputs(), List.of(g.output())).call(at).get(0);
    }

    /**
     * A ConvLSTM2D with dropout and recurrent dropout trains with {@code fit} through the training graph (masks,
     * the loop's stored residuals): a sequence's label is whether its bright spot moves right or left.
     */
    @Test
    void aModelWithDropoutTrainsOnMovingSpots() {
        int count = 48;
        double[] frames = new double[count * 3 * 4 * 4];
        double[] labels = new double[count];
        for (int n = 0; n < count; n++) {
            int row = n % 4;
            boolean right = n % 2 == 0;
            labels[n] = right ? 1 : 0;
            for (int t = 0; t < 3; t++) {
                int col = right ? t : 3 - t;
                frames[((n * 3 + t) * 4 + row) * 4 + col] = 1;
            }
        }
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(count, 3, 4, 4, 1), frames);
        Tensor y = Tensor.of(DType.FLOAT32, Shape.of(count), labels);
        Sequential model = new Sequential(Shape.of(3, 4, 4, 1), DType.FLOAT32, 11);
        model.add(ConvLSTM2D.of(4, 3).padding("same").dropout(0.1).recurrentDropout(0.1));
        model.add(GlobalAveragePooling2D.of());
        model.add(dev.adjoint.nn.layer.Dense.of(2));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.03)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        History history = model.fit(x, y, FitOptions.defaults().epochs(15).batchSize(16)
                .verbosity(Verbosity.SILENT));
        List<Double> loss = history.metric("loss");
        assertTrue(loss.get(loss.size() - 1) < 0.5 * loss.get(0), "the loss falls: " + loss);
    }

    @Test
    void aModelOfConvLstmLayersSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(3, 6, 5, 2), DType.FLOAT32, 7);
        model.add(ConvLSTM2D.of(3, List.of(3, 2)).padding("same").returnSequences(true).goBackwards(true)
                .dropout(0.1).named("c1"));
        model.add(ConvLSTM2D.of(2, 2).strides(2).unitForgetBias(false));
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("\"type\":\"conv_lstm2d\",\"filters\":3,\"kernel_size\":[3,2]"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(2, 3, 6, 5, 2), -1, 1);
        assertEquals(Shape.of(2, 3, 2, 2), model.predict(x).shape(), "(6 - 2) / 2 + 1, (5 - 2) / 2 + 1");
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));

        Sequential signal = new Sequential(Shape.of(4, 7, 3), DType.FLOAT32, 8);
        signal.add(ConvLSTM1D.of(2, 3).dataFormat("channels_first").returnSequences(true).named("c"));
        Path other = dir.resolve("s.safetensors");
        ModelFiles.save(signal, other);
        Model back = ModelFiles.load(other);
        Tensor s = Tensor.uniform(Key.of(4), DType.FLOAT32, Shape.of(2, 4, 7, 3), -1, 1);
        assertEquals(Shape.of(2, 4, 2, 1), signal.predict(s).shape());
        assertTrue(signal.predict(s).sameValues(back.predict(s)));
    }

    @Test
    void badArgumentsAndInputsAreRefusedNamingTheLayer() {
        assertEquals("ConvLSTM2D: input must be a sequence of channels-last [N, T, H, W, C] with concrete T, C and"
                + " spatial sizes, got " + Shape.of(N, 5, 8, 8), assertThrows(IllegalArgumentException.class,
                        () -> ConvLSTM2D.of(2, 3).outputShape(Shape.of(N, 5, 8, 8))).getMessage());
        assertEquals("ConvLSTM1D: input must be a sequence of channels-first [N, T, C, W] with concrete T, C and"
                + " spatial sizes, got " + Shape.of(N, 5, 8, 8, 2), assertThrows(IllegalArgumentException.class,
                        () -> ConvLSTM1D.of(2, 3).dataFormat("channels_first").params(Shape.of(N, 5, 8, 8, 2)))
                .getMessage());
        String tooLarge = assertThrows(IllegalArgumentException.class,
                () -> ConvLSTM1D.of(2, 5).outputShape(Shape.of(N, 4, 3, 2))).getMessage();
        assertTrue(tooLarge.startsWith("ConvLSTM1D: ") && tooLarge.contains("use padding(\"same\")"), tooLarge);
        assertEquals(Shape.of(N, 3, 2), ConvLSTM1D.of(2, 5).padding("same").outputShape(Shape.of(N, 4, 3, 2)));
        assertEquals("ConvLSTM2D: filters must be > 0, got 0",
                assertThrows(IllegalArgumentException.class, () -> ConvLSTM2D.of(0, 3)).getMessage());
        assertEquals("ConvLSTM2D: dropout must be in [0, 1), got 1.0",
                assertThrows(IllegalArgumentException.class, () -> ConvLSTM2D.of(2, 3).dropout(1)).getMessage());
        assertEquals("ConvLSTM1D: recurrentDropout must be in [0, 1), got -0.1", assertThrows(
                IllegalArgumentException.class, () -> ConvLSTM1D.of(2, 3).recurrentDropout(-0.1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConvLSTM1D.of(2, 3).padding("causal"))
                .getMessage().startsWith("ConvLSTM1D: padding must be \"valid\" or \"same\", got \"causal\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConvLSTM2D.of(2, 3, 2).dilationRate(2))
                .getMessage().startsWith("ConvLSTM2D: strides > 1 is not supported together with dilationRate > 1"));
        assertEquals("ConvLSTM2D: kernelSize must have 1 or 2 entries, got [1, 2, 3]", assertThrows(
                IllegalArgumentException.class, () -> ConvLSTM2D.of(2, List.of(1, 2, 3))).getMessage());
        assertEquals("ConvLSTM1D: initial state 1 must be " + Shape.of(N, 4, 2) + ", got " + Shape.of(N, 4, 3),
                assertThrows(IllegalArgumentException.class, () -> ConvLSTM1D.of(2, 3).outputShapes(List.of(
                        Shape.of(N, 3, 6, 2), Shape.of(N, 4, 2), Shape.of(N, 4, 3)))).getMessage());
        assertEquals("ConvLSTM2D: recurrentActivation is null", assertThrows(NullPointerException.class,
                () -> ConvLSTM2D.of(2, 3).recurrentActivation(null)).getMessage());
    }
}
