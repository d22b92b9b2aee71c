package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: whatever truncation or byte flip hits a valid file, reading it gives either a
 * SafeTensorsException or exactly the tensors and metadata that were written, never anything else.
 */
class SafeTensorsCorruptionTest {

    @TempDir
    Path dir;

    private final Map<String, String> metadata = Map.of("note", "weights after epoch 3");
    private NamedTensors original;
    private byte[] valid;

    @BeforeEach
    void writeValidFile() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        SafeTensors.write(file, TensorSets.sample(), metadata);
        valid = Files.readAllBytes(file);
        original = new NamedTensors(TensorSets.sample(), metadata);
    }

    /** Reads {@code bytes}; fails unless it throws SafeTensorsException or returns the original. */
    private void cleanOutcome(byte[] bytes, String what) {
        Path file = dir.resolve("damaged.safetensors");
        try {
            Files.write(file, bytes);
            NamedTensors read = SafeTensors.read(file);
            assertTrue(read.sameValues(original), what + " gave different tensors: " + read.tensors());
        } catch (SafeTensorsException e) {
            assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fail(what + " threw " + e + " instead of a SafeTensorsException", e);
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(valid, length);
            Path file = dir.resolve("cut.safetensors");
            try {
                Files.write(file, cut);
                SafeTensors.read(file);
                fail("a file cut to " + length + " of " + valid.length + " bytes was read");
            } catch (SafeTensorsException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void randomTruncationsGiveOnlyTheCleanException() {
        Property.forAll(Gens.integers(0, valid.length - 1)).named("truncated file").tries(200)
                .check(length -> cleanOutcome(java.util.Arrays.copyOf(valid, length), "cut to " + length));
    }

    @Test
    void randomByteFlipsGiveTheCleanExceptionOrTheOriginal() {
        Gen<int[]> flips = Gens.integers(0, valid.length - 1).flatMap(at -> Gens.integers(1, 255)
                .map(mask -> new int[] {at, mask}));
        Property.forAll(flips).named("one flipped byte").tries(400).check(flip -> {
            byte[] bytes = valid.clone();
            bytes[flip[0]] ^= (byte) flip[1];
            cleanOutcome(bytes, "byte " + flip[0] + " ^ " + flip[1]);
        });
    }

    @Test
    void randomMultiByteDamageGivesTheCleanExceptionOrTheOriginal() {
        Gen<int[]> damage = choices -> {
            int[] d = new int[2 * (1 + choices.drawInt(4))];
            for (int i = 0; i < d.length; i += 2) {
                d[i] = choices.drawInt(valid.length);
                d[i + 1] = choices.drawInt(256);
            }
            return d;
        };
        Property.forAll(damage).named("several overwritten bytes").tries(300).check(d -> {
            byte[] bytes = valid.clone();
            for (int i = 0; i < d.length; i += 2) {
                bytes[d[i]] = (byte) d[i + 1];
            }
            cleanOutcome(bytes, java.util.Arrays.toString(d));
        });
    }
}
