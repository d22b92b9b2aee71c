package dev.adjoint.nn.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.ThreadCost;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged model files: whatever truncation or byte flip hits a saved model, loading gives either a
 * ModelFileException or a model identical to the saved one (architecture, compilation, every weight and
 * optimizer slot bit for bit, step), never a different model and never another exception, within the CPU
 * and allocation bounds of {@link ModelFilesFuzzTest}.
 */
class ModelFilesCorruptionTest {

    @TempDir
    Path dir;

    private Sequential saved;
    private byte[] valid;

    @BeforeEach
    void saveTrainedModel() throws IOException {
        saved = Models.classifier(2);
        var data = Blobs.of(30, 4);
        saved.fit(data[0], data[1], Models.QUIET.epochs(1).batchSize(10));
        Path file = dir.resolve("model.safetensors");
        ModelFiles.save(saved, file);
        valid = Files.readAllBytes(file);
    }

    private void cleanOutcome(byte[] bytes, String what) {
        Path file = dir.resolve("damaged.safetensors");
        try {
            Files.write(file, bytes);
            Model[] loaded = new Model[1];
            ThreadCost.Cost cost = ThreadCost.of(() -> {
                try {
                    loaded[0] = ModelFiles.load(file);
                } catch (ModelFileException e) {
                    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                }
            });
            ModelFilesFuzzTest.assertWithinBounds(cost, 1, bytes.length, what);
            if (loaded[0] != null) {
                Models.assertSameModel(saved, loaded[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fail(what + " threw " + e + " instead of a ModelFileException", e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void randomTruncationsGiveOnlyTheCleanException() {
        Property.forAll(Gens.integers(0, valid.length - 1)).named("truncated model file").tries(150)
                .check(length -> {
                    Path file = dir.resolve("cut.safetensors");
                    try {
                        Files.write(file, Arrays.copyOf(valid, length));
                        ModelFiles.load(file);
                        fail("a model file cut to " + length + " of " + valid.length + " bytes was loaded");
                    } catch (ModelFileException e) {
                        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    @Test
    void randomByteFlipsGiveTheCleanExceptionOrTheSavedModel() {
        Gen<int[]> flips = Gens.integers(0, valid.length - 1).flatMap(at -> Gens.integers(1, 255)
                .map(mask -> new int[] {at, mask}));
        Property.forAll(flips).named("one flipped byte in a model file").tries(300).check(flip -> {
            byte[] bytes = valid.clone();
            bytes[flip[0]] ^= (byte) flip[1];
            cleanOutcome(bytes, "byte " + flip[0] + " ^ " + flip[1]);
        });
    }

    @Test
    void flipsInsideTheHeaderGiveTheCleanExceptionOrTheSavedModel() {
        int headerEnd = 8 + (int) java.nio.ByteBuffer.wrap(valid).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        Gen<int[]> flips = Gens.integers(0, headerEnd - 1).flatMap(at -> Gens.integers(0, 255)
                .map(value -> new int[] {at, value}));
        Property.forAll(flips).named("one overwritten header byte").tries(300).check(flip -> {
            byte[] bytes = valid.clone();
            bytes[flip[0]] = (byte) flip[1];
            cleanOutcome(bytes, "byte " + flip[0] + " = " + flip[1]);
        });
    }
}
