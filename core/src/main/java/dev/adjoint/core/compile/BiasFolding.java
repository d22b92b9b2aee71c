package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.LinalgOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.Topology;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code add(op(A)·op(B), broadcastTo(b)) → matmul+bias(A, B, b)} ({@link MatMulBias}) for a bias b that holds
 * the product's last dimension ({@code [n]} or {@code [1, ..., 1, n]}), when the product is read by that add
 * alone and is not an output: a dense layer's {@code x W + b}, a recurrent layer's input projection. One op
 * computes the product and its bias, with the bits of the two. Runs on the graph the local passes built
 * (products already in their transposed form), before elementwise fusion.
 */
final class BiasFolding {

    private BiasFolding() {
    }

    /**
     * The outputs with every such sum folded, recording in {@code folded} what each node of {@code graph}
     * became where it changed; {@code outputs} itself when nothing folds.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> folded) {
        int[] uses = graph.useCounts();
        Map<Node, Boolean> isOutput = new IdentityHashMap<>();
        for (Node o : outputs) {
            isOutput.put(o, Boolean.TRUE);
        }
        boolean[] readElementwise = new boolean[graph.size()];
        for (int p = 0; p < graph.size(); p++) {
            if (ElementwiseFusion.fusable(graph.node(p))) {
                for (int j = 0; j < graph.inputCount(p); j++) {
                    readElementwise[graph.input(p, j)] = true;
                }
            }
        }
        boolean[] fold = new boolean[graph.size()];
        boolean any = false;
        for (int p = 0; p < graph.size(); p++) {
            Node node = graph.node(p);
            int product = productOperand(node);
            if (product >= 0) {
                int q = graph.input(p, product);
                boolean fusedLater = uses[p] == 1 && readElementwise[p] && !isOutput.containsKey(node);
                fold[p] = uses[q] == 1 && !isOutput.containsKey(graph.node(q)) && !fusedLater;
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
            report.fired("matmul + bias -> GEMM with bias");
            int product = productOperand(node);
            Node m = node.inputs().get(product);
            Node bias = node.inputs().get(1 - product).inputs().get(0);
            boolean ta = m.op() instanceof MatMulTransposed t && t.transposeA();
            boolean tb = m.op() instanceof MatMulTransposed t && t.transposeB();
            return Node.apply(new MatMulBias(ta, tb), m.inputs().get(0), m.inputs().get(1), bias);
        });
        return Rebuild.outputs(outputs, graph, done, folded);
    }

    /**
     * Which operand (0 or 1) of {@code node} is the product when it is {@code product + broadcastTo(bias)} with
     * a bias vector of the product's last dimension and the product's dtype; -1 otherwise.
     */
    private static int productOperand(Node node) {
        if (!(node.op() instanceof BinaryOp.Add) || !node.dtype().isFloating()) {
            return -1;
        }
        for (int i = 0; i < 2; i++) {
            Node m = node.inputs().get(i);
            Node other = node.inputs().get(1 - i);
            boolean product = m.op() instanceof LinalgOp.MatMul || m.op() instanceof MatMulTransposed;
            if (product && other.op() instanceof MovementOp.BroadcastTo
                    && MatMulBias.rowVector(other.inputs().get(0).shape(), m.shape())
                    && other.inputs().get(0).dtype() == node.dtype()) {
                return i;
            }
        }
        return -1;
    }
}
