package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DepthwiseConv1D and SeparableConv1D beyond their values (pinned against PyTorch in
 * {@link ConvRnnTorchTest}): a naive loop of the depthwise formula, Keras's shapes and
 * parameter counts, masks, model files and bad arguments.
 */
class DepthwiseSeparable1DTest {

    private static final int N = Shape.BATCH;

    @TempDir
    Path dir;

    /** {@code y[n, o, c·M + m] = sum_t x[n, o·s + t, c] · k[t, c, m] + b[c·M + m]}, valid padding, by a loop. */
    @Test
    void depthwiseFiltersEachChannelOnItsOwnAsTheFormula() {
        Tensor x = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2, 9, 3), 0, 1);
        Tensor k = Tensor.normal(Key.of(2), DType.FLOAT64, Shape.of(3, 3, 2), 0, 1);
        Tensor b = Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(6), 0, 1);
        DepthwiseConv1D layer = DepthwiseConv1D.of(3, 2).depthMultiplier(2);
        Tensor y = LayerGraphs.run(LayerGraphs.graph(layer, x.shape(), false), x,
                Map.of("depthwise_kernel", k, "bias", b), 0);
        assertEquals(Shape.of(2, 4, 6), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 4; o++) {
                for (int c = 0; c < 3; c++) {
                    for (int m = 0; m < 2; m++) {
                        double sum = b.get(c * 2 + m);
                        for (int t = 0; t < 3; t++) {
                            sum += x.get(n, o * 2 + t, c) * k.get(t, c, m);
                        }
                        assertEquals(sum, y.get(n, o, c * 2 + m), 1e-12);
                    }
                }
            }
        }
    }

    /**
     * Keras 3's counts: {@code DepthwiseConv1D(3, depth_multiplier=2)} on (10, 4): 3·4·2 + 8 = 32, (None, 8, 8);
     * {@code SeparableConv1D(16, 3)} on (8, 8): 3·8 + 8·16 + 16 = 168, (None, 6, 16).
     */
    @Test
    void summaryPrintsKerasShapesAndParameterCounts() {
        Sequential model = new Sequential(Shape.of(10, 4), DType.FLOAT32, 0);
        model.add(DepthwiseConv1D.of(3).depthMultiplier(2));
        model.add(SeparableConv1D.of(16, 3));
        String summary = model.summary();
        assertTrue(summary.matches("(?s).*depthwise_conv1d \\(depthwise_conv1d\\) +\\[N, 8, 8] +32\n.*"), summary);
        assertTrue(summary.matches("(?s).*separable_conv1d \\(separable_conv1d\\) +\\[N, 6, 16] +168\n.*"), summary);
        assertEquals(Shape.of(N, 4, 5), SeparableConv1D.of(4, 3, 2).padding("same").dataFormat("channels_first")
                .outputShape(Shape.of(N, 2, 9)), "same: ceil(9 / 2) = 5");
        assertEquals(Shape.of(N, 5, 6), DepthwiseConv1D.of(3).dilationRate(2).depthMultiplier(3)
                .outputShape(Shape.of(N, 9, 2)), "9 - 2·(3 - 1) = 5");
        assertEquals(List.of(Shape.of(3, 2, 2), Shape.of(1, 4, 5), Shape.of(5)), SeparableConv1D.of(5, 3)
                .depthMultiplier(2).params(Shape.of(N, 7, 2)).stream().map(p -> p.shape()).toList());
    }

    @Test
    void theyDropTheMaskAsKerasConvolutions() {
        Node mask = SourceOp.input("mask", Shape.of(2, 6), DType.FLOAT64);
        for (dev.adjoint.nn.layer.Layer layer : List.of(DepthwiseConv1D.of(1), SeparableConv1D.of(2, 1))) {
            ForwardGraph g = ForwardGraph.build((in, layers) -> layers.apply(layer, layers.mask(in, mask)),
                    Shape.of(2, 6, 3), DType.FLOAT64, false, null);
            assertNull(g.outputMask(), layer + ": Keras's convolutions do not support masking");
        }
    }

    @Test
    void aModelOfTheNewLayersSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(12, 3), DType.FLOAT32, 7);
        model.add(DepthwiseConv1D.of(3).depthMultiplier(2).padding("same").named("dw"))
                .add(SeparableConv1D.of(4, 2, 2).dataFormat("channels_last"));
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"depthwise_conv1d\",\"kernel_size\":[3]")
                && json.contains("{\"type\":\"separable_conv1d\",\"filters\":4"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(2, 12, 3), -1, 1);
        assertEquals(Shape.of(2, 6, 4), model.predict(x).shape());
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void badArgumentsAndInputsAreRefusedNamingTheLayer() {
        assertEquals("DepthwiseConv1D: padding must be \"valid\" or \"same\", got \"causal\", which is Conv1D's only,"
                + " as in Keras", assertThrows(IllegalArgumentException.class,
                        () -> DepthwiseConv1D.of(3).padding("causal")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeparableConv1D.of(2, 3).padding("causal"))
                .getMessage().startsWith("SeparableConv1D: padding must be \"valid\" or \"same\", got \"causal\""));
        assertEquals("DepthwiseConv1D: depthMultiplier must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> DepthwiseConv1D.of(3).depthMultiplier(0))
                        .getMessage());
        assertEquals("SeparableConv1D: filters must be > 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> SeparableConv1D.of(-1, 3)).getMessage());
        assertEquals("DepthwiseConv1D: kernelSize must have 1 entry, got [3, 3]", assertThrows(
                IllegalArgumentException.class, () -> new DepthwiseConv1D(List.of(3, 3), List.of(1), "valid", 1,
                        "channels_last", List.of(1), new dev.adjoint.nn.activation.Linear(), true,
                        new dev.adjoint.nn.init.GlorotUniform(), new dev.adjoint.nn.init.Zeros(), null, null, null))
                .getMessage());
        assertEquals("DepthwiseConv1D: input must be channels-last [N, W, C], got " + Shape.of(N, 4, 4, 2),
                assertThrows(IllegalArgumentException.class,
                        () -> DepthwiseConv1D.of(3).outputShape(Shape.of(N, 4, 4, 2))).getMessage());
        String tooLarge = assertThrows(IllegalArgumentException.class,
                () -> SeparableConv1D.of(2, 5).outputShape(Shape.of(N, 4, 2))).getMessage();
        assertTrue(tooLarge.startsWith("SeparableConv1D: ") && tooLarge.contains("use padding(\"same\")"), tooLarge);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SeparableConv1D.of(2, 3, 2).dilationRate(2))
                .getMessage().startsWith("SeparableConv1D: strides > 1 is not supported together with"));
    }
}
