package dev.adjoint.core.print;

import dev.adjoint.core.compile.Compiler;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Notation.Symbol;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Prints a graph as mathematics, in plain text (Unicode) or LaTeX, each op in the notation it declares
 * ({@link dev.adjoint.core.graph.Op#notation}), with the parentheses precedence requires and no others, and every
 * shared subterm named once:
 *
 * <pre>{@code
 * MathPrinter.text().print(f)                     // tanh(x·W + b)
 * MathPrinter.text().simplified().print(dW)       // let t1 = tanh(x·W + b)
 *                                                 // in xᵀ·((t1 + t1) ⊙ (1 − t1²))
 * MathPrinter.latex().print(Map.of("dW", dW))     // \begin{aligned} dW &= ... \end{aligned}
 * }</pre>
 *
 * <p><b>Reading a gradient.</b> Broadcasting is invisible, as in the textbook's {@code x·W + b}, and the sum
 * that undoes it in a gradient shows its axes: {@code Σ_N} over the batch axis ({@code db = Σ_N dz}), {@code Σ}
 * over all axes. {@code ⊙} is the elementwise product of two tensors, {@code ·} the matrix product and a product
 * with a scalar, {@code a²} a product of a term with itself. With {@link #simplified()}, the graph first goes
 * through the compiler's simplifications ({@link Compiler#simplify}): no {@code x·1}, folded constants, and equal
 * subterms merged, so that a gradient printed together with the intermediate cotangents reads as its
 * derivation ({@code dW2 = a1ᵀ·dz2} once {@code dz2} is an output too).
 *
 * <p><b>Names.</b> Inputs read as their labels; a node the user {@link #named} gets that name; every other
 * term used more than once is {@code t1, t2, ...}. One expression prints as {@code let t1 = ... in ...};
 * named results ({@link #print(Map)}) print as one equation per line, {@code a1 = σ(x·W1 + b1)}, in an order
 * where each name is defined before it is used.
 *
 * <p>A printer is an immutable value; printing walks the graph with explicit work lists in time linear in the
 * graph and its text, so a 100,000-node chain prints.
 */
public final class MathPrinter {

    private final Style style;
    private final boolean simplify;
    private final Map<Node, String> names;

    private MathPrinter(Style style, boolean simplify, Map<Node, String> names) {
        this.style = style;
        this.simplify = simplify;
        this.names = names;
    }

    /** A printer of plain text with Unicode symbols: {@code σ(x·W + b)}, {@code a1ᵀ·dz2}. */
    public static MathPrinter text() {
        return new MathPrinter(Style.TEXT, false, Map.of());
    }

    /** A printer of LaTeX (math mode): {@code \sigma\left(x \cdot W + b\right)}. */
    public static MathPrinter latex() {
        return new MathPrinter(Style.LATEX, false, Map.of());
    }

    /** This printer, printing graphs after the compiler's simplifications ({@link Compiler#simplify}). */
    public MathPrinter simplified() {
        return new MathPrinter(style, true, names);
    }

    /**
     * This printer, naming {@code node} {@code name} wherever it occurs (after simplification, the node that
     * stands for it); in LaTeX, trailing digits become a subscript ({@code a1} is {@code a_{1}}).
     *
     * @throws IllegalArgumentException if the name is blank or spans lines, or names another node already
     */
    public MathPrinter named(String name, Node node) {
        checkName("named", name);
        Objects.requireNonNull(node, "node is null");
        for (Map.Entry<Node, String> entry : names.entrySet()) {
            if (entry.getValue().equals(name) && entry.getKey() != node) {
                throw new IllegalArgumentException("named: each name must name one node, got '" + name
                        + "' for " + entry.getKey() + " and " + node);
            }
        }
        Map<Node, String> more = new LinkedHashMap<>(names);
        more.put(node, name);
        return new MathPrinter(style, simplify, Collections.unmodifiableMap(more));
    }

    /**
     * {@code output} as one expression, preceded by the bindings of its shared and named subterms:
     * {@code let t1 = ... in ...}.
     */
    public String print(Node output) {
        Objects.requireNonNull(output, "output is null");
        Graph g = graph(List.of(output));
        Layout layout = new Layout(style, g.topology, g.outputs, null, g.userNames);
        int root = layout.shownAs(g.outputs[0]);
        Map<Integer, Symbol> bindings = layout.bindings(root);
        String expression = layout.reference(root);
        if (bindings.isEmpty()) {
            return expression;
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, Symbol> binding : bindings.entrySet()) {
            String equation = style.of(binding.getValue()) + " = " + layout.term(binding.getKey());
            lines.add(style == Style.TEXT ? (lines.isEmpty() ? "let " : "    ") + equation
                    : (lines.isEmpty() ? "&\\text{let } " : "&\\phantom{\\text{let }} ") + equation + " \\\\");
        }
        lines.add(style == Style.TEXT ? "in " + expression : "&\\text{in } " + expression);
        return style == Style.TEXT ? String.join("\n", lines) : aligned(lines);
    }

    /**
     * Named results, one equation per line, {@code name = term}, with the bindings of the terms they share
     * among them, each defined before it is used; a result used by another reads as its name there. The results
     * come in the map's iteration order as far as their dependencies allow.
     *
     * @throws IllegalArgumentException if a name is blank or spans lines, or one name stands for two terms
     */
    public String print(Map<String, Node> outputs) {
        Objects.requireNonNull(outputs, "outputs is null");
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("print: needs at least one output, got none");
        }
        List<String> outputNames = new ArrayList<>();
        List<Node> nodes = new ArrayList<>();
        for (Map.Entry<String, Node> entry : outputs.entrySet()) {
            checkName("print", entry.getKey());
            outputNames.add(entry.getKey());
            nodes.add(Objects.requireNonNull(entry.getValue(), () -> "print: output '" + entry.getKey() + "' is null"));
        }
        Graph g = graph(nodes);
        Layout layout = new Layout(style, g.topology, g.outputs, outputNames, g.userNames);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<Integer, Symbol> binding : layout.bindings(-1).entrySet()) {
            lines.add(equation(binding.getValue(), layout.term(binding.getKey())));
        }
        for (int o = 0; o < outputNames.size(); o++) {
            Symbol name = layout.name(g.outputs[o]);
            if (name == null || !name.text().equals(outputNames.get(o))) {
                lines.add(equation(Symbol.name(outputNames.get(o)), layout.reference(g.outputs[o])));
            }
        }
        if (style == Style.TEXT) {
            return String.join("\n", lines);
        }
        for (int i = 0; i < lines.size() - 1; i++) {
            lines.set(i, lines.get(i) + " \\\\");
        }
        return aligned(lines);
    }

    private String equation(Symbol name, String term) {
        return style.of(name) + (style == Style.TEXT ? " = " : " &= ") + term;
    }

    private static String aligned(List<String> lines) {
        StringJoiner joiner = new StringJoiner("\n", "\\begin{aligned}\n", "\n\\end{aligned}");
        lines.forEach(joiner::add);
        return joiner.toString();
    }

    /** The graph to print, numbered, with the positions of the outputs and of the named nodes. */
    private record Graph(Topology topology, int[] outputs, Map<Integer, String> userNames) {
    }

    private Graph graph(List<Node> outputs) {
        List<Node> shown = outputs;
        Compiler.Result simplified = null;
        if (simplify) {
            simplified = Compiler.simplify(outputs);
            shown = simplified.outputs();
        }
        Topology topology = simplified != null ? simplified.plan() : Topology.of(shown);
        int[] positions = new int[shown.size()];
        for (int o = 0; o < positions.length; o++) {
            positions[o] = topology.indexOf(shown.get(o));
        }
        Map<Integer, String> userNames = new LinkedHashMap<>();
        for (Map.Entry<Node, String> named : names.entrySet()) {
            Node node = named.getKey();
            if (simplified != null) {
                int written = simplified.rewrites().written().indexOf(node);
                node = written < 0 ? null : simplified.rewrites().compiledForm(written);
            }
            int position = node == null ? -1 : topology.indexOf(node);
            if (position >= 0) {
                userNames.putIfAbsent(position, named.getValue());
            }
        }
        return new Graph(topology, positions, userNames);
    }

    private static void checkName(String method, String name) {
        Objects.requireNonNull(name, "name is null");
        if (name.isBlank() || name.contains("\n") || name.contains("\r")) {
            throw new IllegalArgumentException(method + ": a name must be a non-blank single line, got '" + name
                    + "'");
        }
    }
}
