package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.kernel.BufferSafe;
import dev.adjoint.core.kernel.ElementwiseProgram;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;

/**
 * A chain of elementwise operations fused by {@link ElementwiseFusion} into one pass over memory: the
 * {@link ElementwiseProgram} applied to its inputs (tensors of the output's shape, and one-element scalars).
 *
 * <p>It exists only in compiled plans, which are evaluated and never differentiated; differentiate the graph
 * before compiling it. {@link #vjp} therefore throws.
 */
public record FusedElementwise(ElementwiseProgram program, Shape shape, DType dtype)
        implements CustomOp, BufferSafe {

    @Override
    public String name() {
        return "fused{" + program + "}";
    }

    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != program.arity()) {
            throw new IllegalArgumentException("fused: takes " + program.arity() + " inputs, got " + inputs.size());
        }
        return shape;
    }

    @Override
    public DType dtype(List<Node> inputs) {
        return dtype;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        return program.run(inputs, dtype, out);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        throw new UnsupportedOperationException("fused: a fused op is evaluation-only; differentiate the graph"
                + " before compiling it");
    }
}
