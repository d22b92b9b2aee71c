package dev.adjoint.core.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A kernel holding inf, through the graph: the input gradient of {@code conv} and {@code convTranspose} sum only
 * the terms that exist, as PyTorch 1.13 does ({@code x.grad} of {@code conv1d}, {@code F.conv_transpose1d}),
 * where a tap without an output position used to add {@code 0·inf = NaN}.
 */
class NonFiniteKernelGradientTest {

    /** conv(x = {1, 2}, w = {inf, 1}), valid, ȳ = 1: x̄ = [inf, 1], in float32 and float64. */
    @Test
    void convInputGradient() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(DType.FLOAT64, Shape.of(1, 2, 1), 1, 2).cast(dtype);
            Tensor w = Tensor.of(DType.FLOAT64, Shape.of(2, 1, 1), Double.POSITIVE_INFINITY, 1).cast(dtype);
            Node xn = SourceOp.input("x", x.shape(), dtype);
            Node wn = SourceOp.input("w", w.shape(), dtype);
            Node y = ConvOp.conv(xn, wn);
            Node g = SourceOp.input("yBar", y.shape(), dtype);
            Node xBar = Autodiff.vjp(List.of(y), List.of(g), List.of(xn), Autodiff.Strictness.ZEROS_FOR_UNUSED).get(0);
            Tensor got = Function.of(List.of(xn, wn, g), List.of(xBar))
                    .call(x, w, Tensor.ones(dtype, y.shape())).get(0);
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 1}, got.toDoubleArray(), dtype.toString());
        }
    }

    /** convTranspose(y = {1}, w = {inf, 1}) with the default spec: [inf, 1], as {@code F.conv_transpose1d}. */
    @Test
    void transposedConvolution() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor y = Tensor.ones(dtype, Shape.of(1, 1, 1));
            Tensor w = Tensor.of(DType.FLOAT64, Shape.of(2, 1, 1), Double.POSITIVE_INFINITY, 1).cast(dtype);
            Node yn = SourceOp.input("y", y.shape(), dtype);
            Node wn = SourceOp.input("w", w.shape(), dtype);
            Node x = ConvOp.convTranspose(yn, wn, ConvSpec.defaults());
            Tensor got = Function.of(List.of(yn, wn), List.of(x)).call(y, w).get(0);
            assertArrayEquals(new double[] {Double.POSITIVE_INFINITY, 1}, got.toDoubleArray(), dtype.toString());
        }
    }
}
