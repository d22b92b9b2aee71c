package dev.adjoint.core.graph;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a graph in Graphviz DOT: one box per node labelled with its op and type, one edge per input
 * (labelled with the input's position when an op has several). The bodies of loops and conditionals
 * ({@link ControlFlowOp}) are clusters of their own, labelled with the node running them (e.g. {@code body 1 of
 * scan n7}). Render with {@code dot -Tsvg graph.dot}.
 */
public final class Dot {

    private Dot() {
    }

    /** The DOT text of the graph of {@code outputs}; outputs are drawn with a double border. */
    public static String export(List<Node> outputs) {
        List<Node> order = Graphs.topologicalOrder(outputs);
        Map<Node, Integer> ids = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder("digraph adjoint {\n  rankdir=TB;\n"
                + "  node [shape=box, fontname=\"monospace\"];\n");
        draw(order, outputs, ids, "n", "  ", sb);
        // each body of a loop or a conditional is a cluster of its own, its node names prefixed by its number
        for (Bodies.Nested nested : Bodies.nested(order, node -> "n" + ids.get(node))) {
            String prefix = "b" + nested.number() + "n";
            sb.append("  subgraph cluster_").append(nested.number()).append(" {\n    label=\"")
                    .append(escape("body " + nested.number() + " of " + nested.owner())).append("\";\n");
            draw(Graphs.topologicalOrder(nested.body().results()), nested.body().results(), new IdentityHashMap<>(),
                    prefix, "    ", sb);
            sb.append("  }\n");
        }
        return sb.append("}\n").toString();
    }

    /** One box per node of {@code order} named {@code prefix + number}, and its input edges. */
    private static void draw(List<Node> order, List<Node> outputs, Map<Node, Integer> ids, String prefix, String indent,
            StringBuilder sb) {
        for (Node node : order) {
            int id = ids.size();
            ids.put(node, id);
            String label = label(node);
            sb.append(indent).append(prefix).append(id).append(" [label=\"").append(escape(label)).append('"');
            if (outputs.contains(node)) {
                sb.append(", peripheries=2");
            }
            if (node.op() instanceof SourceOp) {
                sb.append(", style=rounded");
            }
            sb.append("];\n");
            List<Node> inputs = node.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                sb.append(indent).append(prefix).append(ids.get(inputs.get(i)))
                        .append(" -> ").append(prefix).append(id);
                if (inputs.size() > 1) {
                    sb.append(" [label=\"").append(i).append("\"]");
                }
                sb.append(";\n");
            }
        }
    }

    /** The DOT text of one output's graph. */
    public static String export(Node output) {
        return export(List.of(output));
    }

    private static String label(Node node) {
        if (node.op() instanceof SourceOp.Input input) {
            return input.label() + "\n" + node.type();
        }
        if (node.op() instanceof SourceOp.Fill fill) {
            return "fill " + fill.value() + "\n" + node.type();
        }
        return node.op().name() + "\n" + node.type();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
