package dev.adjoint.core.io;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.check.Choices;
import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Property;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile files that are structurally plausible: many entries, deep nesting anywhere, huge and overflowing
 * shapes and offsets, over-long names, wrong types, broken UTF-8 and escapes, wrong header lengths. Reading
 * any of them either returns or throws a {@link SafeTensorsException} naming the file (never another
 * exception), allocating at most a small multiple of the file's size, in bounded time. Damaged copies of a
 * valid file are covered by {@link SafeTensorsCorruptionTest}, which checks the same bounds.
 */
class SafeTensorsFuzzTest {

    /**
     * Bytes a read may allocate per byte of file, and on top (parser buffers and tables, chunk buffers).
     * Measured: a million zero-size entries allocate 8.5 bytes per header byte, the generated files up to
     * 10 bytes per byte plus 2 MB.
     */
    static final long BYTES_PER_FILE_BYTE = 12;
    static final long FIXED_BYTES = 4 << 20;
    /**
     * CPU time per file: a fixed part (a cold parser is interpreted at first) and a part per byte; the
     * typical read takes microseconds, this catches work that grows faster than the file.
     */
    static final Duration FIXED_CPU = Duration.ofSeconds(1);
    static final long CPU_NANOS_PER_FILE_BYTE = 50;

    @TempDir
    Path dir;

    /** A file's bytes, and what it was made of for the report. */
    record HostileFile(String header, byte[] bytes) {
        @Override
        public String toString() {
            return bytes.length + " bytes, header " + (header.length() > 300 ? header.substring(0, 300) + "..."
                    : header);
        }
    }

    /**
     * Reads {@code bytes} as a file and asserts the clean outcome within the bounds.
     *
     * @return the outcome, for further checks
     */
    static Allocations.Outcome<NamedTensors> readWithinBounds(Path file, byte[] bytes, Integrity integrity,
            String what) {
        try {
            warmUp(file.resolveSibling("warm-up.safetensors"));
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Allocations.Outcome<NamedTensors> outcome = Allocations.of(() -> SafeTensors.read(file, integrity));
        if (outcome.thrown() != null) {
            assertInstanceOf(SafeTensorsException.class, outcome.thrown(), what + " threw " + outcome.thrown());
            assertTrue(outcome.thrown().getMessage().startsWith(file + ": "), outcome.thrown().getMessage());
        }
        long bound = BYTES_PER_FILE_BYTE * bytes.length + FIXED_BYTES;
        assertTrue(outcome.bytes() <= bound, what + ": reading " + bytes.length + " bytes allocated "
                + outcome.bytes() + " bytes, more than " + bound);
        Duration cpu = FIXED_CPU.plusNanos(CPU_NANOS_PER_FILE_BYTE * bytes.length);
        assertTrue(outcome.cpuNanos() <= cpu.toNanos(), what + ": reading " + bytes.length + " bytes took "
                + Duration.ofNanos(outcome.cpuNanos()) + " of CPU, more than " + cpu);
        return outcome;
    }

    private static volatile boolean warm;

    /** Loads and initializes the classes a read uses, whose one-time allocations are not the read's. */
    private static void warmUp(Path file) throws IOException {
        if (!warm) {
            SafeTensors.write(file, TensorSets.sample(), Map.of("k", "v"));
            SafeTensors.read(file);
            Files.writeString(file, "broken");
            try {
                SafeTensors.read(file);
            } catch (SafeTensorsException expected) {
                warm = true;
            }
        }
    }

    @Test
    void hostileHeadersGiveTheCleanExceptionWithinTimeAndMemoryBounds() {
        Path file = dir.resolve("hostile.safetensors");
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> Property.forAll(hostileFiles())
                .named("hostile safetensors header").tries(200)
                .check(f -> readWithinBounds(file, f.bytes(), Integrity.DIGEST_IF_PRESENT, f.toString())));
    }

    @Test
    void moreEntriesThanTheLimitFailEarlyInMemoryASmallMultipleOfTheHeader() {
        // The issue's file: zero-size entries packed as tightly as JSON allows, one past the limit.
        int n = SafeTensors.MAX_ENTRIES + 1;
        ByteBuffer json = ByteBuffer.allocate(64 * n);
        json.put((byte) '{');
        for (int i = 0; i < n; i++) {
            json.put(((i == 0 ? "" : ",") + "\"" + Integer.toString(i, 36)
                    + "\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        json.put((byte) '}');
        byte[] bytes = file(json.array(), json.position(), json.position(), new byte[0]);
        Path path = dir.resolve("many.safetensors");
        Allocations.Outcome<NamedTensors> outcome = readWithinBounds(path, bytes, Integrity.DIGEST_IF_PRESENT,
                "2^20 + 1 entries");
        assertTrue(outcome.thrown().getMessage().contains("a file holds at most 1048576 tensors, got more"),
                outcome.thrown().getMessage());
    }

    /** A file: the 8-byte {@code length}, the first {@code used} bytes of {@code header}, and {@code data}. */
    static byte[] file(byte[] header, int used, long length, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(8 + used + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(length).put(header, 0, used).put(data).array();
    }

    // ------------------------------------------------------------------ the generator

    private static final String[] DIMS = {"0", "1", "3", "65536", "2147483647", "2147483648", "-1", "-0", "1.5",
        "1e3", "99999999999999999999999", "-99999999999999999999999", "\"3\"", "null", "true", "[]", "{}"};
    private static final String[] OFFSETS = {"0", "4", "12", "9223372036854775807", "9223372036854775808", "-1",
        "1e30", "\"0\"", "null", "[0]"};
    private static final String[] DTYPES = {"\"F32\"", "\"F64\"", "\"BF16\"", "\"F99\"", "\"\"", "32", "null",
        "[\"F32\"]", "{\"F32\":1}"};
    private static final String[] STRINGS = {"\"x\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\\"\"",
        "\"\u00fc\u20ac\ud83d\ude00\"", "\"\\uZZZZ\"", "3", "null", "[]", "{}"};

    /**
     * Hostile files. Each field is drawn once as a template and may be repeated thousands of times under
     * new names, so a case has few draws however large its header (which keeps shrinking cheap).
     */
    static Gen<HostileFile> hostileFiles() {
        return choices -> {
            StringJoiner fields = new StringJoiner(",", "{", "}");
            int kinds = 1 + choices.drawInt(4);
            long offset = 0;
            for (int k = 0; k < kinds; k++) {
                int kind = choices.drawInt(9);
                boolean many = choices.drawInt(3) == 0;
                Template template = field(choices, many ? kind % 3 : kind);
                int repeat = many ? 1 + choices.drawInt(5_000) : 1;
                for (int r = 0; r < repeat; r++) {
                    fields.add(template.text().replace("@ID@", k + "_" + r).replace("@BEGIN@", Long.toString(offset))
                            .replace("@END@", Long.toString(offset + template.bytes())));
                    offset += template.bytes();
                }
            }
            String header = fields.toString();
            switch (choices.drawInt(6)) {
                case 0 -> header = header + " {}";
                case 1 -> header = header.substring(0, choices.drawInt(header.length()));
                default -> { }
            }
            byte[] json = header.getBytes(StandardCharsets.UTF_8);
            if (choices.drawInt(6) == 0 && json.length > 0) {
                json[choices.drawInt(json.length)] = (byte) (0x80 + choices.drawInt(0x80)); // broken UTF-8
            }
            long length = switch (choices.drawInt(8)) {
                case 0 -> json.length + 1 - choices.drawInt(3);
                case 1 -> -choices.drawInt(3);
                case 2 -> Long.MAX_VALUE;
                default -> json.length;
            };
            long data = Math.min(offset, 1 << 16) + (choices.drawInt(4) == 0 ? choices.drawInt(9) - 4 : 0);
            byte[] bytes = file(json, json.length, length, new byte[(int) Math.max(0, data)]);
            return new HostileFile(header, bytes);
        };
    }

    /** A field with the placeholders {@code @ID@}, {@code @BEGIN@} and {@code @END@ = @BEGIN@ + bytes}. */
    private record Template(String text, long bytes) {
    }

    private static Template field(Choices c, int kind) {
        String name = "\"t@ID@\"";
        return switch (kind) {
            case 0 -> validEntry(c, name);
            case 1 -> new Template(name + ":{\"dtype\":\"F32\",\"shape\":" + shape(c) + ",\"data_offsets\":["
                    + pick(c, OFFSETS) + "," + pick(c, OFFSETS) + "]}", 0);
            case 2 -> new Template(name + ":{\"dtype\":" + pick(c, DTYPES) + ",\"shape\":[1],\"data_offsets\":"
                    + offsets(c) + "}", 0);
            case 3 -> new Template(name + ":" + nested(c, choices(c, 1, 20_000)), 0);
            case 4 -> new Template(name + ":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0],\""
                    + "x".repeat(choices(c, 1, 70_000)) + "\":" + nested(c, choices(c, 0, 100)) + "}", 0);
            case 5 -> validEntry(c, "\"" + "n".repeat(choices(c, 60_000, 70_000)) + "\"");
            case 6 -> new Template("\"__metadata__\":" + metadata(c), 0);
            case 7 -> validEntry(c, pick(c, STRINGS).replace("3", "\"3\"").replace("null", "\"null\"")
                    .replace("[]", "\"[]\"").replace("{}", "\"{}\""));
            default -> validEntry(c, "\"dup\"");
        };
    }

    private static Template validEntry(Choices c, String name) {
        int rank = c.drawInt(4);
        StringJoiner dims = new StringJoiner(",", "[", "]");
        long count = 1;
        for (int a = 0; a < rank; a++) {
            int d = c.drawInt(4);
            dims.add(Integer.toString(d));
            count *= d;
        }
        boolean f64 = c.drawInt(2) == 0;
        return new Template(name + ":{\"dtype\":\"" + (f64 ? "F64" : "F32") + "\",\"shape\":" + dims
                + ",\"data_offsets\":[@BEGIN@,@END@]}", count * (f64 ? 8 : 4));
    }

    private static String shape(Choices c) {
        int rank = c.drawInt(3) == 0 ? choices(c, 60, 70) : c.drawInt(5);
        StringJoiner dims = new StringJoiner(",", "[", "]");
        for (int a = 0; a < rank; a++) {
            dims.add(c.drawInt(8) == 0 ? nested(c, choices(c, 1, 50)) : pick(c, DIMS));
        }
        return dims.toString();
    }

    private static String offsets(Choices c) {
        int n = c.drawInt(4);
        StringJoiner values = new StringJoiner(",", "[", "]");
        for (int i = 0; i < n; i++) {
            values.add(pick(c, OFFSETS));
        }
        return values.toString();
    }

    private static String metadata(Choices c) {
        int n = c.drawInt(3) == 0 ? c.drawInt(10_000) : c.drawInt(4);
        int depth = n < 4 ? 10_000 : 20;
        StringJoiner entries = new StringJoiner(",", "{", "}");
        for (int i = 0; i < n; i++) {
            String value = switch (c.drawInt(5)) {
                case 0 -> pick(c, STRINGS);
                case 1 -> nested(c, choices(c, 1, depth));
                case 2 -> "\"" + "0".repeat(64) + "\"";
                default -> "\"v" + i + "\"";
            };
            String key = c.drawInt(10) == 0 ? SafeTensors.DIGEST_KEY : "k" + i;
            entries.add("\"" + key + "\":" + value);
        }
        return entries.toString();
    }

    /** {@code depth} nested arrays or objects. */
    private static String nested(Choices c, int depth) {
        return c.drawInt(2) == 0 ? "[".repeat(depth) + "]".repeat(depth)
                : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    }

    private static String pick(Choices c, String[] values) {
        return values[c.drawInt(values.length)];
    }

    /** An int in {@code [low, high]}, small values likelier (so that shrinking moves towards them). */
    private static int choices(Choices c, int low, int high) {
        return low + c.drawInt(c.drawInt(2) == 0 ? Math.min(10, high - low + 1) : high - low + 1);
    }
}
