package dev.adjoint.nn.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The inputs the reference scripts of the layer tests draw (the same closed formulas in Python and here, so the
 * values they printed can be pinned), and a comparison with a relative and an absolute tolerance.
 */
final class PinnedInputs {

    private PinnedInputs() {
    }

    /** {@code sin(a i + b) (1 + c i)} for {@code i = 0 .. size - 1}, in the given shape and dtype. */
    static Tensor sines(DType dtype, Shape shape, double a, double b, double c) {
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.sin(a * i + b) * (1 + c * i);
        }
        return Tensor.of(dtype, shape, values);
    }

    /** The weights {@code cos(0.3 i)} of the scripts' scalar loss {@code sum(y r)}, in y's shape and dtype. */
    static Tensor cosines(DType dtype, Shape shape) {
        double[] values = new double[(int) shape.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.cos(0.3 * i);
        }
        return Tensor.of(dtype, shape, values);
    }

    /** The values of {@code outputs} at {@code at}. */
    static List<Tensor> eval(List<Node> outputs, Bindings at) {
        return Function.of(at.inputs(), outputs).call(at);
    }

    /** Every entry within {@code atol + rtol |expected|} of the pinned value. */
    static void assertClose(double[] expected, Tensor actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int i = 0; i < expected.length; i++) {
            double tolerance = atol + rtol * Math.abs(expected[i]);
            assertEquals(expected[i], actual.flat(i), tolerance, what + " at flat index " + i);
        }
    }
}
