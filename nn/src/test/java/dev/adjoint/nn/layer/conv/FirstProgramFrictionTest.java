package dev.adjoint.nn.layer.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.Ones;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.nio.file.Path;
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
        // y[t] = x[t - 4] + x[t - 2] + x[t]: a step never sees a later one
        double[] expected = {1, 0, 1, 0, 1, 1, 0, 1, 0, 1};
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
        assertTrue(message.contains("use padding(\"same\") or a smaller window; the input looks channels-first"
                + " [N, C, H, W] with C = 1: build the layer with dataFormat(\"channels_first\") or move the channels"
                + " to the last axis"), message);
        String pool = assertThrows(IllegalArgumentException.class,
                () -> MaxPooling2D.of(2).outputShape(Shape.of(N, 3, 1, 32))).getMessage();
        assertTrue(pool.contains("with C = 3"), pool);
        String small = assertThrows(IllegalArgumentException.class,
                () -> Conv2D.of(8, 5).outputShape(Shape.of(N, 4, 4, 1))).getMessage();
        assertTrue(small.endsWith("use padding(\"same\") or a smaller window"), "no hint for true channels last: "
                + small);
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
}
