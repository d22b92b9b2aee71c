package dev.adjoint.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated header of a safetensors file: every check that needs no tensor data, done before anything
 * is allocated for the data. After {@link #parse} returns, the entries are known to tile the data region
 * exactly (no overlap, no gap, nothing out of range), each covering {@code elements × bytes per element}
 * bytes, so reading them allocates exactly the data region's size and no more.
 *
 * <p>The JSON is read as a stream of tokens straight into typed entries, and each limit of
 * {@link SafeTensors} (entries, name length, rank) is checked as the token arrives: a hostile header fails
 * at its first offending token, and memory stays a small multiple of the header whatever it holds. The
 * writer checks the same limits ({@link #nameProblem}, {@link SafeTensors#MAX_ENTRIES}), so the set of
 * headers written and the set read are one set.
 */
final class Header {

    /** The key of the metadata object inside the header. */
    static final String METADATA = "__metadata__";

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Set<String> OTHER_DTYPES = Set.of("U8", "I8", "I16", "U16", "F16", "BF16", "U32", "U64",
            "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");
    /** The dtypes read and written, as messages name them. */
    private static final String EXPECTED = "one of \"F64\", \"F32\", \"I64\", \"I32\" or \"BOOL\"";

    /**
     * Names are data, not a vocabulary: they are not interned. Jackson's symbol table stays on (its byte parser gives
     * byte offsets; it decodes UTF-8 leniently, so {@link #checkUtf8} runs first; it reports a flood of colliding
     * names as a constraint violation). Duplicates are found here with one set per object, not with Jackson's
     * detector, which allocates a set per entry. Strings may be as long as the header; Jackson counts a name's UTF-8
     * bytes against the name limit as it reads it.
     */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxNameLength(SafeTensors.MAX_NAME_BYTES)
                    .maxStringLength((int) SafeTensors.MAX_HEADER_BYTES)
                    .build())
            .build();

    /**
     * One tensor's entry.
     *
     * @param name the tensor's name
     * @param dtype its element type
     * @param shape its shape
     * @param begin the offset of its first byte, relative to the start of the data region
     * @param end the offset just past its last byte
     */
    record Entry(String name, DType dtype, Shape shape, long begin, long end) {
    }

    private final List<Entry> entries;
    private final Map<String, String> metadata;
    private final String digest;

    private Header(List<Entry> entries, Map<String, String> metadata, String digest) {
        this.entries = entries;
        this.metadata = metadata;
        this.digest = digest;
    }

    /** The entries in data order. */
    List<Entry> entries() {
        return entries;
    }

    /** The metadata without the digest, in header order. */
    Map<String, String> metadata() {
        return metadata;
    }

    /** The hex digest from the metadata, or null when there is none. */
    String digest() {
        return digest;
    }

    /** The name of a dtype in the file format. */
    static String formatName(DType dtype) {
        return switch (dtype) {
            case FLOAT64 -> "F64";
            case FLOAT32 -> "F32";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case BOOL -> "BOOL";
        };
    }

    /**
     * What is wrong with a tensor name or metadata key ({@code what}), or null when it is fine: it must be
     * valid Unicode and at most {@link SafeTensors#MAX_NAME_BYTES} bytes in UTF-8.
     */
    static String nameProblem(String name, String what) {
        String unicode = unicodeProblem(name, what);
        if (unicode != null) {
            return unicode;
        }
        long bytes = utf8Length(name);
        return bytes <= SafeTensors.MAX_NAME_BYTES ? null : "a " + what + " must be at most "
                + SafeTensors.MAX_NAME_BYTES + " bytes in UTF-8, got " + bytes + " bytes ('" + abbreviate(name)
                + "')";
    }

    /** What is wrong with a string of the header ({@code what}), or null when it is valid Unicode. */
    static String unicodeProblem(String s, String what) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "a " + what + " must be valid Unicode, got an unpaired surrogate \\u"
                        + Integer.toHexString(c) + " at char " + i + " of '" + abbreviate(s) + "'";
            }
        }
        return null;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3; // a pair is 4 bytes
        }
        return n;
    }

    /** At most 40 chars of {@code s}, for messages. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * Parses and validates a header.
     *
     * @param file the file, for messages
     * @param json the header's bytes (file bytes {@code [8, 8 + json.length)})
     * @param dataLength the number of bytes after the header
     */
    static Header parse(Path file, byte[] json, long dataLength) throws SafeTensorsException {
        if (json.length == 0 || json[0] != '{') {
            throw new SafeTensorsException(file, 8, null, "the header must be a JSON object, expected '{', got "
                    + (json.length == 0 ? "an empty header" : describeByte(json[0])), null);
        }
        checkUtf8(file, json);
        Reader reader = new Reader(file, dataLength);
        try (JsonParser p = JSON.createParser(json)) {
            reader.document(p);
        } catch (SafeTensorsException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null || at.getByteOffset() < 0 ? 8 : 8 + at.getByteOffset();
            throw new SafeTensorsException(file, offset, null, "the header must be valid JSON without duplicate"
                    + " names, got: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafeTensorsException(file, 8, null, "the header must be valid JSON, got: " + e.getMessage(), e);
        }
        List<Entry> entries = reader.entries;
        entries.sort(Comparator.comparingLong(Entry::begin)); // stable: zero-size tensors keep header order
        checkTiling(file, entries, dataLength);
        return new Header(List.copyOf(entries), reader.metadata, reader.digest);
    }

    /**
     * Refuses a header that is not well-formed UTF-8, before the JSON parser (which decodes leniently) sees
     * it: overlong encodings ({@code C0 AF} for {@code /}), encoded surrogates, code points above U+10FFFF,
     * bytes that never occur in UTF-8 and truncated sequences, each naming the byte offset in the file. The
     * bytes are decoded through a small fixed buffer, so no string of the header's size is made.
     */
    private static void checkUtf8(Path file, byte[] json) throws SafeTensorsException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(json);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult result = decoder.decode(in, out.clear(), true);
            if (result.isError()) {
                throw invalidUtf8(file, json, in.position(), result.length());
            }
            if (result.isUnderflow()) {
                break;
            }
        }
        CoderResult result = decoder.flush(out.clear());
        if (result.isError()) {
            throw invalidUtf8(file, json, in.position(), result.length());
        }
    }

    private static SafeTensorsException invalidUtf8(Path file, byte[] json, int at, int length) {
        int end = Math.min(json.length, at + Math.max(length, 1));
        StringBuilder bytes = new StringBuilder();
        for (int i = at; i < end; i++) {
            bytes.append(bytes.length() == 0 ? "" : " ").append(String.format("%02X", json[i] & 0xFF));
        }
        return new SafeTensorsException(file, 8 + at, null, "the header must be valid UTF-8 (no overlong"
                + " encodings, surrogates or code points above U+10FFFF), got the invalid byte"
                + (end - at > 1 ? "s " : " ") + bytes + (end >= json.length ? " at the end of the header" : ""), null);
    }

    /** Reads the tokens of one header into typed entries, checking each as it arrives. */
    private static final class Reader {
        private final Path file;
        private final long dataLength;
        private final List<Entry> entries = new ArrayList<>();
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final int[] dims = new int[Shape.MAX_RANK];
        private final long[] offsets = new long[2];
        private Shape previous = Shape.scalar();
        private String digest;

        Reader(Path file, long dataLength) {
            this.file = file;
            this.dataLength = dataLength;
        }

        void document(JsonParser p) throws IOException {
            p.nextToken(); // '{', checked by the caller
            Set<String> names = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                unique(p, names, name);
                p.nextToken();
                if (name.equals(METADATA)) {
                    metadata(p);
                } else {
                    String problem = nameProblem(name, "tensor name");
                    if (problem != null) {
                        throw bad(file, abbreviate(name), problem);
                    }
                    if (entries.size() == SafeTensors.MAX_ENTRIES) {
                        throw bad(file, abbreviate(name), "a file holds at most " + SafeTensors.MAX_ENTRIES
                                + " tensors, got more");
                    }
                    entries.add(entry(p, name));
                }
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new SafeTensorsException(file, 8 + p.currentTokenLocation().getByteOffset(), null, "the header"
                        + " must be valid JSON without duplicate names, got: Trailing token (of type " + trailing
                        + ") after the header object", null);
            }
        }

        private void metadata(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(file, METADATA, "metadata must be an object of strings, got " + describe(p));
            }
            Set<String> keys = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                unique(p, keys, key);
                String problem = nameProblem(key, "metadata key");
                if (problem != null) {
                    throw bad(file, METADATA, problem);
                }
                if (keys.size() > SafeTensors.MAX_ENTRIES) {
                    throw bad(file, METADATA, "metadata holds at most " + SafeTensors.MAX_ENTRIES
                            + " entries, got more");
                }
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw bad(file, METADATA, "metadata value of '" + abbreviate(key) + "' must be a string, got "
                            + describe(p));
                }
                String value = p.getText();
                problem = unicodeProblem(value, "metadata value");
                if (problem != null) {
                    throw bad(file, METADATA, problem + " (the value of '" + abbreviate(key) + "')");
                }
                if (key.equals(SafeTensors.DIGEST_KEY)) {
                    if (!value.matches("[0-9a-f]{64}")) {
                        throw bad(file, METADATA, "'" + SafeTensors.DIGEST_KEY + "' must be 64 lowercase hex digits,"
                                + " got '" + abbreviate(value) + "'");
                    }
                    digest = value;
                } else {
                    metadata.put(key, value);
                }
            }
        }

        private void unique(JsonParser p, Set<String> seen, String name) throws SafeTensorsException {
            if (!seen.add(name)) {
                throw duplicate(p, name);
            }
        }

        private SafeTensorsException duplicate(JsonParser p, String name) {
            return new SafeTensorsException(file, 8 + p.currentTokenLocation().getByteOffset(), null, "the header"
                    + " must be valid JSON without duplicate names, got: Duplicate field '" + abbreviate(name) + "'",
                    null);
        }

        private Entry entry(JsonParser p, String name) throws IOException {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw bad(file, name, "an entry must be an object {dtype, shape, data_offsets}, got " + describe(p));
            }
            DType dtype = null;
            Shape shape = null;
            boolean offsetsSeen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                if (field.equals("dtype") && dtype != null || field.equals("shape") && shape != null
                        || field.equals("data_offsets") && offsetsSeen) {
                    throw duplicate(p, field);
                }
                p.nextToken();
                switch (field) {
                    case "dtype" -> dtype = dtype(p, name);
                    case "shape" -> shape = shape(p, name);
                    case "data_offsets" -> offsetsSeen = offsets(p, name);
                    default -> throw bad(file, name, "an entry has exactly the fields "
                            + ENTRY_FIELDS.stream().sorted().toList() + ", got unknown field '" + abbreviate(field)
                            + "'");
                }
            }
            if (dtype == null) {
                throw bad(file, name, "dtype must be a string, expected " + EXPECTED + ", got " + MISSING);
            }
            if (shape == null) {
                throw bad(file, name, "shape must be an array of dimensions, got " + MISSING);
            }
            if (!offsetsSeen) {
                throw bad(file, name, "data_offsets must be an array [begin, end], got " + MISSING);
            }
            long begin = offsets[0];
            long end = offsets[1];
            long bytes = (long) shape.size() * dtype.byteSize();
            if (end < begin) {
                throw bad(file, name, "data_offsets must satisfy begin <= end, got [" + begin + ", " + end + "]");
            }
            if (end - begin != bytes) {
                throw bad(file, name, "data_offsets must span dtype x shape bytes, expected " + bytes + " bytes ("
                        + formatName(dtype) + shape + "), got [" + begin + ", " + end + "] (" + (end - begin)
                        + " bytes)");
            }
            if (end > dataLength) {
                throw bad(file, name, "data_offsets must lie in the data region, expected end <= " + dataLength
                        + ", got [" + begin + ", " + end + "] (is the file truncated?)");
            }
            return new Entry(name, dtype, shape, begin, end);
        }

        private DType dtype(JsonParser p, String name) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw bad(file, name, "dtype must be a string, expected " + EXPECTED + ", got " + describe(p));
            }
            for (DType dtype : DType.values()) {
                if (textIs(p, formatName(dtype))) {
                    return dtype;
                }
            }
            String text = p.getText();
            boolean other = OTHER_DTYPES.contains(text);
            throw bad(file, name, (other ? "unsupported" : "unknown") + " dtype, expected " + EXPECTED + ", got \""
                    + abbreviate(text) + "\"" + (other ? "; convert the tensor to one of these before saving (e.g."
                    + " torch's .float() for F16 and BF16, .long() for other integers)" : ""));
        }

        private Shape shape(JsonParser p, String name) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw bad(file, name, "shape must be an array of dimensions, got " + describe(p));
            }
            int rank = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (rank == Shape.MAX_RANK) {
                    throw bad(file, name, "the rank must be at most " + Shape.MAX_RANK + ", got a shape with more"
                            + " dimensions");
                }
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                    throw bad(file, name, "shape must hold integers, got " + describe(p) + " at axis " + rank);
                }
                boolean big = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
                if (big && p.getText().startsWith("-") || !big && p.getLongValue() < 0) {
                    throw bad(file, name, "dimensions must be >= 0, got " + p.getText() + " at axis " + rank);
                }
                if (big || p.getLongValue() > Integer.MAX_VALUE) {
                    throw bad(file, name, "a dimension must be at most " + Integer.MAX_VALUE + ", got "
                            + p.getText() + " at axis " + rank);
                }
                dims[rank++] = p.getIntValue();
            }
            if (sameAsPrevious(rank)) {
                return previous; // shapes are values: equal entries share one
            }
            int[] shape = Arrays.copyOf(dims, rank);
            long count = 1;
            for (int d : shape) {
                count *= d;
                if (count > Shape.MAX_SIZE) {
                    throw bad(file, name, "the element count must be at most " + Shape.MAX_SIZE + " (the longest Java"
                            + " array), got a shape " + Arrays.toString(shape).replace(" ", "") + " of more elements");
                }
            }
            try {
                previous = Shape.of(shape);
                return previous;
            } catch (IllegalArgumentException e) {
                throw bad(file, name, "the shape must be a valid shape, got " + Arrays.toString(shape) + ": "
                        + e.getMessage());
            }
        }

        private boolean sameAsPrevious(int rank) {
            if (previous.rank() != rank) {
                return false;
            }
            for (int a = 0; a < rank; a++) {
                if (previous.dim(a) != dims[a]) {
                    return false;
                }
            }
            return true;
        }

        /** Reads {@code [begin, end]} into {@link #offsets}. */
        private boolean offsets(JsonParser p, String name) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw bad(file, name, "data_offsets must be an array [begin, end], got " + describe(p));
            }
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n == 2) {
                    throw bad(file, name, "data_offsets must be an array [begin, end], got more than two values");
                }
                if (p.currentToken() != JsonToken.VALUE_NUMBER_INT
                        || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER || p.getLongValue() < 0) {
                    throw bad(file, name, "data_offsets must hold two integers in [0, 2^63), got " + describe(p)
                            + " at position " + n);
                }
                offsets[n++] = p.getLongValue();
            }
            if (n != 2) {
                throw bad(file, name, "data_offsets must be an array [begin, end], got " + n + " values");
            }
            return true;
        }
    }

    private static final String MISSING = "nothing (the field is missing)";

    private static void checkTiling(Path file, List<Entry> entries, long dataLength) throws SafeTensorsException {
        long expected = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < expected) {
                throw bad(file, e.name(), "tensors must not overlap, got [" + e.begin() + ", " + e.end()
                        + "], which overlaps '" + previous.name() + "' at [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
            if (e.begin() > expected) {
                throw bad(file, e.name(), "tensors must tile the data region without gaps, expected begin "
                        + expected + ", got " + e.begin());
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, null, "the tensors must cover the"
                    + " data region exactly, expected " + dataLength + " bytes, got " + expected + " ("
                    + (dataLength - expected) + " trailing bytes belong to no tensor)", null);
        }
    }

    private static SafeTensorsException bad(Path file, String name, String detail) {
        return new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, name, detail, null);
    }

    /** The current token as {@code NUMBER 1.5}, {@code STRING "3"}, {@code ARRAY}, ... for messages. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        return switch (t) {
            case START_ARRAY -> "ARRAY";
            case START_OBJECT -> "OBJECT";
            case VALUE_STRING -> "STRING \"" + abbreviate(p.getText()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "NUMBER " + abbreviate(p.getText());
            case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN " + p.getText();
            case VALUE_NULL -> "NULL";
            default -> String.valueOf(t);
        };
    }

    /** Whether the current string token is {@code expected}, without making a String of it. */
    private static boolean textIs(JsonParser p, String expected) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length != expected.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (text[offset + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String describeByte(byte b) {
        int v = b & 0xFF;
        return v >= 0x20 && v < 0x7F ? "'" + (char) v + "'" : String.format("byte 0x%02x", v);
    }
}
