package dev.adjoint.nn.activation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import java.util.function.DoubleUnaryOperator;

/** Values against hand-written formulas, in float64 and float32 graphs. */
class ActivationValuesTest {

    private static final double[] X = {-3.0, -1.0, -0.25, 0.0, 0.5, 2.0};

    /** The activation of {@code X} as a [2, 3] input of the given dtype, as doubles. */
    static double[] evaluate(Activation activation, double[] x, Shape shape, DType dtype) {
        Node in = SourceOp.input("x", shape, dtype);
        Node out = activation.apply(in);
        assertEquals(dtype, out.dtype(), "dtype of " + activation);
        assertEquals(shape, out.shape(), "shape of " + activation);
        return Evaluator.evaluate(out, Bindings.of(in, Tensor.of(dtype, shape, x))).toDoubleArray();
    }

    private static void assertElementwise(Activation activation, DoubleUnaryOperator f, DType dtype) {
        double[] actual = evaluate(activation, X, Shape.of(2, 3), dtype);
        double tolerance = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
        for (int i = 0; i < X.length; i++) {
            double expected = f.applyAsDouble(X[i]);
            assertEquals(expected, actual[i], tolerance * Math.max(1, Math.abs(expected)),
                    activation + " at " + X[i] + " in " + dtype);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void linearIsTheIdentityAndAddsNoNode(DType dtype) {
        Node x = SourceOp.input("x", Shape.of(2, 3), dtype);
        assertSame(x, new Linear().apply(x));
        assertElementwise(new Linear(), v -> v, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void sigmoidMatchesLogistic(DType dtype) {
        assertElementwise(new Sigmoid(), v -> 1 / (1 + Math.exp(-v)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void tanhMatchesDefinition(DType dtype) {
        assertElementwise(new Tanh(), v -> (Math.exp(v) - Math.exp(-v)) / (Math.exp(v) + Math.exp(-v)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void reluIsMaxWithZero(DType dtype) {
        assertElementwise(new Relu(), v -> v > 0 ? v : 0, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void leakyReluScalesNegativesByAlpha(DType dtype) {
        assertElementwise(new LeakyRelu(), v -> v > 0 ? v : 0.2 * v, dtype);
        assertElementwise(new LeakyRelu(0.01), v -> v > 0 ? v : 0.01 * v, dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void eluSaturatesAtMinusAlpha(DType dtype) {
        assertElementwise(new Elu(), v -> v > 0 ? v : Math.exp(v) - 1, dtype);
        assertElementwise(new Elu(0.5), v -> v > 0 ? v : 0.5 * (Math.exp(v) - 1), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void softplusIsLogOnePlusExp(DType dtype) {
        assertElementwise(new Softplus(), v -> Math.log(1 + Math.exp(v)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void stepIsOneFromZeroOn(DType dtype) {
        assertElementwise(new Step(), v -> v >= 0 ? 1 : 0, dtype);
        assertArrayEquals(new double[] {1, 1, 0}, evaluate(new Step(), new double[] {0.0, -0.0, -1e-30},
                Shape.of(3), dtype));
    }

    /** The definitions, written out: Keras 3's and PyTorch's (the hard sigmoid is relu6(x + 3) / 6). */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void recentActivationsMatchTheirDefinitions(DType dtype) {
        DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
        DoubleUnaryOperator phi = v -> 0.5 * dev.adjoint.core.kernel.SpecialFunctions.erfc(-v / Math.sqrt(2));
        assertElementwise(new Gelu(), v -> v * phi.applyAsDouble(v), dtype);
        assertElementwise(new Gelu(true), v -> 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI)
                * (v + 0.044715 * v * v * v))), dtype);
        assertElementwise(new Silu(), v -> v * sigmoid.applyAsDouble(v), dtype);
        assertElementwise(new Selu(), v -> 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * Math.expm1(v)),
                dtype);
        assertElementwise(new Mish(), v -> v * Math.tanh(Math.log1p(Math.exp(v))), dtype);
        assertElementwise(new HardSigmoid(), v -> Math.min(Math.max(v + 3, 0), 6) / 6, dtype);
        assertElementwise(new HardSwish(), v -> v * Math.min(Math.max(v + 3, 0), 6) / 6, dtype);
        assertElementwise(new Softsign(), v -> v / (1 + Math.abs(v)), dtype);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void relu6ClipsToZeroAndSix(DType dtype) {
        assertElementwise(new Relu6(), v -> Math.min(Math.max(v, 0), 6), dtype);
        assertArrayEquals(new double[] {0, 0, 0, 3, dtype.round(5.999), 6, 6, 6},
                evaluate(new Relu6(), new double[] {-1e30, -1, 0, 3, 5.999, 6, 6.5, 1e30}, Shape.of(8), dtype));
        double[] nan = evaluate(new Relu6(), new double[] {Double.NaN}, Shape.of(1), dtype);
        assertTrue(Double.isNaN(nan[0]), "NaN stays NaN, as relu keeps it: " + nan[0]);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void exponentialIsExp(DType dtype) {
        assertElementwise(new Exponential(), Math::exp, dtype);
    }

    /** Keras's {@code log_softmax}: {@code z - log sum exp z} along the axis, computed here in float64. */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void logSoftmaxIsTheLogOfTheSoftmaxAlongItsAxis(DType dtype) {
        double tolerance = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
        double[] last = evaluate(new LogSoftmax(), X, Shape.of(2, 3), dtype);
        double[] minusOne = evaluate(new LogSoftmax(-1), X, Shape.of(2, 3), dtype);
        double[] first = evaluate(new LogSoftmax(0), X, Shape.of(2, 3), dtype);
        double[] minusTwo = evaluate(new LogSoftmax(-2), X, Shape.of(2, 3), dtype);
        for (int row = 0; row < 2; row++) {
            for (int c = 0; c < 3; c++) {
                int i = 3 * row + c;
                double lseRow = Math.log(Math.exp(X[3 * row]) + Math.exp(X[3 * row + 1]) + Math.exp(X[3 * row + 2]));
                double lseColumn = Math.log(Math.exp(X[c]) + Math.exp(X[3 + c]));
                double expected = X[i] - lseRow;
                assertEquals(expected, last[i], tolerance * Math.max(1, Math.abs(expected)), "axis -1 at " + i);
                assertEquals(last[i], minusOne[i], 0.0, "the default axis is -1");
                assertEquals(X[i] - lseColumn, first[i], tolerance * Math.max(1, Math.abs(X[i] - lseColumn)),
                        "axis 0 at " + i);
                assertEquals(first[i], minusTwo[i], 0.0, "axis -2 is axis 0 of a rank-2 input");
            }
        }
        double[] softmax = evaluate(new Softmax(), X, Shape.of(2, 3), dtype);
        for (int i = 0; i < X.length; i++) {
            assertEquals(Math.log(softmax[i]), last[i], 10 * tolerance, "log of the softmax activation at " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void softmaxNormalizesEachRowOfTheLastAxis(DType dtype) {
        double[] actual = evaluate(new Softmax(), X, Shape.of(2, 3), dtype);
        double tolerance = dtype == DType.FLOAT32 ? 1e-6 : 1e-15;
        for (int row = 0; row < 2; row++) {
            double total = 0;
            for (int c = 0; c < 3; c++) {
                total += Math.exp(X[3 * row + c]);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.exp(X[3 * row + c]) / total, actual[3 * row + c], tolerance);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT64", "FLOAT32"})
    void softmaxOfRankOneIsOneDistribution(DType dtype) {
        double[] actual = evaluate(new Softmax(), new double[] {0, Math.log(3)}, Shape.of(2), dtype);
        assertEquals(0.25, actual[0], 1e-7);
        assertEquals(0.75, actual[1], 1e-7);
    }
}
