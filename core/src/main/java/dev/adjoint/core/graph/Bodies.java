package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.function.Function;

/** What the control-flow ops share: placeholders for their bodies, and checks of their operands. */
final class Bodies {

    /**
     * The placeholders a factory handed to a user's body or branch, each with what it stands for. Weak keys (a
     * node's equality is its identity): a placeholder is remembered only while its graph is alive.
     */
    private static final Map<Node, String> ROLES = Collections.synchronizedMap(new WeakHashMap<>());

    private Bodies() {
    }

    /** One placeholder per node of {@code like}, of its type, named {@code name0, name1, ...}. */
    static List<Node> placeholders(String name, List<Node> like) {
        List<Node> result = new ArrayList<>(like.size());
        for (int i = 0; i < like.size(); i++) {
            result.add(SourceOp.input(name + i, like.get(i).shape(), like.get(i).dtype()));
        }
        return result;
    }

    /**
     * {@link #placeholders} that a user's code receives, remembered as {@code "<what> i of <owner>"} (e.g.
     * {@code the carry 0 of a scan body}) so that one read outside its body can be named ({@link #roleOf}).
     */
    static List<Node> userPlaceholders(String name, List<Node> like, String what, String owner) {
        List<Node> result = placeholders(name, like);
        remember(result, what, owner);
        return result;
    }

    /** Remembers each of {@code placeholders} as {@code "<what> i of <owner>"}. */
    static void remember(List<Node> placeholders, String what, String owner) {
        for (int i = 0; i < placeholders.size(); i++) {
            ROLES.put(placeholders.get(i), what + " " + i + " of " + owner);
        }
    }

    /** What {@code node} stands for when a control-flow factory handed it to a user's body, else null. */
    static String roleOf(Node node) {
        return ROLES.get(node);
    }

    /** The non-null nodes of {@code list}, copied; {@code what} names the list in the message. */
    static List<Node> checked(List<Node> list, String op, String what) {
        Objects.requireNonNull(list, op + ": " + what + " is null");
        for (int i = 0; i < list.size(); i++) {
            Node n = Objects.requireNonNull(list.get(i), op + ": " + what + " " + i + " is null");
            if (n.op() instanceof MultiOutputOp) {
                throw new IllegalArgumentException(op + ": " + what + " " + i + " has several outputs " + n.type()
                        + "; pass its parts");
            }
        }
        return List.copyOf(list);
    }

    /** Checks that node {@code actual} has the type of {@code expected}: {@code "<op>: <what> must be ..."}. */
    static void sameType(String op, String what, Node expected, Node actual) {
        if (!expected.shape().equals(actual.shape()) || expected.dtype() != actual.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " must have type " + expected.type() + ", got "
                    + actual.type());
        }
    }

    /** Checks that there are {@code expected} inputs. */
    static void arity(String op, List<Node> inputs, int expected) {
        if (inputs.size() != expected) {
            throw new IllegalArgumentException(op + ": takes " + expected + " inputs, got " + inputs.size());
        }
    }

    /** The shapes of some nodes. */
    static List<Shape> shapesOf(List<Node> nodes) {
        return nodes.stream().map(Node::shape).toList();
    }

    /** The dtypes of some nodes. */
    static List<DType> dtypesOf(List<Node> nodes) {
        return nodes.stream().map(Node::dtype).toList();
    }

    /** The parameters {@code params[k]} whose input {@code inputs[k]} is marked, in order. */
    static List<Node> marked(List<Node> params, boolean[] inputs) {
        List<Node> marked = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            if (inputs[k]) {
                marked.add(params.get(k));
            }
        }
        return marked;
    }

    /**
     * Flags for the inputs marked in {@code inputs} from {@code flags}, one per marked input in order (what
     * {@link #marked} chose); false for the others.
     */
    static boolean[] unmarked(boolean[] inputs, boolean[] flags) {
        boolean[] result = new boolean[inputs.length];
        for (int k = 0, next = 0; k < inputs.length; k++) {
            if (inputs[k]) {
                result[k] = flags[next++];
            }
        }
        return result;
    }

    /**
     * The cotangents a body's VJP is taken at: the placeholder of each result, or a zero where the result's cotangent
     * outside, in {@code bars}, is a known zero. Then the body's VJP builds nothing for that result (autodiff does
     * not pull back a known zero), and what it would have read (zeta's q-derivative, of an output no one reads) is
     * never asked for a derivative itself when the gradient is differentiated again.
     */
    static List<Node> cotangents(List<Node> placeholders, List<Node> bars) {
        List<Node> cotangents = new ArrayList<>(placeholders.size());
        for (int k = 0; k < placeholders.size(); k++) {
            Node placeholder = placeholders.get(k);
            cotangents.add(SourceOp.isZero(bars.get(k)) ? SourceOp.zerosLike(placeholder) : placeholder);
        }
        return cotangents;
    }

    /** The marks as a string of 0s and 1s, e.g. {@code 0110}: a key for a set of marks. */
    static String bits(boolean[] marks) {
        StringBuilder bits = new StringBuilder(marks.length);
        for (boolean mark : marks) {
            bits.append(mark ? '1' : '0');
        }
        return bits.toString();
    }

    /** {@code a} followed by the lists in {@code more}. */
    @SafeVarargs
    static <T> List<T> concat(List<? extends T> a, List<? extends T>... more) {
        List<T> all = new ArrayList<>(a);
        for (List<? extends T> m : more) {
            all.addAll(m);
        }
        return all;
    }

    /**
     * A subgraph run by a control-flow node, for printing.
     *
     * @param number 1, 2, ... in the order found
     * @param body the subgraph
     * @param owner what runs it, e.g. {@code scan %10} or {@code cond %4 of body 1}
     */
    record Nested(int number, Subgraph body, String owner) {
    }

    /** Nodes whose control-flow nodes are still to be looked into, how they are named, and where they are. */
    private record Pending(List<Node> nodes, Function<Node, String> names, String where) {
    }

    /**
     * Every subgraph run by the control-flow nodes of {@code order} and, in turn, by those of their bodies,
     * breadth first with an explicit queue, each once; {@code names} names a node of {@code order}.
     */
    static List<Nested> nested(List<Node> order, Function<Node, String> names) {
        List<Nested> found = new ArrayList<>();
        Map<Subgraph, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Pending> work = new ArrayDeque<>(List.of(new Pending(order, names, "")));
        while (!work.isEmpty()) {
            Pending pending = work.poll();
            for (Node node : pending.nodes()) {
                if (!(node.op() instanceof ControlFlowOp op)) {
                    continue;
                }
                for (Subgraph body : op.bodies()) {
                    if (seen.put(body, Boolean.TRUE) == null) {
                        Nested n = new Nested(found.size() + 1, body, op.name() + " " + pending.names().apply(node)
                                + pending.where());
                        found.add(n);
                        Topology inner = Topology.of(body.results());
                        work.add(new Pending(inner.order(), m -> "%" + inner.indexOf(m), " of body " + n.number()));
                    }
                }
            }
        }
        return found;
    }
}
