package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed files (see {@link GoldenFiles} for how each was made): what the reference implementation writes
 * for every dtype reads back as the same tensors; what this build writes is byte for byte the committed file
 * (which the reference implementation read back); a file from before the integer dtypes still loads; a dtype
 * Adjoint does not hold is refused, naming it.
 */
class SafeTensorsGoldenTest {

    @TempDir
    Path dir;

    private static Path golden(String name) throws URISyntaxException {
        return Path.of(SafeTensorsGoldenTest.class.getResource("golden/" + name).toURI());
    }

    @Test
    void theReferenceImplementationsFileReadsAsTheSameTensors() throws Exception {
        NamedTensors read = SafeTensors.read(golden("reference-all-dtypes.safetensors"), Integrity.DIGEST_IF_PRESENT);
        assertEquals(Map.of("format", "np"), read.metadata());
        Map<String, Tensor> expected = GoldenFiles.allDtypes();
        assertEquals(expected.keySet(), read.tensors().keySet(), "the reference orders tensors its own way");
        expected.forEach((name, t) -> assertTrue(t.sameValues(read.tensor(name)), name + ": " + read.tensor(name)));
    }

    @Test
    void thisBuildWritesTheCommittedBytesAndReadsThemBack() throws Exception {
        Path file = dir.resolve("all.safetensors");
        SafeTensors.write(file, GoldenFiles.allDtypes(), Map.of("written-by", "GoldenFiles"));
        assertArrayEquals(Files.readAllBytes(golden("adjoint-all-dtypes.safetensors")), Files.readAllBytes(file),
                "the layout of I64, I32 and BOOL must not drift: other tools read it");
        NamedTensors read = SafeTensors.read(golden("adjoint-all-dtypes.safetensors"));
        assertTrue(read.sameValues(new NamedTensors(GoldenFiles.allDtypes(), Map.of("written-by", "GoldenFiles"))));
        assertEquals(List.copyOf(GoldenFiles.allDtypes().keySet()), List.copyOf(read.tensors().keySet()));
    }

    @Test
    void aFileWrittenBeforeIntegerDtypesStillLoads() throws Exception {
        NamedTensors read = SafeTensors.read(golden("adjoint-float.safetensors"));
        assertTrue(read.sameValues(new NamedTensors(GoldenFloatFile.tensors(), Map.of("written-by",
                "GoldenFloatFile"))), read.tensors().toString());
    }

    @Test
    void aDtypeAdjointDoesNotHoldIsRefusedByName() throws Exception {
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensors.read(golden("reference-f16.safetensors"), Integrity.DIGEST_IF_PRESENT));
        assertTrue(e.getMessage().contains("unsupported dtype, expected one of \"F64\", \"F32\", \"I64\", \"I32\" or"
                + " \"BOOL\", got \"F16\"; convert the tensor to one of these before saving"), e.getMessage());
    }

    @Test
    void aBoolByteOtherThanZeroOrOneIsRefused() throws IOException {
        String json = "{\"m\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[0,3]}}    ";
        Path file = TensorSets.raw(dir.resolve("bool.safetensors"), json, new byte[] {1, 0, 2});
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT));
        assertTrue(e.getMessage().contains("a BOOL element must be the byte 0 or 1, got 2 at element 2"),
                e.getMessage());
    }
}
