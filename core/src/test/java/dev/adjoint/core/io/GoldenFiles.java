package dev.adjoint.core.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generator of the golden safetensors files under {@code src/test/resources/dev/adjoint/core/io/golden}
 * (run once; the files are committed and {@link SafeTensorsGoldenTest} reads them):
 * <ul>
 *   <li>{@code adjoint-all-dtypes.safetensors}: {@link #allDtypes()} written by this build's
 *       {@link SafeTensors#write}, checked once with the reference implementation ({@code make_golden.py
 *       --check} loads it with Python's {@code safetensors} 0.8.0 and compares every value);</li>
 *   <li>{@code adjoint-float.safetensors}: {@link GoldenFloatFile#tensors()} written by the build before integer
 *       dtypes existed ({@code main} at 7360191), the format every earlier file has;</li>
 *   <li>{@code reference-all-dtypes.safetensors} and {@code reference-f16.safetensors}: written by the reference
 *       implementation from NumPy arrays ({@code make_golden.py}).</li>
 * </ul>
 * Usage: {@code java -cp <core classes>:<core test classes>:<jackson> dev.adjoint.core.io.GoldenFiles DIR}.
 */
final class GoldenFiles {

    private GoldenFiles() {
    }

    /** One tensor of every dtype, with the values that catch a wrong width, sign or byte order. */
    static Map<String, Tensor> allDtypes() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("x", Tensor.of(DType.FLOAT64, Shape.of(2), 0.1, Double.NEGATIVE_INFINITY));
        out.put("y", Tensor.of(Shape.of(3), new float[] {1.5f, -0f, Float.NaN}));
        out.put("ids", Tensor.ofLongs(Shape.of(5), 0, -1, (1L << 53) + 1, Long.MIN_VALUE, Long.MAX_VALUE));
        out.put("labels", Tensor.ofInts(Shape.of(2, 2), Integer.MIN_VALUE, Integer.MAX_VALUE, 7, -7));
        out.put("mask", Tensor.ofBooleans(Shape.of(3), true, false, true));
        out.put("none", Tensor.ofBooleans(Shape.of(0)));
        out.put("step", Tensor.ofLongs(Shape.scalar(), 42));
        return out;
    }

    /** Writes {@code adjoint-all-dtypes.safetensors} into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        SafeTensors.write(Path.of(args[0]).resolve("adjoint-all-dtypes.safetensors"), allDtypes(),
                Map.of("written-by", "GoldenFiles"));
    }
}
