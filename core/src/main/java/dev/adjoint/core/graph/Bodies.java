package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the control-flow ops share: placeholders for their bodies, and checks of their operands. */
final class Bodies {

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

    /** {@code a} followed by the lists in {@code more}. */
    @SafeVarargs
    static <T> List<T> concat(List<? extends T> a, List<? extends T>... more) {
        List<T> all = new ArrayList<>(a);
        for (List<? extends T> m : more) {
            all.addAll(m);
        }
        return all;
    }
}
