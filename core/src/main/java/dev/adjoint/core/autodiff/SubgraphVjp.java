package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Subgraph;
import java.util.ArrayList;
import java.util.List;

/**
 * Not API: how the control-flow ops differentiate their bodies ({@link Subgraph#vjp}), installed through
 * {@link java.util.ServiceLoader}: {@link Autodiff#vjp} with zeros for what the outputs do not depend on. A body
 * may carry integer or bool values beside floating ones (a step counter, a mask): no cotangent flows through
 * them, so their outputs are left out of the product and their parameters get typed zeros.
 */
public final class SubgraphVjp implements Subgraph.Differentiator {

    @Override
    public List<Node> vjp(List<Node> outputs, List<Node> cotangents, List<Node> wrt) {
        List<Node> floatingOutputs = new ArrayList<>();
        List<Node> floatingCotangents = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            if (outputs.get(i).dtype().isFloating()) {
                floatingOutputs.add(outputs.get(i));
                floatingCotangents.add(cotangents.get(i));
            }
        }
        List<Node> floatingWrt = wrt.stream().filter(w -> w.dtype().isFloating()).toList();
        List<Node> grads = Autodiff.vjp(floatingOutputs, floatingCotangents, floatingWrt,
                Autodiff.Strictness.ZEROS_FOR_UNUSED);
        List<Node> result = new ArrayList<>(wrt.size());
        int next = 0;
        for (Node w : wrt) {
            result.add(w.dtype().isFloating() ? grads.get(next++) : SourceOp.zerosLike(w));
        }
        return result;
    }
}
