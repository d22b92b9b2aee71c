package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SoftmaxCrossEntropy;
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
 *       since softmax is built as {@code exp(logSoftmax)};</li>
 *   <li>{@code −pickPerRow(logSoftmax z, y) → softmaxCrossEntropy(z, y)}: the sparse cross-entropy from
 *       logits as one fused op ({@link SoftmaxCrossEntropy}), one pass per row, VJP {@code p − onehot(y)}.</li>
 * </ul>
 */
final class StableRewrites {

    /**
     * False when the system property {@code adjoint.compile.crossEntropy} is {@code false} (for measuring): the
     * rewrite of a hand-written {@code −pickPerRow(logSoftmax z, y)} is then off. The library's sparse loss
     * builds the fused op itself and is not affected.
     */
    static final boolean FUSE_CROSS_ENTROPY = !"false".equalsIgnoreCase(
            System.getProperty("adjoint.compile.crossEntropy", "true").trim());

    /** This pass as a local rule, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        return node -> {
            if (node.op() instanceof UnaryOp.Log && node.inputs().get(0).op() instanceof UnaryOp.Sigmoid) {
                report.fired("log(sigmoid x) -> -softplus(-x)");
                Node x = node.inputs().get(0).inputs().get(0);
                return UnaryOp.neg(UnaryOp.softplus(UnaryOp.neg(x)));
            }
            if (FUSE_CROSS_ENTROPY && node.op() instanceof UnaryOp.Neg) {
                Node fused = softmaxCrossEntropy(node.inputs().get(0));
                if (fused != null) {
                    report.fired("-pickPerRow(logSoftmax z, y) -> softmaxCrossEntropy(z, y)");
                    return fused;
                }
            }
            return node;
        };
    }

    /**
     * The fused op for {@code picked = pickPerRow(logSoftmax z, y)} as the cross-entropies build it
     * ({@code reshape[N](takeAlongAxis_1(u − logSumExp(u), reshape[N,1](y)))} with
     * {@code u = z − stopGradient(max z)} (or {@code z − max z} once the stopGradient is simplified away), both reductions over the last axis with kept dims), else null.
     */
    static Node softmaxCrossEntropy(Node picked) {
        if (!(picked.op() instanceof MovementOp.Reshape) || picked.rank() != 1) {
            return null;
        }
        Node take = picked.inputs().get(0);
        if (!(take.op() instanceof IndexOp.TakeAlongAxis t) || t.axis() != 1 || take.rank() != 2
                || take.shape().dim(1) != 1) {
            return null;
        }
        Node logQ = take.inputs().get(0);
        Node idx = take.inputs().get(1);
        if (!(idx.op() instanceof MovementOp.Reshape) || idx.inputs().get(0).rank() != 1
                || !(logQ.op() instanceof BinaryOp.Sub) || logQ.rank() != 2) {
            return null;
        }
        Node u = logQ.inputs().get(0);
        Node lse = unbroadcast(logQ.inputs().get(1));
        if (!(lse.op() instanceof ReduceOp.LogSumExp l) || !l.keepDims() || !lastAxis(l.axes())
                || lse.inputs().get(0) != u || !(u.op() instanceof BinaryOp.Sub)) {
            return null;
        }
        Node z = u.inputs().get(0);
        Node max = unbroadcast(u.inputs().get(1));
        if (max.op() instanceof UnaryOp.StopGradient) {
            max = max.inputs().get(0); // simplification drops stopGradient before this rule sees the node
        }
        if (!(max.op() instanceof ReduceOp.Extremum e) || !e.isMax() || !e.keepDims() || !lastAxis(e.axes())
                || max.inputs().get(0) != z || !z.shape().equals(logQ.shape())) {
            return null;
        }
        Node labels = idx.inputs().get(0);
        if (labels.dtype() != z.dtype() && labels.dtype().isFloating()) {
            return null; // legacy float labels of another precision: the fused op would read them unrounded
        }
        return SoftmaxCrossEntropy.of(z, labels);
    }

    private static Node unbroadcast(Node n) {
        return n.op() instanceof MovementOp.BroadcastTo ? n.inputs().get(0) : n;
    }

    private static boolean lastAxis(List<Integer> axes) {
        return axes.size() == 1 && (axes.get(0) == 1 || axes.get(0) == -1);
    }
}
