package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad file is rejected with a SafeTensorsException naming the file, where, and what. */
class SafeTensorsBadFileTest {

    @TempDir
    Path dir;

    private static final byte[] TWELVE = TensorSets.f32(1f, 2f, 3f);

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin
                + "," + end + "]}";
    }

    private SafeTensorsException rejected(String json, byte[] data) throws IOException {
        Path file = TensorSets.raw(dir.resolve("bad.safetensors"), json, data);
        return rejected(file);
    }

    private static SafeTensorsException rejected(Path file) {
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    private static void says(SafeTensorsException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "expected '" + p + "' in: " + e.getMessage());
        }
    }

    @Test
    void aFileShorterThanTheLengthFieldIsRejected() throws IOException {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[5]);
        SafeTensorsException e = rejected(file);
        says(e, "at byte 0", "expected at least 8 bytes, got a file of 5 bytes");
        assertEquals(0, e.offset());
    }

    @Test
    void aHeaderLengthBeyondTheFileIsRejected() throws IOException {
        Path file = TensorSets.raw(dir.resolve("long.safetensors"), 1000, "{}".getBytes(StandardCharsets.UTF_8),
                new byte[10]);
        says(rejected(file), "at byte 0", "header length must fit in the file, expected at most 12, got 1000");
        Path huge = TensorSets.raw(dir.resolve("huge.safetensors"), -1, new byte[4], new byte[0]);
        says(rejected(huge), "got 18446744073709551615");
    }

    @Test
    void aHeaderThatIsNotAJsonObjectIsRejectedAtItsByte() throws IOException {
        says(rejected("[1, 2]", new byte[0]), "at byte 8", "expected '{', got '['");
        SafeTensorsException e = rejected("{\"a\": {\"dtype\": }", new byte[0]);
        says(e, "must be valid JSON");
        assertTrue(e.offset() >= 8 + 15 && e.offset() <= 8 + 17, "points into the header: " + e.offset());
        says(rejected("{} {}", new byte[0]), "must be valid JSON", "Trailing token");
    }

    @Test
    void aDeeplyNestedHeaderIsRejectedAtItsFirstLevelWithoutExhaustingTheStack() throws IOException {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        says(rejected(deep, new byte[0]), "entry 'a'", "an entry must be an object", "got ARRAY");
        String inShape = "{\"a\":{\"dtype\":\"F32\",\"shape\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}";
        says(rejected(inShape, new byte[0]), "shape must hold integers, got ARRAY at axis 0");
        String inMetadata = "{\"__metadata__\":{\"k\":" + "{".repeat(50_000) + "}".repeat(50_000) + "}}";
        says(rejected(inMetadata, new byte[0]), "metadata value of 'k' must be a string, got OBJECT");
    }

    @Test
    void aRankAboveTheMaximumIsRejectedAsItIsRead() throws IOException {
        String ones = "[" + "1,".repeat(Shape.MAX_RANK) + "1]";
        says(rejected("{" + entry("a", "F32", ones, 0, 4) + "}", TWELVE), "entry 'a'",
                "the rank must be at most 64, got a shape with more dimensions");
        String million = "[" + "1,".repeat(1_000_000) + "1]";
        says(rejected("{" + entry("a", "F32", million, 0, 4) + "}", TWELVE), "the rank must be at most 64");
        String max = "[" + "1,".repeat(Shape.MAX_RANK - 1) + "3]";
        NamedTensors read = SafeTensors.read(TensorSets.raw(dir.resolve("rank64.safetensors"),
                "{" + entry("a", "F32", max, 0, 12) + "}", TWELVE), Integrity.DIGEST_IF_PRESENT);
        assertEquals(Shape.MAX_RANK, read.tensor("a").rank());
    }

    @Test
    void anEmptyShapeWhoseOtherDimensionsOverflowIsRejectedCleanly() throws IOException {
        says(rejected("{" + entry("a", "F32", "[0, 65536, 65536]", 0, 0) + "}", new byte[0]), "entry 'a'",
                "the shape must be a valid shape, got [0, 65536, 65536]", "element count must be at most 2147483639");
    }

    @Test
    void invalidUtf8AndUnpairedSurrogatesInNamesAreRejectedNamingTheByte() throws IOException {
        byte[] json = ("{" + entry("a?", "F32", "[3]", 0, 12) + "}").getBytes(StandardCharsets.UTF_8);
        json[3] = (byte) 0xFF;
        SafeTensorsException e = rejected(TensorSets.raw(dir.resolve("utf8.safetensors"), json.length, json, TWELVE));
        says(e, "at byte 11: the header must be valid UTF-8", "got the invalid byte FF");
        assertEquals(8 + 3, e.offset());
        says(rejected("{" + entry("a\\ud800", "F32", "[3]", 0, 12) + "}", TWELVE),
                "Broken surrogate pair in field name");
        says(rejected("{\"__metadata__\":{\"k\":\"\\udc00\"}," + entry("a", "F32", "[3]", 0, 12) + "}", TWELVE),
                "a metadata value must be valid Unicode", "(the value of 'k')");
    }

    /** The header {"a<bytes>b":{F32 [3]}} as bytes. */
    private static byte[] nameWith(int... bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes("{\"a".getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) {
            out.write(b);
        }
        out.writeBytes(("b" + entry("", "F32", "[3]", 0, 12).substring(1) + "}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void overlongAndOutOfRangeUtf8InTheHeaderIsRejectedAtItsFirstByte() throws IOException {
        int[][] invalid = {
            {0xC0, 0xAF},             // '/' in two bytes: would make the name "a/b"
            {0xE0, 0x80, 0xAF},       // '/' in three bytes
            {0xC0, 0x80},             // NUL in two bytes
            {0xC0, 0xA2},             // '"' in two bytes: would end the name
            {0xF0, 0x80, 0x80, 0xAF}, // '/' in four bytes
            {0xED, 0xA0, 0x80},       // the surrogate U+D800, encoded
            {0xF4, 0x90, 0x80, 0x80}, // U+110000, above the last code point
            {0xF5, 0x80, 0x80, 0x80}, // a byte that never occurs in UTF-8
            {0x80},                   // a continuation byte without a lead
            {0xE2, 0x82},             // a sequence cut short by 'b'
        };
        for (int[] bytes : invalid) {
            byte[] json = nameWith(bytes);
            Path file = TensorSets.raw(dir.resolve("utf8.safetensors"), json.length, json, TWELVE);
            SafeTensorsException e = rejected(file);
            says(e, "at byte 11: the header must be valid UTF-8", "got the invalid byte");
            String lead = String.format("%02X", bytes[0]);
            assertTrue(e.getMessage().matches(".*got the invalid bytes? " + lead + "( [0-9A-F]{2})*"), e.getMessage());
            assertTrue(!e.getMessage().contains("surrogate \\u"), e.getMessage());
            assertEquals(8 + 3, e.offset(), e.getMessage());
            assertEquals(null, e.entry());
        }
        // a sequence cut short by the end of the header
        byte[] json = ("{" + entry("a", "F32", "[3]", 0, 12) + "}\u00e9").getBytes(StandardCharsets.UTF_8);
        json = java.util.Arrays.copyOf(json, json.length - 1);
        SafeTensorsException e = rejected(TensorSets.raw(dir.resolve("cut.safetensors"), json.length, json, TWELVE));
        says(e, "got the invalid byte C3 at the end of the header");
        assertEquals(8 + json.length - 1, e.offset());
    }

    @Test
    void validMultiByteUtf8NamesStillRead() throws IOException {
        String name = "a\u00e9\u20ac\ud83d\ude00/b"; // two-, three- and four-byte sequences
        Path file = TensorSets.raw(dir.resolve("ok.safetensors"), "{" + entry(name, "F32", "[3]", 0, 12) + "}",
                TWELVE);
        assertEquals(java.util.Set.of(name), SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT).tensors().keySet());
    }

    @Test
    void duplicateTensorNamesAreRejected() throws IOException {
        String json = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("a", "F32", "[2]", 4, 12) + "}";
        says(rejected(json, TWELVE), "without duplicate names", "Duplicate", "'a'");
    }

    @Test
    void overlappingOffsetsAreRejected() throws IOException {
        String json = "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}";
        SafeTensorsException e = rejected(json, TWELVE);
        says(e, "entry 'b'", "must not overlap, got [4, 12], which overlaps 'a' at [0, 8]");
        assertEquals("b", e.entry());
    }

    @Test
    void offsetsOutOfRangeAreRejected() throws IOException {
        String json = "{" + entry("a", "F32", "[3]", 4, 16) + "}";
        says(rejected(json, TWELVE), "entry 'a'", "expected end <= 12, got [4, 16]");
        String reversed = "{" + entry("a", "F32", "[0]", 8, 4) + "}";
        says(rejected(reversed, TWELVE), "begin <= end, got [8, 4]");
    }

    @Test
    void offsetsThatDoNotMatchDtypeTimesShapeAreRejected() throws IOException {
        String json = "{" + entry("a", "F64", "[3]", 0, 12) + "}";
        says(rejected(json, TWELVE), "entry 'a'", "expected 24 bytes (F64[3]), got [0, 12] (12 bytes)");
    }

    @Test
    void gapsAndTrailingBytesAreRejected() throws IOException {
        String gap = "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}";
        says(rejected(gap, TWELVE), "entry 'b'", "without gaps, expected begin 4, got 8");
        String trailing = "{" + entry("a", "F32", "[2]", 0, 8) + "}";
        says(rejected(trailing, TWELVE), "cover the data region exactly, expected 12 bytes, got 8");
    }

    @Test
    void shapesWhoseElementCountOverflowsAreRejected() throws IOException {
        String json = "{" + entry("a", "F32", "[65536, 65536]", 0, 12) + "}";
        says(rejected(json, TWELVE), "entry 'a'", "element count must be at most 2147483639", "[65536,65536]");
        String big = "{" + entry("a", "F32", "[99999999999999999999999]", 0, 12) + "}";
        says(rejected(big, TWELVE), "a dimension must be at most 2147483647, got 99999999999999999999999");
    }

    @Test
    void negativeAndNonIntegerDimensionsAreRejected() throws IOException {
        says(rejected("{" + entry("a", "F32", "[-3]", 0, 12) + "}", TWELVE), "dimensions must be >= 0, got -3");
        says(rejected("{" + entry("a", "F32", "[1.5]", 0, 12) + "}", TWELVE), "shape must hold integers",
                "1.5");
        says(rejected("{" + entry("a", "F32", "\"3\"", 0, 12) + "}", TWELVE), "shape must be an array");
    }

    @Test
    void unknownAndUnsupportedDtypesAreRejected() throws IOException {
        says(rejected("{" + entry("a", "F99", "[3]", 0, 12) + "}", TWELVE), "unknown dtype",
                "expected one of \"F64\", \"F32\", \"I64\", \"I32\" or \"BOOL\", got \"F99\"");
        says(rejected("{" + entry("a", "BF16", "[6]", 0, 12) + "}", TWELVE), "unsupported dtype", "\"BF16\"");
    }

    @Test
    void malformedEntriesAndMetadataAreRejected() throws IOException {
        says(rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12],\"x\":1}}", TWELVE),
                "unknown field 'x'");
        says(rejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[3]}}", TWELVE), "data_offsets must be an array",
                "missing");
        says(rejected("{\"__metadata__\":{\"k\":3}," + entry("a", "F32", "[3]", 0, 12) + "}", TWELVE),
                "entry '__metadata__'", "metadata value of 'k' must be a string, got NUMBER");
        says(rejected("{\"__metadata__\":{\"adjoint.sha256\":\"abc\"}," + entry("a", "F32", "[3]", 0, 12) + "}",
                TWELVE), "must be 64 lowercase hex digits, got 'abc'");
    }

    @Test
    void aFlippedDataBitBreaksTheDigest() throws IOException {
        Path file = dir.resolve("flip.safetensors");
        SafeTensors.write(file, TensorSets.sample(), Map.of());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 30] ^= 0x01;
        Files.write(file, bytes);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensors.read(file));
        says(e, file.toString(), "must match its digest", "the file is corrupt");
    }

    @Test
    void aDirectoryOrAMissingFileIsReportedWithItsPath() throws IOException {
        // Before: a directory failed in the read with a bare "Is a directory" that named no path.
        Path folder = Files.createDirectory(dir.resolve("weights.safetensors"));
        for (Integrity integrity : Integrity.values()) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> SafeTensors.read(folder, integrity));
            assertEquals(folder.toString(), e.getFile());
            assertEquals(folder + ": expected a safetensors file, got a directory", e.getMessage());
        }
        FileSystemException e = assertThrows(FileSystemException.class, () -> SafeTensors.read(folder));
        assertEquals(folder + ": expected a safetensors file, got a directory", e.getMessage());
        Path missing = dir.resolve("missing.safetensors");
        NoSuchFileException gone = assertThrows(NoSuchFileException.class, () -> SafeTensors.read(missing));
        assertEquals(missing.toString(), gone.getFile());
    }
}
