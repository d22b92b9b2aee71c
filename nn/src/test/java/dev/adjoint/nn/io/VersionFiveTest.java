package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Embedding;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 5 keep loading: their attention layers had no dropout, and version 6 reads them with
 * {@code "dropout": 0}.
 */
class VersionFiveTest {

    @TempDir
    Path dir;

    @Test
    void aVersionFiveAttentionLayerLoadsWithoutDropout() throws IOException {
        Sequential model = new Sequential(Shape.of(5), DType.FLOAT32, 3);
        model.add(Embedding.of(7, 4));
        model.add(MultiHeadAttention.of(2, 3).causal(true));
        model.add(Dense.of(2));
        Path file = dir.resolve("current.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String v6Layer = "\"value_dim\":3,\"dropout\":0.0,\"use_bias\":true";
        String current = "\"format_version\":" + ModelFiles.FORMAT_VERSION + ",";
        assertTrue(json.contains(current) && json.contains(v6Layer), json);
        String v5 = json.replace(current, "\"format_version\":5,")
                .replace(v6Layer, "\"value_dim\":3,\"use_bias\":true");
        Path old = dir.resolve("v5.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v5));
        Model loaded = ModelFiles.load(old);
        Path again = dir.resolve("again.safetensors");
        ModelFiles.save(loaded, again);
        assertEquals(json, SafeTensors.read(again).metadata().get(ModelFiles.METADATA_KEY));
        Tensor x = Tensor.of(DType.FLOAT32, Shape.of(1, 5), 1, 6, 0, 2, 3);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }
}
