package dev.adjoint.core.graph;

import dev.adjoint.core.kernel.Pointwise;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * Ops that apply one function to each element position of equally shaped inputs, {@code y_i = f(a_i, ...)}:
 * the functions of one tensor ({@link UnaryElementwise}), of two ({@link BinaryElementwise}), selection
 * ({@link WhereOp}), and the discrete families {@link LogicalOp} and {@link IntegerOp}.
 *
 * <p>Each record declares {@code f} once, as a {@link Pointwise} function ({@link #pointwise}). That
 * declaration is its forward: the unfused kernel runs it, and so does the compiler's elementwise fusion, which
 * fuses any chain of elementwise ops into one pass, bit-identical to the unfused ops, by asking each op for
 * its function (nothing matches ops by name).
 */
public sealed interface ElementwiseOp extends Op permits UnaryElementwise, BinaryElementwise, WhereOp, LogicalOp,
        IntegerOp {

    /** {@code f}, as the kernels run it, unfused and fused. */
    Pointwise pointwise();

    /** {@link #pointwise} applied to the inputs, the result in the inputs' dtype. */
    @Override
    default Tensor forward(List<Tensor> inputs, Shape out) {
        return pointwise().apply(inputs, inputs.get(inputs.size() - 1).dtype());
    }
}
