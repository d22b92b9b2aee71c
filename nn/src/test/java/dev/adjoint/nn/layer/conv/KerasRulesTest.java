package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.LoggedWarnings;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Places where a user coming from Keras 3 would get silently different behaviour, pinned to what Keras does.
 */
class KerasRulesTest {

    private static final int N = Shape.BATCH;

    /**
     * Keras's {@code BaseConv}, {@code BaseConvTranspose}, {@code BaseDepthwiseConv} and {@code BaseSeparableConv}
     * raise {@code ValueError} when {@code max(strides) > 1 and max(dilation_rate) > 1}; the layers here refuse
     * the same arguments, whichever way they are given (factory and withers, or the canonical constructor).
     */
    @Test
    void everyConvolutionLayerRefusesStridesAboveOneWithDilationAboveOneAsKerasDoes() {
        List<Supplier<Object>> refused = List.of(
                () -> Conv1D.of(4, 3).strides(2).dilationRate(2),
                () -> Conv2D.of(4, 3).strides(2).dilationRate(2),
                () -> Conv3D.of(4, 3).strides(2).dilationRate(2),
                () -> Conv2DTranspose.of(4, 3).strides(2).dilationRate(2),
                () -> DepthwiseConv2D.of(3).strides(2).dilationRate(2),
                () -> SeparableConv2D.of(4, 3).strides(2).dilationRate(2),
                // any axis's stride with any axis's dilation, as Keras's max(...) > 1 on both
                () -> Conv2D.of(4, 3).strides(2, 1).dilationRate(1, 2),
                () -> Conv1D.of(4, 3).padding("causal").dilationRate(2).strides(3),
                () -> new Conv2D(4, List.of(3), List.of(1, 2), "valid", "channels_last", List.of(3), 1, new Linear(),
                        true, new GlorotUniform(), new Zeros(), null, null, null));
        for (Supplier<Object> make : refused) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make::get);
            assertTrue(e.getMessage().contains("strides > 1 is not supported together with dilationRate > 1"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(8, 3).strides(2, 1).dilationRate(1, 2));
        assertEquals("Conv2D: strides > 1 is not supported together with dilationRate > 1 (Keras refuses it too);"
                + " expected all strides 1 or all dilations 1, got strides [2, 1] and dilationRate [1, 2]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SeparableConv2D.of(8, 3).dilationRate(2).strides(2));
        assertTrue(e.getMessage().startsWith("SeparableConv2D: strides > 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DepthwiseConv2D.of(3).dilationRate(2).strides(2));
        assertTrue(e.getMessage().startsWith("DepthwiseConv2D: strides > 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2DTranspose.of(4, 3).dilationRate(2).strides(2));
        assertTrue(e.getMessage().startsWith("Conv2DTranspose: strides > 1"), e.getMessage());
    }

    /** Either alone stays allowed, as in Keras: a strided convolution, a dilated one. */
    @Test
    void stridesOrDilationAloneStayAllowed() {
        assertEquals(Shape.of(N, 4, 4, 8), Conv2D.of(8, 3).strides(2).outputShape(Shape.of(N, 9, 9, 2)));
        assertEquals(Shape.of(N, 5, 5, 8), Conv2D.of(8, 3).dilationRate(2).outputShape(Shape.of(N, 9, 9, 2)));
        assertEquals(Shape.of(N, 5, 5, 2), DepthwiseConv2D.of(3).dilationRate(2).outputShape(Shape.of(N, 9, 9, 2)));
        assertEquals(Shape.of(N, 4, 4, 8), SeparableConv2D.of(8, 3).strides(2).outputShape(Shape.of(N, 9, 9, 2)));
        assertEquals(Shape.of(N, 8, 4), Conv1D.of(4, 3).padding("causal").dilationRate(4).outputShape(
                Shape.of(N, 8, 2)));
    }

    /** The graph of {@code layer} applied to an input of {@code shape} that carries {@code mask}, or no mask. */
    private static ForwardGraph masked(Layer layer, Shape shape, Node mask) {
        return ForwardGraph.build((x, layers) -> layers.apply(layer, mask == null ? x : layers.mask(x, mask)), shape,
                DType.FLOAT64, false, null);
    }

    /** The warnings logged on {@code dev.adjoint.nn.layer} while {@code run} runs. */
    private static List<String> warnings(Runnable run) {
        return LoggedWarnings.during("dev.adjoint.nn.layer", run);
    }

    /**
     * In Keras 3 only layers whose {@code supports_masking} is True pass a mask on; {@code Layer.__call__} drops
     * the mask of any other and warns ("does not support masking and will therefore destroy the mask
     * information"), without raising. None of Keras's convolutions ({@code BaseConv}, {@code BaseConvTranspose},
     * {@code BaseDepthwiseConv}, {@code BaseSeparableConv}), local pooling ({@code BasePooling}), global pooling
     * other than {@code GlobalAveragePooling1D}, zero padding, cropping or upsampling (2-D and 3-D here)
     * sets it. Every input here keeps axis 1 of the output the size it was, so the default rule passed the mask
     * on before: a convolution with {@code "same"} padding, a pooling of stride 1, a crop or a pad of the columns
     * only, a global pooling of channels-first maps with {@code keepdims} (axis 1 the channels).
     */
    @Test
    void layersThatKerasMarksUnmaskableDropTheMaskAndWarn() {
        Node mask = SourceOp.input("mask", Shape.of(3, 4), DType.FLOAT64);
        Shape seq = Shape.of(3, 4, 2);
        Shape image = Shape.of(3, 4, 5, 2);
        List<Layer> layers = List.of(Conv1D.of(2, 3).padding("same"), Conv2D.of(2, 3).padding("same"),
                Conv3D.of(2, 3).padding("same"), Conv2DTranspose.of(2, 3).padding("same"),
                DepthwiseConv2D.of(3).padding("same"), SeparableConv2D.of(2, 3).padding("same"),
                MaxPooling1D.of(2).strides(1).padding("same"), AveragePooling1D.of(2).strides(1).padding("same"),
                MaxPooling2D.of(2).strides(1).padding("same"), AveragePooling2D.of(2).strides(1).padding("same"),
                GlobalMaxPooling1D.of().keepdims(true).dataFormat("channels_first"),
                GlobalMaxPooling2D.of().keepdims(true).dataFormat("channels_first"),
                GlobalAveragePooling2D.of().keepdims(true).dataFormat("channels_first"),
                Cropping2D.of(0, 1), ZeroPadding2D.of(0, 1), UpSampling2D.of(1, 2).named("up"),
                Conv1DTranspose.of(2, 3).padding("same"), Conv3DTranspose.of(2, 3).padding("same"),
                MaxPooling3D.of(2).strides(1).padding("same"), AveragePooling3D.of(2).strides(1).padding("same"),
                Cropping3D.of(0, 1, 1), ZeroPadding3D.of(0, 1, 1), UpSampling3D.of(1, 2, 2).named("up3"));
        Shape volume = Shape.of(3, 4, 3, 3, 2);
        List<Shape> inputs = List.of(seq, image, volume, image, image, image, seq, seq, image, image, seq, image,
                image, image, image, image, seq, volume, volume, volume, volume, volume, volume);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Shape input = inputs.get(i);
            ForwardGraph[] g = new ForwardGraph[1];
            List<String> logged = warnings(() -> g[0] = masked(layer, input, mask));
            assertEquals(4, g[0].output().shape().dim(1), layer + ": the output keeps axis 1");
            assertNull(g[0].outputMask(), layer + " passed the mask on");
            String kind = layer.getClass().getSimpleName();
            assertEquals(List.of(kind + (layer.name() == null ? "" : " '" + layer.name() + "'") + ": was passed an"
                    + " input with a mask, but does not support masking (as in Keras); its output carries no mask,"
                    + " so the layers after it will not see it"), logged, kind);
            assertEquals(List.of(), warnings(() -> masked(layer, input, null)), kind + " without a mask");
        }
    }

    /**
     * Keras's {@code SpatialDropout2D} is a {@code Dropout}, whose {@code supports_masking} is True: the mask
     * passes on unchanged, with no warning; {@code GlobalAveragePooling1D} uses the mask and gives none.
     */
    @Test
    void spatialDropoutPassesTheMaskOnAndGlobalAveragePooling1DConsumesIt() {
        Node mask = SourceOp.input("mask", Shape.of(3, 4), DType.FLOAT64);
        List<String> logged = warnings(() -> {
            assertSame(mask, masked(SpatialDropout2D.of(0.5), Shape.of(3, 4, 5, 2), mask).outputMask());
            assertNull(masked(GlobalAveragePooling1D.of().keepdims(true), Shape.of(3, 4, 2), mask).outputMask());
        });
        assertEquals(List.of(), logged);
    }

    /**
     * Keras's positional {@code MaxPooling2D(3, 2)} is {@code pool_size=3, strides=2}; so is {@code of(3, 2)} for
     * every pooling factory (it was a 3 x 2 window moved by 3 and 2, and a refused second entry in 1-D). A window
     * of another height and width is Keras's tuple, {@code of(List.of(3, 2))}.
     */
    @Test
    void poolingFactoriesReadTwoNumbersAsKerasDoesPoolSizeThenStrides() {
        assertEquals(new MaxPooling2D(List.of(3, 3), List.of(2, 2), "valid", "channels_last", null),
                MaxPooling2D.of(3, 2));
        assertEquals(new AveragePooling2D(List.of(3, 3), List.of(2, 2), "valid", "channels_last", null),
                AveragePooling2D.of(3, 2));
        assertEquals(new MaxPooling1D(List.of(3), List.of(2), "valid", "channels_last", null), MaxPooling1D.of(3, 2));
        assertEquals(new AveragePooling1D(List.of(3), List.of(2), "valid", "channels_last", null),
                AveragePooling1D.of(3, 2));
        Shape image = Shape.of(N, 7, 7, 1);
        assertEquals(Shape.of(N, 3, 3, 1), MaxPooling2D.of(3, 2).outputShape(image), "(7 - 3) / 2 + 1");
        assertEquals(Shape.of(N, 3, 3, 1), AveragePooling2D.of(3, 2).outputShape(image));
        assertEquals(Shape.of(N, 3, 1), MaxPooling1D.of(3, 2).outputShape(Shape.of(N, 7, 1)));
        // one number: the pool size, strides the pool size (Keras's strides=None); none: Keras's pool 2
        assertEquals(new MaxPooling2D(List.of(3), List.of(3), "valid", "channels_last", null), MaxPooling2D.of(3));
        assertEquals(new AveragePooling1D(List.of(2), List.of(2), "valid", "channels_last", null),
                AveragePooling1D.of());
        // a per-axis window, Keras's pool_size=(3, 2): strides follow the window unless given
        MaxPooling2D window = MaxPooling2D.of(List.of(3, 2));
        assertEquals(List.of(3, 2), window.poolSize());
        assertEquals(List.of(3, 2), window.strides());
        assertEquals(Shape.of(N, 2, 3, 1), window.outputShape(image));
        assertEquals(List.of(1, 2), AveragePooling2D.of(List.of(3, 2)).strides(1, 2).strides());
        // the values: overlapping windows [0, 1, 2], [2, 3, 4], [4, 5, 6] of 0..6
        Tensor x = Tensor.of(DType.FLOAT64, Shape.of(1, 7, 1), new double[] {0, 1, 2, 3, 4, 5, 6});
        Tensor mean = LayerGraphs.run(LayerGraphs.graph(AveragePooling1D.of(3, 2), Shape.of(1, 7, 1), false), x,
                Map.of(), 0);
        assertEquals(List.of(1.0, 3.0, 5.0), java.util.Arrays.stream(mean.toDoubleArray()).boxed().toList());
        Tensor max = LayerGraphs.run(LayerGraphs.graph(MaxPooling1D.of(3, 2), Shape.of(1, 7, 1), false), x, Map.of(),
                0);
        assertEquals(List.of(2.0, 4.0, 6.0), java.util.Arrays.stream(max.toDoubleArray()).boxed().toList());
    }

    /**
     * Keras's positional {@code Conv2D(32, 3, 2)} is {@code filters=32, kernel_size=3, strides=2}, and so for every
     * convolution ({@code DepthwiseConv2D(3, 2)}: {@code kernel_size=3, strides=2}); the factories read three numbers
     * (two for the depthwise one) the same way, where the varargs {@code of(int, int...)} made a 3 x 2 window. A
     * window of other sizes per axis is Keras's tuple, {@code of(32, List.of(3, 2))}.
     */
    @Test
    void convolutionFactoriesReadTheNumberAfterTheKernelSizeAsTheStrides() {
        Shape image = Shape.of(N, 9, 9, 2);
        assertEquals(Conv2D.of(32, 3).strides(2), Conv2D.of(32, 3, 2));
        assertEquals(List.of(3, 3), Conv2D.of(32, 3, 2).kernelSize());
        assertEquals(Shape.of(N, 4, 4, 32), Conv2D.of(32, 3, 2).outputShape(image), "(9 - 3) / 2 + 1");
        assertEquals(Conv1D.of(8, 3).strides(2), Conv1D.of(8, 3, 2));
        assertEquals(Conv3D.of(8, 3).strides(2), Conv3D.of(8, 3, 2));
        assertEquals(List.of(3, 3, 3), Conv3D.of(8, 3, 2).kernelSize());
        assertEquals(Conv2DTranspose.of(8, 3).strides(2), Conv2DTranspose.of(8, 3, 2));
        assertEquals(SeparableConv2D.of(8, 3).strides(2), SeparableConv2D.of(8, 3, 2));
        assertEquals(DepthwiseConv2D.of(3).strides(2), DepthwiseConv2D.of(3, 2));
        assertEquals(Shape.of(N, 4, 4, 2), DepthwiseConv2D.of(3, 2).outputShape(image));
        // Keras's tuple: a window of other sizes per axis, strides 1
        assertEquals(List.of(3, 2), Conv2D.of(32, List.of(3, 2)).kernelSize());
        assertEquals(List.of(1, 1), Conv2D.of(32, List.of(3, 2)).strides());
        assertEquals(Shape.of(N, 7, 8, 32), Conv2D.of(32, List.of(3, 2)).outputShape(image));
        assertEquals(List.of(1, 2, 3), Conv3D.of(2, List.of(1, 2, 3)).kernelSize());
        assertEquals(List.of(2, 3), DepthwiseConv2D.of(List.of(2, 3)).kernelSize());
        assertEquals(List.of(2, 3), SeparableConv2D.of(4, List.of(2, 3)).kernelSize());
        assertEquals(List.of(2, 3), Conv2DTranspose.of(4, List.of(2, 3)).kernelSize());
    }
}
