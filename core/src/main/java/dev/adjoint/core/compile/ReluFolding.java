package dev.adjoint.core.compile;

import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.StatisticOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.graph.UnaryOp;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code relu(batchNormalize(x, gamma, beta)) → batchNormalize+relu(x, gamma, beta)} ({@link
 * RectifiedBatchNormalize}) when the batch normalization is read by that ReLU alone and is not an output: a
 * convolutional block's normalize-then-rectify in one pass over the activations, where the two ops wrote the
 * normalized values and read them back. The same bits. Runs on the graph the local passes built, before
 * elementwise fusion (which would otherwise take the ReLU into the passes of its readers, each reading the
 * stored normalized values).
 */
final class ReluFolding {

    private ReluFolding() {
    }

    /**
     * The outputs with every such ReLU folded, recording in {@code folded} what each node of {@code graph} became
     * where it changed; {@code outputs} itself when nothing folds.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> folded) {
        int[] uses = graph.useCounts();
        Map<Node, Boolean> isOutput = new IdentityHashMap<>();
        for (Node o : outputs) {
            isOutput.put(o, Boolean.TRUE);
        }
        boolean[] fold = new boolean[graph.size()];
        boolean any = false;
        for (int p = 0; p < graph.size(); p++) {
            if (graph.node(p).op() instanceof UnaryOp.Relu) {
                int q = graph.input(p, 0);
                Node normalized = graph.node(q);
                fold[p] = normalized.op() instanceof StatisticOp.BatchNormalize && uses[q] == 1
                        && !isOutput.containsKey(normalized);
                any |= fold[p];
            }
        }
        if (!any) {
            return outputs;
        }
        Node[] done = Rebuild.rewrite(graph, (p, node) -> {
            if (!fold[p]) {
                return node;
            }
            report.fired("relu(batchNormalize) -> one pass");
            Node normalized = node.inputs().get(0);
            double epsilon = ((StatisticOp.BatchNormalize) normalized.op()).epsilon();
            return Node.apply(new RectifiedBatchNormalize(epsilon), normalized.inputs().toArray(Node[]::new));
        });
        return Rebuild.outputs(outputs, graph, done, folded);
    }
}
