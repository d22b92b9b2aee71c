package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.conv.Conv2DTranspose;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 6 keep loading: their transposed convolutions had no {@code output_padding}, and
 * version 7 reads them with {@code "output_padding": null}; a layer with output padding saves and loads.
 */
class VersionSixTest {

    @TempDir
    Path dir;

    @Test
    void aVersionSixTransposedConvolutionLoadsWithoutOutputPadding() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 4, 2), DType.FLOAT32, 5);
        model.add(Conv2DTranspose.of(3, 3).strides(2));
        Path file = dir.resolve("current.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String current = "\"format_version\":" + ModelFiles.FORMAT_VERSION + ",";
        String field = "\"output_padding\":null,";
        assertTrue(json.contains(current) && json.contains(field), json);
        String v6 = json.replace(current, "\"format_version\":6,").replace(field, "");
        Path old = dir.resolve("v6.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v6));
        Model loaded = ModelFiles.load(old);
        Path again = dir.resolve("again.safetensors");
        ModelFiles.save(loaded, again);
        assertEquals(json, SafeTensors.read(again).metadata().get(ModelFiles.METADATA_KEY));
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(2, 4, 4, 2), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void aTransposedConvolutionWithOutputPaddingSavesAndLoads() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 4, 2), DType.FLOAT32, 5);
        model.add(Conv2DTranspose.of(3, 3).strides(2).padding("same").outputPadding(0, 1));
        Path file = dir.resolve("padded.safetensors");
        ModelFiles.save(model, file);
        assertTrue(SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY)
                .contains("\"output_padding\":[0,1]"));
        Model loaded = ModelFiles.load(file);
        Tensor x = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(2, 4, 4, 2), -1, 1);
        Tensor y = loaded.predict(x);
        assertEquals(Shape.of(2, 7, 8, 3), y.shape(), "(4 - 1)·2 + 3 - 2 + (0, 1)");
        assertTrue(model.predict(x).sameValues(y));
    }
}
