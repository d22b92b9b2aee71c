package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The rules shared by every elementwise function of one tensor, {@code y_i = f(x_i)}: the output has the
 * input's shape and dtype, the forward is the record's {@link #pointwise} function in the input's dtype, and the
 * VJP is the record's {@link #pullback}, {@code xBar = yBar * f'(x)}. The families: {@link UnaryOp} (the
 * textbook functions), {@link SpecialFunctionOp}, {@link ActivationOp}, {@link TrigonometricOp},
 * {@link HyperbolicOp}, {@link RoundingOp} and {@link PowerOp}.
 */
public sealed interface UnaryElementwise extends ElementwiseOp permits UnaryOp, UnaryLogarithmOp, SpecialFunctionOp,
        ActivationOp, TrigonometricOp, HyperbolicOp, RoundingOp, PowerOp {

    /** The input's cotangent {@code yBar * f'(x)} as a graph; {@code y = f(x)} is the output node. */
    Node pullback(Node x, Node y, Node yBar);

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException(name() + ": takes one input, got " + inputs.size());
        }
        return inputs.get(0).shape();
    }

    /** {@link #pointwise} applied to the input, in its dtype. */
    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return pointwise().apply(inputs, inputs.get(0).dtype());
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return List.of(pullback(y.inputs().get(0), y, yBar));
    }
}
