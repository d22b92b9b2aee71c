package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: a magic number whose third byte is the
 * element type, 0x08 for unsigned bytes, and whose fourth is the rank; big-endian dimension sizes; then the
 * data). Gzipped files are recognized by their first two bytes (0x1f 0x8b), whatever their name.
 *
 * <p>A file that is not exactly that is an {@link IOException} naming it and what was expected and got: an
 * empty file or a header cut short, a bad magic number or dimension, data shorter or longer than the
 * dimensions say, a gzip stream cut short or corrupt.
 *
 * <p>Memory follows the data, not the header: dimensions whose element count the file cannot hold are
 * rejected before any data is read (an uncompressed file must be exactly header plus data long; a gzip file
 * can decompress to at most {@value #DEFLATE_MAX_RATIO} times its size, deflate's limit), and the data is read
 * in bounded chunks into an array that grows only as bytes arrive. Dimensions are checked one by one: each
 * {@code >= 0}, the product of the non-zero ones (a zero hides no oversized axis) at most {@link Shape#MAX_SIZE},
 * the longest Java array; and a file whose tensor needs more memory than the JVM may ever have
 * ({@value #BYTES_PER_ELEMENT} bytes per element, against {@link Runtime#maxMemory()}) is refused before its data
 * is read, naming the file, the dimensions and the bytes.
 */
public final class Idx {

    /**
     * Deflate's maximum expansion: a 258-byte match coded in two bits gives 1032 decompressed bytes per
     * compressed byte, so a gzip file of {@code n} bytes holds fewer than {@code 1032 n} bytes of data.
     */
    static final int DEFLATE_MAX_RATIO = 1032;

    /**
     * The most heap a read takes per element at its peak: the byte read (1), its float32 value (4) and the
     * tensor's copy of that value (4).
     */
    static final int BYTES_PER_ELEMENT = 9;

    /** The first allocation for the data, and the size of a read; the array doubles as data arrives. */
    private static final int CHUNK = 1 << 16;

    private Idx() {
    }

    /**
     * The unsigned bytes of an IDX file as a float32 tensor, each scaled by {@code scale}.
     *
     * @param scale the factor of every byte, finite and {@code > 0} ({@code 1 / 255.0} gives [0, 1]); a zero,
     *     negative or non-finite one would silently give all zeros, negated pixels, or infinities and NaN
     * @throws IllegalArgumentException when {@code scale} is not finite and {@code > 0}, before the file is opened
     * @throws IOException naming the file when it is missing, a directory, unreadable, not a complete IDX file of
     *     unsigned bytes, or too large for this JVM (see the class description)
     */
    public static Tensor read(Path file, double scale) throws IOException {
        java.util.Objects.requireNonNull(file, "Idx.read: file is null");
        requirePositiveFinite(scale);
        if (Files.isDirectory(file)) {
            throw new IOException("idx: " + file + " is a directory, expected an IDX file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? gunzip(raw, file) : raw) {
                return read(in, file, gzip, Files.isRegularFile(file) ? Files.size(file) : -1, scale);
            }
        }
    }

    /**
     * The IDX file {@code file} of {@code fileSize} bytes from its (decompressed) bytes {@code in}; a
     * {@code fileSize} of -1 (a pipe or device, whose length is unknown) skips the checks against it.
     */
    private static Tensor read(InputStream in, Path file, boolean gzip, long fileSize, double scale)
            throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String plain = !gzip && name.endsWith(".gz") ? " (the name ends in .gz, but the file is not gzip data)"
                : "";
        byte[] head = readUpTo(in, 4, file, gzip, 0);
        if (head.length < 4) {
            throw new IOException("idx: " + file + ": expected a 4-byte magic number 0x0000 08 <rank 1..4>, got "
                    + (head.length == 0 ? "an empty file" : head.length + " bytes") + plain);
        }
        int magic = ByteBuffer.wrap(head).getInt();
        int type = (magic >> 8) & 0xFF;
        int rank = magic & 0xFF;
        if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
            throw new IOException("idx: " + file + " must start with 0x0000 08 <rank 1..4>, got 0x"
                    + String.format("%08x", magic) + plain);
        }
        byte[] sizes = readUpTo(in, 4 * rank, file, gzip, 4);
        if (sizes.length < 4 * rank) {
            throw new IOException("idx: " + file + ": expected " + rank + " dimension sizes of 4 bytes each after"
                    + " the magic number (" + 4 * rank + " bytes), got " + sizes.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(sizes);
        int[] dims = new int[rank];
        long count = 1;
        long nonZero = 1; // a zero dimension must not hide an oversized one from the check
        for (int a = 0; a < rank; a++) {
            dims[a] = header.getInt();
            count *= dims[a];
            nonZero *= Math.max(dims[a], 1);
            if (dims[a] < 0 || nonZero > Shape.MAX_SIZE) {
                throw new IOException("idx: " + file + " has an invalid dimension " + dims[a] + " at axis " + a
                        + ": expected sizes >= 0 whose product (of the non-zero ones) is at most " + Shape.MAX_SIZE
                        + " (the longest Java array)");
            }
        }
        long offset = 4 + 4L * rank;
        if (fileSize >= 0 && !gzip && count > fileSize - offset) {
            throw new IOException("idx: " + file + " is truncated: expected " + count + " bytes of data, got "
                    + Math.max(0, fileSize - offset) + " (dimensions " + Arrays.toString(dims) + "; the file is "
                    + fileSize + " bytes, the header " + offset + ")");
        }
        if (fileSize >= 0 && gzip && count + offset > DEFLATE_MAX_RATIO * fileSize) {
            throw new IOException("idx: " + file + " is truncated: expected " + count + " bytes of data (dimensions "
                    + Arrays.toString(dims) + "), got a gzip file of " + fileSize + " bytes, which decompresses to"
                    + " fewer than " + DEFLATE_MAX_RATIO * fileSize + " bytes (deflate expands at most "
                    + DEFLATE_MAX_RATIO + "-fold)");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (BYTES_PER_ELEMENT * count > heap) {
            throw new IOException("idx: " + file + " declares dimensions " + Arrays.toString(dims) + " of " + count
                    + " elements, whose float32 tensor needs " + BYTES_PER_ELEMENT * count + " bytes of heap while"
                    + " it is read, more than this JVM's maximum of " + heap + " bytes (-Xmx)");
        }
        byte[] bytes = readData(in, (int) count, file, gzip, offset);
        if (bytes.length != count) {
            throw new IOException("idx: " + file + " is truncated: expected " + count + " bytes of data, got "
                    + bytes.length);
        }
        long extra = 0;
        for (byte[] chunk = readUpTo(in, 1, file, gzip, offset + count); chunk.length > 0;
                chunk = readUpTo(in, 1 << 16, file, gzip, offset + count + extra)) {
            extra += chunk.length;
        }
        if (extra > 0) {
            throw new IOException("idx: " + file + ": expected " + count + " bytes of data for dimensions "
                    + Arrays.toString(dims) + " and then the end of the " + (gzip ? "gzip data" : "file") + ", got "
                    + extra + " stray byte" + (extra == 1 ? "" : "s") + " after them");
        }
        return Tensor.of(Shape.of(dims), scaled(bytes, scale)).cast(DType.FLOAT32);
    }

    /** The unsigned bytes times {@code scale}. */
    private static float[] scaled(byte[] bytes, double scale) {
        float[] values = new float[bytes.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((bytes[i] & 0xFF) * scale);
        }
        return values;
    }

    private static void requirePositiveFinite(double scale) {
        if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("idx: scale must be finite and > 0 (1.0 / 255 gives values in [0, 1]),"
                    + " got " + scale);
        }
    }

    /** The decompressed bytes of a gzip file; a cut or corrupt gzip header is reported naming it. */
    private static InputStream gunzip(InputStream raw, Path file) throws IOException {
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (IOException e) {
            throw new IOException("idx: " + file + ": expected a complete gzip header (the file starts with the gzip"
                    + " signature 0x1f 0x8b), got " + describe(e), e);
        }
    }

    /**
     * Up to {@code n} bytes, fewer only at the end of the data; a failing read of gzip data (cut short or
     * corrupt) is reported naming the file and the offset in the decompressed data.
     */
    private static byte[] readUpTo(InputStream in, int n, Path file, boolean gzip, long offset) throws IOException {
        try {
            return in.readNBytes(n);
        } catch (EOFException | ZipException e) {
            if (!gzip) {
                throw e;
            }
            throw new IOException("idx: " + file + ": expected a complete gzip stream, got one that is cut short or"
                    + " corrupt (reading the IDX bytes from offset " + offset + " on: " + describe(e) + ")", e);
        }
    }

    /**
     * Up to {@code count} bytes of data, fewer only at the end of the stream, read in chunks of at most
     * {@value #CHUNK} bytes into an array that doubles as they arrive (so a header that overstates the data
     * costs no memory); failures as in {@link #readUpTo}.
     */
    private static byte[] readData(InputStream in, int count, Path file, boolean gzip, long offset)
            throws IOException {
        byte[] data = new byte[Math.min(count, CHUNK)];
        int n = 0;
        while (n < count) {
            if (n == data.length) {
                data = Arrays.copyOf(data, (int) Math.min(count, 2L * data.length));
            }
            int read;
            try {
                read = in.read(data, n, Math.min(CHUNK, data.length - n));
            } catch (EOFException | ZipException e) {
                if (!gzip) {
                    throw e;
                }
                throw new IOException("idx: " + file + ": expected a complete gzip stream, got one that is cut short"
                        + " or corrupt (reading the IDX bytes from offset " + (offset + n) + " on: " + describe(e)
                        + ")", e);
            }
            if (read < 0) {
                break;
            }
            n += read;
        }
        return n == data.length ? data : Arrays.copyOf(data, n);
    }

    /** An exception's class and message, for a message of ours that wraps it. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The images and labels of an IDX pair (e.g. {@code train-images-idx3-ubyte.gz} and
     * {@code train-labels-idx1-ubyte.gz}) as a dataset: images scaled by {@code scale} ({@code 1 / 255.0}
     * gives [0, 1]), labels as they are.
     *
     * @throws IllegalArgumentException when {@code scale} is not finite and {@code > 0} (checked before either
     *     file is read), or when the files hold different numbers of examples
     */
    public static Dataset dataset(Path images, Path labels, double scale) throws IOException {
        java.util.Objects.requireNonNull(images, "Idx.dataset: images is null");
        java.util.Objects.requireNonNull(labels, "Idx.dataset: labels is null");
        requirePositiveFinite(scale);
        Tensor x = read(images, scale);
        Tensor y = read(labels, 1.0);
        if (y.rank() != 1 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("idx: " + labels + " must hold one label per image of " + images
                    + ", got " + y.shape() + " labels for images " + x.shape());
        }
        return new Dataset(x, y);
    }
}
