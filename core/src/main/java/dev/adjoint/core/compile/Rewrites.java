package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Topology;
import java.util.List;
import java.util.Map;

/**
 * The compiler's rewrite record: for each node of the graph as written, the node of the compiled graph that
 * stands for it (computes its value), if any. A node absorbed into a fused node, or one no output needs any
 * more ({@code exp} in {@code log(exp x) → x}), has none. Anomaly detection uses it to report a value of the
 * compiled plan under the name of the user's node.
 */
public final class Rewrites {

    /**
     * The graph as written, in topological order; numbered again only when asked for ({@link #written()}): a
     * kept numbering's table is sized by the nodes' global ids, not by the graph, and every compiled body of a
     * loop or a branch keeps its rewrites.
     */
    private final List<Node> writtenOrder;
    private volatile Topology written;
    private final Node[] rebuilt;
    /**
     * What the local passes' nodes became in the passes after them (bias folding, contraction merging), where
     * they changed; null when none changed a node.
     */
    private final Map<Node, Node> folded;
    /** What the local passes' nodes became in elementwise fusion; null when fusion did not run. */
    private final Map<Node, Node> fused;

    Rewrites(Topology written, Node[] rebuilt, Map<Node, Node> folded, Map<Node, Node> fused) {
        this.writtenOrder = written.order();
        this.rebuilt = rebuilt;
        this.folded = folded;
        this.fused = fused;
    }

    /** The graph as written, numbered. */
    public Topology written() {
        Topology t = written;
        if (t == null) {
            t = Topology.ofOrder(writtenOrder);
            written = t;
        }
        return t;
    }

    /**
     * The compiled node standing for the written node at {@code position}, or null when none does. It may be
     * a node the compiled plan does not compute (when nothing needs it).
     */
    public Node compiledForm(int position) {
        Node local = rebuilt[position];
        if (folded != null) {
            local = folded.getOrDefault(local, local);
        }
        return fused == null ? local : fused.get(local);
    }
}
