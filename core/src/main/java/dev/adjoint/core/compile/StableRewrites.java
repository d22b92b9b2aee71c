package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SoftmaxCrossEntropy;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.UnaryOp;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Numerically stable rewrites: forms that are equal in exact arithmetic but lose accuracy or overflow in
 * floating point are replaced by their stable equivalents.
 * <ul>
 *   <li>{@code log(sigmoid x) → −softplus(−x)}: for {@code x = −800}, {@code sigmoid} underflows to 0 and the
 *       log gives −∞, while {@code −softplus(800) = −800} exactly;</li>
 *   <li>{@code log(1 − sigmoid x) → −softplus(x)} (also written {@code log1p(−sigmoid x)}), the other half of
 *       binary cross-entropy: {@code 1 − sigmoid(800)} is 0; its form {@code log(sigmoid(−x))} is the rule
 *       above;</li>
 *   <li>{@code log(1 + exp x) → softplus(x)} (also written {@code log1p(exp x)}): {@code exp(1000)} overflows,
 *       {@code softplus(1000) = 1000};</li>
 *   <li>{@code log(sum(exp x)) → logSumExp(x)} over the same axes, kept or not: the sum overflows from
 *       {@code x = 710} on and underflows to {@code log 0 = −∞} below −745;</li>
 *   <li>{@code x − logSumExp(x) → logSoftmax(x)} over the same axes (broadcast back onto x), computed as
 *       {@link ReduceOp#logSoftmax} does, {@code u − logSumExp(u)} with {@code u = x − max x}: with huge tied
 *       logits {@code logSumExp(x)} rounds to the maximum ({@code 1e30 + ln 2 = 1e30}) and the difference is 0
 *       instead of {@code −ln 2};</li>
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
            for (Rewrite rule : REWRITES) {
                Node stable = rule.rewrite().apply(node);
                if (stable != null) {
                    report.fired(rule.name());
                    return stable;
                }
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

    /** A rewrite and the name {@code explain()} prints when it fires. */
    private record Rewrite(String name, UnaryOperator<Node> rewrite) {
    }

    /** The local rules of this pass: each returns the stable form of a node, or null when it does not apply. */
    private static final List<Rewrite> REWRITES = List.of(
            new Rewrite("log(sigmoid x) -> -softplus(-x)", StableRewrites::logSigmoid),
            new Rewrite("log(1 + exp x) -> softplus(x)", StableRewrites::softplus),
            new Rewrite("log(1 - sigmoid x) -> -softplus(x)", StableRewrites::negatedSoftplus),
            new Rewrite("log(sum(exp x)) -> logSumExp(x)", StableRewrites::logSumExp),
            new Rewrite("x - logSumExp(x) -> logSoftmax(x)", StableRewrites::logSoftmax));

    /** {@code -softplus(-x)} for {@code log(sigmoid x)}, else null. */
    static Node logSigmoid(Node node) {
        return node.op() instanceof UnaryOp.Log && node.inputs().get(0).op() instanceof UnaryOp.Sigmoid
                ? node.inputs().get(0).inputs().get(0).neg().softplus().neg() : null;
    }

    /** {@code softplus(x)} for {@code log(1 + exp x)} or {@code log1p(exp x)}, else null. */
    static Node softplus(Node node) {
        Node e = argumentOfLogOnePlus(node);
        return e != null && e.op() instanceof UnaryOp.Exp ? e.inputs().get(0).softplus() : null;
    }

    /** {@code -softplus(x)} for {@code log(1 - sigmoid x)} or {@code log1p(-sigmoid x)}, else null. */
    static Node negatedSoftplus(Node node) {
        Node s = null;
        if (node.op() instanceof UnaryOp.Log && node.inputs().get(0).op() instanceof BinaryOp.Sub
                && Constants.is(node.inputs().get(0).inputs().get(0), 1.0)) {
            s = node.inputs().get(0).inputs().get(1);
        } else if (node.op() instanceof UnaryOp.Log1p && node.inputs().get(0).op() instanceof UnaryOp.Neg) {
            s = node.inputs().get(0).inputs().get(0);
        }
        return s != null && s.op() instanceof UnaryOp.Sigmoid && s.shape().equals(node.shape())
                ? s.inputs().get(0).softplus().neg() : null;
    }

    /** u for {@code log(1 + u)}, {@code log(u + 1)} or {@code log1p(u)} where u has the node's shape, else null. */
    private static Node argumentOfLogOnePlus(Node node) {
        Node u = null;
        if (node.op() instanceof UnaryOp.Log1p) {
            u = node.inputs().get(0);
        } else if (node.op() instanceof UnaryOp.Log && node.inputs().get(0).op() instanceof BinaryOp.Add) {
            u = onePlus(node.inputs().get(0));
        }
        return u != null && u.shape().equals(node.shape()) ? u : null;
    }

    /** The operand of {@code 1 + u} or {@code u + 1}, else null. */
    private static Node onePlus(Node sum) {
        Node a = sum.inputs().get(0);
        Node b = sum.inputs().get(1);
        return Constants.is(a, 1.0) ? b : Constants.is(b, 1.0) ? a : null;
    }

    /** {@code logSumExp(x)} for {@code log(sum(exp x))}, with the sum's axes and keepDims, else null. */
    static Node logSumExp(Node node) {
        if (!(node.op() instanceof UnaryOp.Log) || !(node.inputs().get(0).op() instanceof ReduceOp.Sum sum)) {
            return null;
        }
        Node exp = node.inputs().get(0).inputs().get(0);
        if (!(exp.op() instanceof UnaryOp.Exp)) {
            return null;
        }
        return Node.apply(new ReduceOp.LogSumExp(sum.axes(), sum.keepDims()), exp.inputs().get(0));
    }

    /**
     * {@code u - logSumExp(u)} with {@code u = x - stopGradient(max x)} (the reductions over the same axes, kept)
     * for {@code x - logSumExp(x)} (the logSumExp broadcast back onto x), else null. Not for the stable form
     * itself, whose x is already shifted by its maximum.
     */
    static Node logSoftmax(Node node) {
        if (!(node.op() instanceof BinaryOp.Sub)) {
            return null;
        }
        Node x = node.inputs().get(0);
        Node lse = unbroadcast(node.inputs().get(1));
        if (!(lse.op() instanceof ReduceOp.LogSumExp l) || lse.inputs().get(0) != x || !x.shape().equals(node.shape())
                || !alignsWith(l, x) || isShiftedByItsMax(x, l.axes())) {
            return null;
        }
        int[] axes = l.axes().stream().mapToInt(Integer::intValue).toArray();
        Node u = x.sub(Node.apply(new ReduceOp.Extremum(l.axes(), true, true), x).stopGradient()); // empty axes too
        return u.sub(u.logSumExp(true, axes));
    }

    /** True when the reduction, broadcast onto x, puts each value on the row it reduced. */
    private static boolean alignsWith(ReduceOp.LogSumExp l, Node x) {
        if (l.keepDims()) {
            return true;
        }
        for (int a = 0; a < l.axes().size(); a++) {
            if (l.axes().get(a) != a) {
                return false; // without kept dims, only leading axes broadcast back in place
            }
        }
        return true;
    }

    /** True for {@code z - max z} (its gradient stopped or not) over these axes, with kept dims. */
    private static boolean isShiftedByItsMax(Node x, List<Integer> axes) {
        if (!(x.op() instanceof BinaryOp.Sub)) {
            return false;
        }
        Node max = unbroadcast(x.inputs().get(1));
        if (max.op() instanceof UnaryOp.StopGradient) {
            max = max.inputs().get(0);
        }
        return max.op() instanceof ReduceOp.Extremum e && e.isMax() && e.axes().equals(axes)
                && max.inputs().get(0) == x.inputs().get(0);
    }

    /**
     * The fused op for {@code picked = pickPerRow(logSoftmax z, y)} as the cross-entropies build it
     * ({@code reshape[N](takeAlongAxis_1(u − logSumExp(u), reshape[N,1](y)))} with
     * {@code u = z − stopGradient(max z)} (or {@code z − max z} once the stopGradient is simplified away), both
     * reductions over the last axis with kept dims), else null.
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
