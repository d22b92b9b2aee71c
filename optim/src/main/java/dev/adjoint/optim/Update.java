package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The result of one update of named parameters ({@link Optimizer#update(Map, Map, Map, Node)}): the nodes
 * of the new parameters by name and of the new state by {@link Optimizer#stateName(String, String) p/slot}.
 *
 * @param params the updated parameters by name (an unmodifiable copy, in the parameters' order)
 * @param state the updated state by {@code p/slot} (an unmodifiable copy)
 */
public record Update(Map<String, Node> params, Map<String, Node> state) {

    /** Checks for nulls and copies the maps, keeping their order. */
    public Update {
        Objects.requireNonNull(params, "params is null");
        Objects.requireNonNull(state, "state is null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    }
}
