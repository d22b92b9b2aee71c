package dev.adjoint.core.io;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generator of {@code golden/adjoint-float.safetensors}: float tensors only, through API that every build
 * has, so that it compiles and runs on a build from before the integer dtypes (see {@link GoldenFiles}).
 */
final class GoldenFloatFile {

    private GoldenFloatFile() {
    }

    static Map<String, Tensor> tensors() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("dense/kernel", Tensor.of(Shape.of(2, 3), new float[] {1, -2, 3.5f, Float.NaN, -0f, 1e-40f}));
        out.put("dense/bias", Tensor.of(DType.FLOAT64, Shape.of(3), 0.1, -0.0, Double.MAX_VALUE));
        return out;
    }

    /** Writes {@code adjoint-float.safetensors} into the directory {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        SafeTensors.write(Path.of(args[0]).resolve("adjoint-float.safetensors"), tensors(),
                Map.of("written-by", "GoldenFloatFile"));
    }
}
