package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Momentum;
import dev.adjoint.optim.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of format version 1 keep loading as version 2 reads them: the optimizers {@code "momentum"} and
 * {@code "nesterov"} become {@link Momentum} without and with the look-ahead, and a checkpoint's progress has
 * the learning-rate factor 1 and no callback state. (The committed golden file, an Adam model, is checked by
 * {@link GoldenModelTest}; these files are version-2 files written back in version 1's words.)
 */
class VersionOneTest {

    @TempDir
    Path dir;

    /** A model compiled with {@code optimizer}, checkpointed at epoch 3 with seed 42, rewritten as version 1. */
    private Path versionOneFile(Momentum optimizer, String type) throws IOException {
        Sequential model = Models.classifier(1);
        model.compile(optimizer, model.compilation().loss());
        Path file = dir.resolve(type + ".safetensors");
        ModelFiles.save(model, file, new FitProgress(3, 42));
        NamedTensors saved = SafeTensors.read(file);
        String json = saved.metadata().get(ModelFiles.METADATA_KEY);
        String v2Optimizer = "{\"type\":\"momentum\",\"learning_rate\":{\"type\":\"constant\",\"learning_rate\":0.05},"
                + "\"momentum\":0.8,\"nesterov\":" + optimizer.nesterov() + "}";
        String v2Fit = "\"fit\":{\"epoch\":3,\"seed\":42,\"learning_rate_factor\":1.0,\"callbacks\":{}}";
        assertTrue(json.contains(v2Optimizer) && json.contains(v2Fit) && json.contains("\"format_version\":10,"),
                json);
        String v1 = json.replace("\"format_version\":10,", "\"format_version\":1,")
                .replace(v2Optimizer, "{\"type\":\"" + type + "\",\"learning_rate\":{\"type\":\"constant\","
                        + "\"learning_rate\":0.05},\"momentum\":0.8}")
                .replace(v2Fit, "\"fit\":{\"epoch\":3,\"seed\":42}");
        Path old = dir.resolve(type + "-v1.safetensors");
        SafeTensors.write(old, saved.tensors(), Map.of(ModelFiles.METADATA_KEY, v1));
        return old;
    }

    @Test
    void versionOneMomentumAndNesterovLoadAsTheMomentumRecord() throws IOException {
        Momentum momentum = new Momentum(Schedule.constant(0.05), 0.8, false);
        for (boolean nesterov : new boolean[] {false, true}) {
            Path file = versionOneFile(momentum.withNesterov(nesterov), nesterov ? "nesterov" : "momentum");
            Model loaded = ModelFiles.load(file);
            assertEquals(momentum.withNesterov(nesterov), loaded.compilation().optimizer());
            assertEquals(new FitProgress(3, 42, 1.0, Map.of()), ModelFiles.progress(file).orElseThrow());
        }
    }
}
