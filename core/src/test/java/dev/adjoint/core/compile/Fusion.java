package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Graphs;
import dev.adjoint.core.graph.Node;
import java.util.IdentityHashMap;
import java.util.List;

/** Elementwise fusion alone, without the other passes, for tests outside this package. */
public final class Fusion {

    private Fusion() {
    }

    /** {@code output} with its elementwise chains fused (a {@link FusedElementwise} node at the root, if any). */
    public static Node of(Node output) {
        List<Node> outputs = List.of(output);
        List<Node> order = Graphs.topologicalOrder(outputs);
        return new ElementwiseFusion().apply(outputs, order, new Report(), new IdentityHashMap<>()).get(0);
    }
}
