package dev.adjoint.core.eval;

import dev.adjoint.core.graph.Subgraph;

/**
 * Not API: how the control-flow ops evaluate their bodies ({@link Subgraph#call}), installed through
 * {@link java.util.ServiceLoader}: each body is compiled once into a {@link Function} of its parameters, which
 * every step of a loop then calls.
 */
public final class CompiledSubgraphs implements Subgraph.Evaluator {

    @Override
    public Subgraph.Executable prepare(Subgraph body) {
        Function f = Function.of(body.parameters(), body.results());
        return f::call;
    }
}
