package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {

    @TempDir
    Path dir;

    private Path idx(String name, int[] dims, int[] bytes, boolean gzip) throws IOException {
        Path file = dir.resolve(name);
        OutputStream raw = Files.newOutputStream(file);
        try (DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            for (int b : bytes) {
                out.writeByte(b);
            }
        }
        return file;
    }

    @Test
    void imagesAndLabelsAreReadAsUnsignedBytesScaled() throws IOException {
        Path images = idx("images.gz", new int[] {2, 2, 2}, new int[] {0, 255, 128, 1, 2, 3, 4, 5}, true);
        Path labels = idx("labels", new int[] {2}, new int[] {7, 3}, false);
        Dataset d = Idx.dataset(images, labels, 1.0 / 255);
        assertEquals(Shape.of(2, 2, 2), d.x().shape());
        assertEquals(1.0, d.x().flat(1), 1e-7);
        assertEquals(128 / 255.0, d.x().flat(2), 1e-7);
        assertArrayEquals(new double[] {7, 3}, d.y().toDoubleArray());
    }

    @Test
    void truncatedFilesAndMismatchedPairsAreErrors() throws IOException {
        Path truncated = idx("short", new int[] {3}, new int[] {1, 2}, false);
        IOException e = assertThrows(IOException.class, () -> Idx.read(truncated, 1));
        assertTrue(e.getMessage().contains("is truncated: expected 3 bytes of data, got 2"), e.getMessage());
        Path images = idx("images", new int[] {2, 1}, new int[] {1, 2}, false);
        Path labels = idx("labels", new int[] {3}, new int[] {1, 2, 3}, false);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> Idx.dataset(images, labels, 1));
        assertTrue(mismatch.getMessage().contains("must hold one label per image"), mismatch.getMessage());
    }
}
