package dev.adjoint.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Writes a file all at once or not at all: a reader, a crash or a full disk never leaves a half-written
 * file under the target's name.
 *
 * <p>The content goes to a new temporary file {@code .adjoint-<16 hex digits>.tmp} in the target's directory
 * (the same file system, so the rename below is atomic; 30 bytes whatever the target's name, so every legal
 * name can be saved). The writer holds a lock on it while writing; it is flushed to the device
 * ({@link FileChannel#force}), then renamed over the target with {@code ATOMIC_MOVE} and
 * {@code REPLACE_EXISTING}, and finally the directory is flushed so that the rename itself survives a crash
 * (where the platform allows it). If anything fails before the rename (the content throws, the disk is full,
 * the flush fails) the temporary file is deleted and the previous file, if any, is left byte for byte as it
 * was. Concurrent writers of one target each use their own temporary file; the last rename wins and every
 * reader sees one complete version.
 *
 * <p>A process killed mid-write leaves its temporary file behind. Each write removes such orphans from its
 * directory: temporary files of this pattern that no writer holds (their lock can be taken, and no write of
 * this JVM owns them) and that were last modified more than {@link #ORPHAN_AGE} ago (which covers the moment
 * between a writer creating its file and locking it). On a file system without locks nothing is removed.
 */
public final class AtomicFiles {

    /** How long a temporary file must have been left untouched before a write may remove it as an orphan. */
    public static final Duration ORPHAN_AGE = Duration.ofMinutes(1);

    private static final String PREFIX = ".adjoint-";
    private static final String SUFFIX = ".tmp";
    private static final Pattern TEMPORARY = Pattern.compile(Pattern.quote(PREFIX) + "[0-9a-f]{16}"
            + Pattern.quote(SUFFIX));
    /** The temporary files this JVM is writing: never orphans, and never to be opened by the sweep. */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

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
     *     temporary file is left behind; a {@link NoSuchFileException} naming the directory when it is missing,
     *     a {@link FileAlreadyExistsException} when {@code target} is a directory
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
        if (!Files.exists(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "atomic write of " + target + ": the directory to"
                    + " write into does not exist; create it first (Files.createDirectories)");
        }
        if (Files.isDirectory(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "atomic write: expected a file to"
                    + " write, got a directory; name a file inside it");
        }
        Path realDir = dir.toRealPath();
        removeOrphans(realDir);
        Path temp = newTemp(realDir);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                lock(channel);
                WritableByteChannel out = Objects.requireNonNull(decorator.apply(channel),
                        "decorator returned null");
                content.writeTo(out);
                channel.force(true);
            }
            move(temp, absolute);
            moved = true;
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(temp);
                }
            } finally {
                WRITING.remove(temp);
            }
        }
        forceDirectory(dir);
    }

    /** A new, empty temporary file in {@code dir}, registered as being written. */
    private static Path newTemp(Path dir) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temp = dir.resolve(PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())
                    + SUFFIX);
            WRITING.add(temp);
            try {
                // CREATE_NEW without explicit permissions: the file gets the process's default mode, as the
                // target would (Files.createTempFile would make it owner-only).
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                WRITING.remove(temp);
                if (attempt >= 16) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                WRITING.remove(temp);
                throw e;
            }
        }
    }

    /** Marks the file as being written for other processes; where locks are not supported, its age does. */
    private static void lock(FileChannel channel) {
        try {
            channel.tryLock();
        } catch (IOException | UnsupportedOperationException | OverlappingFileLockException e) {
            // no locks on this file system: other writers rely on ORPHAN_AGE alone
        }
    }

    /**
     * Removes the orphaned temporary files in {@code dir}: of this class's pattern, not written by this JVM,
     * untouched for {@link #ORPHAN_AGE}, and not locked by another process. Best effort: whatever cannot be
     * checked is left alone.
     */
    private static void removeOrphans(Path dir) {
        Instant cutoff = Instant.now().minus(ORPHAN_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                if (TEMPORARY.matcher(file.getFileName().toString()).matches() && !WRITING.contains(file)
                        && orphaned(file, cutoff)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            // best effort: a directory that cannot be listed or a file that cannot be removed stays as it is
        }
    }

    private static boolean orphaned(Path file, Instant cutoff) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile() || attributes.lastModifiedTime().toInstant().isAfter(cutoff)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                    FileLock lock = channel.tryLock()) {
                return lock != null;
            }
        } catch (IOException | UnsupportedOperationException | OverlappingFileLockException e) {
            return false; // held, unreadable, or no locks here: not known to be an orphan
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
