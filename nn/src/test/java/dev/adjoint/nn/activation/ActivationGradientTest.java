package dev.adjoint.nn.activation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.autodiff.Autodiff;
import dev.adjoint.core.check.Gens;
import dev.adjoint.core.check.GradCheck;
import dev.adjoint.core.check.Property;
import dev.adjoint.core.check.Tolerance;
import dev.adjoint.core.eval.Bindings;
import dev.adjoint.core.eval.Evaluator;
import dev.adjoint.core.eval.Function;
import dev.adjoint.core.graph.Domain;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.List;
import java.util.stream.Stream;

/** Symbolic derivatives against central differences, and the step's absent gradient. */
class ActivationGradientTest {

    static Stream<Arguments> differentiable() {
        return Stream.of(
                Arguments.of(new Linear(), Domain.REAL),
                Arguments.of(new Sigmoid(), Domain.REAL),
                Arguments.of(new Tanh(), Domain.REAL),
                Arguments.of(new Relu(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new LeakyRelu(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new LeakyRelu(0.01), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Elu(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Elu(0.7), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Softplus(), Domain.REAL),
                Arguments.of(new Softmax(), Domain.REAL),
                Arguments.of(new Gelu(), Domain.REAL),
                Arguments.of(new Gelu(true), Domain.REAL),
                Arguments.of(new Silu(), Domain.REAL),
                Arguments.of(new Selu(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Mish(), Domain.REAL),
                Arguments.of(new HardSigmoid(), Domain.between(-2.9, 2.9)),
                Arguments.of(new HardSwish(), Domain.between(-2.9, 2.9)),
                Arguments.of(new Softsign(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Relu6(), Domain.AWAY_FROM_ZERO),
                Arguments.of(new Relu6(), Domain.between(0.1, 5.9)),
                Arguments.of(new Relu6(), Domain.between(6.1, 9)),
                Arguments.of(new LogSoftmax(), Domain.REAL),
                Arguments.of(new LogSoftmax(0), Domain.REAL),
                Arguments.of(new Exponential(), Domain.REAL));
    }

    @ParameterizedTest
    @MethodSource("differentiable")
    void vjpMatchesCentralDifferenceOnRandomShapes(Activation activation, Domain domain) {
        Property.forAll(Gens.shapes(1, 3, 4).flatMap(s -> Gens.tensors(s, domain, DType.FLOAT64)))
                .named(activation + " vjp matches central differences")
                .tries(25)
                .check(value -> {
                    Node x = SourceOp.input("x", value.shape());
                    GradCheck.check(activation.apply(x), List.of(x), Bindings.of(x, value)).assertPassed();
                });
    }

    @ParameterizedTest
    @MethodSource("differentiable")
    void vjpMatchesCentralDifferenceInFloat32(Activation activation, Domain domain) {
        Tensor value = Tensor.of(DType.FLOAT32, Shape.of(2, 3), -2.5, -1.2, -0.4, 0.3, 1.1, 2.2);
        Node x = SourceOp.input("x", value.shape(), DType.FLOAT32);
        GradCheck.check(activation.apply(x), List.of(x), Bindings.of(x, value), Tolerance.FLOAT32).assertPassed();
    }

    @Test
    void secondOrderOfSmoothActivationsMatchesCentralDifference() {
        Tensor value = Tensor.of(Shape.of(2, 3), -2.5, -1.2, -0.4, 0.3, 1.1, 2.2);
        for (Activation activation : List.of(new Sigmoid(), new Tanh(), new Softplus(), new Softmax(), new Elu(),
                new Gelu(), new Gelu(true), new Silu(), new Selu(), new Mish(), new Softsign(), new LogSoftmax(),
                new LogSoftmax(0), new Exponential())) {
            Node x = SourceOp.input("x", value.shape());
            GradCheck.checkSecondOrder(activation.apply(x), List.of(x), Bindings.of(x, value),
                    dev.adjoint.core.tensor.Key.of(7)).assertPassed();
        }
    }

    /** Relu6's derivative is {@code [0 < z < 6]}: 0 at both kinks, as {@link Relu}'s is at 0. */
    @Test
    void relu6HasZeroGradientAtBothKinks() {
        for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
            Node x = SourceOp.input("x", Shape.of(7), dtype);
            Tensor at = Tensor.of(dtype, Shape.of(7), -1, 0, 1e-6, 3, 5.999, 6, 7);
            Tensor g = Evaluator.evaluate(Autodiff.grad(new Relu6().apply(x).sum(), x), Bindings.of(x, at));
            assertEquals(List.of(0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0),
                    java.util.Arrays.stream(g.toDoubleArray()).boxed().toList(), dtype.toString());
            Tensor relu = Evaluator.evaluate(Autodiff.grad(new Relu().apply(x).sum(), x), Bindings.of(x, at));
            assertEquals(relu.flat(1), g.flat(1), 0.0, "the same convention at 0 as Relu");
        }
    }

    @Test
    void stepHasZeroGradientEverywhere() {
        Node x = SourceOp.input("x", Shape.of(5));
        Node gradient = Autodiff.grad(new Step().apply(x).sum(), x);
        // The gradient graph is a typed zero that does not read x, so x is declared rather than bound.
        Tensor g = Function.of(List.of(x), List.of(gradient)).call(Tensor.vector(-2, -1e-9, 0, 1e-9, 2)).get(0);
        for (double v : g.toDoubleArray()) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void reluAndLeakyReluDerivativeAtZeroIsTheNegativeSide() {
        Node x = SourceOp.input("x", Shape.of(1));
        Bindings atZero = Bindings.of(x, Tensor.vector(0.0));
        assertEquals(0.0, Evaluator.evaluate(Autodiff.grad(new Relu().apply(x).sum(), x), atZero).item());
        assertEquals(0.2, Evaluator.evaluate(Autodiff.grad(new LeakyRelu().apply(x).sum(), x), atZero).item());
    }
}
