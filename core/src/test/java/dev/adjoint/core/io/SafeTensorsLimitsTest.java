package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer and the reader accept one set of files: whatever {@link SafeTensors#write} accepts reads back
 * bit for bit, and whatever it refuses (with an IllegalArgumentException, writing nothing) the reader
 * refuses too when a file holds it. The limits are at their documented values; each is tried at the limit
 * and one past it.
 */
class SafeTensorsLimitsTest {

    @TempDir
    Path dir;

    private static final Tensor ONE = Tensor.vector(1.0);

    private NamedTensors roundTrip(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path file = dir.resolve("limits.safetensors");
        SafeTensors.write(file, tensors, metadata);
        NamedTensors read = SafeTensors.read(file);
        assertTrue(read.sameValues(new NamedTensors(tensors, metadata)), "reads back what was written");
        return read;
    }

    /** The write is refused with the message parts, and the file that was there is unchanged. */
    private void refused(Map<String, Tensor> tensors, Map<String, String> metadata, String... parts)
            throws IOException {
        Path file = dir.resolve("previous.safetensors");
        SafeTensors.write(file, Map.of("kept", ONE), Map.of());
        byte[] before = Files.readAllBytes(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(file, tensors, metadata));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
        assertArrayEquals(before, Files.readAllBytes(file), "the previous file is unchanged");
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(),
                    "no temporary file is left");
        }
    }

    private void unreadable(String name, String... parts) throws IOException {
        String json = "{\"" + name + "\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Path file = TensorSets.raw(dir.resolve("handmade.safetensors"), json, new byte[8]);
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected <" + part + "> in <" + e.getMessage() + ">");
        }
    }

    @Test
    void theLimitsAreTheDocumentedOnes() {
        assertEquals(100_000_000L, SafeTensors.MAX_HEADER_BYTES);
        assertEquals(1 << 20, SafeTensors.MAX_ENTRIES);
        assertEquals(1 << 16, SafeTensors.MAX_NAME_BYTES);
        assertEquals(64, Shape.MAX_RANK);
    }

    @Test
    void namesUpToTheByteLimitRoundTripAndOneByteMoreIsRefusedByBoth() throws IOException {
        String ascii = "n".repeat(SafeTensors.MAX_NAME_BYTES);
        String threeByte = "\u20ac".repeat(SafeTensors.MAX_NAME_BYTES / 3) + "n".repeat(SafeTensors.MAX_NAME_BYTES % 3);
        String pairs = "\ud83d\ude00".repeat(SafeTensors.MAX_NAME_BYTES / 4);
        roundTrip(Map.of(ascii, ONE, threeByte, ONE, pairs, ONE), Map.of(ascii, "key at the limit"));
        String over = ascii + "n";
        refused(Map.of(over, ONE), Map.of(), "a tensor name must be at most 65536 bytes in UTF-8, got 65537 bytes");
        refused(Map.of("w", ONE), Map.of(threeByte + "\u20ac", "v"), "a metadata key must be at most 65536 bytes",
                "got 65539 bytes");
        // the reader's check is Jackson's, counting UTF-8 bytes as it reads the name
        unreadable(over, "Name length (65537) exceeds the maximum allowed (65536");
        unreadable("\u20ac".repeat(30_000), "Name length (", "exceeds the maximum allowed (65536");
    }

    @Test
    void aMetadataValueLongerThanJacksonsDefaultStringLimitRoundTrips() throws IOException {
        String value = "v".repeat(21_000_000);
        NamedTensors read = roundTrip(Map.of("w", ONE), Map.of("long", value));
        assertEquals(value.length(), read.metadata().get("long").length());
    }

    @Test
    void unpairedSurrogatesAreRefusedByTheWriterAndTheReader() throws IOException {
        refused(Map.of("a\ud800", ONE), Map.of(), "a tensor name must be valid Unicode, got an unpaired surrogate"
                + " \\ud800 at char 1");
        refused(Map.of("w", ONE), Map.of("k", "\udc00"), "a metadata value must be valid Unicode");
        unreadable("a\\ud800", "Broken surrogate pair in field name");
        roundTrip(Map.of("\ud83d\ude00", ONE), Map.of("\ud83d\ude00", "\ud83d\ude00"));
    }

    @Test
    void theMaximumRankRoundTrips() throws IOException {
        int[] dims = new int[Shape.MAX_RANK];
        java.util.Arrays.fill(dims, 1);
        dims[0] = 2;
        roundTrip(Map.of("deep", Tensor.of(DType.FLOAT32, Shape.of(dims), 1.5, -2)), Map.of());
    }

    @Test
    void moreTensorsThanTheLimitAreRefusedBeforeAnythingIsWritten() throws IOException {
        refused(many(SafeTensors.MAX_ENTRIES + 1, Tensor.zeros(Shape.of(0))), Map.of(), "a file holds at most 1048576"
                + " tensors and 1048575 metadata entries, got 1048577 tensors");
        refused(Map.of(), many(SafeTensors.MAX_ENTRIES, ""), "got 0 tensors and 1048576 metadata entries");
    }

    /** {@code n} entries {@code "0"}, {@code "1"}, ... all mapping to {@code value}, without storing them. */
    private static <V> Map<String, V> many(int n, V value) {
        return new AbstractMap<>() {
            @Override
            public Set<Entry<String, V>> entrySet() {
                return new AbstractSet<>() {
                    @Override
                    public Iterator<Entry<String, V>> iterator() {
                        return new Iterator<>() {
                            private int i;

                            @Override
                            public boolean hasNext() {
                                return i < n;
                            }

                            @Override
                            public Entry<String, V> next() {
                                return Map.entry(Integer.toString(i++), value);
                            }
                        };
                    }

                    @Override
                    public int size() {
                        return n;
                    }
                };
            }
        };
    }
}
