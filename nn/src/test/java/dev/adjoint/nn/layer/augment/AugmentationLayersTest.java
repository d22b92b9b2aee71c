package dev.adjoint.nn.layer.augment;

import static dev.adjoint.nn.layer.conv.LayerGraphs.graph;
import static dev.adjoint.nn.layer.conv.LayerGraphs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AugmentationLayersTest {

    private static final Shape IMAGES = Shape.of(Shape.BATCH, 4, 5, 2);

    private static Tensor images(long key, int n) {
        return Tensor.normal(Key.of(key), DType.FLOAT64, Shape.of(n, 4, 5, 2), 0, 1);
    }

    private static Tensor train(Layer layer, Tensor x, long key) {
        return run(graph(layer, IMAGES, true), x, Map.of(), key);
    }

    @Test
    void augmentationIsTheIdentityAtInferenceAndAFunctionOfTheKeyWhileTraining() {
        Tensor x = images(1, 8);
        for (Layer layer : List.of(RandomFlip.of(), RandomTranslation.of(0.3, 0.3), RandomZoom.of(0.3))) {
            assertTrue(run(graph(layer, IMAGES, false), x, Map.of(), 5).sameValues(x), layer.toString());
            Tensor a = train(layer, x, 5);
            assertEquals(x.shape(), a.shape());
            assertTrue(train(layer, x, 5).sameValues(a), "same key, same images: " + layer);
            assertFalse(train(layer, x, 6).sameValues(a), "another key, other images: " + layer);
        }
    }

    /**
     * An image's augmentation is drawn from the step's key, the layer's salt and the image's index in the training
     * data, not its position in the batch: images 6, 1 and 5 of a batch of 8 come out as they do in a batch of
     * their own (at positions 0, 1, 2), so a batch split into shards draws what the whole batch would. Drawn by
     * position, the small batch's images would take the transforms of images 0, 1 and 2.
     */
    @Test
    void anImagesAugmentationDependsOnItsIndexNotOnItsPositionOrBatch() {
        Tensor x = images(4, 8);
        int[] picked = {6, 1, 5};
        for (Layer layer : List.of(RandomFlip.of(), RandomFlip.of().mode("vertical"), RandomTranslation.of(0.3, 0.3),
                RandomZoom.of(0.3), RandomZoom.of(0.3).widthFactor(List.of(-0.2, 0.4)))) {
            ForwardGraph g = graph(layer, IMAGES, true);
            Tensor whole = run(g, x, Map.of(), 11);
            Tensor part = run(g, x.takeRows(picked), Map.of(), 11, 6, 1, 5);
            assertTrue(part.allClose(whole.takeRows(picked), 0, 1e-12), layer + ": " + part + " vs " + whole);
            Tensor alone = run(g, x.takeRows(5), Map.of(), 11, 5);
            assertTrue(alone.allClose(whole.takeRows(5), 0, 1e-12), layer + ": image 5 alone");
            boolean varies = false;
            for (int index = 0; index < 8 && !varies; index++) {
                varies = !run(g, x.takeRows(5), Map.of(), 11, index).allClose(alone, 0, 1e-12);
            }
            assertTrue(varies, layer + ": image 5 taken for other examples gets other draws");
        }
    }

    @Test
    void horizontalFlipMirrorsSomeImagesLeftRightAndKeepsTheOthers() {
        Tensor x = images(2, 16);
        Tensor y = train(RandomFlip.of().mode("horizontal"), x, 9);
        int flipped = 0;
        for (int n = 0; n < 16; n++) {
            boolean same = true;
            boolean mirrored = true;
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    for (int c = 0; c < 2; c++) {
                        same &= y.get(n, i, j, c) == x.get(n, i, j, c);
                        mirrored &= y.get(n, i, j, c) == x.get(n, i, 4 - j, c);
                    }
                }
            }
            assertTrue(same || mirrored, "image " + n + " is kept or mirrored");
            flipped += mirrored ? 1 : 0;
        }
        assertTrue(flipped > 2 && flipped < 14, "about half of 16 flipped, got " + flipped);
    }

    @Test
    void translationByAWholeRowMovesTheImageDownAndFillsTheTopWithTheFillValue() {
        Tensor x = images(3, 3);
        RandomTranslation down = new RandomTranslation(List.of(0.25, 0.25), List.of(0.0), "constant", "bilinear",
                7.0, "channels_last", null);
        Tensor y = train(down, x, 4);
        for (int n = 0; n < 3; n++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(7.0, y.get(n, 0, j, 1), 1e-12);
                for (int i = 1; i < 4; i++) {
                    assertEquals(x.get(n, i - 1, j, 0), y.get(n, i, j, 0), 1e-12);
                }
            }
        }
    }

    @Test
    void zoomAndTranslationKeepAUniformImageUniformUnderReflection() {
        Tensor x = Tensor.full(DType.FLOAT64, Shape.of(4, 4, 5, 2), 0.75);
        for (Layer layer : List.of(RandomZoom.of(0.4), RandomTranslation.of(0.4, 0.4))) {
            Tensor y = train(layer, x, 8);
            for (int i = 0; i < y.size(); i++) {
                assertEquals(0.75, y.flat(i), 1e-12, layer.toString());
            }
        }
    }

    @Test
    void badArgumentsAreRejectedNamingTheLayer() {
        String mode = assertThrows(IllegalArgumentException.class, () -> RandomFlip.of().mode("diagonal"))
                .getMessage();
        assertTrue(mode.startsWith("RandomFlip: mode must be"), mode);
        String factor = assertThrows(IllegalArgumentException.class, () -> RandomTranslation.of(1.5, 0))
                .getMessage();
        assertTrue(factor.startsWith("RandomTranslation: heightFactor"), factor);
        String rank = assertThrows(IllegalArgumentException.class,
                () -> RandomZoom.of(0.1).outputShape(Shape.of(Shape.BATCH, 4, 5))).getMessage();
        assertTrue(rank.startsWith("RandomZoom: "), rank);
    }
}
