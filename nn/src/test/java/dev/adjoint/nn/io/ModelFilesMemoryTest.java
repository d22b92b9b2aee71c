package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a model holds its tensors once: the bytes allocated while a file is loaded exceed its size by
 * no more than a small constant, so no initial weights or optimizer slots are made only to be replaced;
 * and its configuration is read as a stream, never as a tree of the whole document first.
 */
class ModelFilesMemoryTest {

    /** The configuration, the graph and the buffers of reading: far below one copy of the weights. */
    private static final long SLACK = 3 << 20;

    @TempDir
    Path dir;

    @Test
    void loadingAllocatesTheFileOnceAndNoMore() throws Exception {
        Sequential model = new Sequential(Shape.of(1024), DType.FLOAT32, 1);
        model.add(Dense.of(1024)).add(Dense.of(2));
        model.compile(Adam.defaults(), new MeanSquaredError());
        Path file = dir.resolve("wide.safetensors");
        ModelFiles.save(model, file);
        long size = Files.size(file); // 4 MB of weights and 8 MB of Adam's slots
        ModelFiles.load(file); // warm-up: class loading is not the file's cost
        Model[] loaded = new Model[1];
        long allocated = ThreadCost.allocatedBytes(() -> loaded[0] = ModelFiles.load(file));
        Models.assertSameModel(model, loaded[0]);
        assertTrue(allocated <= size + SLACK, "loading a file of " + size + " bytes allocated " + allocated
                + " bytes; at most " + (size + SLACK) + " (one copy of the tensors) allowed");
    }

    @Test
    void aHugeValueInTheConfigurationIsRejectedWithoutATreeOfIt() throws Exception {
        Path valid = dir.resolve("valid.safetensors");
        ModelFiles.save(Models.classifier(1), valid);
        var read = dev.adjoint.core.io.SafeTensors.read(valid);
        String config = read.metadata().get(ModelFiles.METADATA_KEY);
        String arrays = "[],".repeat(4_000_000) + "[]";
        Path file = dir.resolve("hostile.safetensors");
        dev.adjoint.core.io.SafeTensors.write(file, read.tensors(), java.util.Map.of(ModelFiles.METADATA_KEY,
                config.replace("\"step\":", "\"padding\":[" + arrays + "],\"step\":")));
        long size = Files.size(file);
        long allocated = ThreadCost.allocatedBytes(() -> {
            ModelFileException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFileException.class,
                    () -> ModelFiles.load(file));
            assertTrue(e.getMessage().contains("padding: unknown field"), e.getMessage());
        });
        // the bytes, the metadata string and Jackson's buffers for it: about 12 times the file (measured);
        // reading it as a tree first allocated about 59 times
        assertTrue(allocated <= 20 * size, "rejecting a file of " + size + " bytes allocated " + allocated);
    }
}
