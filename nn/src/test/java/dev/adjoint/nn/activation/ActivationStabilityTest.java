package dev.adjoint.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.List;

/** Finite values and gradients at extreme inputs (±100, ±1e4, ±1e30). */
class ActivationStabilityTest {

    private static final double[] EXTREMES = {-1e30, -1e4, -100, 100, 1e4, 1e30};

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void valuesAndGradientsAreFiniteAtExtremeInputs(DType dtype) {
        List<Activation> all = List.of(new Linear(), new Sigmoid(), new Tanh(), new Relu(), new LeakyRelu(),
                new Elu(), new Softplus(), new Softmax(), new Step(), new Gelu(), new Gelu(true), new Silu(),
                new Selu(), new Mish(), new HardSigmoid(), new HardSwish(), new Softsign(), new Relu6(),
                new LogSoftmax(), new LogSoftmax(0));
        // Exponential is left out: e^1e30 is +inf in every float format, as in Keras; its finite range is tested below
        for (Activation activation : all) {
            Node x = SourceOp.input("x", Shape.of(2, 3), dtype);
            Node y = activation.apply(x);
            Node gradient = Autodiff.grad(y.mul(SourceOp.constant(Tensor.of(dtype, Shape.of(2, 3),
                    0.5, -1, 2, 1, -0.5, 0.25))).sum(), x);
            List<Tensor> out = Evaluator.evaluate(List.of(y, gradient),
                    Bindings.of(x, Tensor.of(dtype, Shape.of(2, 3), EXTREMES)));
            for (Tensor t : out) {
                for (double v : t.toDoubleArray()) {
                    assertTrue(Double.isFinite(v), activation + " in " + dtype + " gave " + t);
                }
            }
        }
    }

    /** Over an empty class axis softmax and log-softmax are empty, as {@code torch.softmax(torch.zeros(2, 0), -1)}. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void softmaxOverAnEmptyClassAxisIsEmpty(DType dtype) {
        for (Activation activation : List.<Activation>of(new Softmax(), new LogSoftmax())) {
            Node x = SourceOp.input("x", Shape.of(2, 0), dtype);
            Node y = activation.apply(x);
            Node gradient = Autodiff.grad(y.sum(), x);
            List<Tensor> out = Evaluator.evaluate(List.of(y, gradient),
                    Bindings.of(x, Tensor.of(dtype, Shape.of(2, 0))));
            assertEquals(Shape.of(2, 0), out.get(0).shape(), activation.toString());
            assertEquals(Shape.of(2, 0), out.get(1).shape(), activation.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void saturatingActivationsReachTheirLimitsExactly(DType dtype) {
        double[] x = {-1e4, 1e4};
        assertArrayEquals(new double[] {0, 1}, ActivationValuesTest.evaluate(new Sigmoid(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {-1, 1}, ActivationValuesTest.evaluate(new Tanh(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new Softplus(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {-1, 1e4}, ActivationValuesTest.evaluate(new Elu(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1},
                ActivationValuesTest.evaluate(new Softmax(), new double[] {-1e30, 1e30}, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new Gelu(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new Gelu(true), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new Silu(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new Mish(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1}, ActivationValuesTest.evaluate(new HardSigmoid(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 1e4}, ActivationValuesTest.evaluate(new HardSwish(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {dtype.round(-1.7580993408473766), dtype.round(1.0507009873554805e4)},
                ActivationValuesTest.evaluate(new Selu(), x, Shape.of(2), dtype));
        assertArrayEquals(new double[] {0, 6}, ActivationValuesTest.evaluate(new Relu6(), x, Shape.of(2), dtype));
    }

    /** e^z overflows only past ln(max), about 88.72 in float32 and 709.78 in float64, and underflows to 0. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void exponentialIsFiniteUpToTheLogOfTheLargestValue(DType dtype) {
        double top = dtype == DType.FLOAT32 ? 88.7 : 709.7;
        double[] y = ActivationValuesTest.evaluate(new Exponential(), new double[] {-1e4, top, 2 * top}, Shape.of(3),
                dtype);
        assertEquals(0.0, y[0], 0.0);
        assertTrue(Double.isFinite(y[1]) && y[1] > 1e38, "e^" + top + " = " + y[1]);
        assertEquals(Double.POSITIVE_INFINITY, y[2], 0.0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSoftmaxOfTiedHugeLogitsIsExact(DType dtype) {
        for (int axis : new int[] {-1, 0}) {
            Node x = SourceOp.input("x", Shape.of(3), dtype);
            Tensor value = Evaluator.evaluate(new LogSoftmax(axis).apply(x),
                    Bindings.of(x, Tensor.of(dtype, Shape.of(3), -1e30, 1e30, 1e30)));
            assertEquals(dtype.round(-2e30), value.flat(0), 0.0);
            assertEquals(dtype.round(-Math.log(2)), value.flat(1), 0.0);
            assertEquals(dtype.round(-Math.log(2)), value.flat(2), 0.0);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void softmaxSplitsTiedHugeLogitsExactly(DType dtype) {
        // exp(z - logSumExp z) without the shift gives [0, 1, 1] here: 1e30 + ln 2 rounds to 1e30.
        for (double z : new double[] {1e4, 1e30}) {
            assertArrayEquals(new double[] {0, 0.5, 0.5},
                    ActivationValuesTest.evaluate(new Softmax(), new double[] {-z, z, z}, Shape.of(3), dtype));
        }
        Node x = SourceOp.input("x", Shape.of(3), dtype);
        Node logSoftmax = Softmax.logSoftmax(x);
        Tensor value = Evaluator.evaluate(logSoftmax, Bindings.of(x, Tensor.of(dtype, Shape.of(3), -1e30, 1e30, 1e30)));
        assertEquals(dtype.round(-2e30), value.flat(0), 0.0);
        assertEquals(dtype.round(-Math.log(2)), value.flat(1), 0.0);
        assertEquals(dtype.round(-Math.log(2)), value.flat(2), 0.0);
    }

    private static void assertArrayEquals(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 0.0, "element " + i);
        }
    }
}
