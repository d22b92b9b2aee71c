package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.tensor.Tensor;
import io.vavr.collection.LinkedHashMap;
import io.vavr.collection.Map;
import java.util.Objects;

/**
 * An immutable assignment of tensors to input nodes, built fluently:
 * {@code Bindings.of(x, xValue).and(w, wValue)}. Tensors are immutable, so a binding can never be changed
 * behind the graph's back.
 */
public final class Bindings {

    private static final Bindings EMPTY = new Bindings(LinkedHashMap.empty());

    private final Map<Node, Tensor> values;

    private Bindings(Map<Node, Tensor> values) {
        this.values = values;
    }

    /** No bindings. */
    public static Bindings empty() {
        return EMPTY;
    }

    /** One binding. */
    public static Bindings of(Node input, Tensor value) {
        return EMPTY.and(input, value);
    }

    /**
     * These bindings plus {@code input -> value}.
     *
     * @throws IllegalArgumentException if {@code input} is not an input node or is already bound
     */
    public Bindings and(Node input, Tensor value) {
        Objects.requireNonNull(input, "bindings: input is null");
        Objects.requireNonNull(value, "bindings: value is null");
        if (!SourceOp.isInput(input)) {
            throw new IllegalArgumentException("bindings: only input nodes can be bound, got " + input);
        }
        if (values.containsKey(input)) {
            throw new IllegalArgumentException("bindings: input '" + SourceOp.inputName(input) + "' is bound twice");
        }
        return new Bindings(values.put(input, value));
    }

    /** The tensor bound to {@code input}, or null. */
    public Tensor get(Node input) {
        return values.get(input).getOrNull();
    }

    /** The bound input nodes, in binding order. */
    public java.util.List<Node> inputs() {
        return values.keySet().toJavaList();
    }

    /** Number of bindings. */
    public int size() {
        return values.size();
    }

    /**
     * The bound inputs with the types of their values, in binding order: {@code Bindings{"x": f64[2, 3],
     * "W": f64[3, 2]}} (print a value itself for its numbers).
     */
    @Override
    public String toString() {
        java.util.StringJoiner parts = new java.util.StringJoiner(", ", "Bindings{", "}");
        values.forEach((input, value) -> parts.add("\"" + SourceOp.inputName(input) + "\": " + value.dtype().shortName()
                + value.shape()));
        return parts.toString();
    }
}
