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
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras's UpSampling1D, ZeroPadding1D, Cropping1D, SpatialDropout1D, GlobalAveragePooling3D and GlobalMaxPooling3D:
 * their index formulas, dropout's per-channel masks, their masks and model files.
 */
class SequenceAndVolumeLayersTest {

    @TempDir
    Path dir;

    private static final Tensor X = Tensor.normal(Key.of(1), DType.FLOAT64, Shape.of(2, 5, 3), 0, 1);

    private static Tensor inference(Layer layer, Tensor x) {
        return LayerGraphs.run(LayerGraphs.graph(layer, x.shape(), false), x, Map.of(), 0);
    }

    @Test
    void upSamplingPaddingAndCroppingMoveStepsAsTheirFormulas() {
        Tensor up = inference(UpSampling1D.of(3), X);
        Tensor padded = inference(ZeroPadding1D.of(2, 1), X);
        Tensor cropped = inference(Cropping1D.of(1, 2), X);
        assertEquals(Shape.of(2, 15, 3), up.shape());
        assertEquals(Shape.of(2, 8, 3), padded.shape());
        assertEquals(Shape.of(2, 2, 3), cropped.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < 15; t++) {
                    assertEquals(X.get(n, t / 3, c), up.get(n, t, c));
                }
                for (int t = 0; t < 8; t++) {
                    assertEquals(t >= 2 && t < 7 ? X.get(n, t - 2, c) : 0, padded.get(n, t, c));
                }
                for (int t = 0; t < 2; t++) {
                    assertEquals(X.get(n, t + 1, c), cropped.get(n, t, c));
                }
            }
        }
        assertEquals(Shape.of(Shape.BATCH, 12, 3), UpSampling1D.of().outputShape(Shape.of(Shape.BATCH, 6, 3)),
                "Keras's default size 2");
        assertEquals(Shape.of(Shape.BATCH, 8, 3), ZeroPadding1D.of().outputShape(Shape.of(Shape.BATCH, 6, 3)));
        assertEquals(Shape.of(Shape.BATCH, 4, 3), Cropping1D.of().outputShape(Shape.of(Shape.BATCH, 6, 3)));
        assertEquals("Cropping1D: the cropping [3, 3] must leave at least one of the input's 6 steps, got 0 for input "
                + Shape.of(Shape.BATCH, 6, 3), assertThrows(IllegalArgumentException.class,
                        () -> Cropping1D.of(3).outputShape(Shape.of(Shape.BATCH, 6, 3))).getMessage());
        assertEquals("ZeroPadding1D: padding must be >= 0, got [-1, 2]",
                assertThrows(IllegalArgumentException.class, () -> ZeroPadding1D.of(-1, 2)).getMessage());
        assertEquals("UpSampling1D: input must be [N, T, C], got " + Shape.of(2, 3, 4, 5), assertThrows(
                IllegalArgumentException.class, () -> UpSampling1D.of(2).outputShape(Shape.of(2, 3, 4, 5)))
                .getMessage());
    }

    @Test
    void spatialDropoutDropsWholeChannelsWhileTrainingAndKeepsTheMask() {
        SpatialDropout1D layer = SpatialDropout1D.of(0.5);
        Tensor x = Tensor.uniform(Key.of(2), DType.FLOAT64, Shape.of(4, 6, 8), 1, 2);
        Tensor y = LayerGraphs.run(LayerGraphs.graph(layer, x.shape(), true), x, Map.of(), 77);
        int dropped = 0;
        for (int n = 0; n < 4; n++) {
            for (int c = 0; c < 8; c++) {
                boolean kept = y.get(n, 0, c) != 0;
                dropped += kept ? 0 : 1;
                for (int t = 0; t < 6; t++) {
                    assertEquals(kept ? 2 * x.get(n, t, c) : 0, y.get(n, t, c), 1e-15, "a channel is kept whole");
                }
            }
        }
        assertTrue(dropped > 0 && dropped < 32, "some channels dropped, not all: " + dropped);
        assertTrue(inference(layer, x).sameValues(x), "the identity at inference");
        Node mask = SourceOp.input("mask", Shape.of(4, 6), DType.FLOAT64);
        ForwardGraph g = ForwardGraph.build((in, layers) -> layers.apply(layer, layers.mask(in, mask)),
                Shape.of(4, 6, 8), DType.FLOAT64, false, null);
        assertEquals(mask, g.outputMask(), "a Dropout in Keras: the mask passes");
        ForwardGraph padded = ForwardGraph.build((in, layers) -> layers.apply(ZeroPadding1D.of(0),
                layers.mask(in, mask)), Shape.of(4, 6, 8), DType.FLOAT64, false, null);
        assertNull(padded.outputMask(), "Keras's ZeroPadding1D does not support masking");
    }

    @Test
    void globalPoolingOverAVolumeTakesTheMeanOrTheMaximumOfEachChannel() {
        Tensor x = Tensor.normal(Key.of(3), DType.FLOAT64, Shape.of(2, 3, 4, 2, 5), 0, 1);
        Tensor mean = inference(GlobalAveragePooling3D.of(), x);
        Tensor max = inference(GlobalMaxPooling3D.of(), x);
        Tensor first = inference(GlobalAveragePooling3D.of().dataFormat("channels_first").keepdims(true), x);
        assertEquals(Shape.of(2, 5), mean.shape());
        assertEquals(Shape.of(2, 3, 1, 1, 1), first.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 5; c++) {
                double sum = 0;
                double largest = Double.NEGATIVE_INFINITY;
                for (int d = 0; d < 3; d++) {
                    for (int h = 0; h < 4; h++) {
                        for (int w = 0; w < 2; w++) {
                            sum += x.get(n, d, h, w, c);
                            largest = Math.max(largest, x.get(n, d, h, w, c));
                        }
                    }
                }
                assertEquals(sum / 24, mean.get(n, c), 1e-14);
                assertEquals(largest, max.get(n, c));
            }
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int d = 0; d < 4; d++) {
                    for (int h = 0; h < 2; h++) {
                        for (int w = 0; w < 5; w++) {
                            sum += x.get(n, c, d, h, w);
                        }
                    }
                }
                assertEquals(sum / 40, first.get(n, c, 0, 0, 0), 1e-14);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> GlobalMaxPooling3D.of().outputShape(Shape.of(2, 3, 4, 5)));
    }

    @Test
    void aModelOfTheNewLayersSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(5, 3), DType.FLOAT32, 7);
        model.add(ZeroPadding1D.of(1, 2)).add(UpSampling1D.of(2).named("up")).add(Cropping1D.of(3, 1))
                .add(SpatialDropout1D.of(0.25));
        Path file = dir.resolve("m.safetensors");
        ModelFiles.save(model, file);
        String json = dev.adjoint.core.io.SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("{\"type\":\"zero_padding1d\",\"padding\":[1,2],\"name\":null}")
                && json.contains("{\"type\":\"up_sampling1d\",\"size\":2,\"name\":\"up\"}"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(2, 5, 3), -1, 1);
        assertEquals(Shape.of(2, 12, 3), model.predict(x).shape());
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }
}
