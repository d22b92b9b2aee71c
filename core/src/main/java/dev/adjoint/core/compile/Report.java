package dev.adjoint.core.compile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Which rewrites fired while compiling a graph, and how often: what {@code Function.explain()} prints. */
public final class Report {

    private final Map<String, Integer> fired = new LinkedHashMap<>();
    private int nodesBefore;
    private int nodesAfter;

    /** An empty report; the compiler makes one per compilation. */
    Report() {
    }

    /** Records that the rewrite {@code name} fired once. */
    public void fired(String name) {
        fired.merge(name, 1, Integer::sum);
    }

    void sizes(int before, int after) {
        nodesBefore = before;
        nodesAfter = after;
    }

    /** The rewrites that fired, by name, in the order they first fired, with counts. */
    public Map<String, Integer> rewrites() {
        return Collections.unmodifiableMap(fired);
    }

    /** How often {@code name} fired (0 if never). */
    public int count(String name) {
        return fired.getOrDefault(name, 0);
    }

    /** Nodes evaluated per call before and after compiling. */
    public int nodesBefore() {
        return nodesBefore;
    }

    /** Nodes evaluated per call after compiling. */
    public int nodesAfter() {
        return nodesAfter;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("compiled " + nodesBefore + " nodes to " + nodesAfter + " steps");
        if (fired.isEmpty()) {
            return sb.append("; no rewrite fired").toString();
        }
        fired.forEach((name, count) -> sb.append("\n  ").append(name).append(" x").append(count));
        return sb.toString();
    }
}
