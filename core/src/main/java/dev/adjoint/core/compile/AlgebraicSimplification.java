package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.ElementwiseOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.UnaryOp;
import dev.adjoint.core.kernel.Pointwise;
import java.util.List;

/**
 * Algebraic simplification: identities that hold for every finite input (and, except {@code log(exp x)},
 * for infinities and NaN too). {@code log(exp x) → x} differs where {@code exp} overflows or underflows: there
 * the rewritten graph gives the exact {@code x} where the written one gave {@code ±inf}, which is the point.
 * <ul>
 *   <li>{@code x·1 → x}, {@code 1·x → x}, {@code x/1 → x}, {@code x−(+0) → x}, {@code x+(−0) → x},
 *       {@code (−0)+x → x}: exact for every x, signed zeros included. Adding {@code +0} is not the identity
 *       ({@code −0 + 0 = +0}), nor is subtracting {@code −0}, so those are computed as written;</li>
 *   <li>a sum of zero-padded blocks tiling an axis {@code → } their concatenation ({@link DisjointPads}; the one
 *       caveat: a block's {@code −0} stays {@code −0} where the sum with a pad's {@code +0} gave {@code +0};
 *       values compare equal);</li>
 *   <li>{@code −(−x) → x};</li>
 *   <li>{@code log(exp x) → x}; this is also how {@code log(softmax x)} becomes {@code logSoftmax x}, since
 *       {@code softmax = exp(logSoftmax)} here. ({@code exp(log x) → x} holds only for {@code x > 0} and
 *       is not applied: for {@code x < 0} it would turn NaN into {@code x});</li>
 *   <li>{@code stopGradient x → x}, and any elementwise op whose function is the identity and whose output has
 *       its input's dtype (a cast from bool is the identity only in a fused program's representation): a compiled
 *       function is evaluated, never differentiated, and the gradient graphs it evaluates were built before
 *       compiling;</li>
 *   <li>{@code count(f(x, ...)) → count(x)} for any op {@code f} whose input x has its shape and dtype: a count
 *       reads the shape alone;</li>
 *   <li>{@code reshape(reshape x) → reshape x}, a reshape or broadcast to the input's own shape {@code → x},
 *       and two permutations composed into one (or none when they cancel).</li>
 * </ul>
 */
final class AlgebraicSimplification {

    /** The sums of pads met in this walk, summarised once each. */
    private final DisjointPads disjointPads = new DisjointPads();

    /** This pass as a local rule, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        return node -> simplify(node, report);
    }

    private Node simplify(Node node, Report report) {
        var op = node.op();
        List<Node> in = node.inputs();
        if (op instanceof BinaryOp.Mul) {
            if (Constants.is(in.get(1), 1.0)) {
                return fired(report, "x*1 -> x", in.get(0));
            }
            if (Constants.is(in.get(0), 1.0)) {
                return fired(report, "x*1 -> x", in.get(1));
            }
        } else if (op instanceof BinaryOp.Div && Constants.is(in.get(1), 1.0)) {
            return fired(report, "x/1 -> x", in.get(0));
        } else if (op instanceof BinaryOp.Add) {
            if (Constants.is(in.get(1), -0.0)) {
                return fired(report, "x+(-0) -> x", in.get(0));
            }
            if (Constants.is(in.get(0), -0.0)) {
                return fired(report, "x+(-0) -> x", in.get(1));
            }
            Node concatenated = disjointPads.concatenation(node);
            if (concatenated != null) {
                return fired(report, "sum of pads tiling an axis -> concat", concatenated);
            }
        } else if (op instanceof BinaryOp.Sub && Constants.is(in.get(1), 0.0)) {
            return fired(report, "x-0 -> x", in.get(0));
        } else if (op instanceof UnaryOp.Neg && in.get(0).op() instanceof UnaryOp.Neg) {
            return fired(report, "-(-x) -> x", in.get(0).inputs().get(0));
        } else if (op instanceof UnaryOp.Log && in.get(0).op() instanceof UnaryOp.Exp) {
            return fired(report, "log(exp x) -> x", in.get(0).inputs().get(0));
        } else if (op instanceof ElementwiseOp e && e.pointwise() == Pointwise.Exact.IDENTITY
                && in.get(0).dtype() == node.dtype()) {
            return fired(report, op.name() + "(x) -> x", in.get(0));
        } else if (op instanceof MovementOp.Reshape || op instanceof MovementOp.BroadcastTo) {
            Node x = in.get(0);
            if (x.shape().equals(node.shape())) {
                return fired(report, op.getClass().getSimpleName().toLowerCase() + " to own shape -> x", x);
            }
            if (op instanceof MovementOp.Reshape r && x.op() instanceof MovementOp.Reshape) {
                return fired(report, "reshape(reshape x) -> reshape x",
                        Node.apply(r, x.inputs().get(0)));
            }
        } else if (op instanceof MovementOp.Permute outer && in.get(0).op() instanceof MovementOp.Permute inner) {
            int[] composed = new int[outer.perm().size()];
            boolean identity = true;
            for (int a = 0; a < composed.length; a++) {
                composed[a] = inner.perm().get(outer.perm().get(a));
                identity &= composed[a] == a;
            }
            Node x = in.get(0).inputs().get(0);
            if (identity) {
                return fired(report, "permute(permute x) -> x", x);
            }
            return fired(report, "permute(permute x) -> permute x", Node.apply(
                    new MovementOp.Permute(java.util.Arrays.stream(composed).boxed().toList()), x));
        } else if (op instanceof ReduceOp.Count && shapeSource(in.get(0)) != in.get(0)) {
            return fired(report, "count(f(x)) -> count(x)", Node.apply(op, shapeSource(in.get(0))));
        } else if (op instanceof MovementOp.Permute p) {
            boolean identity = true;
            for (int a = 0; a < p.perm().size(); a++) {
                identity &= p.perm().get(a) == a;
            }
            if (identity) {
                return fired(report, "identity permute -> x", in.get(0));
            }
        }
        return node;
    }

    /**
     * The first node down a chain of ops each of which has an input of its own shape and dtype: the node whose shape
     * a count of {@code x} reads. A count depends on the shape alone, so counting that node instead gives the same
     * value and leaves the chain to its value's readers (a count among them would keep {@code (x - mu)^2} from being
     * fused into its sum, and a max pooling's gradient from taking its ReLU's mask into its own pass).
     */
    private static Node shapeSource(Node x) {
        boolean moved = true;
        while (moved) {
            moved = false;
            for (Node in : x.inputs()) {
                if (in.shape().equals(x.shape()) && in.dtype() == x.dtype()) {
                    x = in;
                    moved = true;
                    break;
                }
            }
        }
        return x;
    }

    private static Node fired(Report report, String rule, Node replacement) {
        report.fired(rule);
        return replacement;
    }
}
