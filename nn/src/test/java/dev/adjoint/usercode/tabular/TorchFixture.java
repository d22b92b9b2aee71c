package dev.adjoint.usercode.tabular;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.io.Integrity;
import dev.adjoint.core.io.NamedTensors;
import dev.adjoint.core.io.SafeTensors;
import dev.adjoint.core.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One program's PyTorch results, read from {@code fixtures/torch_tabular.safetensors} (written by
 * {@code nn/src/test/python/torch_tabular_fixtures.py}): its initial weights ({@code init/<layer>/<param>}), final
 * weights, per-epoch history and outputs, all float64.
 */
final class TorchFixture {

    private final Map<String, Tensor> tensors;
    private final String program;

    private TorchFixture(Map<String, Tensor> tensors, String program) {
        this.tensors = tensors;
        this.program = program;
    }

    /** The fixture of {@code program} ({@code diabetes_huber}, {@code wine_sparse}). */
    static TorchFixture of(String program) throws Exception {
        Path file = Path.of(TorchFixture.class.getResource("/fixtures/torch_tabular.safetensors").toURI());
        NamedTensors all = SafeTensors.read(file, Integrity.DIGEST_IF_PRESENT);
        return new TorchFixture(all.tensors(), program);
    }

    /** A tensor of the program by its name under the program. */
    Tensor get(String name) {
        Tensor t = tensors.get(program + "/" + name);
        if (t == null) {
            throw new IllegalArgumentException("fixture " + program + " has no tensor '" + name + "'");
        }
        return t;
    }

    /** The weights under {@code prefix/} ({@code init}, {@code final}), named as a model names them. */
    Map<String, Tensor> weights(String prefix) {
        Map<String, Tensor> out = new TreeMap<>();
        String start = program + "/" + prefix + "/";
        tensors.forEach((k, v) -> {
            if (k.startsWith(start)) {
                out.put(k.substring(start.length()), v);
            }
        });
        return out;
    }

    /** Asserts that {@code actual} agrees with PyTorch's {@code expected} element by element within {@code tol}. */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.flat(i);
            double a = actual.flat(i);
            if (!(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)))) {
                throw new AssertionError(what + " element " + i + ": PyTorch " + e + ", Adjoint " + a);
            }
        }
    }

    /** Asserts that a history's figures agree with PyTorch's per-epoch values. */
    static void assertClose(Tensor expected, List<Double> actual, double tol, String what) {
        double[] values = actual.stream().mapToDouble(Double::doubleValue).toArray();
        assertClose(expected, Tensor.vector(values), tol, what);
    }
}
