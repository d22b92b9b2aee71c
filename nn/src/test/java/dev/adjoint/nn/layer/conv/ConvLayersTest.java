package dev.adjoint.nn.layer.conv;

import static dev.adjoint.nn.layer.conv.LayerGraphs.graph;
import static dev.adjoint.nn.layer.conv.LayerGraphs.paramCount;
import static dev.adjoint.nn.layer.conv.LayerGraphs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvLayersTest {

    private static final int N = Shape.BATCH;

    private static Tensor normal(long key, int... dims) {
        return Tensor.normal(Key.of(key), DType.FLOAT64, Shape.of(dims), 0, 1);
    }

    private static void shapeAndParams(Layer layer, Shape input, Shape output, long params) {
        assertEquals(output, layer.outputShape(input), layer.toString());
        assertEquals(params, paramCount(layer, input), layer.toString());
    }

    @Test
    void outputShapesAndParameterCountsAreKeras() {
        shapeAndParams(Conv2D.of(32, 3), Shape.of(N, 28, 28, 1), Shape.of(N, 26, 26, 32), 320);
        shapeAndParams(Conv2D.of(8, 3).padding("same").strides(2).dataFormat("channels_first"),
                Shape.of(N, 4, 9, 9), Shape.of(N, 8, 5, 5), 296);
        shapeAndParams(Conv1D.of(4, 3), Shape.of(N, 10, 3), Shape.of(N, 8, 4), 40);
        shapeAndParams(Conv3D.of(3, 2), Shape.of(N, 5, 6, 7, 2), Shape.of(N, 4, 5, 6, 3), 51);
        shapeAndParams(Conv2DTranspose.of(8, 3).strides(2).padding("same"), Shape.of(N, 22, 22, 16),
                Shape.of(N, 44, 44, 8), 1160);
        shapeAndParams(Conv2DTranspose.of(8, 3).strides(2), Shape.of(N, 22, 22, 16), Shape.of(N, 45, 45, 8), 1160);
        // a valid window narrower than the stride: Keras keeps every stride's positions, o·s + max(k_d - s, 0)
        shapeAndParams(Conv2DTranspose.of(4, 1).strides(2), Shape.of(N, 5, 5, 3), Shape.of(N, 10, 10, 4), 16);
        shapeAndParams(Conv2DTranspose.of(4, 2).strides(3), Shape.of(N, 5, 5, 3), Shape.of(N, 15, 15, 4), 52);
        // output_padding: (in - 1)·s + k_d - 2·pad + p, pad = k_d / 2 with same padding, 0 with valid
        shapeAndParams(Conv2DTranspose.of(8, 3).strides(2).padding("same").outputPadding(1), Shape.of(N, 22, 22, 16),
                Shape.of(N, 44, 44, 8), 1160);
        shapeAndParams(Conv2DTranspose.of(8, 3).strides(2).outputPadding(1, 0), Shape.of(N, 22, 22, 16),
                Shape.of(N, 46, 45, 8), 1160);
        shapeAndParams(Conv2DTranspose.of(4, 3).strides(3).outputPadding(2), Shape.of(N, 5, 5, 3),
                Shape.of(N, 17, 17, 4), 112);
        shapeAndParams(DepthwiseConv2D.of(3).depthMultiplier(2), Shape.of(N, 26, 26, 32), Shape.of(N, 24, 24, 64),
                640);
        shapeAndParams(SeparableConv2D.of(16, 3), Shape.of(N, 24, 24, 64), Shape.of(N, 22, 22, 16), 1616);
        shapeAndParams(BatchNormalization.of(), Shape.of(N, 22, 22, 16), Shape.of(N, 22, 22, 16), 64);
        shapeAndParams(BatchNormalization.of().axis(1), Shape.of(N, 16, 22, 22), Shape.of(N, 16, 22, 22), 64);
        shapeAndParams(MaxPooling2D.of(2), Shape.of(N, 7, 7, 3), Shape.of(N, 3, 3, 3), 0);
        shapeAndParams(MaxPooling2D.of(2).padding("same"), Shape.of(N, 7, 7, 3), Shape.of(N, 4, 4, 3), 0);
        shapeAndParams(AveragePooling2D.of(3).strides(2), Shape.of(N, 7, 9, 3), Shape.of(N, 3, 4, 3), 0);
        shapeAndParams(MaxPooling1D.of(2), Shape.of(N, 5, 3), Shape.of(N, 2, 3), 0);
        shapeAndParams(AveragePooling1D.of(2).padding("same"), Shape.of(N, 5, 3), Shape.of(N, 3, 3), 0);
        shapeAndParams(GlobalAveragePooling2D.of(), Shape.of(N, 4, 4, 3), Shape.of(N, 3), 0);
        shapeAndParams(GlobalMaxPooling2D.of().keepdims(true), Shape.of(N, 4, 4, 3), Shape.of(N, 1, 1, 3), 0);
        shapeAndParams(GlobalAveragePooling1D.of().dataFormat("channels_first"), Shape.of(N, 3, 7),
                Shape.of(N, 3), 0);
        shapeAndParams(GlobalMaxPooling1D.of(), Shape.of(N, 7, 3), Shape.of(N, 3), 0);
        shapeAndParams(UpSampling2D.of(2), Shape.of(N, 3, 4, 5), Shape.of(N, 6, 8, 5), 0);
        shapeAndParams(ZeroPadding2D.of(1, 2), Shape.of(N, 3, 4, 5), Shape.of(N, 5, 8, 5), 0);
        shapeAndParams(Cropping2D.of(1, 0, 2, 1), Shape.of(N, 5, 6, 2), Shape.of(N, 4, 3, 2), 0);
        shapeAndParams(SpatialDropout2D.of(0.5), Shape.of(N, 5, 6, 2), Shape.of(N, 5, 6, 2), 0);
    }

    @Test
    void summaryListsEachLayersShapeAndParameterCount() {
        Sequential model = new Sequential(Shape.of(12, 12, 1), DType.FLOAT32, 0);
        model.add(Conv2D.of(4, 3).activation(new Relu()));
        model.add(DepthwiseConv2D.of(3).depthMultiplier(2));
        model.add(MaxPooling2D.of(2));
        model.add(GlobalAveragePooling2D.of());
        model.add(Dense.of(3));
        String summary = model.summary();
        assertTrue(summary.matches("(?s).*conv2d \\(conv2d\\) +\\[N, 10, 10, 4] +40\n.*"), summary);
        assertTrue(summary.matches("(?s).*depthwise_conv2d \\(depthwise_conv2d\\) +\\[N, 8, 8, 8] +80\n.*"), summary);
        assertTrue(summary.matches("(?s).*max_pooling2d \\(max_pooling2d\\) +\\[N, 4, 4, 8] +0\n.*"), summary);
        assertTrue(summary.contains("Total params: 147"), summary);
    }

    @Test
    void depthwiseConvolutionFiltersEachChannelOnItsOwnWithMChannelsOut() {
        Tensor x = normal(1, 2, 4, 5, 2);
        Tensor k = normal(2, 2, 3, 2, 3);
        Tensor b = normal(3, 6);
        ForwardGraph g = graph(DepthwiseConv2D.of(List.of(2, 3)).depthMultiplier(3), Shape.of(N, 4, 5, 2), false);
        Tensor y = run(g, x, Map.of("depthwise_kernel", k, "bias", b), 0);
        assertEquals(Shape.of(2, 3, 3, 6), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int c = 0; c < 2; c++) {
                        for (int m = 0; m < 3; m++) {
                            double s = b.flat(c * 3 + m);
                            for (int di = 0; di < 2; di++) {
                                for (int dj = 0; dj < 3; dj++) {
                                    s += x.get(n, i + di, j + dj, c) * k.get(di, dj, c, m);
                                }
                            }
                            assertEquals(s, y.get(n, i, j, c * 3 + m), 1e-12);
                        }
                    }
                }
            }
        }
    }

    @Test
    void conv2DTransposeIsTheAdjointOfConv2DWithTheSameKernel() {
        // Conv2D maps 3 channels to 5 with kernel [3, 3, 3, 5]; Conv2DTranspose with 3 filters reads the same
        // kernel in Keras's layout [kh, kw, filters, C_in] and maps 5 channels back to 3.
        Tensor k = normal(4, 3, 3, 3, 5);
        Tensor x = normal(5, 1, 8, 8, 3);
        Tensor u = normal(6, 1, 4, 4, 5);
        Tensor y = run(graph(Conv2D.of(5, 3).strides(2).padding("same").useBias(false), Shape.of(N, 8, 8, 3), false),
                x, Map.of("kernel", k), 0);
        Tensor t = run(graph(Conv2DTranspose.of(3, 3).strides(2).padding("same").useBias(false),
                Shape.of(N, 4, 4, 5), false), u, Map.of("kernel", k), 0);
        assertEquals(Shape.of(1, 8, 8, 3), t.shape());
        assertEquals(dot(u, y), dot(t, x), 1e-10 * Math.abs(dot(u, y)) + 1e-12);
    }

    @Test
    void separableConvolutionIsDepthwiseThenPointwiseAndItsGradientsMatchCentralDifferences() {
        SeparableConv2D layer = SeparableConv2D.of(2, 2).depthMultiplier(2).padding("same");
        ForwardGraph g = graph(layer, Shape.of(N, 3, 3, 2), false);
        Tensor x = normal(7, 2, 3, 3, 2);
        Tensor dw = normal(8, 2, 2, 2, 2);
        Tensor pw = normal(9, 1, 1, 4, 2);
        Tensor b = normal(10, 2);
        Tensor y = run(g, x, Map.of("depthwise_kernel", dw, "pointwise_kernel", pw, "bias", b), 0);
        Tensor mid = run(graph(DepthwiseConv2D.of(2).depthMultiplier(2).padding("same").useBias(false),
                Shape.of(N, 3, 3, 2), false), x, Map.of("depthwise_kernel", dw), 0);
        Tensor expected = run(graph(Conv2D.of(2, 1), Shape.of(N, 3, 3, 4), false), mid,
                Map.of("kernel", pw, "bias", b), 0);
        assertTrue(y.allClose(expected, 1e-12, 1e-12), y + " vs " + expected);
        List<Node> wrt = new ArrayList<>(List.of(g.input()));
        wrt.addAll(g.params().values());
        Bindings at = Bindings.of(g.input(), x).and(g.params().get("separable_conv2d/depthwise_kernel"), dw)
                .and(g.params().get("separable_conv2d/pointwise_kernel"), pw)
                .and(g.params().get("separable_conv2d/bias"), b);
        GradCheck.check(g.output().square().sum(), wrt, at).assertPassed();
    }

    @Test
    void zeroPaddingAndCroppingMoveCellsByTheirOffsets() {
        Tensor x = normal(11, 1, 3, 4, 2);
        Tensor padded = run(graph(ZeroPadding2D.of(1, 2), Shape.of(N, 3, 4, 2), false), x, Map.of(), 0);
        Tensor cropped = run(graph(Cropping2D.of(1, 1, 2, 2), Shape.of(N, 5, 8, 2), false), padded, Map.of(), 0);
        assertTrue(cropped.sameValues(x), "cropping what was padded gives the input back");
        assertEquals(x.get(0, 2, 3, 1), padded.get(0, 3, 5, 1));
        assertEquals(0.0, padded.get(0, 0, 3, 1));
        assertEquals(0.0, padded.get(0, 2, 7, 0));
        Tensor first = run(graph(new ZeroPadding2D(List.of(List.of(0, 1), List.of(2, 0)), "channels_first", null),
                Shape.of(N, 2, 3, 4), false), normal(12, 1, 2, 3, 4), Map.of(), 0);
        assertEquals(Shape.of(1, 2, 4, 6), first.shape());
    }

    @Test
    void upSamplingRepeatsEachCellOrInterpolatesBetweenThem() {
        Tensor x = Tensor.of(Shape.of(1, 2, 2, 1), 1, 2, 3, 4);
        Tensor nearest = run(graph(UpSampling2D.of(2), Shape.of(N, 2, 2, 1), false), x, Map.of(), 0);
        assertTrue(nearest.sameValues(Tensor.of(Shape.of(1, 4, 4, 1), 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4,
                4)), nearest.toString());
        Tensor bilinear = run(graph(UpSampling2D.of(2).interpolation("bilinear"), Shape.of(N, 2, 2, 1), false), x,
                Map.of(), 0);
        // row 1 reads source row 0.25 and column 1 source column 0.25: 1 + 0.25·1 + 0.25·2
        assertEquals(1.75, bilinear.get(0, 1, 1, 0), 1e-12);
        assertEquals(4.0, bilinear.get(0, 3, 3, 0), 1e-12);
    }

    @Test
    void batchNormalizationOverTheChannelAxisOfChannelsFirstImagesMatchesChannelsLast() {
        Tensor x = normal(13, 4, 3, 2, 5);
        Tensor gamma = normal(14, 3);
        Tensor beta = normal(15, 3);
        Map<String, Tensor> params = Map.of("gamma", gamma, "beta", beta, "moving_mean", Tensor.zeros(Shape.of(3)),
                "moving_variance", Tensor.ones(Shape.of(3)));
        Tensor first = run(graph(BatchNormalization.of().axis(1), Shape.of(N, 3, 2, 5), true), x, params, 1);
        Tensor last = run(graph(BatchNormalization.of(), Shape.of(N, 2, 5, 3), true), channelsLast(x), params,
                1);
        assertTrue(channelsLast(first).allClose(last, 1e-12, 1e-12));
        double mean = 0;
        for (int n = 0; n < 4; n++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 5; j++) {
                    mean += first.get(n, 1, i, j) / 40;
                }
            }
        }
        assertEquals(beta.flat(1), mean, 1e-12, "each channel is centred on its beta over batch and positions");
    }

    @Test
    void spatialDropoutDropsWholeFeatureMapsWhileTraining() {
        Tensor ones = Tensor.ones(Shape.of(4, 3, 3, 16));
        Tensor y = run(graph(SpatialDropout2D.of(0.5), Shape.of(N, 3, 3, 16), true), ones, Map.of(), 99);
        int dropped = 0;
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 16; c++) {
                double v = y.get(n, 0, 0, c);
                assertTrue(v == 0 || v == 2, "kept maps are scaled by 1 / (1 - rate), got " + v);
                dropped += v == 0 ? 1 : 0;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertEquals(v, y.get(n, i, j, c), "one decision per map");
                    }
                }
            }
        }
        assertTrue(dropped > 10 && dropped < 54, "about half of 64 maps dropped, got " + dropped);
        assertTrue(run(graph(SpatialDropout2D.of(0.5), Shape.of(N, 3, 3, 16), false), ones, Map.of(), 99)
                .sameValues(ones));
    }

    /**
     * Each example's channel mask is drawn from the step's key, the layer's salt and the example's index in the
     * training data: examples 3 and 0 of a batch of 4 get the masks they get alone or in another order, so a batch
     * split into shards drops what the whole batch would (drawn by position, the two halves of a batch of 4 split
     * in two would drop the same channels).
     */
    @Test
    void spatialDropoutMasksAnExampleByItsIndexNotItsPositionInTheBatch() {
        Tensor ones = Tensor.ones(Shape.of(4, 2, 2, 16));
        ForwardGraph g = graph(SpatialDropout2D.of(0.5), Shape.of(N, 2, 2, 16), true);
        Tensor whole = run(g, ones, Map.of(), 21);
        Tensor swapped = run(g, ones.rowRange(0, 2), Map.of(), 21, 3, 0);
        assertTrue(swapped.sameValues(whole.takeRows(3, 0)), swapped + " vs " + whole);
        Tensor firstHalf = run(g, ones.rowRange(0, 2), Map.of(), 21, 0, 1);
        Tensor secondHalf = run(g, ones.rowRange(0, 2), Map.of(), 21, 2, 3);
        assertTrue(firstHalf.sameValues(whole.rowRange(0, 2)));
        assertTrue(secondHalf.sameValues(whole.rowRange(2, 4)));
        assertTrue(!firstHalf.sameValues(secondHalf), "two shards of one batch drop different channels");
    }

    @Test
    void badGeometryIsRejectedNamingTheLayerTheRuleAndTheShape() {
        String rank = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(4, 3).outputShape(Shape.of(N, 28, 28))).getMessage();
        assertTrue(rank.startsWith("Conv2D: input must be") && rank.contains("[N, 28, 28]"), rank);
        String window = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(4, 5).outputShape(Shape.of(N, 3, 3, 1))).getMessage();
        assertTrue(window.startsWith("Conv2D: ") && window.contains("[N, 3, 3, 1]"), window);
        String groups = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(4, 3).groups(2).params(Shape.of(N, 8, 8, 3))).getMessage();
        assertEquals("Conv2D: input channels must be divisible by groups, got 3 channels in [N, 8, 8, 3] and"
                + " groups 2", groups);
        String crop = assertThrows(IllegalArgumentException.class,
                () -> Cropping2D.of(2, 1).outputShape(Shape.of(N, 4, 4, 1))).getMessage();
        assertTrue(crop.startsWith("Cropping2D: the cropping [[2, 2], [1, 1]] must leave"), crop);
        // the sum of the two sides in long: MAX_VALUE + 1 wrapped negative and left [N, 0, 4, 2]
        assertThrows(IllegalArgumentException.class, () -> Cropping2D.of(Integer.MAX_VALUE, 1, 0, 0)
                .outputShape(Shape.of(N, 3, 4, 2)));
        assertEquals(Shape.of(N, 6, 8, 5), UpSampling2D.of().outputShape(Shape.of(N, 3, 4, 5)), "size 2 by default");
        assertThrows(IllegalArgumentException.class, () -> Conv2D.of(4, 3).padding("full"));
        assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.of(3).depthMultiplier(0));
        assertThrows(IllegalArgumentException.class, () -> UpSampling2D.of(2).interpolation("cubic"));
        String outputPadding = assertThrows(IllegalArgumentException.class,
                () -> Conv2DTranspose.of(4, 3).strides(2, 3).outputPadding(1, 3)).getMessage();
        assertEquals("Conv2DTranspose: outputPadding must be smaller than the stride on each axis (Keras), got"
                + " outputPadding [1, 3] and strides [2, 3]", outputPadding);
        // the size (in - 1)·s + k - 2·pad + outputPadding in long: in int it wrapped to 65538 cells
        String wrapped = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.of(1, 1)
                .strides(65_537, 1).outputPadding(1, 0).outputShape(Shape.of(N, 65_537, 4, 1))).getMessage();
        assertTrue(wrapped.startsWith("Conv2DTranspose: convTranspose2d: the output must have at most 2147483647"
                + " cells per spatial axis, got 4295032834 on spatial axis 0"), wrapped);
    }

    /**
     * An outputPadding whose size (Keras's formula) the convolution does not map back to the input is refused by
     * the layer, naming its settings and the sizes: an even kernel with same padding and stride 1 gives 3 rows
     * for 4 (the op used to refuse with its own message about a kernel [N, 3, 2, 2]), and a width-1 input 0 cells.
     */
    @Test
    void anOutputPaddingWhoseSizeTheConvolutionDoesNotInvertIsRefusedByTheLayer() {
        String even = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.of(3, 2).padding("same")
                .outputPadding(0).outputShape(Shape.of(N, 4, 3, 3))).getMessage();
        assertEquals("Conv2DTranspose: outputPadding [0, 0] with kernelSize [2, 2], strides [1, 1], dilationRate"
                + " [1, 1] and padding 'same' gives Keras's output size (in - 1)·s + k_d - 2·pad + outputPadding = 3"
                + " on the height axis for input " + Shape.of(N, 4, 3, 3) + ", whose same convolution has 3 cells,"
                + " expected the input's 4; use another outputPadding, an odd kernel, or outputPadding null (the size"
                + " 4)", even);
        String empty = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.of(2, 2).strides(2, 1)
                .padding("same").outputPadding(1, 0).outputShape(Shape.of(N, 9, 1, 2))).getMessage();
        assertTrue(empty.contains("outputPadding = 0 on the width axis") && empty.contains("has 0 cells, expected"
                + " the input's 1"), empty);
        assertEquals(Shape.of(N, 7, 5, 1), Conv2DTranspose.of(1, 2).strides(2).padding("same").outputPadding(1)
                .outputShape(Shape.of(N, 4, 3, 1)), "ceil(7 / 2) = 4 and ceil(5 / 2) = 3: accepted");
    }

    /** {@code [N, C, H, W]} as {@code [N, H, W, C]}. */
    private static Tensor channelsLast(Tensor x) {
        int[] d = x.shape().dims();
        double[] out = new double[x.size()];
        int o = 0;
        for (int n = 0; n < d[0]; n++) {
            for (int i = 0; i < d[2]; i++) {
                for (int j = 0; j < d[3]; j++) {
                    for (int c = 0; c < d[1]; c++) {
                        out[o++] = x.get(n, c, i, j);
                    }
                }
            }
        }
        return Tensor.of(Shape.of(d[0], d[2], d[3], d[1]), out);
    }

    private static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.flat(i) * b.flat(i);
        }
        return s;
    }
}
