package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.activation.Relu;
import dev.adjoint.nn.layer.ActivationLayer;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and loading accept one set of models: what {@code save} writes loads back (long layer names and
 * long configurations included), and what the reader would refuse (a tensor name past the format's limit, a
 * configuration nested past the reader's depth) is refused by {@code save} with an IllegalArgumentException,
 * leaving the previous file byte for byte and no temporary file.
 */
class ModelFilesLimitsTest {

    @TempDir
    Path dir;

    private Path file;
    private byte[] previous;

    @BeforeEach
    void savePrevious() throws IOException {
        file = dir.resolve("model.safetensors");
        ModelFiles.save(Models.classifier(3), file);
        previous = Files.readAllBytes(file);
    }

    private static Sequential stack(Object... layers) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, 1);
        for (Object layer : layers) {
            model.add((dev.adjoint.nn.layer.Layer) layer);
        }
        return model;
    }

    private void refused(Model model, String... parts) throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFiles.save(model, file));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
        assertArrayEquals(previous, Files.readAllBytes(file), "the previous file is unchanged");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void aLayerNameLongerThanJacksonsDefaultStringLimitSavesAndLoads() throws IOException {
        String name = "n".repeat(20_000_001);
        Sequential model = stack(new ActivationLayer(new Relu(), name), Dense.of(2));
        ModelFiles.save(model, file);
        Models.assertSameModel(model, ModelFiles.load(file));
    }

    @Test
    void aWeightNameWithinTheFormatsLimitSavesAndOnePastItIsRefused() throws IOException {
        Sequential fits = stack(Dense.of(2).named("d".repeat(60_000)));
        fits.compile(Sgd.defaults(), new MeanSquaredError());
        ModelFiles.save(fits, file);
        Models.assertSameModel(fits, ModelFiles.load(file));
        previous = Files.readAllBytes(file);
        refused(stack(Dense.of(2).named("d".repeat(SafeTensors.MAX_NAME_BYTES))), "a tensor name must be at most"
                + " 65536 bytes in UTF-8, got 65550 bytes ('params/ddd");
    }

    @Test
    void aConfigurationNestedDeeperThanTheReaderReadsIsRefused() throws IOException {
        Schedule deep = Schedule.constant(0.1);
        for (int i = 0; i < ConfigJson.MAX_DEPTH; i++) {
            deep = deep.withWarmup(1);
        }
        Sequential model = stack(Dense.of(2));
        model.compile(new Sgd(deep), new MeanSquaredError());
        refused(model, "save: the model configuration exceeds a limit of the reader", "nesting depth",
                "such a file could not be loaded");
    }

    @Test
    void aLayerNameThatIsNotValidUnicodeIsRefusedWhenAddedAndWhenLoaded() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> stack(new ActivationLayer(new Relu(), "bad\ud800")));
        assertTrue(e.getMessage().startsWith("model: a layer name must be valid Unicode"), e.getMessage());
        ModelFiles.save(stack(new ActivationLayer(new Relu(), "okname")), file);
        var read = SafeTensors.read(file);
        SafeTensors.write(file, read.tensors(), java.util.Map.of(ModelFiles.METADATA_KEY,
                read.metadata().get(ModelFiles.METADATA_KEY).replace("okname", "ok\\ud800")));
        ModelFileException rejected = assertThrows(ModelFileException.class, () -> ModelFiles.load(file));
        assertTrue(rejected.getMessage().contains("model.layers[0]: the layer does not fit: model: a layer name must"
                + " be valid Unicode"), rejected.getMessage());
        previous = Files.readAllBytes(file);
    }
}
