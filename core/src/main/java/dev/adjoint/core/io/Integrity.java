package dev.adjoint.core.io;

/**
 * Whether {@link SafeTensors#read(java.nio.file.Path, Integrity)} demands the SHA-256 digest that
 * {@link SafeTensors#write} puts in the header's {@code __metadata__} under {@link SafeTensors#DIGEST_KEY}.
 *
 * <p>The structural checks (lengths, offsets, dtypes, shapes) find every truncation and most corruptions, but
 * not a flipped bit inside a weight or inside a metadata string; the digest finds those.
 */
public enum Integrity {
    /** The digest must be present and match: for files written by Adjoint (the default). */
    REQUIRE_DIGEST,
    /** The digest is checked when present; files written by other tools (Python safetensors) have none. */
    DIGEST_IF_PRESENT
}
