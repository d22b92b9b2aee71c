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
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's Conv1DTranspose, Conv3DTranspose, MaxPooling3D, AveragePooling3D, UpSampling3D, ZeroPadding3D,
 * Cropping3D and SpatialDropout3D: Keras's output shapes and parameter counts in {@code summary()}, the refusals of
 * bad arguments, spatial dropout's whole-channel masks, masks as Keras treats them, and model files. Their values
 * and gradients are PyTorch's: see {@link VolumeLayersTorchTest}.
 */
class VolumeLayersTest {

    private static final int N = Shape.BATCH;

    @TempDir
    Path dir;

    private static String refused(Executable build) {
        return assertThrows(IllegalArgumentException.class, build).getMessage();
    }

    /**
     * The shapes and counts Keras 3 gives: a transposed convolution has {@code k...·filters·C + filters}
     * parameters; valid padding gives {@code in·s + max(k_d - s, 0)} cells, same {@code in·s}, and with
     * {@code output_padding} {@code (in - 1)·s + k_d - 2·(k_d / 2) + p}.
     */
    @Test
    void summaryListsKerasShapesAndParameterCounts() {
        Sequential volume = new Sequential(Shape.of(4, 6, 6, 2), DType.FLOAT32, 0);
        volume.add(Conv3DTranspose.of(3, 3, 2).padding("same").activation(new Relu()))
                .add(MaxPooling3D.of()).add(AveragePooling3D.of(2).padding("same").named("avg"))
                .add(UpSampling3D.of(2, 1, 1)).add(ZeroPadding3D.of()).add(Cropping3D.of())
                .add(SpatialDropout3D.of(0.2)).add(Conv3DTranspose.of(2, List.of(1, 2, 3)).strides(2, 1, 3)
                        .outputPadding(1, 0, 2).named("last"));
        String summary = volume.summary();
        assertLine(summary, "conv3d_transpose \\(conv3d_transpose\\)", "[N, 8, 12, 12, 3]", 165);
        assertLine(summary, "max_pooling3d \\(max_pooling3d\\)", "[N, 4, 6, 6, 3]", 0);
        assertLine(summary, "avg \\(average_pooling3d\\)", "[N, 2, 3, 3, 3]", 0);
        assertLine(summary, "up_sampling3d \\(up_sampling3d\\)", "[N, 4, 3, 3, 3]", 0);
        assertLine(summary, "zero_padding3d \\(zero_padding3d\\)", "[N, 6, 5, 5, 3]", 0);
        assertLine(summary, "cropping3d \\(cropping3d\\)", "[N, 4, 3, 3, 3]", 0);
        assertLine(summary, "spatial_dropout3d \\(spatial_dropout3d\\)", "[N, 4, 3, 3, 3]", 0);
        // (4 - 1)·2 + 1 + 1 = 8, (3 - 1)·1 + 2 = 4, (3 - 1)·3 + 3 + 2 = 11 cells; 1·2·3·2·3 weights and 2 biases
        assertLine(summary, "last \\(conv3d_transpose\\)", "[N, 8, 4, 11, 2]", 38);
        assertTrue(summary.contains("Total params: 203"), summary);

        Sequential sequence = new Sequential(Shape.of(7, 3), DType.FLOAT32, 0);
        sequence.add(Conv1DTranspose.of(5, 3, 2)).add(Conv1DTranspose.of(2, 4).strides(3).padding("same")
                .outputPadding(1).useBias(false).named("same"));
        String lines = sequence.summary();
        assertLine(lines, "conv1d_transpose \\(conv1d_transpose\\)", "[N, 15, 5]", 50);
        // (15 - 1)·3 + 4 - 2·2 + 1 = 43 steps; 4·2·5 weights, no bias
        assertLine(lines, "same \\(conv1d_transpose\\)", "[N, 43, 2]", 40);
        assertEquals(Shape.of(N, 4, 5), Conv1DTranspose.of(4, 3, 2).dataFormat("channels_first")
                .outputShape(Shape.of(N, 3, 2)), "channels first: [N, C, L] to [N, filters, L·s + max(k - s, 0)]");
        assertEquals(Shape.of(N, 2, 4, 6, 8), MaxPooling3D.of(2).padding("same").dataFormat("channels_first")
                .outputShape(Shape.of(N, 2, 7, 11, 16)), "same: ceil(in / s) per axis, channels first");
    }

    private static void assertLine(String summary, String name, String shape, long params) {
        String pattern = "(?s).*" + name + " +" + java.util.regex.Pattern.quote(shape) + " +" + params + "\n.*";
        assertTrue(summary.matches(pattern), name + " " + shape + " " + params + " in\n" + summary);
    }

    @Test
    void badArgumentsAreRefusedNamingTheLayerAndTheArgument() {
        assertEquals("Conv3DTranspose: outputPadding must be smaller than the stride on each axis (Keras), got"
                + " outputPadding [1, 2, 1] and strides [2, 2, 2]",
                refused(() -> Conv3DTranspose.of(4, 3, 2).outputPadding(1, 2, 1)));
        assertEquals("Conv1DTranspose: outputPadding must be smaller than the stride on each axis (Keras), got"
                + " outputPadding [1] and strides [1]", refused(() -> Conv1DTranspose.of(4, 3).outputPadding(1)));
        assertEquals("Conv1DTranspose: outputPadding must be >= 0, got [-1]",
                refused(() -> Conv1DTranspose.of(4, 3, 2).outputPadding(-1)));
        assertEquals("Conv1DTranspose: kernelSize must be >= 1, got [-3]", refused(() -> Conv1DTranspose.of(4, -3)));
        assertEquals("Conv3DTranspose: filters must be > 0, got 0", refused(() -> Conv3DTranspose.of(0, 3)));
        assertEquals("Conv3DTranspose: strides must be >= 1, got [1, -2, 1]",
                refused(() -> Conv3DTranspose.of(4, 3).strides(1, -2, 1)));
        assertEquals("Conv3DTranspose: kernelSize must have 1 or 3 entries, got [3, 3]",
                refused(() -> Conv3DTranspose.of(4, List.of(3, 3))));
        assertTrue(refused(() -> Conv3DTranspose.of(4, 3).strides(2).dilationRate(2))
                .startsWith("Conv3DTranspose: strides > 1 is not supported together with dilationRate > 1"));
        assertEquals("Conv1DTranspose: padding must be \"valid\" or \"same\", got \"causal\", which is Conv1D's only,"
                + " as in Keras", refused(() -> Conv1DTranspose.of(4, 3).padding("causal")));
        String rank = refused(() -> Conv3DTranspose.of(4, 3).outputShape(Shape.of(N, 8, 8, 3)));
        assertTrue(rank.startsWith("Conv3DTranspose: input must be") && rank.contains("[N, 8, 8, 3]"), rank);
        String even = refused(() -> Conv1DTranspose.of(1, 2).padding("same").outputPadding(0)
                .outputShape(Shape.of(N, 4, 1)));
        assertTrue(even.startsWith("Conv1DTranspose: outputPadding [0] with kernelSize [2], strides [1]")
                && even.contains("= 3 on the length axis for input [N, 4, 1], whose same convolution has 3 cells,"
                        + " expected the input's 4"), even);
        String depth = refused(() -> Conv3DTranspose.of(1, 2).padding("same").outputPadding(0)
                .outputShape(Shape.of(N, 4, 3, 3, 1)));
        assertTrue(depth.contains("on the depth axis"), depth);

        assertEquals("MaxPooling3D: poolSize must be >= 1, got [-2]", refused(() -> MaxPooling3D.of(-2)));
        assertEquals("AveragePooling3D: strides must be >= 1, got [0]", refused(() -> AveragePooling3D.of(2, 0)));
        String window = refused(() -> MaxPooling3D.of(3).outputShape(Shape.of(N, 2, 4, 4, 1)));
        assertTrue(window.startsWith("MaxPooling3D: ") && window.contains("[N, 2, 4, 4, 1]"), window);
        String averaged = refused(() -> AveragePooling3D.of(List.of(2, 5, 2)).outputShape(Shape.of(N, 4, 4, 4, 1)));
        assertTrue(averaged.startsWith("AveragePooling3D: ") && averaged.contains("[N, 4, 4, 4, 1]"), averaged);
        assertEquals("UpSampling3D: size must be >= 1, got [2, 0, 2]", refused(() -> UpSampling3D.of(2, 0, 2)));
        assertEquals("ZeroPadding3D: padding must be ((front, back), (top, bottom), (left, right)) with counts >= 0,"
                + " got [[1, 1], [-1, 0], [0, 0]]", refused(() -> new ZeroPadding3D(List.of(List.of(1, 1),
                        List.of(-1, 0), List.of(0, 0)), "channels_last", null)));
        assertEquals("Cropping3D: cropping must be ((front, back), (top, bottom), (left, right)) with counts >= 0,"
                + " got [[1, 1], [1, 1]]", refused(() -> new Cropping3D(List.of(List.of(1, 1), List.of(1, 1)),
                        "channels_last", null)));
        assertEquals("Cropping3D: the cropping [[1, 1], [2, 2], [0, 0]] must leave at least one cell on each spatial"
                + " axis, got [N, 3, 4, 5, 1]", refused(() -> Cropping3D.of(1, 2, 0).outputShape(Shape.of(N, 3, 4, 5,
                        1))));
        assertEquals("SpatialDropout3D: rate must be in [0, 1), got 1.0", refused(() -> SpatialDropout3D.of(1)));
        assertTrue(refused(() -> SpatialDropout3D.of(0.5).outputShape(Shape.of(N, 4, 4, 3)))
                .startsWith("SpatialDropout3D: input must be"));
        assertTrue(refused(() -> UpSampling3D.of().dataFormat("channels-first")).startsWith("UpSampling3D: dataFormat"
                + " must be \"channels_last\" or \"channels_first\", got \"channels-first\""));
    }

    @Test
    void spatialDropoutDropsWholeVolumesWhileTrainingAndPassesTheMask() {
        Tensor x = Tensor.uniform(Key.of(4), DType.FLOAT64, Shape.of(4, 2, 3, 2, 8), 1, 2);
        for (String format : new String[] {"channels_last", "channels_first"}) {
            boolean last = format.equals("channels_last");
            SpatialDropout3D layer = SpatialDropout3D.of(0.5).dataFormat(format);
            Tensor y = LayerGraphs.run(LayerGraphs.graph(layer, x.shape(), true), x, Map.of(), 5);
            int channels = last ? 8 : 2;
            int dropped = 0;
            for (int n = 0; n < 4; n++) {
                for (int c = 0; c < channels; c++) {
                    boolean kept = y.get(last ? new int[] {n, 0, 0, 0, c} : new int[] {n, c, 0, 0, 0}) != 0;
                    dropped += kept ? 0 : 1;
                    for (int i = 0; i < x.size() / (4 * channels); i++) {
                        int[] at = cell(x.shape(), n, c, i, last);
                        assertEquals(kept ? 2 * x.get(at) : 0, y.get(at), 1e-15, "a channel is kept or dropped whole");
                    }
                }
            }
            assertTrue(dropped > 0 && dropped < 4 * channels, format + ": some channels dropped, not all: " + dropped);
            assertTrue(LayerGraphs.run(LayerGraphs.graph(layer, x.shape(), false), x, Map.of(), 5).sameValues(x),
                    "the identity at inference");
        }
        Node mask = SourceOp.input("mask", Shape.of(4, 2), DType.FLOAT64);
        ForwardGraph g = ForwardGraph.build((in, layers) -> layers.apply(SpatialDropout3D.of(0.5),
                layers.mask(in, mask)), x.shape(), DType.FLOAT64, false, null);
        assertEquals(mask, g.outputMask(), "a Dropout in Keras: the mask passes");
        for (Layer layer : List.<Layer>of(Cropping3D.of(0), ZeroPadding3D.of(0), UpSampling3D.of(1), MaxPooling3D.of(1),
                AveragePooling3D.of(1), Conv3DTranspose.of(2, 1))) {
            ForwardGraph dropped = ForwardGraph.build((in, layers) -> layers.apply(layer, layers.mask(in, mask)),
                    x.shape(), DType.FLOAT64, false, null);
            assertNull(dropped.outputMask(), layer.kind() + " does not support masking in Keras");
        }
    }

    /** The index of cell {@code i} (row-major over the spatial axes) of channel c of example n. */
    private static int[] cell(Shape shape, int n, int c, int i, boolean last) {
        int first = last ? 1 : 2;
        int[] at = new int[5];
        at[0] = n;
        at[last ? 4 : 1] = c;
        for (int a = 2; a >= 0; a--) {
            at[first + a] = i % shape.dim(first + a);
            i /= shape.dim(first + a);
        }
        return at;
    }

    @Test
    void modelsOfTheNewLayersSaveAndLoadWithIdenticalOutputs() throws IOException {
        Sequential volume = new Sequential(Shape.of(3, 4, 4, 2), DType.FLOAT32, 11);
        volume.add(Conv3DTranspose.of(3, 3, 2).padding("same").outputPadding(1, 0, 1).named("up"))
                .add(MaxPooling3D.of(2).strides(1).padding("same")).add(AveragePooling3D.of(List.of(2, 1, 2)))
                .add(UpSampling3D.of(1, 2, 1).dataFormat("channels_last")).add(ZeroPadding3D.of(1, 0, 2))
                .add(Cropping3D.of(0, 1, 1)).add(SpatialDropout3D.of(0.3).named("drop"));
        Sequential sequence = new Sequential(Shape.of(6, 4), DType.FLOAT32, 12);
        sequence.add(Conv1DTranspose.of(3, 3, 2).padding("same").outputPadding(1).activation(new Relu()))
                .add(Conv1DTranspose.of(2, 2).dataFormat("channels_first").named("first"));
        for (Sequential model : List.of(volume, sequence)) {
            Path file = dir.resolve(model.stack().get(0).kind() + ".safetensors");
            ModelFiles.save(model, file);
            Model loaded = ModelFiles.load(file);
            assertEquals(model.stack(), ((Sequential) loaded).stack());
            int[] dims = model.inputShape().dims();
            dims[0] = 2;
            Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(dims), -1, 1);
            assertTrue(model.predict(x).sameValues(loaded.predict(x)), model.stack().get(0).kind());
            assertEquals(model.summary(), loaded.summary());
        }
        String json = dev.adjoint.core.io.SafeTensors.read(dir.resolve("conv3d_transpose.safetensors")).metadata()
                .get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"up_sampling3d\",\"size\":[1,2,1],\"data_format\":\"channels_last\","
                + "\"name\":null}") && json.contains("\"type\":\"conv3d_transpose\"")
                && json.contains("\"output_padding\":[1,0,1]"), json);
    }
}
