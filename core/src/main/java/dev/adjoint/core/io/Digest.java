package dev.adjoint.core.io;

import dev.adjoint.core.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SHA-256 digest stored under {@link SafeTensors#DIGEST_KEY}. It covers everything a reader returns, in
 * a canonical form independent of how the JSON header is laid out:
 *
 * <pre>
 *   "adjoint-safetensors-sha256-v1"
 *   for each metadata entry except the digest, by key:  str(key) str(value)
 *   for each tensor, in data order:  str(name) str(dtype) int64(rank) int64(dim)... int64(begin) int64(end)
 *   the data region, byte for byte
 * </pre>
 *
 * where {@code str(s)} is the UTF-8 length as a big-endian int64 followed by the UTF-8 bytes. A writer and a
 * reader compute it from the same values, so any change to a name, shape, offset, metadata string or data
 * byte changes it.
 */
final class Digest {

    private static final byte[] DOMAIN = "adjoint-safetensors-sha256-v1".getBytes(StandardCharsets.US_ASCII);

    private final MessageDigest sha256;
    private final ByteBuffer scratch = ByteBuffer.allocate(8);

    private Digest(MessageDigest sha256) {
        this.sha256 = sha256;
    }

    /** A digest that has taken in the metadata and the entries; the data follows with {@link #update}. */
    static Digest start(Map<String, String> metadata, List<Header.Entry> entries) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        Digest d = new Digest(md);
        md.update(DOMAIN);
        for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
            d.string(e.getKey());
            d.string(e.getValue());
        }
        for (Header.Entry e : entries) {
            d.string(e.name());
            d.string(Header.formatName(e.dtype()));
            Shape shape = e.shape();
            d.int64(shape.rank());
            for (int a = 0; a < shape.rank(); a++) {
                d.int64(shape.dim(a));
            }
            d.int64(e.begin());
            d.int64(e.end());
        }
        return d;
    }

    /** Takes in the remaining bytes of {@code data} (its position moves to its limit). */
    void update(ByteBuffer data) {
        sha256.update(data);
    }

    /** The digest as 64 lowercase hex digits. */
    String hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int64(bytes.length);
        sha256.update(bytes);
    }

    private void int64(long v) {
        sha256.update(scratch.putLong(0, v).array());
    }
}
