package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed or interrupted save leaves the previous file byte for byte and no temporary file. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private Path target;
    private byte[] previous;

    @BeforeEach
    void writePreviousVersion() throws IOException {
        target = dir.resolve("weights.safetensors");
        SafeTensors.write(target, TensorSets.sample(), Map.of("version", "1"));
        previous = Files.readAllBytes(target);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private void assertPreviousIntact() throws IOException {
        assertArrayEquals(previous, Files.readAllBytes(target), "the previous file is byte-identical");
        assertEquals(List.of(target), files(), "no temporary file is left");
    }

    private static AtomicFiles.Content newVersion() {
        return out -> SafeTensors.writeTo(out, Map.of("w", Tensor.vector(1, 2, 3)), Map.of("version", "2"));
    }

    @Test
    void aMissingDirectoryIsNamedWithWhatToDo() {
        Path missing = dir.resolve("runs").resolve("model.safetensors");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(missing, newVersion()));
        assertEquals(dir.resolve("runs").toAbsolutePath().toString(), e.getFile());
        assertTrue(e.getMessage().contains("the directory to write into does not exist; create it first"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("runs")), "nothing is created");
    }

    @Test
    void aDirectoryAsTargetIsNamedAndLeftAlone() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("checkpoints"));
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
                () -> AtomicFiles.write(folder, newVersion()));
        assertEquals(folder.toString(), e.getFile());
        assertTrue(e.getMessage().contains("expected a file to write, got a directory"), e.getMessage());
        assertTrue(Files.isDirectory(folder));
        assertEquals(List.of(), Files.list(folder).toList());
        assertEquals(2, files().size(), "the directory and the previous file, no temporary file");
    }

    @Test
    void aSuccessfulWriteReplacesTheFileAndLeavesNoTemporary() throws IOException {
        AtomicFiles.write(target, newVersion());
        assertEquals("2", SafeTensors.read(target).metadata().get("version"));
        assertEquals(List.of(target), files());
    }

    @Test
    void aDiskThatFillsUpAtAnyByteKeepsThePreviousFile() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        newVersion().writeTo(java.nio.channels.Channels.newChannel(bytes));
        int size = bytes.size();
        Property.forAll(Gens.integers(0, size - 1)).named("disk full after n bytes").tries(60).check(capacity -> {
            try {
                IOException e = assertThrows(IOException.class,
                        () -> AtomicFiles.write(target, newVersion(), FullDisk.after(capacity)));
                assertEquals("No space left on device", e.getMessage());
                assertPreviousIntact();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Test
    void anExceptionMidWriteKeepsThePreviousFile() throws IOException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(ByteBuffer.wrap(new byte[100]));
            throw new IllegalStateException("interrupted mid-write");
        }));
        assertEquals("interrupted mid-write", e.getMessage());
        assertPreviousIntact();
    }

    @Test
    void aFailingRenameKeepsNoTemporary() throws IOException {
        Path occupied = dir.resolve("occupied");
        Files.createDirectory(occupied);
        Files.write(occupied.resolve("inside"), new byte[] {1});
        assertThrows(IOException.class, () -> AtomicFiles.write(occupied, newVersion()));
        assertTrue(Files.isDirectory(occupied));
        assertEquals(2, files().size(), "only the previous file and the directory: " + files());
        assertArrayEquals(previous, Files.readAllBytes(target));
        assertTrue(files().containsAll(List.of(target, occupied)));
    }

    @Test
    void aMissingDirectoryIsAnIOExceptionAndCreatesNothing() {
        Path nowhere = dir.resolve("missing").resolve("w.safetensors");
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(nowhere, newVersion()));
        assertFalse(Files.exists(nowhere.getParent()));
    }
}
