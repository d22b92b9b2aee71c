package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.LayerNormalization;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 9 keep loading: their attention had no {@code return_attention_scores}, their layer
 * normalization no {@code axis} and their batch normalization no {@code center} and {@code scale}; version 10
 * reads them with the behaviour they had (one output, the last axis, beta and gamma), also inside a wrapper; layers
 * with the new options save and load them.
 */
class VersionNineTest {

    @TempDir
    Path dir;

    @Test
    void versionNineNormalizationsAndAttentionLoadWithTheirOldBehaviour() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 6), DType.FLOAT32, 5);
        model.add(MultiHeadAttention.of(2, 3).causal(true));
        model.add(LayerNormalization.of());
        model.add(new TimeDistributed(BatchNormalization.of(), "td"));
        Path file = dir.resolve("current.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String current = "\"format_version\":" + ModelFiles.FORMAT_VERSION + ",";
        // batch normalization's center and scale follow its momentum and epsilon; layer normalization had its own
        String batchNorm = "\"momentum\":0.99,\"epsilon\":0.001,";
        String[] fields = {"\"return_attention_scores\":false,", "\"axis\":[-1],",
            batchNorm + "\"center\":true,\"scale\":true,"};
        String v9 = json.replace(current, "\"format_version\":9,");
        for (String field : fields) {
            assertTrue(json.contains(field), field + " in " + json);
            v9 = v9.replace(field, field.startsWith(batchNorm) ? batchNorm : "");
        }
        assertTrue(json.contains(current) && !v9.contains("return_attention") && !v9.contains("\"axis\":[")
                && !v9.contains(batchNorm + "\"center\""), v9);
        Path old = dir.resolve("v9.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v9));
        Model loaded = ModelFiles.load(old);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Path again = dir.resolve("again.safetensors");
        ModelFiles.save(loaded, again);
        assertEquals(json, SafeTensors.read(again).metadata().get(ModelFiles.METADATA_KEY));
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(2, 4, 6), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void normalizationsWithKerasOptionsSaveAndLoadThem() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 6), DType.FLOAT32, 5);
        model.add(LayerNormalization.of().axis(1, 2).epsilon(1e-5).center(false).named("ln"));
        model.add(BatchNormalization.of().center(false).named("bn"));
        model.add(BatchNormalization.of().scale(false).named("bn2"));
        Path file = dir.resolve("options.safetensors");
        ModelFiles.save(model, file);
        String json = SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("\"axis\":[1,2],\"epsilon\":1.0E-5,\"center\":false,\"scale\":true"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        assertEquals(model.weights().keySet(), loaded.weights().keySet());
        Tensor x = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(3, 4, 6), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }
}
