package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import java.util.Objects;

/**
 * Factories for indexing ops (see {@link IndexOp}). Index tensors hold integers in a floating dtype.
 */
public final class Indexing {

    private Indexing() {
    }

    /** Rows of {@code x} along {@code axis} at {@code indices}: an embedding lookup for axis 0. */
    public static Node gather(Node x, Node indices, int axis) {
        Objects.requireNonNull(x, "gather: operand is null");
        Objects.requireNonNull(indices, "gather: indices is null");
        return Node.apply(new IndexOp.Gather(x.shape().normalizeAxis(axis, "gather")), x, indices);
    }

    /** One pick per position along {@code axis}: {@code y[p, j, s] = x[p, idx[p, j, s], s]}. */
    public static Node takeAlongAxis(Node x, Node indices, int axis) {
        Objects.requireNonNull(x, "takeAlongAxis: operand is null");
        Objects.requireNonNull(indices, "takeAlongAxis: indices is null");
        return Node.apply(new IndexOp.TakeAlongAxis(x.shape().normalizeAxis(axis, "takeAlongAxis")), x, indices);
    }

    /**
     * For labels of shape {@code [N]} and scores {@code [N, C]}: each row's score at its label, shape
     * {@code [N]}. A composition of unsqueeze, takeAlongAxis and squeeze.
     */
    public static Node pickPerRow(Node scores, Node labels) {
        Objects.requireNonNull(scores, "pickPerRow: scores is null");
        Objects.requireNonNull(labels, "pickPerRow: labels is null");
        if (scores.rank() != 2 || labels.rank() != 1 || scores.shape().dim(0) != labels.shape().dim(0)) {
            throw new IllegalArgumentException("pickPerRow: needs scores [N, C] and labels [N] (one per row), got "
                    + scores.shape() + " and " + labels.shape());
        }
        Node picked = takeAlongAxis(scores, Shapes.unsqueeze(labels, 1), 1);
        return Shapes.squeeze(picked, 1);
    }

    /**
     * The sparse softmax cross-entropy from logits, per row: {@code l_n = logSumExp(z_n) − z[n, y_n]}, which
     * is {@code −pickPerRow(logSoftmax(z), y)}, as one fused op ({@link SoftmaxCrossEntropy}) whose gradient
     * {@code (softmax(z) − onehot(y)) · lBar} is one fused op too. Labels are integers in {@code [0, C)} held in
     * any float dtype (read exactly, never rounded to the logits' dtype); one that is not is reported at
     * evaluation with its row.
     */
    public static Node softmaxCrossEntropy(Node logits, Node labels) {
        Objects.requireNonNull(logits, "softmaxCrossEntropy: logits is null");
        Objects.requireNonNull(labels, "softmaxCrossEntropy: labels is null");
        if (logits.rank() != 2 || labels.rank() != 1 || logits.shape().dim(0) != labels.shape().dim(0)) {
            throw new IllegalArgumentException("softmaxCrossEntropy: needs logits [N, C] and labels [N] (one per"
                    + " row), got " + logits.shape() + " and " + labels.shape());
        }
        return SoftmaxCrossEntropy.of(logits, labels);
    }

    /** {@code y[..., c] = [labels[...] = c]}, with a new last axis of size {@code depth}. */
    public static Node oneHot(Node labels, int depth, DType dtype) {
        Objects.requireNonNull(labels, "oneHot: labels is null");
        Objects.requireNonNull(dtype, "oneHot: dtype is null");
        return Node.apply(new IndexOp.OneHot(depth, dtype), labels);
    }

    /** One-hot in the labels' dtype. */
    public static Node oneHot(Node labels, int depth) {
        return oneHot(labels, depth, labels == null ? DType.FLOAT64 : labels.dtype());
    }
}
