package dev.adjoint.core.compile;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.StatisticOp;
import dev.adjoint.core.graph.Topology;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch normalization whose statistics the graph computes anyway, rewritten to read them:
 *
 * <pre>
 *   batchNormalize(x, gamma, beta)  →  ((x - mu) / sqrt(sigma² + eps)) * gamma + beta
 *   where mu     = sum(x) / M                  (the graph's node)
 *         sigma² = sum((x - mu)·(x - mu)) / M  (the graph's node)
 * </pre>
 *
 * with the sums over every axis but the last (M rows). The op's kernel computes mu and sigma² itself, two passes
 * over x; in a training step the graph holds both again as nodes of its own: the closed-form gradient of the
 * normalization ({@code StatisticOp.BatchNormalize}'s VJP) and a layer's moving statistics build exactly these.
 * Reading them instead saves the two passes per normalization and leaves one elementwise pass, which fusion then
 * joins with a following ReLU. The kernel computes the same operations in the same order and precision as this
 * composition (its documented contract), so the bits do not change.
 *
 * <p>The statistics are recognized by structure: {@code div(sum[rows](x), count)} with the count of x's rows (a
 * constant, or {@code count[rows]} of a tensor of x's shape when N is an axis), and {@code div(sum[rows](d·d),
 * count)} with {@code d = x - broadcastTo(mu)}. They may come after the normalization in the graph's order (the
 * variance of the gradient does); the pass numbers the graph again with each rewritten normalization after its
 * statistics, which never depend on it. Runs after the local passes (so equal statistics are one node) and before
 * {@link ReluFolding} and fusion.
 */
final class SharedBatchStatistics {

    private SharedBatchStatistics() {
    }

    /**
     * The outputs with every normalization whose statistics the graph holds rewritten, recording in
     * {@code changed} what each node of {@code graph} became where it changed; {@code outputs} itself when none is.
     */
    static List<Node> apply(List<Node> outputs, Topology graph, Report report, Map<Node, Node> changed) {
        Map<Node, Node> mean = new IdentityHashMap<>();
        Map<Node, Node> variance = new IdentityHashMap<>();
        for (Node node : graph.order()) {
            Node summed = meanOperand(node);
            if (summed == null) {
                continue;
            }
            mean.putIfAbsent(summed, node);
            if (summed.op() instanceof BinaryOp.Mul && summed.inputs().get(0) == summed.inputs().get(1)
                    && summed.inputs().get(0).op() instanceof BinaryOp.Sub) {
                Node deviation = summed.inputs().get(0);
                Node x = deviation.inputs().get(0);
                if (mean.containsKey(x) && centre(deviation.inputs().get(1), x) == mean.get(x)) {
                    variance.putIfAbsent(x, node);
                }
            }
        }
        Map<Node, Node[]> statistics = new IdentityHashMap<>();
        for (Node node : graph.order()) {
            if (node.op() instanceof StatisticOp.BatchNormalize) {
                Node x = node.inputs().get(0);
                if (mean.containsKey(x) && variance.containsKey(x)) {
                    statistics.put(node, new Node[] {mean.get(x), variance.get(x)});
                }
            }
        }
        if (statistics.isEmpty()) {
            return outputs;
        }
        // numbered from the statistics first, in their normalizations' order, then the outputs: a normalization
        // upstream of another one's statistics is reached from them after its own statistics, and none is upstream
        // of its own
        List<Node> roots = new ArrayList<>();
        for (Node node : graph.order()) {
            Node[] moments = statistics.get(node);
            if (moments != null) {
                roots.addAll(Arrays.asList(moments));
            }
        }
        roots.addAll(outputs);
        Topology ordered = Topology.of(roots);
        Node[] now = new Node[ordered.size()];
        Node[] done = Rebuild.rewrite(ordered, (p, node) -> {
            Node[] moments = statistics.get(ordered.node(p));
            Node result = node;
            if (moments != null) {
                double epsilon = ((StatisticOp.BatchNormalize) node.op()).epsilon();
                Node mu = now[ordered.indexOf(moments[0])];
                Node sigma2 = now[ordered.indexOf(moments[1])];
                List<Node> in = node.inputs();
                result = in.get(0).sub(mu).div(sigma2.add(epsilon).sqrt()).mul(in.get(1)).add(in.get(2));
                report.fired("batchNormalize -> the graph's mean and variance");
            }
            now[p] = result;
            return result;
        });
        return Rebuild.outputs(outputs, ordered, done, changed);
    }

    /** The v of {@code node = div(sum[rows](v), the count of v's rows)}, a mean over the rows; else null. */
    private static Node meanOperand(Node node) {
        if (!(node.op() instanceof BinaryOp.Div)) {
            return null;
        }
        Node sum = node.inputs().get(0);
        if (!(sum.op() instanceof ReduceOp.Sum s) || s.keepDims()) {
            return null;
        }
        Node v = sum.inputs().get(0);
        Shape shape = v.shape();
        int rank = shape.rank();
        if (rank < 2 || !s.axes().equals(rows(rank)) || !v.dtype().isFloating()) {
            return null;
        }
        Node count = unbroadcast(node.inputs().get(1));
        if (count.op() instanceof ReduceOp.Count c) {
            return c.axes().equals(rows(rank)) && count.inputs().get(0).shape().equals(shape) ? v : null;
        }
        long m = 1;
        for (int a = 0; a < rank - 1 && m > 0; a++) {
            m = shape.dim(a) == Shape.BATCH ? -1 : m * shape.dim(a);
        }
        // the constant a mean divides by is the count rounded to the dtype, as the kernel rounds it
        double rounded = v.dtype() == DType.FLOAT32 ? (float) m : (double) m;
        return m >= 0 && Constants.uniformValue(count) == rounded ? v : null;
    }

    /** The axes {@code [0, rank - 1)}. */
    private static List<Integer> rows(int rank) {
        List<Integer> axes = new ArrayList<>(rank - 1);
        for (int a = 0; a < rank - 1; a++) {
            axes.add(a);
        }
        return axes;
    }

    /**
     * The {@code [C]} tensor whose broadcast along x's last axis {@code node} is ({@code mu} in {@code x - mu}), or
     * null: every node of the chain of broadcasts and reshapes keeps C as its last dimension, and a reshape keeps C
     * elements (only adds leading ones), so element {@code (..., c)} is {@code mu[c]}. A reshape that moves the
     * values to another axis ({@code mu.reshape(C, 1)}, a centre per row) is not one.
     */
    private static Node centre(Node node, Node x) {
        int c = x.shape().dim(x.rank() - 1);
        if (!node.shape().equals(x.shape())) {
            return null;
        }
        Node n = node;
        while (n.op() instanceof MovementOp.BroadcastTo || n.op() instanceof MovementOp.Reshape) {
            if (n.rank() == 0 || n.shape().dim(n.rank() - 1) != c
                    || (n.op() instanceof MovementOp.Reshape && n.shape().size() != c)) {
                return null;
            }
            n = n.inputs().get(0);
        }
        return n.shape().equals(Shape.of(c)) ? n : null;
    }

    /** The node a chain of broadcasts and reshapes starts from. */
    private static Node unbroadcast(Node node) {
        Node n = node;
        while (n.op() instanceof MovementOp.BroadcastTo || n.op() instanceof MovementOp.Reshape) {
            n = n.inputs().get(0);
        }
        return n;
    }
}
