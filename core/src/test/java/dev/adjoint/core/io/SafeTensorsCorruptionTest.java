package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: whatever truncation or byte flip hits a valid file, reading it gives either a
 * SafeTensorsException or exactly the tensors and metadata that were written, never anything else, within
 * the time and memory bounds of {@link SafeTensorsFuzzTest}.
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

    /**
     * Reads {@code bytes}; fails unless it throws SafeTensorsException or returns the original, within the
     * fuzz test's time and memory bounds.
     */
    private void cleanOutcome(byte[] bytes, String what) {
        Allocations.Outcome<NamedTensors> read = SafeTensorsFuzzTest.readWithinBounds(
                dir.resolve("damaged.safetensors"), bytes, Integrity.REQUIRE_DIGEST, what);
        if (read.thrown() == null) {
            assertTrue(read.value().sameValues(original), what + " gave different tensors: " + read.value());
        }
    }

    @Test
    void everyTruncationIsRejected() {
        for (int length = 0; length < valid.length; length++) {
            String what = "a file cut to " + length + " of " + valid.length + " bytes";
            assertNotNull(cut(length).thrown(), what + " was read");
        }
    }

    private Allocations.Outcome<NamedTensors> cut(int length) {
        return SafeTensorsFuzzTest.readWithinBounds(dir.resolve("cut.safetensors"), java.util.Arrays.copyOf(valid,
                length), Integrity.REQUIRE_DIGEST, "cut to " + length);
    }

    @Test
    void randomTruncationsGiveOnlyTheCleanException() {
        Property.forAll(Gens.integers(0, valid.length - 1)).named("truncated file").tries(200)
                .check(length -> assertNotNull(cut(length).thrown(), "a file cut to " + length + " bytes was read"));
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
