package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one update of one parameter: the nodes of the new parameter {@code w'} and of the new
 * optimizer state {@code s'}, by slot name ({@link Optimizer#slots()}).
 *
 * <p>A record of nodes is safe to hash: {@link Node} has identity equality, so the generated
 * {@code hashCode} never walks the graph.
 *
 * @param param the updated parameter {@code w'}
 * @param state the updated state {@code s'} by slot name (an unmodifiable copy, in the given order)
 */
public record ParamUpdate(Node param, Map<String, Node> state) {

    /** Checks for nulls and copies the state map, keeping its order. */
    public ParamUpdate {
        Objects.requireNonNull(param, "param is null");
        Objects.requireNonNull(state, "state is null");
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }

    /** An update of a parameter without state (plain SGD). */
    public static ParamUpdate of(Node param) {
        return new ParamUpdate(param, Map.of());
    }
}
