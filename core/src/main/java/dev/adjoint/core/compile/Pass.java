package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import java.util.List;

/**
 * One compiler pass: a graph-to-graph function that preserves the value of every output. It returns new
 * output nodes (or the same ones when nothing applied) and records each rewrite it makes in the report.
 */
public interface Pass {

    /** The pass's name, e.g. {@code cse}. */
    String name();

    /** The rewritten outputs, one per output, each with the same shape and dtype. */
    List<Node> apply(List<Node> outputs, Report report);
}
