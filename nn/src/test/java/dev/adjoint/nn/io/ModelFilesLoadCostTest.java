package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.model.Sequential;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading costs time linear in the file: a model of 20,000 parameterless layers (1.5 MB, which took hours
 * when each added layer rebuilt the stack) loads in a fraction of a second of CPU, and ten times the layers
 * take about ten times as long.
 */
class ModelFilesLoadCostTest {

    @TempDir
    Path dir;

    private Path saved(int layers) throws Exception {
        Sequential model = new Sequential(Shape.of(4));
        for (int i = 0; i < layers; i++) {
            model.add(ActivationLayer.of(new Relu()));
        }
        Path file = dir.resolve(layers + ".safetensors");
        ModelFiles.save(model, file);
        return file;
    }

    /**
     * Measured in bytes allocated, not CPU time, which single runs of a few milliseconds make too noisy to bound
     * (a CI run once read 39x for a linear loader); a loader that rebuilds the stack per layer allocates
     * quadratically as well.
     */
    @Test
    void loadingAllocatesLinearlyInTheLayerCount() throws Exception {
        Path small = saved(2_000);
        Path large = saved(20_000);
        ModelFiles.load(small); // class loading and caches: not the file's cost
        double s = ThreadCost.allocatedBytes(() -> ModelFiles.load(small));
        double l = ThreadCost.allocatedBytes(() -> ModelFiles.load(large));
        // linear: about 10; rebuilding the stack per layer: about 100; the old loader: about 1000
        assertTrue(l / s < 30, "10x the layers allocated " + l / s + "x the bytes (" + s + ", " + l + ")");
        assertEquals(20_000, ((Sequential) ModelFiles.load(large)).stack().size());
    }
}
