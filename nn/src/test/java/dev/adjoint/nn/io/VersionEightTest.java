package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Bidirectional;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.GRU;
import dev.adjoint.nn.layer.LSTM;
import dev.adjoint.nn.layer.SimpleRNN;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 8 keep loading: their recurrent layers had no {@code dropout} and
 * {@code recurrent_dropout}, and version 9 reads them with rates 0, also inside Bidirectional; layers with
 * dropout save and load their rates.
 */
class VersionEightTest {

    @TempDir
    Path dir;

    @Test
    void versionEightRecurrentLayersLoadWithoutDropout() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 3), DType.FLOAT32, 5);
        model.add(SimpleRNN.of(4).returnSequences(true));
        model.add(Bidirectional.of(LSTM.of(3).returnSequences(true)));
        model.add(GRU.of(2));
        Path file = dir.resolve("current.safetensors");
        ModelFiles.save(model, file);
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String current = "\"format_version\":" + ModelFiles.FORMAT_VERSION + ",";
        String fields = "\"dropout\":0.0,\"recurrent_dropout\":0.0,";
        assertTrue(json.contains(current) && json.split(java.util.regex.Pattern.quote(fields), -1).length == 4, json);
        String v8 = json.replace(current, "\"format_version\":8,").replace(fields, "");
        Path old = dir.resolve("v8.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v8));
        Model loaded = ModelFiles.load(old);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Path again = dir.resolve("again.safetensors");
        ModelFiles.save(loaded, again);
        assertEquals(json, SafeTensors.read(again).metadata().get(ModelFiles.METADATA_KEY));
        Tensor x = Tensor.uniform(Key.of(1), DType.FLOAT32, Shape.of(2, 4, 3), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)));
    }

    @Test
    void recurrentLayersWithDropoutSaveAndLoadTheirRates() throws IOException {
        Sequential model = new Sequential(Shape.of(4, 3), DType.FLOAT32, 5);
        model.add(Bidirectional.of(LSTM.of(3).dropout(0.25).recurrentDropout(0.5).returnSequences(true)));
        model.add(SimpleRNN.of(2).recurrentDropout(0.125).returnSequences(true));
        model.add(GRU.of(2).dropout(0.375).goBackwards(true));
        model.add(Dense.of(1));
        Path file = dir.resolve("dropout.safetensors");
        ModelFiles.save(model, file);
        String json = SafeTensors.read(file).metadata().get(ModelFiles.METADATA_KEY);
        assertTrue(json.contains("\"dropout\":0.25,\"recurrent_dropout\":0.5,")
                && json.contains("\"dropout\":0.0,\"recurrent_dropout\":0.125,")
                && json.contains("\"dropout\":0.375,\"recurrent_dropout\":0.0,"), json);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.stack(), ((Sequential) loaded).stack());
        Tensor x = Tensor.uniform(Key.of(2), DType.FLOAT32, Shape.of(3, 4, 3), -1, 1);
        assertTrue(model.predict(x).sameValues(loaded.predict(x)), "inference ignores the dropout");
    }
}
