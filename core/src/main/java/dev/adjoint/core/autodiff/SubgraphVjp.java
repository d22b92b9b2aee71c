package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Subgraph;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Not API: how the control-flow ops differentiate their bodies ({@link Subgraph#vjp}), installed through
 * {@link java.util.ServiceLoader}: {@link Autodiff#vjp} with zeros for what the outputs do not depend on. A body
 * may carry integer or bool values beside floating ones (a step counter, a mask): no cotangent flows through
 * them, so their outputs are left out of the product and their parameters get typed zeros.
 *
 * <p>A body's VJP is taken in every parameter, also those fed by outer values that are not differentiated, so it
 * asks no op for its derivative ({@code Op.requireDerivative}, which would refuse zeta's s there). The op running
 * the body asks instead, in its own {@code requireDerivative}, for the parameters that its differentiated input
 * feeds, with the same marks of what depends on what ({@link #dependence}).
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
        // no op is asked for its derivative: the op running the body did, for the parameters that need one
        List<Node> grads = Autodiff.reverse("vjp", floatingOutputs, floatingCotangents, floatingWrt,
                Autodiff.Strictness.ZEROS_FOR_UNUSED, false, pass -> pass);
        List<Node> result = new ArrayList<>(wrt.size());
        int next = 0;
        for (Node w : wrt) {
            result.add(w.dtype().isFloating() ? grads.get(next++) : SourceOp.zerosLike(w));
        }
        return result;
    }

    /**
     * Marks what depends on {@code wrt} with the walk {@link Autodiff#vjp} makes, then, if asked, goes over the
     * nodes in reverse topological order as its pullback loop does: from the floating outputs, a cotangent reaches
     * each input of a reached node that depends on wrt, and the op is asked for its derivative in each input that
     * depends on wrt other than through a {@code stopGradient}; a loop or branch inside, for all such inputs at once
     * ({@link ControlFlowOp#requireDerivatives}), so that bodies nested in bodies are each walked once.
     */
    @Override
    public boolean[] dependence(List<Node> outputs, List<Node> wrt, boolean requireDerivatives) {
        Topology graph = Topology.of(outputs);
        boolean[] unstopped = new boolean[graph.size()];
        boolean[] relevant = Autodiff.dependingOn(graph, wrt, unstopped, requireDerivatives);
        boolean[] reached = new boolean[graph.size()];
        for (Node y : outputs) {
            reached[graph.indexOf(y)] |= y.dtype().isFloating();
        }
        for (int i = graph.size() - 1; i >= 0 && requireDerivatives; i--) {
            Node node = graph.node(i);
            boolean[] asked = new boolean[graph.inputCount(i)];
            for (int j = 0; j < asked.length && reached[i] && relevant[i]; j++) {
                int input = graph.input(i, j);
                reached[input] |= relevant[input];
                asked[j] = unstopped[input];
                if (asked[j] && !(node.op() instanceof ControlFlowOp)) {
                    node.op().requireDerivative(node, j);
                }
            }
            if (node.op() instanceof ControlFlowOp flow && contains(asked)) {
                flow.requireDerivatives(node, asked);
            }
        }
        boolean[] result = new boolean[outputs.size()];
        for (int k = 0; k < result.length; k++) {
            result[k] = unstopped[graph.indexOf(outputs.get(k))];
        }
        return result;
    }

    /**
     * Whether node {@code i} of {@code graph}, one output of a loop or branch, depends on what the inputs marked in
     * {@code unstopped} depend on other than through a {@code stopGradient} ({@link ControlFlowOp#dependence});
     * true for any other node, whose mark its inputs decide. A loop's carry copied unchanged from a constant does
     * not, although the loop reads a variable differentiated elsewhere: what the second derivative reads from it
     * (the carries a reverse loop reads back, stacked by the forward loop) is then not asked for a derivative.
     */
    static boolean outputDepends(Topology graph, int i, boolean[] unstopped) {
        if (!(graph.node(i).op() instanceof MultiOutputOp.Part part)) {
            return true;
        }
        int tuple = graph.input(i, 0);
        if (!(graph.node(tuple).op() instanceof ControlFlowOp flow)) {
            return true;
        }
        boolean[] inputs = new boolean[graph.inputCount(tuple)];
        for (int j = 0; j < inputs.length; j++) {
            inputs[j] = unstopped[graph.input(tuple, j)];
        }
        return flow.dependence(graph.node(tuple), inputs)[part.index()];
    }

    private static boolean contains(boolean[] marks) {
        for (boolean mark : marks) {
            if (mark) {
                return true;
            }
        }
        return false;
    }
}
