package dev.adjoint.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated header of a safetensors file: every check that needs no tensor data, done before anything
 * is allocated for the data. After {@link #parse} returns, the entries are known to tile the data region
 * exactly (no overlap, no gap, nothing out of range), each covering {@code elements × bytes per element}
 * bytes, so reading them allocates exactly the data region's size and no more.
 */
final class Header {

    /** The key of the metadata object inside the header. */
    static final String METADATA = "__metadata__";
    /** The largest header accepted (as the reference implementation): 100 MB. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");
    private static final Set<String> OTHER_DTYPES = Set.of("BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32",
            "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    /** The header nests three deep (object, entry, shape); anything much deeper is not a header. */
    private static final int MAX_DEPTH = 16;

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
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
        return dtype == DType.FLOAT64 ? "F64" : "F32";
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
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            long offset = at == null || at.getByteOffset() < 0 ? 8 : 8 + at.getByteOffset();
            throw new SafeTensorsException(file, offset, null, "the header must be valid JSON without duplicate"
                    + " names, got: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SafeTensorsException(file, 8, null, "the header must be valid JSON, got: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafeTensorsException(file, 8, null, "the header must be a JSON object, got "
                    + (root == null ? "nothing" : root.getNodeType()), null);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        String digest = null;
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA)) {
                digest = parseMetadata(file, field.getValue(), metadata);
            } else {
                entries.add(parseEntry(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin)); // stable: zero-size tensors keep header order
        checkTiling(file, entries, dataLength);
        return new Header(List.copyOf(entries), metadata, digest);
    }

    private static String parseMetadata(Path file, JsonNode node, Map<String, String> out)
            throws SafeTensorsException {
        if (!node.isObject()) {
            throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, METADATA,
                    "metadata must be an object of strings, got " + node.getNodeType(), null);
        }
        String digest = null;
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, METADATA, "metadata value of '"
                        + e.getKey() + "' must be a string, got " + e.getValue().getNodeType(), null);
            }
            if (e.getKey().equals(SafeTensors.DIGEST_KEY)) {
                digest = e.getValue().textValue();
                if (!digest.matches("[0-9a-f]{64}")) {
                    throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, METADATA, "'"
                            + SafeTensors.DIGEST_KEY + "' must be 64 lowercase hex digits, got '" + digest + "'",
                            null);
                }
            } else {
                out.put(e.getKey(), e.getValue().textValue());
            }
        }
        return digest;
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataLength)
            throws SafeTensorsException {
        if (!node.isObject()) {
            throw bad(file, name, "an entry must be an object {dtype, shape, data_offsets}, got " + node.getNodeType());
        }
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            String field = property.getKey();
            if (!ENTRY_FIELDS.contains(field)) {
                throw bad(file, name, "an entry has exactly the fields " + ENTRY_FIELDS.stream().sorted().toList()
                        + ", got unknown field '" + field + "'");
            }
        }
        DType dtype = parseDtype(file, name, node.get("dtype"));
        Shape shape = parseShape(file, name, node.get("shape"));
        long[] offsets = parseOffsets(file, name, node.get("data_offsets"));
        long begin = offsets[0];
        long end = offsets[1];
        long bytes = (long) shape.size() * dtype.byteSize();
        if (end < begin) {
            throw bad(file, name, "data_offsets must satisfy begin <= end, got [" + begin + ", " + end + "]");
        }
        if (end - begin != bytes) {
            throw bad(file, name, "data_offsets must span dtype x shape bytes, expected " + bytes + " bytes ("
                    + formatName(dtype) + shape + "), got [" + begin + ", " + end + "] (" + (end - begin) + " bytes)");
        }
        if (end > dataLength) {
            throw bad(file, name, "data_offsets must lie in the data region, expected end <= " + dataLength
                    + ", got [" + begin + ", " + end + "] (is the file truncated?)");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static DType parseDtype(Path file, String name, JsonNode node) throws SafeTensorsException {
        if (node == null || !node.isTextual()) {
            throw bad(file, name, "dtype must be a string, expected \"F64\" or \"F32\", got " + describe(node));
        }
        return switch (node.textValue()) {
            case "F64" -> DType.FLOAT64;
            case "F32" -> DType.FLOAT32;
            default -> throw bad(file, name, (OTHER_DTYPES.contains(node.textValue()) ? "unsupported" : "unknown")
                    + " dtype, expected \"F64\" or \"F32\", got \"" + node.textValue() + "\"");
        };
    }

    private static Shape parseShape(Path file, String name, JsonNode node) throws SafeTensorsException {
        if (node == null || !node.isArray()) {
            throw bad(file, name, "shape must be an array of dimensions, got " + describe(node));
        }
        int[] dims = new int[node.size()];
        long count = 1;
        for (int a = 0; a < dims.length; a++) {
            JsonNode d = node.get(a);
            if (!d.isIntegralNumber()) {
                throw bad(file, name, "shape must hold integers, got " + describe(d) + " at axis " + a);
            }
            if (!d.canConvertToLong() || d.longValue() > Integer.MAX_VALUE) {
                throw bad(file, name, "a dimension must be at most " + Integer.MAX_VALUE + ", got " + d.asText()
                        + " at axis " + a);
            }
            if (d.longValue() < 0) {
                throw bad(file, name, "dimensions must be >= 0, got " + d.longValue() + " at axis " + a);
            }
            dims[a] = d.intValue();
            count *= dims[a];
            if (count > Integer.MAX_VALUE) {
                throw bad(file, name, "the element count must fit in an int (at most " + Integer.MAX_VALUE
                        + "), got a shape " + node + " whose product overflows");
            }
        }
        return Shape.of(dims);
    }

    private static long[] parseOffsets(Path file, String name, JsonNode node) throws SafeTensorsException {
        if (node == null || !node.isArray() || node.size() != 2) {
            throw bad(file, name, "data_offsets must be an array [begin, end], got " + describe(node));
        }
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode o = node.get(i);
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.longValue() < 0) {
                throw bad(file, name, "data_offsets must hold two integers in [0, 2^63), got " + node);
            }
            out[i] = o.longValue();
        }
        return out;
    }

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

    private static String describe(JsonNode node) {
        if (node == null) {
            return "nothing (the field is missing)";
        }
        String text = node.toString();
        return node.getNodeType() + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }

    private static String describeByte(byte b) {
        int v = b & 0xFF;
        return v >= 0x20 && v < 0x7F ? "'" + (char) v + "'" : String.format("byte 0x%02x", v);
    }
}
