package dev.adjoint.core.autodiff;

import dev.adjoint.core.graph.ControlFlowOp;
import dev.adjoint.core.graph.MultiOutputOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.Subgraph;
import dev.adjoint.core.graph.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Not API: how the control-flow ops differentiate their bodies ({@link Subgraph#vjp}), installed through
 * {@link java.util.ServiceLoader}: {@link Autodiff#vjp} with zeros for what the outputs do not depend on. A body
 * may carry integer or bool values beside floating ones (a step counter, a mask): no cotangent flows through
 * them, so their outputs are left out of the product and their parameters get typed zeros.
 *
 * <p>A body's VJP is taken in every parameter, also those fed by outer values that are not differentiated, so it
 * asks no op for its derivative ({@code Op.requireDerivative}, which would refuse zeta's s there). The op running
 * the body asks instead ({@link ControlFlowOp#reach}), for the parameters that its differentiated inputs feed and
 * the results that its outputs receiving a cotangent reach, with the same marks of what depends on what
 * ({@link #dependence}) and of where a cotangent reaches ({@link Reach}) as outside.
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

    /** The marks {@link Autodiff#vjp} makes of what depends on {@code wrt} other than through a stopGradient. */
    @Override
    public boolean[] dependence(List<Node> outputs, List<Node> wrt, Subgraph.Answers answers) {
        Topology graph = Topology.of(outputs);
        boolean[] unstopped = new boolean[graph.size()];
        Autodiff.dependingOn(graph, wrt, unstopped, answers);
        boolean[] result = new boolean[outputs.size()];
        for (int k = 0; k < result.length; k++) {
            result[k] = unstopped[graph.indexOf(outputs.get(k))];
        }
        return result;
    }

    /**
     * Marks what depends on {@code wrt} other than through a stopGradient with the walk {@link Autodiff#vjp} makes,
     * then goes over the graph in reverse topological order as its pullback loop does ({@link Reach}), each node's
     * VJP taken at a placeholder cotangent to see which of its inputs it gives a cotangent that is not a known zero.
     */
    @Override
    public boolean[] reach(List<Node> outputs, boolean[] cotangents, List<Node> wrt, boolean ask,
            Subgraph.Answers answers) {
        Topology graph = Topology.of(outputs);
        boolean[] unstopped = new boolean[graph.size()];
        Reach reach = new Reach(graph, unstopped, ask, answers);
        Autodiff.dependingOn(graph, wrt, unstopped, answers);
        for (int k = 0; k < outputs.size(); k++) {
            reach.seed(graph.indexOf(outputs.get(k)), cotangents[k]);
        }
        for (int i = graph.size() - 1; i >= 0; i--) {
            reach.pass(i, null);
        }
        boolean[] result = new boolean[wrt.size()];
        for (int k = 0; k < result.length; k++) {
            int position = graph.indexOf(wrt.get(k));
            result[k] = position >= 0 && reach.reached[position];
        }
        return result;
    }

    /**
     * The asking walk of autodiff's pullback loop over {@code graph} ({@link Reach}), from the outputs whose
     * cotangent is not a known zero; {@code unstopped} is filled before the first pass.
     */
    static Reach asking(Topology graph, List<Node> outputs, List<Node> cotangents, boolean[] unstopped) {
        Reach reach = new Reach(graph, unstopped, true, new Subgraph.Answers());
        for (int k = 0; k < outputs.size() && k < cotangents.size(); k++) {
            Node yBar = cotangents.get(k);
            reach.seed(graph.indexOf(outputs.get(k)), yBar != null && !SourceOp.isZero(yBar));
        }
        return reach;
    }

    /**
     * Where a cotangent that is not a known zero reaches, as autodiff's pullback loop goes over a graph in reverse
     * topological order, and, if asked, the asking of each op so reached for its derivative
     * ({@code Op.requireDerivative}) in each input that depends on what is differentiated other than through a
     * stopGradient (marked in {@code unstopped}), as PyTorch runs only the backward functions a gradient reaches.
     * From a reached node a cotangent reaches each input so marked that its VJP gives one that is not a known zero
     * (a stopGradient's or a floor's VJP gives none, a product's with a zero constant does). A loop or branch answers
     * for its body ({@link ControlFlowOp#reach}), asked for all such inputs at once and told which of its outputs
     * are reached, so that a body is asked only where a cotangent reaches it; its VJP's own cotangents, outputs of
     * a loop or branch of its own, are never known zeros, so its answer is taken instead of theirs.
     */
    static final class Reach {
        private final Topology graph;
        private final boolean[] unstopped;
        private final boolean ask;
        private final Subgraph.Answers answers;
        private final boolean[] reached;
        /** Of a loop or branch, the outputs a cotangent reaches. */
        private final boolean[][] parts;

        /** A walk of {@code graph} with no node reached yet; {@code unstopped} is filled before the first pass. */
        private Reach(Topology graph, boolean[] unstopped, boolean ask, Subgraph.Answers answers) {
            this.graph = graph;
            this.unstopped = unstopped;
            this.ask = ask;
            this.answers = answers;
            this.reached = new boolean[graph.size()];
            this.parts = new boolean[graph.size()][];
        }

        /** The questions answered while this walk's gradient is built. */
        Subgraph.Answers answers() {
            return answers;
        }

        private void seed(int position, boolean cotangent) {
            reached[position] |= cotangent;
        }

        /**
         * Passes node {@code i}'s cotangent, if one reaches it, to its inputs, asking the op first if this walk asks.
         *
         * @param inputBars the cotangents the node's VJP gave its inputs, or null to take the VJP at a placeholder
         */
        void pass(int i, List<Node> inputBars) {
            if (!reached[i] || !unstopped[i]) {
                return;
            }
            Node node = graph.node(i);
            boolean[] inputs = marked(graph, i, unstopped);
            boolean[] passes = new boolean[inputs.length];
            if (node.op() instanceof ControlFlowOp flow) {
                boolean[] outputs = parts[i];
                if (outputs == null) {
                    outputs = new boolean[flow.dtypes(node.inputs()).size()];
                    Arrays.fill(outputs, true);
                }
                passes = flow.reach(node, inputs, outputs, ask, answers);
            } else if (node.op() instanceof MultiOutputOp.Part part) {
                int tuple = graph.input(i, 0);
                if (parts[tuple] == null) {
                    parts[tuple] = new boolean[((MultiOutputOp) graph.node(tuple).op())
                            .dtypes(graph.node(tuple).inputs()).size()];
                }
                parts[tuple][part.index()] = true;
                passes[0] = true;
            } else {
                for (int j = 0; j < inputs.length && ask; j++) {
                    if (inputs[j]) {
                        node.op().requireDerivative(node, j);
                    }
                }
                List<Node> bars = inputBars != null || node.op() instanceof MultiOutputOp ? inputBars
                        : node.op().vjp(node, SourceOp.input("yBar", node.shape(), node.dtype()));
                // a broken VJP (refused where the graph is differentiated) passes to every input
                for (int j = 0; j < passes.length; j++) {
                    passes[j] = bars == null || bars.size() != passes.length || !SourceOp.isZero(bars.get(j));
                }
            }
            for (int j = 0; j < passes.length; j++) {
                reached[graph.input(i, j)] |= passes[j] && inputs[j];
            }
        }
    }

    /** Which inputs of node {@code i} are marked in {@code marks}. */
    private static boolean[] marked(Topology graph, int i, boolean[] marks) {
        boolean[] inputs = new boolean[graph.inputCount(i)];
        for (int j = 0; j < inputs.length; j++) {
            inputs[j] = marks[graph.input(i, j)];
        }
        return inputs;
    }

    /**
     * Whether node {@code i} of {@code graph}, one output of a loop or branch, depends on what the inputs marked in
     * {@code unstopped} depend on other than through a {@code stopGradient} ({@link ControlFlowOp#dependence});
     * true for any other node, whose mark its inputs decide. A loop's carry copied unchanged from a constant does
     * not, although the loop reads a variable differentiated elsewhere: what the second derivative reads from it
     * (the carries a reverse loop reads back, stacked by the forward loop) is then not asked for a derivative.
     */
    static boolean outputDepends(Topology graph, int i, boolean[] unstopped, Subgraph.Answers answers) {
        if (!(graph.node(i).op() instanceof MultiOutputOp.Part part)) {
            return true;
        }
        int tuple = graph.input(i, 0);
        if (!(graph.node(tuple).op() instanceof ControlFlowOp flow)) {
            return true;
        }
        return flow.dependence(graph.node(tuple), marked(graph, tuple, unstopped), answers)[part.index()];
    }
}
