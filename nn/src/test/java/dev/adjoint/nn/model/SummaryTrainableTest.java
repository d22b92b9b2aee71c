package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Frozen;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code summary(true)} is Keras 3's {@code summary(show_trainable=True)}: a "Trainable" column with {@code Y} for a
 * layer with weights that is not frozen (batch normalization too, whose moving statistics are non-trainable
 * weights of a trainable layer), {@code N} for a frozen one and {@code -} for a layer without weights;
 * the totals split trainable and non-trainable weights as Keras's {@code trainable_weights} and
 * {@code non_trainable_weights}.
 */
class SummaryTrainableTest {

    @TempDir
    Path dir;

    private static Sequential model() {
        Sequential model = new Sequential(Shape.of(3), DType.FLOAT64, 1);
        model.add(Frozen.of(Dense.of(4))).add(Dropout.of(0.5)).add(BatchNormalization.of()).add(Dense.of(2));
        return model;
    }

    @Test
    void theTrainableColumnMarksFrozenLayersAndLayersWithoutWeights() {
        Sequential model = model();
        List<LayerInfo> layers = model.layers();
        assertEquals(List.of(false, true, true, true), layers.stream().map(LayerInfo::trainable).toList());
        String expected = String.join(System.lineSeparator(),
                "Model: Sequential (input [N, 3], f64)",
                "-".repeat(78),
                "Layer (type)                                Output shape   Param #   Trainable",
                "=".repeat(78),
                "dense (dense)                               [N, 4]              16       N",
                "dropout (dropout)                           [N, 4]               0       -",
                "batch_normalization (batch_normalization)   [N, 4]              16       Y",
                "dense_1 (dense)                             [N, 2]              10       Y",
                "-".repeat(78),
                // Keras: trainable = dense_1 10 + batch normalization's gamma and beta 8; the rest is not
                "Total params: 42",
                "Trainable params: 18",
                "Non-trainable params: 24",
                "");
        assertEquals(expected, model.summary(true).replace("\n", System.lineSeparator()));
    }

    @Test
    void withoutTheOptionTheTableIsKerassDefaultOneAndFilesKeepTheFlag() throws Exception {
        Sequential model = model();
        String plain = model.summary();
        assertEquals(plain, model.summary(false));
        assertFalse(plain.contains("Param #   Trainable"), plain);
        assertTrue(plain.contains("dense (dense)                               [N, 4]              16"
                + System.lineSeparator()), plain);
        Path file = dir.resolve("summary.adj");
        ModelFiles.save(model, file);
        assertEquals(model.summary(true), ModelFiles.load(file).summary(true));
    }
}
