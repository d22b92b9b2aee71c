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
import java.util.Arrays;
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

    /**
     * Only a finite positive scale makes sense: NaN gave an all-NaN tensor, infinity Inf and NaN (0 * Inf), zero all
     * zeros and a negative one negated pixels, all without a word. The scale is checked before any file is read.
     */
    @Test
    void aScaleThatIsNotFiniteAndPositiveIsRefusedNamingIt() throws IOException {
        Path images = idx("images", new int[] {2, 1}, new int[] {0, 255}, false);
        Path labels = idx("labels", new int[] {2}, new int[] {1, 2}, false);
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, -1.0 / 255};
        for (double scale : bad) {
            String expected = "idx: scale must be finite and > 0 (1.0 / 255 gives values in [0, 1]), got " + scale;
            assertEquals(expected, assertThrows(IllegalArgumentException.class, () -> Idx.read(images, scale))
                    .getMessage());
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> Idx.dataset(images, labels, scale)).getMessage());
            assertEquals(expected, assertThrows(IllegalArgumentException.class,
                    () -> Idx.read(dir.resolve("missing"), scale)).getMessage(), "checked before the file is opened");
        }
        assertArrayEquals(new double[] {0, 510}, Idx.read(images, 2).toDoubleArray(), "a positive scale stays");
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

    @Test
    void anEmptyFileOrACutHeaderIsReportedNamingTheFileAndWhatWasExpected() throws IOException {
        Path empty = dir.resolve("empty-idx1-ubyte");
        Files.write(empty, new byte[0]);
        IOException e = assertThrows(IOException.class, () -> Idx.read(empty, 1));
        assertEquals("idx: " + empty + ": expected a 4-byte magic number 0x0000 08 <rank 1..4>, got an empty file",
                e.getMessage());
        Path magic = dir.resolve("magic-idx1-ubyte");
        Files.write(magic, new byte[] {0, 0, 8});
        assertTrue(assertThrows(IOException.class, () -> Idx.read(magic, 1)).getMessage()
                .endsWith("expected a 4-byte magic number 0x0000 08 <rank 1..4>, got 3 bytes"));
        Path shortHeader = dir.resolve("short-idx3-ubyte");
        Files.write(shortHeader, new byte[] {0, 0, 8, 3, 0, 0}); // the magic, then half a dimension size
        IOException h = assertThrows(IOException.class, () -> Idx.read(shortHeader, 1));
        assertEquals("idx: " + shortHeader + ": expected 3 dimension sizes of 4 bytes each after the magic number"
                + " (12 bytes), got 2 bytes", h.getMessage());
    }

    @Test
    void aCutOrCorruptGzipFileAndAPlainFileNamedGzAreReportedNamingTheFile() throws IOException {
        Path whole = idx("labels-idx1-ubyte.gz", new int[] {300}, new int[300], true);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut-idx1-ubyte.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        IOException e = assertThrows(IOException.class, () -> Idx.read(cut, 1));
        assertTrue(e.getMessage().startsWith("idx: " + cut + ": expected a complete gzip stream, got one that is cut"
                + " short or corrupt"), e.getMessage());
        Path header = dir.resolve("header-idx1-ubyte.gz");
        Files.write(header, Arrays.copyOf(bytes, 6));
        assertTrue(assertThrows(IOException.class, () -> Idx.read(header, 1)).getMessage()
                .startsWith("idx: " + header + ": expected a complete gzip header"));
        // A file a browser saved decompressed under its .gz name is read as the IDX data it is.
        Path plainGz = idx("plain-idx1-ubyte.gz", new int[] {2}, new int[] {4, 5}, false);
        assertArrayEquals(new double[] {4, 5}, Idx.read(plainGz, 1).toDoubleArray());
        Path text = dir.resolve("text-idx1-ubyte.gz");
        Files.writeString(text, "<html>not found</html>");
        IOException t = assertThrows(IOException.class, () -> Idx.read(text, 1));
        assertTrue(t.getMessage().startsWith("idx: " + text + " must start with 0x0000 08 <rank 1..4>, got 0x3c68746d"
                + " (the name ends in .gz, but the file is not gzip data)"), t.getMessage());
    }

    @Test
    void strayBytesAfterTheDataAreAnErrorNotIgnored() throws IOException {
        Path trailing = idx("trailing-idx1-ubyte", new int[] {2}, new int[] {7, 8, 9, 9, 9, 9}, false);
        IOException e = assertThrows(IOException.class, () -> Idx.read(trailing, 1));
        assertEquals("idx: " + trailing + ": expected 2 bytes of data for dimensions [2] and then the end of the file,"
                + " got 4 stray bytes after them", e.getMessage());
        Path gz = idx("trailing-idx1-ubyte.gz", new int[] {2}, new int[] {7, 8, 9}, true);
        assertTrue(assertThrows(IOException.class, () -> Idx.read(gz, 1)).getMessage()
                .endsWith("and then the end of the gzip data, got 1 stray byte after them"));
    }

    @Test
    void declaredCountsTheFileCannotHoldAreRejectedBeforeReadingTheData() throws IOException {
        // Shape.MAX_SIZE: 2^31 - 1 itself is an invalid dimension (no Java array is that long)
        Path plain = idx("huge-idx1-ubyte", new int[] {Shape.MAX_SIZE}, new int[] {1, 2}, false);
        assertEquals("idx: " + plain + " is truncated: expected 2147483639 bytes of data, got 2 (dimensions"
                + " [2147483639]; the file is 10 bytes, the header 8)",
                assertThrows(IOException.class, () -> Idx.read(plain, 1)).getMessage());
        Path bomb = idx("huge-idx3-ubyte.gz", new int[] {46340, 46340}, new int[] {1, 2, 3}, true);
        long size = Files.size(bomb);
        assertEquals("idx: " + bomb + " is truncated: expected 2147395600 bytes of data (dimensions [46340, 46340]),"
                + " got a gzip file of " + size + " bytes,"
                + " which decompresses to fewer than " + 1032 * size + " bytes (deflate expands at most 1032-fold)",
                assertThrows(IOException.class, () -> Idx.read(bomb, 1)).getMessage());
    }

    /**
     * A gzip file whose declared count passes the deflate-ratio check, but whose tensor would need more heap than
     * this JVM may have (the prober's 1 MB file declaring 2^30 bytes made the reader allocate 1 GB of bytes and
     * then 4 GB of floats under -Xmx256m), is refused before its data is read.
     */
    @Test
    void aCountThisJvmCannotHoldIsRefusedBeforeReadingTheData() throws IOException {
        long heap = Runtime.getRuntime().maxMemory();
        long count = Math.max(1L << 30, heap / Idx.BYTES_PER_ELEMENT + 1);
        org.junit.jupiter.api.Assumptions.assumeTrue(count <= Shape.MAX_SIZE,
                "a heap of " + heap + " bytes holds any IDX file a Java array holds");
        int[] noise = new int[(int) (count / Idx.DEFLATE_MAX_RATIO) + (1 << 12)];
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextInt(256); // incompressible, so the file passes the deflate-ratio check
        }
        Path lying = idx("lying-idx1-ubyte.gz", new int[] {(int) count}, noise, true);
        assertEquals("idx: " + lying + " declares dimensions [" + count + "] of " + count + " elements, whose float32"
                + " tensor needs " + 9 * count + " bytes of heap while it is read, more than this JVM's maximum of "
                + heap + " bytes (-Xmx)", assertThrows(IOException.class, () -> Idx.read(lying, 1)).getMessage());
    }

    /** A zero dimension does not hide an oversized one, and a product past Shape.MAX_SIZE is named at its axis. */
    @Test
    void invalidDimensionsAreNamedAtTheirAxisEvenAfterAZero() throws IOException {
        String expected = ": expected sizes >= 0 whose product (of the non-zero ones) is at most 2147483639 (the"
                + " longest Java array)";
        Path hidden = idx("hidden-idx3-ubyte", new int[] {0, Integer.MAX_VALUE, Integer.MAX_VALUE}, new int[0], false);
        assertEquals("idx: " + hidden + " has an invalid dimension 2147483647 at axis 1" + expected,
                assertThrows(IOException.class, () -> Idx.read(hidden, 1)).getMessage());
        Path product = idx("product-idx3-ubyte", new int[] {0, 65536, 65536}, new int[0], false);
        assertEquals("idx: " + product + " has an invalid dimension 65536 at axis 2" + expected,
                assertThrows(IOException.class, () -> Idx.read(product, 1)).getMessage());
        Path negative = idx("negative-idx2-ubyte", new int[] {2, -1}, new int[0], false);
        assertEquals("idx: " + negative + " has an invalid dimension -1 at axis 1" + expected,
                assertThrows(IOException.class, () -> Idx.read(negative, 1)).getMessage());
        Path empty = idx("empty-idx2-ubyte", new int[] {0, 5}, new int[0], false);
        assertEquals(Shape.of(0, 5), Idx.read(empty, 1).shape());
    }

    @Test
    void aDirectoryOrANullPathIsNamed() throws IOException {
        assertEquals("idx: " + dir + " is a directory, expected an IDX file",
                assertThrows(IOException.class, () -> Idx.read(dir, 1)).getMessage());
        assertEquals("Idx.read: file is null",
                assertThrows(NullPointerException.class, () -> Idx.read(null, 1)).getMessage());
        Path labels = idx("labels", new int[] {1}, new int[] {3}, false);
        assertEquals("Idx.dataset: images is null",
                assertThrows(NullPointerException.class, () -> Idx.dataset(null, labels, 1)).getMessage());
        assertEquals("Idx.dataset: labels is null",
                assertThrows(NullPointerException.class, () -> Idx.dataset(labels, null, 1)).getMessage());
    }

    @Test
    void dataLongerThanOneChunkIsReadWholeAndAShortGzipStreamIsCountedExactly() throws IOException {
        int[] bytes = new int[200_000];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (i * 31) & 0xFF;
        }
        Path whole = idx("whole.gz", new int[] {bytes.length}, bytes, true);
        float[] got = Idx.read(whole, 1).toFloatArray();
        assertEquals(bytes.length, got.length);
        assertEquals(bytes[199_999], got[199_999]);
        assertEquals(bytes[65_536], got[65_536]);
        Path cut = idx("cut.gz", new int[] {250_000}, bytes, true);
        assertEquals("idx: " + cut + " is truncated: expected 250000 bytes of data, got 200000",
                assertThrows(IOException.class, () -> Idx.read(cut, 1)).getMessage());
    }

    @Test
    void aPipeWhoseLengthIsUnknownIsReadByItsData() throws Exception {
        Path fifo = dir.resolve("pipe-idx1-ubyte");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "no mkfifo: " + e.getMessage());
            return;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");
        Thread writer = new Thread(() -> {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(fifo))) {
                out.writeInt(0x0801);
                out.writeInt(3);
                out.write(new byte[] {4, 5, 6});
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        float[] got = Idx.read(fifo, 1).toFloatArray();
        writer.join();
        assertArrayEquals(new float[] {4, 5, 6}, got);
    }
}
