package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Subgraph;
import java.util.List;

/**
 * Not API: how the control-flow ops differentiate their bodies ({@link Subgraph#vjp}), installed through
 * {@link java.util.ServiceLoader}: {@link Autodiff#vjp} with zeros for what the outputs do not depend on.
 */
public final class SubgraphVjp implements Subgraph.Differentiator {

    @Override
    public List<Node> vjp(List<Node> outputs, List<Node> cotangents, List<Node> wrt) {
        return Autodiff.vjp(outputs, cotangents, wrt, Autodiff.Strictness.ZEROS_FOR_UNUSED);
    }
}
