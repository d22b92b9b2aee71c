package dev.adjoint.optim;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.ElementwiseKernels;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * {@code y = floor(x)} elementwise, for the staircase schedules ({@code floor(k / s)}).
 *
 * <p>Core has no floor op, so this is a {@link CustomOp} private to the module. Its VJP is the typed zero:
 * floor is piecewise constant, and a schedule is never differentiated with respect to the step anyway. For an
 * integer step {@code k} and an integer divisor {@code s}, {@code floor(k / s)} computed in floating point is
 * exact whenever {@code k} is exactly representable (below 2^24 in float32, 2^53 in float64): the rounded
 * quotient can only reach the next integer when {@code k} itself exceeds that bound.
 */
record Floor() implements CustomOp, BufferSafe {

    /** {@code floor(x)} as a node of {@code x}'s type. */
    static Node of(Node x) {
        return Node.apply(new Floor(), x);
    }

    @Override
    public String name() {
        return "floor";
    }


    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("floor: takes one input, got " + inputs.size());
        }
        return inputs.get(0).shape();
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return ElementwiseKernels.map(inputs.get(0), Math::floor);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        return List.of(SourceOp.zerosLike(y.inputs().get(0)));
    }
}
