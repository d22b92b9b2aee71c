package dev.adjoint.optim;

import dev.adjoint.core.graph.Node;
import java.util.List;
import java.util.Objects;

/**
 * The result of one update of one parameter: the nodes of the new parameter {@code w'} and of the new
 * optimizer state {@code s'}, one node per slot, parallel to {@link Optimizer#stateNames()}.
 *
 * <p>A record of nodes is safe to hash: {@link Node} has identity equality, so the generated
 * {@code hashCode} never walks the graph.
 *
 * @param param the updated parameter {@code w'}
 * @param state the updated state {@code s'} (an immutable copy)
 */
public record ParamUpdate(Node param, List<Node> state) {

    /** Checks for nulls and copies the state list. */
    public ParamUpdate {
        Objects.requireNonNull(param, "param is null");
        Objects.requireNonNull(state, "state is null");
        state = List.copyOf(state);
    }
}
