package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.LoggedWarnings;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.augment.RandomFlip;
import dev.adjoint.nn.layer.augment.RandomTranslation;
import dev.adjoint.nn.layer.augment.RandomZoom;
import dev.adjoint.nn.model.ForwardGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The layers outside the convolution package against Keras 3's {@code supports_masking}: a layer that sets it passes
 * its input's mask on unchanged ({@code MultiHeadAttention} gives its output the query's mask), and
 * {@code Layer.__call__} drops the mask of any other, warning that it "does not support masking".
 */
class KerasMaskingRulesTest {

    /**
     * The layer applied to x of {@code shape} carrying {@code mask}, while training (an augmentation is the identity
     * at inference, and its output, x itself, keeps x's mask).
     */
    private static ForwardGraph masked(Layer layer, Shape shape, Node mask) {
        Node key = SourceOp.input("key", Shape.scalar(), DType.FLOAT64);
        Node rows = SourceOp.input("rows", Shape.of(shape.dim(0)), DType.FLOAT64);
        return ForwardGraph.build((x, layers) -> layers.apply(layer, mask == null ? x : layers.mask(x, mask)), shape,
                DType.FLOAT64, true, key, rows);
    }

    private static List<String> warnings(Runnable run) {
        return LoggedWarnings.during("dev.adjoint.nn.layer", run);
    }

    /**
     * Keras 3's {@code Reshape}, {@code Flatten}, {@code CategoryEncoding} and the image augmentations
     * ({@code RandomFlip}, {@code RandomTranslation}, {@code RandomZoom}: {@code TFDataLayer}s) do not set
     * {@code supports_masking}. A reshape of the features and an augmentation keep axis 1, so the default rule
     * passed the mask on before.
     */
    @Test
    void layersWithoutKerasMaskSupportDropTheMaskAndWarn() {
        Node mask = SourceOp.input("mask", Shape.of(3, 4), DType.FLOAT64);
        Shape image = Shape.of(3, 4, 5, 2);
        List<Layer> layers = List.of(Reshape.of(4, 2, 3).named("r"), Flatten.of(), CategoryEncoding.multiHot(5),
                RandomFlip.of(), RandomTranslation.of(0.1, 0.1), RandomZoom.of(0.1));
        List<Shape> inputs = List.of(Shape.of(3, 4, 6), Shape.of(3, 4, 2), Shape.of(3, 4), image, image, image);
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Shape input = inputs.get(i);
            ForwardGraph[] g = new ForwardGraph[1];
            List<String> logged = warnings(() -> g[0] = masked(layer, input, mask));
            assertNull(g[0].outputMask(), layer + " passed the mask on");
            String kind = layer.getClass().getSimpleName();
            assertEquals(List.of(kind + (layer.name() == null ? "" : " '" + layer.name() + "'") + ": was passed an"
                    + " input with a mask, but does not support masking (as in Keras); its output carries no mask,"
                    + " so the layers after it will not see it"), logged, kind);
            assertEquals(List.of(), warnings(() -> masked(layer, input, null)), kind + " without a mask");
        }
    }

    /**
     * Keras 3 sets {@code supports_masking = True} on {@code Dense}, {@code Dropout}, {@code Activation},
     * {@code BatchNormalization}, {@code LayerNormalization}, {@code Normalization}, {@code GaussianNoise},
     * {@code GaussianDropout}, {@code PReLU}, {@code GroupNormalization} and {@code UnitNormalization};
     * {@code MultiHeadAttention}, {@code Attention} and {@code AdditiveAttention} give their output the query's mask.
     */
    @Test
    void layersWithKerasMaskSupportPassTheMaskOnWithoutAWarning() {
        Node mask = SourceOp.input("mask", Shape.of(3, 4), DType.FLOAT64);
        Shape seq = Shape.of(3, 4, 2);
        List<Layer> layers = List.of(Dense.of(3), Dropout.of(0.5), ActivationLayer.of(new Relu()),
                BatchNormalization.of(), LayerNormalization.of(), new Normalization(new double[8], ones(8), null),
                GaussianNoise.of(0.1), GaussianDropout.of(0.1), PReLU.of(), MultiHeadAttention.of(2, 2),
                Frozen.of(Dense.of(2)), GroupNormalization.of(2), UnitNormalization.of(), Attention.of(),
                AdditiveAttention.of());
        List<String> logged = warnings(() -> {
            for (Layer layer : layers) {
                assertSame(mask, masked(layer, seq, mask).outputMask(), layer + " dropped the mask");
            }
        });
        assertEquals(List.of(), logged);
    }

    private static double[] ones(int n) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }
}
