package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training 4 epochs, checkpointing, and training 2 more in a fresh JVM from the checkpoint gives the same
 * bits as 6 epochs without a break: same weights, optimizer state, step, predictions and per-epoch losses.
 * The model has dropout (random keys per step), batch normalization (non-trainable state) and Adam with a
 * warm-up schedule (state and step), so every part of the checkpoint matters.
 */
class ResumeTest {

    private static final long SEED = 13;

    @TempDir
    Path dir;

    @Test
    void resumingInAFreshJvmGivesBitIdenticalResultsToAnUninterruptedRun() throws Exception {
        Tensor[] data = ResumeFromCheckpoint.data();
        Sequential uninterrupted = Models.classifier(6);
        History full = uninterrupted.fit(data[0], data[1], ResumeFromCheckpoint.options().epochs(6).seed(SEED));

        Sequential first = Models.classifier(6);
        Path checkpoint = dir.resolve("ckpt-{epoch}.safetensors");
        first.fit(data[0], data[1], ResumeFromCheckpoint.options().epochs(4).seed(SEED)
                .callbacks(ModelCheckpoint.everyEpoch(checkpoint.toString())));

        Path out = dir.resolve("resumed.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // The child gets this JVM's options (the Vector API module, -Dadjoint.* settings), so that both runs
        // use the same kernels: vector and scalar kernels agree only to rounding, not bit for bit.
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                ResumeFromCheckpoint.class.getName(), dir.resolve("ckpt-4.safetensors").toString(), out.toString(),
                "6"));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child JVM finishes");
        assertEquals(0, child.exitValue(), output);

        Model resumed = ModelFiles.load(out);
        Models.assertSameModel(uninterrupted, resumed);
        assertTrue(uninterrupted.predict(data[0]).sameValues(resumed.predict(data[0])));
        List<String> expected = new ArrayList<>();
        for (int e = 4; e < 6; e++) {
            expected.add("loss " + e + " " + Long.toHexString(Double.doubleToRawLongBits(full.metric("loss").get(e))));
        }
        assertEquals(expected, output.lines().filter(l -> l.startsWith("loss ")).toList(), output);
    }
}
