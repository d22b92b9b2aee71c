package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.init.RandomUniform;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.TimeDistributed;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 7 keep loading: their parametric ReLUs had no {@code shared_axes}, and version 8 reads
 * them with {@code "shared_axes": null}, one slope per feature of the last axis, also inside a wrapper layer; a
 * layer with shared axes saves and loads.
 */
class VersionSevenTest {

    @TempDir
    Path dir;

    @Test
    void aVersionSevenParametricReluLoadsWithOneSlopePerLastAxisFeature() throws IOException {
        Sequential model = new Sequential(Shape.of(3, 4, 2), DType.FLOAT32, 5);
        model.add(new PReLU(new RandomUniform(-1, 1), null, "p"));
        model.add(new TimeDistributed(new PReLU(new RandomUniform(-1, 1), null, "inner"), "td"));
        Path file = dir.resolve("current.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String current = "\"format_version\":" + ModelFiles.FORMAT_VERSION + ",";
        String field = "\"shared_axes\":null,";
        assertTrue(json.contains(current) && json.split(java.util.regex.Pattern.quote(field), -1).length == 3, json);
        String v7 = json.replace(current, "\"format_version\":7,").replace(field, "");
        Path old = dir.resolve("v7.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v7));
        Model loaded = ModelFiles.load(old);
        assertEquals(Shape.of(2), loaded.weights().get("p/alpha").shape());
        Path again = dir.resolve("again.safetensors");
        ModelFiles.save(loaded, again);
        assertEquals(json, SafeTensors.read(again).metadata().get(ModelFiles.METADATA_KEY));
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(2, 3, 4, 2), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void theDefaultParametricReluHasOneSlopePerElementAndSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(3, 4, 2), DType.FLOAT32, 5);
        model.add(PReLU.of());
        assertEquals(Shape.of(3, 4, 2), model.weights().get("p_re_lu/alpha").shape());
        Path file = dir.resolve("default.safetensors");
        ModelFiles.save(model, file);
        assertTrue(SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY).contains("\"shared_axes\":[]"));
        Model loaded = ModelFiles.load(file);
        assertEquals(Shape.of(3, 4, 2), loaded.weights().get("p_re_lu/alpha").shape());
        Tensor x = Tensor.uniform(Key.of(3), DType.FLOAT32, Shape.of(2, 3, 4, 2), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void aParametricReluWithSharedAxesSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(3, 4, 2), DType.FLOAT32, 5);
        model.add(new PReLU(new RandomUniform(-1, 1), null, null).sharedAxes(1));
        Path file = dir.resolve("shared.safetensors");
        ModelFiles.save(model, file);
        assertTrue(SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY).contains("\"shared_axes\":[1]"));
        Model loaded = ModelFiles.load(file);
        assertEquals(Shape.of(1, 4, 2), loaded.weights().get("p_re_lu/alpha").shape());
        Tensor x = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(2, 3, 4, 2), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }
}
