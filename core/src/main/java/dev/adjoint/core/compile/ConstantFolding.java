package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.RandomOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Constant folding: a node whose inputs are all constants is evaluated once, at compile time, and replaced by
 * a constant holding its value (the same kernel computes it, so the value is the one a call would compute).
 * Results larger than {@value #MAX_ELEMENTS} elements are left to run per call (a broadcast of a scalar to a
 * weight matrix would otherwise become a large constant held by the plan); random and custom ops, and the
 * ops with several outputs (loops, whose bodies run per call), are never folded, and neither is a node whose
 * kernel rejects its constant inputs (a singular matrix): compiling never throws for values, the call does,
 * with the op's own error.
 */
final class ConstantFolding {

    static final int MAX_ELEMENTS = 4096;

    /** This pass as a local rule, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        return node -> {
            if (node.op() instanceof SourceOp || node.op() instanceof RandomOp || node.op() instanceof CustomOp
                    || node.op() instanceof MultiOutputOp || node.op() instanceof MultiOutputOp.Part
                    || node.inputs().isEmpty() || !node.shape().isConcrete()
                    || node.shape().size() > MAX_ELEMENTS) {
                return node;
            }
            List<Node> inputs = node.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                if (!Constants.isConstant(inputs.get(i))) {
                    return node;
                }
            }
            List<Tensor> values = new ArrayList<>();
            for (Node in : inputs) {
                values.add(in.op() instanceof SourceOp.Constant c ? c.value()
                        : in.op().forward(List.of(), in.shape()));
            }
            Tensor value;
            try {
                value = node.op().forward(values, node.shape());
            } catch (RuntimeException e) {
                return node; // rejected values (a singular constant matrix) fail at the call, as they would unfolded
            }
            report.fired("constant folding");
            return SourceOp.constant(value);
        };
    }
}
