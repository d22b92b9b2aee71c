package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Zeros;
import java.util.List;
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
}
