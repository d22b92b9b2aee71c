package dev.adjoint.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * Writes a file all at once or not at all: a reader, a crash or a full disk never leaves a half-written
 * file under the target's name.
 *
 * <p>The content goes to a new temporary file {@code .<name>.<random>.tmp} in the target's directory (the same
 * file system, so the rename below is atomic); the temporary file is flushed to the device
 * ({@link FileChannel#force}), then renamed over the target with {@code ATOMIC_MOVE} and
 * {@code REPLACE_EXISTING}, and finally the directory is flushed so that the rename itself survives a crash
 * (where the platform allows it). If anything fails before the rename (the content throws, the disk is full,
 * the flush fails) the temporary file is deleted and the previous file, if any, is left byte for byte as it
 * was. Concurrent writers of one target each use their own temporary file; the last rename wins and every
 * reader sees one complete version.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** What is written: the whole content, to a channel. */
    @FunctionalInterface
    public interface Content {

        /** Writes the content to {@code out}; throwing aborts the write and keeps the previous file. */
        void writeTo(WritableByteChannel out) throws IOException;
    }

    /**
     * Replaces {@code target} by {@code content}, atomically.
     *
     * @throws IOException when writing, flushing or renaming fails; {@code target} is then unchanged and no
     *     temporary file is left behind
     */
    public static void write(Path target, Content content) throws IOException {
        write(target, content, UnaryOperator.identity());
    }

    /**
     * Replaces {@code target} by {@code content}, atomically, with the temporary file's channel seen through
     * {@code decorator} (to count, throttle or, in tests, to fail like a full disk); the flush and the rename
     * are done on the real file.
     *
     * @throws IOException when writing, flushing or renaming fails; {@code target} is then unchanged and no
     *     temporary file is left behind
     */
    public static void write(Path target, Content content, UnaryOperator<WritableByteChannel> decorator)
            throws IOException {
        Objects.requireNonNull(target, "target is null");
        Objects.requireNonNull(content, "content is null");
        Objects.requireNonNull(decorator, "decorator is null");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("atomic write: target must be a file in a directory, got " + target);
        }
        Path temp = createTemp(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                WritableByteChannel out = Objects.requireNonNull(decorator.apply(channel),
                        "decorator returned null");
                content.writeTo(out);
                channel.force(true);
            }
            move(temp, absolute);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
        forceDirectory(dir);
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + ".tmp");
            try {
                // CREATE_NEW without explicit permissions: the file gets the process's default mode, as the
                // target would (Files.createTempFile would make it owner-only).
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 16) {
                    throw e;
                }
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("atomic write: the file system of " + target + " cannot rename atomically;"
                    + " save to a local file system", e);
        }
    }

    /** Flushes the directory entry of the rename; not every platform can open a directory, which is fine. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename is durable on its own.
        }
    }
}
