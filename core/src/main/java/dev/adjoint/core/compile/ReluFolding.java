package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.PoolOp;
import dev.adjoint.core.graph.StatisticOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.graph.UnaryOp;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ReLU folded into the op next to it, where that op's result is read by the ReLU's work alone and is not an
 * output, so that a convolutional block stores and reads back one activation-sized tensor fewer each way:
 * <ul>
 *   <li>forward: {@code relu(batchNormalize(x, gamma, beta)) → batchNormalize+relu(x, gamma, beta)} ({@link
 *       RectifiedBatchNormalize}): the normalized values are not stored and read back;</li>
 *   <li>backward: {@code maxPoolScatter(y, g) · cast(y > 0)}, the gradient of a max pooling of a ReLU's output y
 *       through the ReLU's mask, {@code → maxPoolScatter+relu(y, g)} ({@link PoolOp.RectifiedMaxPoolScatter}):
 *       the scatter applies the mask at each window's maximum as it writes it, and the mask's pass over y and the
 *       scattered values goes.</li>
 * </ul>
 * The same bits. Runs on the graph the local passes built, before elementwise fusion (which would otherwise take
 * the ReLU or the mask into the passes of their readers, each reading the stored values).
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
        int[] fold = new int[graph.size()]; // per node: the input it folds (+1), or 0
        boolean any = false;
        for (int p = 0; p < graph.size(); p++) {
            Node node = graph.node(p);
            int operand = -1;
            if (node.op() instanceof UnaryOp.Relu
                    && graph.node(graph.input(p, 0)).op() instanceof StatisticOp.BatchNormalize) {
                operand = 0;
            } else if (node.op() instanceof BinaryOp.Mul) {
                operand = maskedScatter(node);
            }
            if (operand >= 0) {
                int q = graph.input(p, operand);
                if (uses[q] == 1 && !isOutput.containsKey(graph.node(q))) {
                    fold[p] = operand + 1;
                    any = true;
                }
            }
        }
        if (!any) {
            return outputs;
        }
        Node[] done = Rebuild.rewrite(graph, (p, node) -> {
            if (fold[p] == 0) {
                return node;
            }
            Node inner = node.inputs().get(fold[p] - 1);
            if (inner.op() instanceof StatisticOp.BatchNormalize normalize) {
                report.fired("relu(batchNormalize) -> one pass");
                return Node.apply(new RectifiedBatchNormalize(normalize.epsilon()), inner.inputs());
            }
            report.fired("maxPoolScatter * relu mask -> one pass");
            return Node.apply(new PoolOp.RectifiedMaxPoolScatter(((PoolOp.MaxPoolScatter) inner.op()).spec()),
                    inner.inputs());
        });
        return Rebuild.outputs(outputs, graph, done, folded);
    }

    /**
     * Which operand (0 or 1) of a product is {@code maxPoolScatter(y, g)} when the other is the ReLU mask
     * {@code cast(y > 0)} of the same y to the product's dtype (0 written as any zero constant); -1 otherwise.
     */
    private static int maskedScatter(Node product) {
        for (int i = 0; i < 2; i++) {
            Node scatter = product.inputs().get(i);
            Node mask = product.inputs().get(1 - i);
            if (scatter.op() instanceof PoolOp.MaxPoolScatter && mask.op() instanceof UnaryOp.Cast cast
                    && cast.dtype() == product.dtype() && scatter.dtype() == product.dtype()) {
                Node compare = mask.inputs().get(0);
                if (compare.op() instanceof BinaryOp.Compare c && c.kind() == BinaryOp.Compare.Kind.GREATER
                        && compare.inputs().get(0) == scatter.inputs().get(0)
                        && Constants.uniformValue(compare.inputs().get(1)) == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
