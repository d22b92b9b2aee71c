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
 * A sum over a run of leading axes of a chain of elementwise operations, fused by {@link ElementwiseFusion}:
 * {@code y[o, j] = sum over t of v[o, t, j]} for the chain's values v read as {@code [outer, r, inner]} (the
 * summed axes are the run r; {@code inner > 1} trailing elements, as a batch normalization's per-channel sums
 * over {@code [N, H, W, C]}). The values are computed block by block and added where they are made, never
 * stored: one pass over the chain's inputs instead of a pass writing v and another reading it. The additions
 * are the stored sum's ({@link dev.adjoint.core.graph.ReduceOp.Sum}), so are the bits
 * ({@link ElementwiseProgram#sumColumns}).
 *
 * <p>It exists only in compiled plans, which are evaluated and never differentiated; {@link #vjp} throws.
 *
 * @param program the chain, over the summed tensor's elements
 * @param run the first summed axis and the number of summed axes
 * @param inner the number of elements after the summed axes (concrete, above 1)
 * @param fullLeaf an input of the summed tensor's shape, which gives its concrete size
 * @param shape the sum's shape
 * @param dtype the sum's dtype, a float dtype
 */
public record FusedSum(ElementwiseProgram program, List<Integer> run, int inner, int fullLeaf, Shape shape,
        DType dtype) implements CustomOp, BufferSafe {

    /** Copies the run. */
    public FusedSum {
        run = List.copyOf(run);
    }

    @Override
    public String name() {
        List<Integer> axes = java.util.stream.IntStream.range(run.get(0), run.get(0) + run.get(1)).boxed().toList();
        return "sum" + axes + "{" + program + "}";
    }

    @Override
    public Shape shape(List<Node> inputs) {
        if (inputs.size() != program.arity()) {
            throw new IllegalArgumentException("fused sum: takes " + program.arity() + " inputs, got "
                    + inputs.size());
        }
        return shape;
    }

    @Override
    public DType dtype(List<Node> inputs) {
        return dtype;
    }

    @Override
    public Tensor forward(List<Tensor> inputs, Shape out) {
        Shape values = inputs.get(fullLeaf).shape();
        int r = 1;
        for (int a = run.get(0); a < run.get(0) + run.get(1); a++) {
            r *= values.dim(a);
        }
        return program.sumColumns(inputs, dtype, values.size(), r, inner, out);
    }

    @Override
    public List<Node> vjp(Node y, Node yBar) {
        throw new UnsupportedOperationException("fused sum: a fused op is evaluation-only; differentiate the graph"
                + " before compiling it");
    }
}
