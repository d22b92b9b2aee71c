package dev.adjoint.core.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that is not a valid safetensors file, or not one this version can read: truncated, a header length past the
 * end, a header that is not valid UTF-8, malformed or duplicated JSON, offsets that overlap, leave gaps, run out of
 * range or do not match {@code dtype × shape}, an element count that overflows, an unknown dtype, or a digest that
 * does not match the content.
 *
 * <p>It is an {@link IOException} because it is a property of the file, not of the caller's arguments: code
 * that reads files already handles {@code IOException}. The message follows the library's error template,
 * prefixed with where the problem is: {@code <file>: at byte <offset>: <rule>, expected <x>, got <y>} or
 * {@code <file>: entry '<name>': <rule>, expected <x>, got <y>}. Nothing is returned when it is thrown: a
 * read either gives every tensor, bit for bit as written, or throws.
 */
public final class SafeTensorsException extends IOException {

    private static final long serialVersionUID = 1L;

    /** {@link #offset()} when the problem is not at one byte position. */
    public static final long NO_OFFSET = -1;

    private final transient Path file;
    private final long offset;
    private final String entry;

    /**
     * @param file the file read
     * @param offset the byte offset in the file where the problem is, or {@link #NO_OFFSET}
     * @param entry the header entry (tensor name or {@code __metadata__} key) concerned, or null
     * @param detail what was expected and what was found
     * @param cause the underlying parse error, or null
     */
    public SafeTensorsException(Path file, long offset, String entry, String detail, Throwable cause) {
        super(message(file, offset, entry, detail), cause);
        this.file = Objects.requireNonNull(file, "file is null");
        this.offset = offset;
        this.entry = entry;
    }

    private static String message(Path file, long offset, String entry, String detail) {
        StringBuilder sb = new StringBuilder(String.valueOf(file)).append(": ");
        if (entry != null) {
            sb.append("entry '").append(entry).append("': ");
        }
        if (offset >= 0) {
            sb.append("at byte ").append(offset).append(": ");
        }
        return sb.append(detail).toString();
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The byte offset in the file where the problem is, or {@link #NO_OFFSET}. */
    public long offset() {
        return offset;
    }

    /** The header entry concerned, or null when the problem is not with one entry. */
    public String entry() {
        return entry;
    }
}
