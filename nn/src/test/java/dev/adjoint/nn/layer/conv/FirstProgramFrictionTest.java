package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Linear;
import dev.adjoint.nn.init.GlorotUniform;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.init.Zeros;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.nn.regularizer.L2;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a first convolutional program meets, written from the README and the layers' Javadoc: Keras's
 * {@code Conv1D(padding="causal")}, the builders Keras's arguments call for, and errors that say what was meant
 * when a string is misspelled, when images come channels first, and which layer of a {@code Sequential} model
 * refused its input.
 */
class FirstProgramFrictionTest {

    private static final int N = Shape.BATCH;

    @Test
    void conv1dCausalPaddingReadsOnlyThePastAndIsSavedAndLoaded(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(Shape.of(10, 1));
        model.add(Conv1D.of(1, 3).padding("causal").dilationRate(2).useBias(false).kernelInitializer(new Ones()));
        assertEquals(Shape.of(N, 10, 1), model.outputShape(), "stride 1: as long as the input");
        double[] x = new double[10];
        x[0] = 1;
        x[5] = 1;
        Tensor in = Tensor.of(Shape.of(1, 10, 1), x);
        String kernel = model.weights().keySet().iterator().next();
        model.setWeights(java.util.Map.of(kernel, Tensor.of(Shape.of(3, 1, 1), new float[] {1, 10, 100})));
        // y[t] = 1·x[t - 4] + 10·x[t - 2] + 100·x[t]: a step never sees a later one, the last tap the present
        double[] expected = {100, 0, 10, 0, 1, 100, 0, 10, 0, 1};
        assertArrayEquals(expected, model.predict(in).toDoubleArray());
        Path file = dir.resolve("causal.safetensors");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertArrayEquals(expected, loaded.predict(in).toDoubleArray());
        // out = ceil(L / s), as Keras's causal Conv1D
        assertEquals(Shape.of(N, 5, 4), Conv1D.of(4, 3).padding("causal").strides(2).outputShape(Shape.of(N, 9, 2)));
        assertEquals(Shape.of(N, 4, 9), Conv1D.of(4, 3).padding("causal").dataFormat("channels_first")
                .outputShape(Shape.of(N, 2, 9)));
        String conv2d = assertThrows(IllegalArgumentException.class, () -> Conv2D.of(4, 3).padding("causal"))
                .getMessage();
        assertEquals("Conv2D: padding must be \"valid\" or \"same\", got \"causal\", which is Conv1D's only, as in"
                + " Keras", conv2d);
    }

    @Test
    void aMisspelledStringNamesTheOneMeant() {
        assertEquals("Conv2D: padding must be \"valid\" or \"same\", got \"SAME\"; did you mean \"same\"?",
                assertThrows(IllegalArgumentException.class, () -> Conv2D.of(8, 3).padding("SAME")).getMessage());
        assertEquals("Conv2D: padding must be \"valid\" or \"same\", got \"sames\"; did you mean \"same\"?",
                assertThrows(IllegalArgumentException.class, () -> Conv2D.of(8, 3).padding("sames")).getMessage());
        assertEquals("MaxPooling2D: padding must be \"valid\" or \"same\", got \"Valid \"; did you mean \"valid\"?",
                assertThrows(IllegalArgumentException.class, () -> MaxPooling2D.of(2).padding("Valid "))
                        .getMessage());
        assertEquals("Conv1D: padding must be \"valid\", \"same\" or \"causal\", got \"casual\"",
                assertThrows(IllegalArgumentException.class, () -> Conv1D.of(8, 3).padding("casual")).getMessage());
        assertEquals("Conv2D: dataFormat must be \"channels_last\" or \"channels_first\", got \"channels-first\";"
                + " did you mean \"channels_first\"?", assertThrows(IllegalArgumentException.class,
                        () -> Conv2D.of(8, 3).dataFormat("channels-first")).getMessage());
        assertEquals("Conv2D: padding must be \"valid\" or \"same\", got \"full\"",
                assertThrows(IllegalArgumentException.class, () -> Conv2D.of(8, 3).padding("full")).getMessage());
    }

    @Test
    void imagesChannelsFirstUnderChannelsLastAreNamedAsSuch() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(Shape.of(1, 28, 28)).add(Conv2D.of(8, 3))).getMessage();
        assertTrue(message.startsWith("Conv2D: conv2d: the window must fit"), message);
        assertTrue(message.contains("use padding(\"same\") or a smaller window; if the input is channels-first"
                + " [N, C, H, W] with C = 1, build the layer with dataFormat(\"channels_first\") or move the channels"
                + " to the last axis"), message);
        String pool = assertThrows(IllegalArgumentException.class,
                () -> MaxPooling2D.of(2).outputShape(Shape.of(N, 1, 28, 28))).getMessage();
        assertTrue(pool.contains("with C = 1"), pool);
        for (Shape featureMap : new Shape[] {Shape.of(N, 2, 2, 512), Shape.of(N, 4, 4, 64)}) { // channels last
            String deep = assertThrows(IllegalArgumentException.class,
                    () -> Conv2D.of(8, 5).outputShape(featureMap)).getMessage();
            assertFalse(deep.contains("channels-first"), "no hint for a small channels-last feature map: " + deep);
        }
        String small = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(8, 5).outputShape(Shape.of(N, 4, 4, 1))).getMessage();
        assertTrue(small.endsWith("use padding(\"same\") or a smaller window"), "no hint for true channels last: "
                + small);
    }

    @Test
    void imagesChannelsLastUnderChannelsFirstAreNamedAsSuch() {
        String conv2d = refusal(Conv2D.of(8, 3).dataFormat("channels_first"), Shape.of(N, 28, 28, 1));
        assertTrue(conv2d.startsWith("Conv2D: conv2d: "), conv2d);
        assertTrue(conv2d.endsWith("; if the input is channels-last [N, H, W, C] with C = 1, build the layer with"
                + " dataFormat(\"channels_last\") or move the channels to axis 1"), conv2d);
        assertTrue(refusal(Conv1D.of(8, 3).dataFormat("channels_first"), Shape.of(N, 100, 1))
                .endsWith("if the input is channels-last [N, W, C] with C = 1, build the layer with"
                        + " dataFormat(\"channels_last\") or move the channels to axis 1"));
        assertTrue(refusal(Conv3D.of(4, 5).dataFormat("channels_first"), Shape.of(N, 16, 16, 16, 3))
                .contains("if the input is channels-last [N, D, H, W, C] with C = 3"));
        Layer[] pools = {MaxPooling1D.of(2).dataFormat("channels_first"), AveragePooling1D.of(2)
            .dataFormat("channels_first"), MaxPooling2D.of(2).dataFormat("channels_first"),
            AveragePooling2D.of(4).dataFormat("channels_first"), MaxPooling3D.of(2).dataFormat("channels_first"),
            AveragePooling3D.of(4).dataFormat("channels_first")};
        Shape[] inputs = {Shape.of(N, 64, 1), Shape.of(N, 64, 1), Shape.of(N, 28, 28, 1), Shape.of(N, 28, 28, 3),
            Shape.of(N, 16, 16, 16, 1), Shape.of(N, 16, 16, 16, 3)};
        for (int i = 0; i < pools.length; i++) {
            String pool = refusal(pools[i], inputs[i]);
            assertTrue(pool.contains("build the layer with dataFormat(\"channels_last\")"), pool);
        }
        // true channels-first inputs that fail for another reason get no hint
        for (Shape channelsFirst : new Shape[] {Shape.of(N, 64, 4, 4), Shape.of(N, 3, 4, 4)}) {
            String deep = refusal(Conv2D.of(8, 5).dataFormat("channels_first"), channelsFirst);
            assertFalse(deep.contains("channels-last"), "no hint for a small channels-first feature map: " + deep);
        }
    }

    private static String refusal(Layer layer, Shape input) {
        return assertThrows(IllegalArgumentException.class, () -> layer.outputShape(input)).getMessage();
    }

    @Test
    void sequentialAddNamesTheLayerThatRefusedItsInput() {
        Sequential model = new Sequential(Shape.of(28, 28));
        String first = assertThrows(IllegalArgumentException.class, () -> model.add(Conv2D.of(8, 3))).getMessage();
        assertEquals("Conv2D: input must be channels-last [N, H, W, C], got [N, 28, 28] (adding layer 1 of the"
                + " Sequential model, onto its input [N, 28, 28])", first);
        model.add(Dense.of(4));
        String second = assertThrows(IllegalArgumentException.class, () -> model.add(Conv2D.of(8, 3)))
                .getMessage();
        assertEquals("Conv2D: input must be channels-last [N, H, W, C], got [N, 28, 4] (adding layer 2 of the"
                + " Sequential model, after 'dense' of output [N, 28, 4])", second);
        assertEquals(1, model.stack().size(), "the model is unchanged");
    }

    @Test
    void kerasArgumentsHaveBuilders() {
        assertEquals(new Conv2DTranspose(4, List.of(3), List.of(1), "valid", "channels_last", List.of(2), null,
                new Linear(), true, new Ones(), new Ones(), new L2(0.1), new L2(0.2), null),
                Conv2DTranspose.of(4, 3).dilationRate(2).kernelInitializer(new Ones()).biasInitializer(new Ones())
                        .kernelRegularizer(new L2(0.1)).biasRegularizer(new L2(0.2)));
        assertEquals(Shape.of(N, 9, 9, 4), Conv2DTranspose.of(4, 3).dilationRate(2).outputShape(Shape.of(N, 5, 5, 2)),
                "(5 - 1) + (3 - 1)·2 + 1");
        assertEquals(new DepthwiseConv2D(List.of(3), List.of(1), "valid", 1, "channels_last", List.of(2),
                new Linear(), true, new Ones(), new Ones(), new L2(0.1), new L2(0.2), null),
                DepthwiseConv2D.of(3).dilationRate(2).depthwiseInitializer(new Ones()).biasInitializer(new Ones())
                        .depthwiseRegularizer(new L2(0.1)).biasRegularizer(new L2(0.2)));
        SeparableConv2D separable = SeparableConv2D.of(8, 3).dataFormat("channels_first").dilationRate(2)
                .useBias(false).depthwiseInitializer(new Zeros()).pointwiseInitializer(new Ones())
                .biasInitializer(new GlorotUniform()).depthwiseRegularizer(new L2(0.1))
                .pointwiseRegularizer(new L2(0.2)).biasRegularizer(new L2(0.3));
        assertEquals(new SeparableConv2D(8, List.of(3), List.of(1), "valid", "channels_first", List.of(2), 1,
                new Linear(), false, new Zeros(), new Ones(), new GlorotUniform(), new L2(0.1), new L2(0.2),
                new L2(0.3), null), separable);
        // Keras: 3·3·2 depthwise + 2·8 pointwise, no bias; dilation 2 makes the window 5
        assertEquals(Shape.of(N, 8, 3, 3), separable.outputShape(Shape.of(N, 2, 7, 7)));
        assertEquals(18 + 16, LayerGraphs.paramCount(separable, Shape.of(N, 2, 7, 7)));
        assertEquals(Cropping2D.of(2, 2), Cropping2D.of(2), "Keras's Cropping2D(cropping=2)");
    }

    @Test
    void poolingWithoutASizeTakesKerassDefaultOfTwo() {
        Shape image = Shape.of(N, 9, 8, 3);
        Shape sequence = Shape.of(N, 9, 3);
        assertEquals(Shape.of(N, 4, 4, 3), MaxPooling2D.of().outputShape(image), "as the Javadoc says: pool 2");
        assertEquals(MaxPooling2D.of(2), MaxPooling2D.of());
        assertEquals(Shape.of(N, 4, 4, 3), AveragePooling2D.of().outputShape(image));
        assertEquals(Shape.of(N, 4, 3), MaxPooling1D.of().outputShape(sequence));
        assertEquals(Shape.of(N, 4, 3), AveragePooling1D.of().outputShape(sequence));
        assertEquals(Shape.of(N, 11, 10, 3), ZeroPadding2D.of().outputShape(image), "Keras's default: one cell");
        assertEquals("Conv1D: strides must have 1 entry, got [2, 2]",
                assertThrows(IllegalArgumentException.class, () -> Conv1D.of(4, 3).strides(2, 2)).getMessage());
        assertEquals("Conv2D: kernelSize must have 1 or 2 entries, got []",
                assertThrows(IllegalArgumentException.class, () -> Conv2D.of(4, List.of())).getMessage());
    }

    @Test
    void predictNamesTheShapeMistakesOfAFirstProgram() {
        Sequential model = new Sequential(Shape.of(8, 8, 1));
        model.add(Conv2D.of(4, 3)).add(GlobalMaxPooling2D.of());
        assertEquals("predict: x must have shape [N, 8, 8, 1] (rows first), got [8, 8, 1]; one example needs the"
                + " batch axis first, as x.reshape(Shape.of(1, 8, 8, 1))", assertThrows(IllegalArgumentException.class,
                        () -> model.predict(Tensor.zeros(Shape.of(8, 8, 1)))).getMessage());
        assertEquals("predict: x must have shape [N, 8, 8, 1] (rows first), got [5, 1, 8, 8]; x looks channels"
                + " first, [n, C, ...] with C = 1, where the model reads channels last: move x's channels to the last"
                + " axis, or build the model on the input [1, 8, 8] with dataFormat(\"channels_first\") layers",
                assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.zeros(Shape.of(5, 1, 8, 8))))
                        .getMessage());
        assertEquals("predict: x must have shape [N, 8, 8, 1] (rows first), got [5, 8, 9, 1]",
                assertThrows(IllegalArgumentException.class, () -> model.predict(Tensor.zeros(Shape.of(5, 8, 9, 1))))
                        .getMessage(), "no hint for a plain mismatch");
    }
}
