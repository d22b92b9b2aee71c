package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.Tensor;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Prints a graph as numbered lines in topological order, one node a line:
 *
 * <pre>
 * %0 = input "x" : f64[N, 3]
 * %1 = input "w" : f64[3, 2]
 * %2 = matmul(%0, %1) : f64[N, 2]
 * %3 = tanh(%2) : f64[N, 2]
 * </pre>
 *
 * Labels print as Java string literals ({@link Notation#quote}), so a label with quotes or line breaks stays
 * on its node's line. Constants print their value (truncated), fills their value. Graphs longer than the line limit
 * print their first and last lines with a count of the lines left out. The bodies of loops and conditionals
 * ({@link ControlFlowOp}) follow, each a graph of its own numbered from {@code %0}, indented, under a line naming
 * the node that runs it and its parameters; bodies inside bodies follow in turn (found with a work list, so
 * nesting has no depth limit):
 *
 * <pre>
 * %3 = scan(%0, %1, %2) : (f64[3], f64[4, 3])
 * ...
 * body 1 of scan %3, parameters %0, %1, %2:
 *   %0 = input "carry0" : f64[3]
 *   ...
 * </pre>
 */
public final class GraphPrinter {

    /** Lines printed at most by {@link #print(List)}. */
    public static final int DEFAULT_LINE_LIMIT = 200;

    private GraphPrinter() {
    }

    /** The graph of {@code outputs}, at most {@link #DEFAULT_LINE_LIMIT} lines. */
    public static String print(List<Node> outputs) {
        return print(outputs, DEFAULT_LINE_LIMIT);
    }

    /** The graph of one output. */
    public static String print(Node output) {
        return print(List.of(Objects.requireNonNull(output, "output is null")));
    }

    /** The graph of {@code outputs}, keeping the first and last {@code lineLimit / 2} lines when longer. */
    public static String print(List<Node> outputs, int lineLimit) {
        if (lineLimit < 2) {
            throw new IllegalArgumentException("print: lineLimit must be >= 2, got " + lineLimit);
        }
        List<Node> order = Graphs.topologicalOrder(outputs);
        Map<Node, Integer> numbers = new IdentityHashMap<>();
        StringBuilder sb = new StringBuilder();
        listing(order, outputs, lineLimit, numbers, "", sb);
        // the bodies of loops and conditionals, each a graph of its own, numbered from %0
        for (Bodies.Nested nested : Bodies.nested(order, node -> "%" + numbers.get(node))) {
            Subgraph body = nested.body();
            sb.append("body ").append(nested.number()).append(" of ").append(nested.owner()).append(", parameters ");
            List<Node> inner = Graphs.topologicalOrder(body.results());
            Map<Node, Integer> innerNumbers = new IdentityHashMap<>();
            for (int i = 0; i < inner.size(); i++) {
                innerNumbers.put(inner.get(i), i);
            }
            StringJoiner params = new StringJoiner(", ", "", ":\n");
            for (Node p : body.parameters()) {
                params.add(innerNumbers.containsKey(p) ? "%" + innerNumbers.get(p)
                        : Notation.quote(SourceOp.inputName(p)) + " (unused)");
            }
            sb.append(params);
            listing(inner, body.results(), lineLimit, new IdentityHashMap<>(), "  ", sb);
        }
        return sb.toString();
    }

    /**
     * The numbered lines of {@code order} (the graph of {@code outputs}) and its return line, each after
     * {@code indent}.
     */
    private static void listing(List<Node> order, List<Node> outputs, int lineLimit, Map<Node, Integer> numbers,
            String indent, StringBuilder sb) {
        int n = order.size();
        int head = n <= lineLimit ? n : lineLimit / 2;
        int tailStart = n <= lineLimit ? n : n - lineLimit / 2;
        for (int i = 0; i < n; i++) {
            Node node = order.get(i);
            numbers.put(node, i);
            if (i < head || i >= tailStart) {
                sb.append(indent).append(line(node, numbers)).append('\n');
            } else if (i == head) {
                sb.append(indent).append("... ").append(tailStart - head).append(" lines left out ...\n");
            }
        }
        StringJoiner results = new StringJoiner(", ", indent + "return ", "\n");
        for (Node output : outputs) {
            results.add("%" + numbers.get(output));
        }
        sb.append(results);
    }

    /**
     * One node's line, {@code %7 = log(%3) : f64[N, 4]}, numbered as in {@code numbers}, which must hold the
     * node and its inputs (the positions in {@link Graphs#topologicalOrder} give the numbers {@link #print}
     * uses).
     *
     * @throws IllegalArgumentException if the node or one of its inputs has no number
     */
    public static String line(Node node, Map<Node, Integer> numbers) {
        Objects.requireNonNull(node, "node is null");
        Objects.requireNonNull(numbers, "numbers is null");
        StringBuilder sb = new StringBuilder("%").append(number(node, numbers)).append(" = ");
        Op op = node.op();
        if (op instanceof SourceOp.Input input) {
            sb.append("input ").append(Notation.quote(input.label()));
        } else if (op instanceof SourceOp.Constant constant) {
            Tensor value = constant.value();
            String type = value.dtype().shortName() + value.shape() + " "; // the shape's text has spaces
            sb.append("constant ").append(value.toString().substring(type.length()));
        } else if (op instanceof SourceOp.Fill fill) {
            sb.append("fill ").append(fill.value());
        } else {
            StringJoiner args = new StringJoiner(", ", op.name() + "(", ")");
            for (Node input : node.inputs()) {
                args.add("%" + number(input, numbers));
            }
            sb.append(args);
        }
        return sb.append(" : ").append(node.type()).toString();
    }

    private static int number(Node node, Map<Node, Integer> numbers) {
        Integer number = numbers.get(node);
        if (number == null) {
            throw new IllegalArgumentException("line: every node needs a number, got none for " + node);
        }
        return number;
    }
}
