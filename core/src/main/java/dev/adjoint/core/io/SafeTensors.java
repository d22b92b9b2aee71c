package dev.adjoint.core.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Named tensors in the <a href="https://github.com/huggingface/safetensors">safetensors</a> layout, which
 * Python's {@code safetensors} (and NumPy, with a few lines of code) read as they are:
 *
 * <pre>
 *   bytes [0, 8)         N, the header length: an unsigned 64-bit little-endian integer
 *   bytes [8, 8 + N)     the header: UTF-8 JSON, padded with spaces so that 8 + N is a multiple of 8
 *                          { "__metadata__": { "key": "value", ..., "adjoint.sha256": "&lt;64 hex digits&gt;" },
 *                            "name": { "dtype": "F32", "shape": [4, 8], "data_offsets": [0, 128] }, ... }
 *   bytes [8 + N, end)   the data region: each tensor's elements, row-major, little-endian,
 *                          at data_offsets relative to byte 8 + N, tensors back to back in the given order
 * </pre>
 *
 * <p>The dtypes are {@code F64}, {@code F32}, {@code I64}, {@code I32} (little-endian two's complement) and
 * {@code BOOL} (one byte, 0 or 1, as NumPy's {@code bool_} and the reference implementation write it): the five
 * {@link DType}s; a file with another ({@code F16}, {@code BF16}, {@code U8}, ...) is refused, naming it. The
 * metadata is an object of strings; {@link #write} adds a SHA-256 digest of names, shapes, offsets, metadata
 * and data under {@link #DIGEST_KEY} (see {@link Integrity}), which other readers keep as an ordinary metadata
 * entry.
 *
 * <p><b>Limits</b>, the same for writing and reading, so that every file {@link #write} makes can be read: a
 * header of at most {@link #MAX_HEADER_BYTES}, at most {@link #MAX_ENTRIES} tensors and as many metadata
 * entries, names and metadata keys of at most {@link #MAX_NAME_BYTES} UTF-8 bytes, strings of valid Unicode,
 * shapes of rank at most {@link Shape#MAX_RANK}.
 *
 * <p><b>Writing</b> is atomic ({@link AtomicFiles}): the previous file survives a failed or interrupted save
 * byte for byte. <b>Reading</b> validates before it allocates: the header length against the file size, the
 * JSON (strict, duplicate names rejected, read as a stream with every limit checked as it is reached), every
 * dtype, shape and offset pair, and that the tensors tile the data region exactly; then it reads each tensor
 * once, straight into the array the returned tensor owns (peak memory: the data region plus the header's
 * entries), checks the digest and returns every tensor bit for bit as written, or throws a
 * {@link SafeTensorsException} naming the file, the byte or entry, and what was expected.
 *
 * <pre>{@code
 * SafeTensors.write(path, Map.of("w", w, "b", b), Map.of("note", "epoch 3"));
 * NamedTensors read = SafeTensors.read(path);
 * Tensor w2 = read.tensor("w");                    // w2.sameValues(w)
 * }</pre>
 */
public final class SafeTensors {

    /** The metadata key of the integrity digest (64 lowercase hex digits of SHA-256). */
    public static final String DIGEST_KEY = "adjoint.sha256";
    /** The largest header written or read (as the reference implementation): 100 MB. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The most tensors a file may hold, and the most metadata entries (the digest included). */
    public static final int MAX_ENTRIES = 1 << 20;
    /** The longest tensor name or metadata key, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 1 << 16;

    private static final int CHUNK = 1 << 16;
    private static final JsonFactory JSON = new JsonFactory();

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code tensors} (in the map's iteration order) and {@code metadata} to {@code file}, atomically.
     *
     * @throws IllegalArgumentException when a name is {@code __metadata__}, a metadata key is
     *     {@link #DIGEST_KEY}, a string is not valid Unicode, or a limit above is exceeded (the reader would
     *     refuse the file); nothing is written then
     * @throws IOException when writing fails; {@code file} is then unchanged
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(file, "file is null");
        Plan plan = Plan.of(tensors, metadata);
        AtomicFiles.write(file, plan::writeTo);
    }

    /**
     * Writes the file's bytes to {@code out} (not atomic by itself; combine with {@link AtomicFiles} or use
     * {@link #write}).
     *
     * @throws IllegalArgumentException as {@link #write}, before anything is written
     */
    public static void writeTo(WritableByteChannel out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        Objects.requireNonNull(out, "out is null");
        Plan.of(tensors, metadata).writeTo(out);
    }

    /**
     * A validated snapshot of what to write: the tensors, their entries with offsets, and the header bytes
     * with a placeholder for the digest, which is known only after the data has been read once.
     */
    private static final class Plan {
        private static final String PLACEHOLDER = "0".repeat(64);

        private final List<Tensor> tensors;
        private final List<Header.Entry> entries;
        private final Map<String, String> metadata;
        private final byte[] header;
        private final int digestAt;

        private Plan(List<Tensor> tensors, List<Header.Entry> entries, Map<String, String> metadata)
                throws IOException {
            this.tensors = tensors;
            this.entries = entries;
            this.metadata = metadata;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int end;
            try (JsonGenerator g = JSON.createGenerator(bytes)) {
                g.writeStartObject();
                g.writeObjectFieldStart(Header.METADATA);
                for (Map.Entry<String, String> e : metadata.entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeStringField(DIGEST_KEY, PLACEHOLDER);
                g.flush();
                end = bytes.size() - 1; // the digest's closing quote
                g.writeEndObject();
                for (Header.Entry e : entries) {
                    g.writeObjectFieldStart(e.name());
                    g.writeStringField("dtype", Header.formatName(e.dtype()));
                    g.writeArrayFieldStart("shape");
                    for (int d : e.shape().dims()) {
                        g.writeNumber(d);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("data_offsets");
                    g.writeNumber(e.begin());
                    g.writeNumber(e.end());
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            while ((8 + bytes.size()) % 8 != 0) {
                bytes.write(' ');
            }
            if (bytes.size() > MAX_HEADER_BYTES) {
                throw new IllegalArgumentException("safetensors: the header must be at most " + MAX_HEADER_BYTES
                        + " bytes, got " + bytes.size() + " bytes; shorten the names and metadata or split the"
                        + " tensors over several files");
            }
            this.header = bytes.toByteArray();
            this.digestAt = end - PLACEHOLDER.length();
        }

        static Plan of(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
            Objects.requireNonNull(tensors, "tensors is null");
            Objects.requireNonNull(metadata, "metadata is null");
            if (tensors.size() > MAX_ENTRIES || metadata.size() >= MAX_ENTRIES) {
                throw new IllegalArgumentException("safetensors: a file holds at most " + MAX_ENTRIES + " tensors"
                        + " and " + (MAX_ENTRIES - 1) + " metadata entries, got " + tensors.size() + " tensors and "
                        + metadata.size() + " metadata entries");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            metadata.forEach((k, v) -> {
                Objects.requireNonNull(k, "a metadata key is null");
                Objects.requireNonNull(v, "metadata value of '" + k + "' is null");
                check(Header.nameProblem(k, "metadata key"));
                check(Header.unicodeProblem(v, "metadata value"));
                if (k.equals(DIGEST_KEY)) {
                    throw new IllegalArgumentException("safetensors: metadata key '" + DIGEST_KEY
                            + "' is reserved for the digest, got it in the metadata");
                }
                meta.put(k, v);
            });
            List<Tensor> list = new ArrayList<>();
            List<Header.Entry> entries = new ArrayList<>();
            long offset = 0;
            for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
                String name = Objects.requireNonNull(e.getKey(), "a tensor name is null");
                Tensor t = Objects.requireNonNull(e.getValue(), "tensor '" + name + "' is null");
                check(Header.nameProblem(name, "tensor name"));
                if (name.equals(Header.METADATA)) {
                    throw new IllegalArgumentException("safetensors: a tensor must not be named '" + Header.METADATA
                            + "', got it as a tensor name");
                }
                long bytes = (long) t.size() * t.dtype().byteSize();
                entries.add(new Header.Entry(name, t.dtype(), t.shape(), offset, offset + bytes));
                list.add(t);
                offset += bytes;
            }
            return new Plan(list, entries, meta);
        }

        private static void check(String problem) {
            if (problem != null) {
                throw new IllegalArgumentException("safetensors: " + problem);
            }
        }

        void writeTo(WritableByteChannel out) throws IOException {
            Digest digest = Digest.start(metadata, entries);
            ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                encode(t, buffer, chunk -> digest.update(chunk));
            }
            byte[] hex = digest.hex().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(header.length).put(header).put(8 + digestAt, hex).flip();
            writeFully(out, prefix);
            for (Tensor t : tensors) {
                encode(t, buffer, chunk -> writeFully(out, chunk));
            }
        }
    }

    /** Receives successive chunks of encoded data. */
    @FunctionalInterface
    private interface ChunkSink {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /**
     * Streams a tensor's elements as little-endian bytes through {@code buffer}, one chunk at a time, from the
     * tensor's own storage (read only; a copy would double the memory a save needs). A bool is one byte, 1 or 0.
     */
    private static void encode(Tensor t, ByteBuffer buffer, ChunkSink sink) throws IOException {
        int width = t.dtype().byteSize();
        int per = CHUNK / width;
        Object data = TensorInternals.storage(t);
        forEachChunk(t.size(), per, (from, n) -> {
            buffer.clear();
            if (data instanceof double[] d) {
                buffer.asDoubleBuffer().put(d, from, n);
            } else if (data instanceof float[] f) {
                buffer.asFloatBuffer().put(f, from, n);
            } else if (data instanceof long[] l) {
                buffer.asLongBuffer().put(l, from, n);
            } else if (data instanceof int[] m) {
                buffer.asIntBuffer().put(m, from, n);
            } else {
                boolean[] bits = (boolean[]) data;
                for (int i = 0; i < n; i++) {
                    buffer.put(i, bits[from + i] ? (byte) 1 : (byte) 0);
                }
            }
            buffer.limit(n * width);
            sink.accept(buffer);
        });
    }

    /** Receives one chunk's elements {@code [from, from + n)}. */
    @FunctionalInterface
    interface ChunkBody {
        void accept(int from, int n) throws IOException;
    }

    /**
     * Calls {@code body} with the chunks {@code [from, from + n)} of at most {@code per} elements that tile
     * {@code [0, count)}, in order. The next start is computed in {@code long}: with {@code int} counters,
     * {@code from += per} overflows once {@code from} passes {@code Integer.MAX_VALUE - per}, which a tensor of
     * close to {@code Integer.MAX_VALUE} elements reaches.
     */
    static void forEachChunk(int count, int per, ChunkBody body) throws IOException {
        if (per <= 0) {
            throw new IllegalArgumentException("forEachChunk: per must be > 0, got " + per);
        }
        for (long from = 0; from < count; from += per) {
            body.accept((int) from, (int) Math.min(per, count - from));
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a file written by Adjoint: {@link #read(Path, Integrity)} with {@link Integrity#REQUIRE_DIGEST}.
     *
     * @throws SafeTensorsException when the file is not a valid safetensors file, or its digest is missing or
     *     does not match
     * @throws IOException when the file cannot be read, as for {@link #read(Path, Integrity)}
     */
    public static NamedTensors read(Path file) throws IOException {
        return read(file, Integrity.REQUIRE_DIGEST);
    }

    /**
     * Reads a safetensors file, validating it completely before returning anything.
     *
     * @throws SafeTensorsException naming the file, the byte offset or entry, and what was expected vs got
     * @throws IOException when the file cannot be read: a {@link FileSystemException} naming the path when it
     *     is missing ({@code NoSuchFileException}), not readable ({@code AccessDeniedException}) or a directory
     *     ({@code <path>: expected a safetensors file, got a directory})
     */
    public static NamedTensors read(Path file, Integrity integrity) throws IOException {
        Objects.requireNonNull(file, "file is null");
        Objects.requireNonNull(integrity, "integrity is null");
        if (Files.isDirectory(file)) { // else the read fails with a bare "Is a directory" that names no path
            throw new FileSystemException(file.toString(), null, "expected a safetensors file, got a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new SafeTensorsException(file, 0, null, "a safetensors file starts with an 8-byte header"
                        + " length, expected at least 8 bytes, got a file of " + size + " bytes", null);
            }
            ByteBuffer lengthBytes = readAt(file, channel, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            long n = lengthBytes.getLong();
            if (n < 0 || n > size - 8) {
                throw new SafeTensorsException(file, 0, null, "the header length must fit in the file, expected at"
                        + " most " + (size - 8) + ", got " + Long.toUnsignedString(n) + " (is the file truncated?)",
                        null);
            }
            if (n > MAX_HEADER_BYTES) {
                throw new SafeTensorsException(file, 0, null, "the header length must be at most "
                        + MAX_HEADER_BYTES + " bytes, got " + n, null);
            }
            byte[] json = new byte[(int) n];
            readAt(file, channel, 8, (int) n).get(json);
            long dataStart = 8 + n;
            Header header = Header.parse(file, json, size - dataStart);
            if (header.digest() == null && integrity == Integrity.REQUIRE_DIGEST) {
                throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, Header.METADATA, "an Adjoint"
                        + " file carries its digest, expected metadata key '" + DIGEST_KEY + "', got "
                        + header.metadata().keySet() + "; read files from other tools with Integrity."
                        + Integrity.DIGEST_IF_PRESENT, null);
            }
            return new NamedTensors(readData(file, channel, dataStart, header), header.metadata());
        }
    }

    private static Map<String, Tensor> readData(Path file, FileChannel channel, long dataStart, Header header)
            throws IOException {
        Digest digest = Digest.start(header.metadata(), header.entries());
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Header.Entry e : header.entries()) {
            Shape shape = e.shape();
            int count = shape.size();
            int width = e.dtype().byteSize();
            Object data = TensorInternals.allocate(e.dtype(), count);
            forEachChunk(count, CHUNK / width, (from, n) -> {
                buffer.clear().limit(n * width);
                fill(file, channel, buffer, dataStart + e.begin() + (long) from * width);
                buffer.flip();
                decode(file, e, dataStart, buffer, data, from, n);
                digest.update(buffer);
            });
            // The arrays were filled here and nowhere else: the tensors own them, no second copy.
            tensors.put(e.name(), TensorInternals.adoptStorage(shape, data));
        }
        if (header.digest() != null) {
            String actual = digest.hex();
            if (!actual.equals(header.digest())) {
                throw new SafeTensorsException(file, SafeTensorsException.NO_OFFSET, Header.METADATA, "the content"
                        + " must match its digest, expected " + DIGEST_KEY + " " + header.digest() + ", got "
                        + actual + " (the file is corrupt)", null);
            }
        }
        return tensors;
    }

    /**
     * Elements {@code [from, from + n)} of entry {@code e} from {@code buffer} (left at its position) into
     * {@code data}; a BOOL byte must be 0 or 1.
     */
    private static void decode(Path file, Header.Entry e, long dataStart, ByteBuffer buffer, Object data, int from,
            int n) throws SafeTensorsException {
        if (data instanceof double[] d) {
            buffer.asDoubleBuffer().get(d, from, n);
        } else if (data instanceof float[] f) {
            buffer.asFloatBuffer().get(f, from, n);
        } else if (data instanceof long[] l) {
            buffer.asLongBuffer().get(l, from, n);
        } else if (data instanceof int[] m) {
            buffer.asIntBuffer().get(m, from, n);
        } else {
            boolean[] bits = (boolean[]) data;
            for (int i = 0; i < n; i++) {
                byte b = buffer.get(i);
                if (b != 0 && b != 1) {
                    throw new SafeTensorsException(file, dataStart + e.begin() + from + i, e.name(), "a BOOL element"
                            + " must be the byte 0 or 1, got " + (b & 0xFF) + " at element " + (from + i), null);
                }
                bits[from + i] = b == 1;
            }
        }
    }

    private static ByteBuffer readAt(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        fill(file, channel, buffer, position);
        return buffer.flip();
    }

    private static void fill(Path file, FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new SafeTensorsException(file, at, null, "the file ended while reading, expected "
                        + buffer.remaining() + " more bytes, got end of file (was it truncated while being read?)",
                        null);
            }
            at += read;
        }
    }
}
