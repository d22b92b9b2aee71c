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
 */
public final class Idx {

    private Idx() {
    }

    /**
     * The unsigned bytes of an IDX file as a float32 tensor, each scaled by {@code scale}.
     *
     * @throws IOException naming the file when it is missing, unreadable or not a complete IDX file of
     *     unsigned bytes (see the class description)
     */
    public static Tensor read(Path file, double scale) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            try (InputStream in = gzip ? gunzip(raw, file) : raw) {
                return read(in, file, gzip, scale);
            }
        }
    }

    /** The IDX file {@code file} from its (decompressed) bytes {@code in}. */
    private static Tensor read(InputStream in, Path file, boolean gzip, double scale) throws IOException {
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
        for (int a = 0; a < rank; a++) {
            dims[a] = header.getInt();
            count *= dims[a];
            if (dims[a] < 0 || count > Integer.MAX_VALUE) {
                throw new IOException("idx: " + file + " has an invalid dimension " + dims[a] + " at axis " + a
                        + ": expected sizes >= 0 whose product is at most " + Integer.MAX_VALUE);
            }
        }
        long offset = 4 + 4L * rank;
        byte[] bytes = readUpTo(in, (int) count, file, gzip, offset);
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
        float[] values = new float[bytes.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((bytes[i] & 0xFF) * scale);
        }
        return Tensor.of(Shape.of(dims), values).cast(DType.FLOAT32);
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

    /** An exception's class and message, for a message of ours that wraps it. */
    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /**
     * The images and labels of an IDX pair (e.g. {@code train-images-idx3-ubyte.gz} and
     * {@code train-labels-idx1-ubyte.gz}) as a dataset: images scaled by {@code scale} ({@code 1 / 255.0}
     * gives [0, 1]), labels as they are.
     *
     * @throws IllegalArgumentException when the files hold different numbers of examples
     */
    public static Dataset dataset(Path images, Path labels, double scale) throws IOException {
        Tensor x = read(images, scale);
        Tensor y = read(labels, 1.0);
        if (y.rank() != 1 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("idx: " + labels + " must hold one label per image of " + images
                    + ", got " + y.shape() + " labels for images " + x.shape());
        }
        return new Dataset(x, y);
    }
}
