package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (LeCun's format: a magic number whose third byte is the
 * element type, 0x08 for unsigned bytes, and whose fourth is the rank; big-endian dimension sizes; then the
 * data). Gzipped files are read as such.
 */
public final class Idx {

    private Idx() {
    }

    /** The unsigned bytes of an IDX file as a float32 tensor, each scaled by {@code scale}. */
    public static Tensor read(Path file, double scale) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        try (DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt();
            int type = (magic >> 8) & 0xFF;
            int rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new IOException("idx: " + file + " must start with 0x0000 08 <rank 1..4>, got 0x"
                        + Integer.toHexString(magic));
            }
            int[] dims = new int[rank];
            long count = 1;
            for (int a = 0; a < rank; a++) {
                dims[a] = data.readInt();
                count *= dims[a];
                if (dims[a] < 0 || count > Integer.MAX_VALUE) {
                    throw new IOException("idx: " + file + " has an invalid dimension " + dims[a] + " at axis " + a);
                }
            }
            byte[] bytes = data.readNBytes((int) count);
            if (bytes.length != count) {
                throw new IOException("idx: " + file + " is truncated: expected " + count + " bytes of data, got "
                        + bytes.length);
            }
            float[] values = new float[bytes.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((bytes[i] & 0xFF) * scale);
            }
            return Tensor.of(Shape.of(dims), values).cast(DType.FLOAT32);
        }
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
