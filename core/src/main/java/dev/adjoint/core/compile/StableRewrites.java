package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Elementwise;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.List;

/**
 * Numerically stable rewrites: forms that are equal in exact arithmetic but lose accuracy or overflow in
 * floating point are replaced by their stable equivalents.
 * <ul>
 *   <li>{@code log(sigmoid x) → −softplus(−x)}: for {@code x = −800}, {@code sigmoid} underflows to 0 and the
 *       log gives −∞, while {@code −softplus(800) = −800} exactly;</li>
 *   <li>{@code log(1 − sigmoid x) → −softplus(x)}, the other half of binary cross-entropy, is recognized
 *       in the form {@code log(sigmoid(−x))} by the same rule;</li>
 *   <li>{@code log(softmax x) → logSoftmax x} is {@code log(exp u) → u} in {@link AlgebraicSimplification},
 *       since softmax is built as {@code exp(logSoftmax)}.</li>
 * </ul>
 */
public final class StableRewrites implements Pass {

    @Override
    public String name() {
        return "stable rewrites";
    }

    @Override
    public List<Node> apply(List<Node> outputs, Report report) {
        return Rebuild.apply(outputs, rule(report));
    }

    /** This pass as a local rule, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        return node -> {
            if (node.op() instanceof UnaryOp.Log && node.inputs().get(0).op() instanceof UnaryOp.Sigmoid) {
                report.fired("log(sigmoid x) -> -softplus(-x)");
                Node x = node.inputs().get(0).inputs().get(0);
                return Elementwise.neg(Elementwise.softplus(Elementwise.neg(x)));
            }
            return node;
        };
    }
}
