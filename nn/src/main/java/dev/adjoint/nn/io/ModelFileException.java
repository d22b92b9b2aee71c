package dev.adjoint.nn.io;

import dev.adjoint.core.io.SafeTensorsException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A model file that cannot be loaded: not a valid safetensors file (the cause is then a
 * {@code dev.adjoint.core.io.SafeTensorsException}), not an Adjoint model, a format version this release does
 * not know, a configuration entry with an unknown type or an invalid value, or tensors that do not match the
 * architecture. No model is returned and no model is changed when it is thrown.
 *
 * <p>Like {@code SafeTensorsException} it is an {@link IOException}: a property of the file. The message is
 * {@code <file>: <where>: <rule>, expected <x>, got <y>}, where {@code <where>} is a JSON path
 * ({@code model.layers[1].activation}), a tensor ({@code tensor 'params/dense/kernel'}) or a byte offset.
 */
public final class ModelFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String where;

    /**
     * @param file the file read
     * @param where the entry concerned (JSON path, tensor or byte), or null
     * @param detail what was expected and what was found
     * @param cause the underlying error, or null
     */
    public ModelFileException(Path file, String where, String detail, Throwable cause) {
        super(file + ": " + (where == null ? "" : where + ": ") + detail, cause);
        this.file = Objects.requireNonNull(file, "file is null");
        this.where = where;
    }

    private ModelFileException(Path file, String where, String message, Throwable cause, boolean raw) {
        super(message, cause);
        this.file = file;
        this.where = where;
    }

    /** The same problem as a model-file problem, with the same message (which already names the file). */
    static ModelFileException of(SafeTensorsException e) {
        String where = e.entry() != null ? "entry '" + e.entry() + "'"
                : e.offset() >= 0 ? "at byte " + e.offset() : null;
        return new ModelFileException(e.file(), where, e.getMessage(), e, true);
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** The entry concerned, or null when the problem is with the file as a whole. */
    public String where() {
        return where;
    }
}
