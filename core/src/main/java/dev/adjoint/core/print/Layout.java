package dev.adjoint.core.print;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Notation;
import dev.adjoint.core.graph.Notation.Symbol;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph laid out as terms and bindings in one style, in two walks over its topological order and one over
 * the text it writes, so its cost is linear in the graph and the output, and its depth is unbounded.
 *
 * <p>A node reads as the term its op's notation gives, except that a hidden node (a broadcast) reads as its
 * operand. A node is named, and its term written once in a binding, when it is a named result, when the user
 * named it, or when the terms shown use it more than once; names and numbers are never bound. Unnamed shared
 * terms are {@code t1, t2, ...}, skipping names already taken.
 */
final class Layout {

    private final Style style;
    private final Topology graph;
    private final Notation[] notation;
    /** The node each node reads as: itself, or a hidden node's operand's. */
    private final int[] shownAs;
    private final boolean[] needed;
    private final Symbol[] names;
    private final Term[] terms;

    /**
     * Lays out {@code graph} for {@code outputs} (positions). {@code outputNames} gives each output its name
     * (or is null for a single unnamed output), {@code userNames} the names the user gave to positions.
     *
     * @throws IllegalArgumentException if one name is given to two different terms
     */
    Layout(Style style, Topology graph, int[] outputs, List<String> outputNames, Map<Integer, String> userNames) {
        this.style = style;
        this.graph = graph;
        int n = graph.size();
        notation = new Notation[n];
        shownAs = new int[n];
        for (int i = 0; i < n; i++) {
            Node node = graph.node(i);
            Notation declared = node.op().notation(node.inputs());
            if (declared == null) {
                throw new IllegalStateException("print: the notation of " + node.op().name() + " must not be null");
            }
            notation[i] = declared;
            shown(i); // checks the notation against the arity first
            shownAs[i] = declared instanceof Notation.Hidden ? shownAs[graph.input(i, 0)] : i;
        }
        needed = new boolean[n];
        int[] uses = new int[n];
        for (int output : outputs) {
            needed[shownAs[output]] = true;
        }
        for (int i = n - 1; i >= 0; i--) {
            if (needed[i] && shownAs[i] == i) {
                for (int k : shown(i)) {
                    int operand = shownAs[graph.input(i, k)];
                    uses[operand]++;
                    needed[operand] = true;
                }
            }
        }
        names = new Symbol[n];
        nameTerms(outputs, outputNames, userNames, uses);
        terms = new Term[n];
        for (int i = 0; i < n; i++) {
            if (needed[i] && shownAs[i] == i) {
                int[] shown = shown(i);
                Term.Operand[] operands = new Term.Operand[shown.length];
                for (int k = 0; k < shown.length; k++) {
                    int j = shownAs[graph.input(i, shown[k])];
                    operands[k] = names[j] != null ? new Term.Operand(j, Notation.ATOM, null, false)
                            : new Term.Operand(j, terms[j].precedence(), terms[j].operator(), terms[j].bracketed());
                }
                terms[i] = Term.of(notation[i], style, operands);
            }
        }
    }

    /** The operands node {@code i}'s notation shows, checked against its arity. */
    private int[] shown(int i) {
        int arity = graph.inputCount(i);
        int[] shown = Term.shown(notation[i], arity);
        if (shown.length > 0 && shown[shown.length - 1] >= arity) {
            throw new IllegalStateException("print: " + graph.node(i).op().name() + " declares the notation "
                    + notation[i] + ", which shows " + shown.length + " operands, got " + arity);
        }
        return shown;
    }

    private boolean isAtom(int i) {
        return notation[i] instanceof Notation.Name || notation[i] instanceof Notation.Number;
    }

    private void nameTerms(int[] outputs, List<String> outputNames, Map<Integer, String> userNames, int[] uses) {
        Map<String, Integer> taken = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (needed[i] && notation[i] instanceof Notation.Name atom) {
                taken.putIfAbsent(atom.symbol().text(), i);
            }
        }
        for (int o = 0; outputNames != null && o < outputs.length; o++) {
            int i = shownAs[outputs[o]];
            take(outputNames.get(o), i, taken);
            if (names[i] == null && !isAtom(i)) {
                names[i] = Symbol.name(outputNames.get(o));
            }
        }
        int root = outputNames == null ? shownAs[outputs[0]] : -1;
        for (Map.Entry<Integer, String> named : userNames.entrySet()) {
            int i = shownAs[named.getKey()];
            if (needed[i] && i != root && names[i] == null && !isAtom(i)) {
                take(named.getValue(), i, taken);
                names[i] = Symbol.name(named.getValue());
            }
        }
        int next = 1;
        for (int i = 0; i < names.length; i++) {
            if (uses[i] > 1 && names[i] == null && !isAtom(i)) {
                while (taken.containsKey("t" + next)) {
                    next++;
                }
                take("t" + next, i, taken);
                names[i] = Symbol.name("t" + next);
            }
        }
    }

    /** Records that {@code name} stands for node {@code i}. */
    private void take(String name, int i, Map<String, Integer> taken) {
        Integer holder = taken.putIfAbsent(name, i);
        if (holder != null && holder != i) {
            throw new IllegalArgumentException("print: each name must stand for one term, got '" + name + "' for "
                    + graph.node(holder).op().name() + " and " + graph.node(i).op().name());
        }
    }

    /** The name node {@code i} reads as, or null. */
    Symbol name(int i) {
        return names[shownAs[i]];
    }

    /** The named nodes in topological order, each with its name, except {@code except}. */
    Map<Integer, Symbol> bindings(int except) {
        Map<Integer, Symbol> bindings = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && needed[i] && i != except) {
                bindings.put(i, names[i]);
            }
        }
        return bindings;
    }

    /** The node {@code i} reads as. */
    int shownAs(int i) {
        return shownAs[i];
    }

    /** How node {@code i} is referred to: its name, or its whole term. */
    String reference(int i) {
        int j = shownAs[i];
        return names[j] != null ? style.of(names[j]) : term(j);
    }

    /** Node {@code i}'s whole term (its operands by name where they have one), written without recursion. */
    String term(int i) {
        StringBuilder out = new StringBuilder();
        Object[][] parts = new Object[16][];
        int[] at = new int[16];
        int[] end = new int[16];
        int top = 0;
        parts[0] = terms[i].parts();
        end[0] = parts[0].length;
        while (top >= 0) {
            if (at[top] == end[top]) {
                top--;
                continue;
            }
            Object part = parts[top][at[top]++];
            if (part instanceof String s) {
                out.append(s);
                continue;
            }
            Term.Ref ref = (Term.Ref) part;
            if (names[ref.node()] != null) {
                out.append(style.of(names[ref.node()]));
                continue;
            }
            if (++top == parts.length) {
                parts = Arrays.copyOf(parts, top * 2);
                at = Arrays.copyOf(at, top * 2);
                end = Arrays.copyOf(end, top * 2);
            }
            Object[] inner = terms[ref.node()].parts();
            parts[top] = inner;
            at[top] = ref.bare() ? 1 : 0;
            end[top] = ref.bare() ? inner.length - 1 : inner.length;
        }
        return out.toString();
    }
}
