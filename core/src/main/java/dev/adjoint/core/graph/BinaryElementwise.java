package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * The rules shared by every elementwise function of two tensors, {@code y_i = f(a_i, b_i)}: the operands have
 * <em>equal</em> shapes (the factories broadcast first, with explicit {@code broadcastTo} nodes, whose VJP sums
 * the cotangent back), the forward is the record's {@link #pointwise} function in the operands' dtype, and the
 * VJP is the record's {@link #pullback}. The families: {@link BinaryOp} (arithmetic, extrema, comparisons),
 * {@link QuotientOp}, {@link LogarithmicOp} and {@link BinarySpecialFunctionOp}.
 */
public sealed interface BinaryElementwise extends ElementwiseOp permits BinaryOp, QuotientOp, LogarithmicOp,
        BinarySpecialFunctionOp {

    /** The cotangents {@code (aBar, bBar)}, given the inputs, the output and its cotangent. */
    List<Node> pullback(Node a, Node b, Node y, Node yBar);

    @Override
    default Shape shape(List<Node> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(name() + ": takes two inputs, got " + inputs.size());
        }
        Shape a = inputs.get(0).shape();
        if (!a.equals(inputs.get(1).shape())) {
            throw new IllegalArgumentException(name() + ": operands must have equal shapes, got "
                    + Node.describe(inputs) + "; the factories broadcast");
        }
        return a;
    }

    /** {@link #pointwise} applied to the operands, in their dtype. */
    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return pointwise().apply(inputs, inputs.get(0).dtype());
    }

    @Override
    default List<Node> vjp(Node y, Node yBar) {
        return pullback(y.inputs().get(0), y.inputs().get(1), y, yBar);
    }
}
