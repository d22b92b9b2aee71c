package dev.adjoint.core.io;

import dev.adjoint.core.check.Gen;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test fixtures: generated tensor sets and hand-made safetensors files. */
final class TensorSets {

    private static final double[] SPECIAL = {0.0, -0.0, 1.0, -1.5, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, 1e-310, Float.MIN_VALUE, 0.1};
    private static final String[] NAMES = {"w", "dense/kernel", "dense/bias", "optimizer/dense/kernel/m", "",
        "gr\u00fc\u00dfe/\u03c0", "a b", "x\"y\\z"};

    private TensorSets() {
    }

    /**
     * Up to four tensors of any dtype, rank 0 to 3, zero-size axes included, special values (and integers at
     * their edges) included.
     */
    static Gen<Map<String, Tensor>> tensorSets() {
        return choices -> {
            int count = choices.drawInt(5);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int rank = choices.drawInt(4);
                int[] dims = new int[rank];
                for (int a = 0; a < rank; a++) {
                    dims[a] = choices.drawInt(5);
                }
                Shape shape = Shape.of(dims);
                DType dtype = DType.values()[choices.drawInt(DType.values().length)];
                Tensor t;
                if (dtype.isInteger()) {
                    t = Gens.integerTensors(shape, dtype).next(choices);
                } else if (dtype.isBool()) {
                    t = Gens.booleanTensors(shape).next(choices);
                } else {
                    double[] data = new double[shape.size()];
                    for (int k = 0; k < data.length; k++) {
                        data[k] = choices.drawInt(3) == 0 ? SPECIAL[choices.drawInt(SPECIAL.length)]
                                : (choices.draw(1 << 20) - (1 << 19)) / 4096.0;
                        data[k] = dtype.round(data[k]); // Double.MAX_VALUE is the infinity in f32
                    }
                    t = Tensor.of(dtype, shape, data);
                }
                out.put(NAMES[choices.drawInt(NAMES.length)] + "#" + i, t);
            }
            return out;
        };
    }

    /** A small fixed set: an f32 matrix, an f64 vector, an f32 scalar and an empty f64 tensor. */
    static Map<String, Tensor> sample() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("dense/kernel", Tensor.of(Shape.of(2, 3), new float[] {1, -2, 3.5f, Float.NaN, -0f, 1e-40f}));
        out.put("dense/bias", Tensor.of(DType.FLOAT64, Shape.of(3), 0.1, -0.0, Double.MAX_VALUE));
        out.put("scale", Tensor.scalar(DType.FLOAT32, 2.5));
        out.put("empty", Tensor.zeros(DType.FLOAT64, Shape.of(0, 4)));
        return out;
    }

    /** A file of the 8-byte length of {@code json}, {@code json} itself and {@code data}. */
    static Path raw(Path file, String json, byte[] data) throws IOException {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return raw(file, header.length, header, data);
    }

    /** A file of an arbitrary 8-byte header length followed by {@code header} and {@code data}. */
    static Path raw(Path file, long length, byte[] header, byte[] data) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(length).put(header).put(data);
        Files.write(file, b.array());
        return file;
    }

    /** {@code values} as little-endian float32 bytes. */
    static byte[] f32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
