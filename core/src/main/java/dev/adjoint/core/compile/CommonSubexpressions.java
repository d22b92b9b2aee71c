package dev.adjoint.core.compile;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Op;
import dev.adjoint.core.graph.SourceOp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Common-subexpression elimination by structural hashing: two nodes are the same when they apply equal ops
 * to the same (already canonical) input nodes. Walking in topological order, each node's inputs are
 * canonical before the node is seen, so its key is {@code (op, input identities)}: hashing it costs O(arity),
 * never a walk of the subgraph (the hash of a subgraph is in effect cached in its canonical node). Scalar
 * constants are keyed by dtype and bits, so two {@code 1.0f} constants merge. Inputs (distinct by identity)
 * and custom ops (which may not be pure) are never merged; random ops are, because their samples are a pure
 * function of the key input and the salt.
 */
public final class CommonSubexpressions implements Pass {

    private record Key(Op op, List<Node> inputs) {
    }

    private record ScalarKey(String dtype, long bits) {
    }

    @Override
    public String name() {
        return "cse";
    }

    @Override
    public List<Node> apply(List<Node> outputs, Report report) {
        return Rebuild.apply(outputs, rule(report));
    }

    /** This pass as a local rule with its own table of canonical nodes, for {@link Compiler}'s single walk. */
    Rebuild.Rule rule(Report report) {
        Map<Object, Node> canonical = new HashMap<>();
        return node -> {
            Op op = node.op();
            if (op instanceof SourceOp.Input || op instanceof CustomOp) {
                return node;
            }
            Object key;
            if (op instanceof SourceOp.Constant c && c.value().size() == 1 && node.rank() == 0) {
                key = new ScalarKey(node.dtype().shortName(), Double.doubleToRawLongBits(c.value().flat(0)));
            } else {
                key = new Key(op, node.inputs());
            }
            Node existing = canonical.putIfAbsent(key, node);
            if (existing != null && existing != node) {
                report.fired("common subexpression");
                return existing;
            }
            return node;
        };
    }
}
