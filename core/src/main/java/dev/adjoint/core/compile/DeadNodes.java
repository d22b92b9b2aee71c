package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * Dead-node elimination. A compiled plan holds only the nodes reachable from the outputs, so a node that a
 * rewrite disconnected (the {@code exp} under a folded {@code log(exp x)}, a transposition read in place by a
 * GEMM) is never evaluated. This pass makes that explicit and counts, against the graph it was given when the
 * compiler started, how many nodes no longer need evaluating.
 */
public final class DeadNodes implements Pass {

    private final int before;

    /** Counts against a graph of {@code before} reachable nodes. */
    public DeadNodes(int before) {
        this.before = before;
    }

    @Override
    public String name() {
        return "dead-node elimination";
    }

    @Override
    public List<Node> apply(List<Node> outputs, Report report) {
        int after = Graphs.topologicalOrder(outputs).size();
        for (int i = after; i < before; i++) {
            report.fired("dead node removed");
        }
        return outputs;
    }
}
