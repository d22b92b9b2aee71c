package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.loss.Targets;

/**
 * Confusion counts of binary predictions at thresholds, and the safe division of Keras's
 * {@code divide_no_nan}, for the counting metrics. Every element of {@code yPred} is one prediction, every
 * element of {@code yTrue} (0 or 1) its label, as Keras's confusion-matrix metrics flatten their inputs.
 */
final class Confusion {

    private Confusion() {
    }

    /** The four counts {@code tp, fp, tn, fn} of predictions {@code yPred > threshold}, each rank 0. */
    static Node[] at(String who, Node yTrue, Node yPred, double threshold) {
        return at(who, yTrue, yPred, threshold, null);
    }

    /**
     * The four counts {@code tp, fp, tn, fn} of predictions {@code yPred > threshold}, each prediction counting
     * its weight: {@code tp = sum w [y = 1][yPred > threshold]}, and so on, as Keras's confusion metrics take a
     * {@code sample_weight}. The weights ({@code [N]} or {@code [N, T]}, e.g. a sequence mask; null for 1 each)
     * cover the leading axes of {@code yPred} and apply to every element after them.
     */
    static Node[] at(String who, Node yTrue, Node yPred, double threshold, Node weights) {
        Node y = binaryTargets(who, yTrue, yPred);
        Node predicted = BinaryOp.greater(yPred, SourceOp.scalar(threshold, yPred.dtype())).cast(yPred.dtype());
        Node negative = y.neg().add(1.0);
        Node notPredicted = predicted.neg().add(1.0);
        if (weights != null) {
            Node w = leading(who, weights, yPred, yPred.rank());
            predicted = predicted.mul(w);
            notPredicted = notPredicted.mul(w);
        }
        return new Node[] {y.mul(predicted).sum(), negative.mul(predicted).sum(), negative.mul(notPredicted).sum(),
            y.mul(notPredicted).sum()};
    }

    /**
     * The binary targets of a metric that reads every element of {@code yPred} as one yes/no prediction:
     * {@link Targets#dense} of them. Class labels ({@code [N]} or {@code [N, 1]} for {@code yPred : [N, C]},
     * {@code C > 1}), the sparse labels of a classifier, are refused saying what the metric takes and what takes
     * labels: one-hot targets of {@code yPred}'s shape, or {@link SparseCategoricalAccuracy}.
     *
     * @throws IllegalArgumentException naming {@code who} and both shapes
     */
    static Node binaryTargets(String who, Node yTrue, Node yPred) {
        java.util.Objects.requireNonNull(yTrue, "yTrue is null");
        java.util.Objects.requireNonNull(yPred, "yPred is null");
        Shape t = yTrue.shape();
        Shape p = yPred.shape();
        int classes = p.rank() < 1 ? 1 : p.dim(-1);
        boolean labels = classes > 1 && (t.equals(p.drop(-1))
                || t.rank() == p.rank() && t.dim(-1) == 1 && t.drop(-1).equals(p.drop(-1)));
        if (labels) {
            throw new IllegalArgumentException(who + ": yTrue and yPred must have equal shapes, got " + t + " and "
                    + p + "; " + who + " takes binary targets (0 or 1) of yPred's shape, one per element of yPred,"
                    + " not class labels: one-hot encode the labels to " + p + (p.rank() == 2
                    ? " (dev.adjoint.nn.data.OneHot.encode(labels, " + classes + "))"
                    : " (the labels' node .oneHot(" + classes + "); OneHot.encode takes [N] labels only)")
                    + ", or measure labels with SparseCategoricalAccuracy");
        }
        return Targets.dense(who, yTrue, yPred);
    }

    /**
     * {@code weights} in {@code yPred}'s dtype with size-1 axes appended up to {@code rank}, to broadcast over the
     * axes of {@code yPred} after the ones they cover.
     *
     * @throws IllegalArgumentException naming {@code who} when the weights' shape is not a leading part of
     *     {@code yPred}'s
     */
    static Node leading(String who, Node weights, Node yPred, int rank) {
        return leading(who, weights, yPred.shape(), yPred.dtype(), rank);
    }

    /**
     * {@code weights} in {@code dtype} with size-1 axes appended up to {@code rank}, checked to cover the leading
     * axes of a {@code yPred} of shape {@code covered}: {@link #leading(String, Node, Node, int)} for a shape that
     * no node of the graph has.
     */
    static Node leading(String who, Node weights, Shape covered, DType dtype, int rank) {
        int r = weights.rank();
        if (r < 1 || r > covered.rank() || !weights.shape().equals(Shape.of(java.util.Arrays.copyOf(
                covered.dims(), r)))) {
            throw new IllegalArgumentException(who + ": the weights must cover the leading axes of yPred "
                    + covered + ", got " + weights.shape());
        }
        Node w = weights.cast(dtype);
        while (w.rank() < rank) {
            w = MovementOp.unsqueeze(w, -1);
        }
        return w;
    }

    /**
     * The counts at every threshold, {@code [tp(T), fp(T), tn(T), fn(T)]} of shape {@code [4T]}: the
     * predictions of shape {@code [...]} are compared with the thresholds along a new last axis
     * {@code [..., T]} and summed over the rest.
     */
    static Node atEach(String who, Node yTrue, Node yPred, double[] thresholds) {
        return atEach(who, yTrue, yPred, thresholds, null);
    }

    /**
     * The counts at every threshold as {@link #atEach(String, Node, Node, double[])}, each prediction counting
     * its weight (as {@link #at(String, Node, Node, double, Node)}; null for 1 each).
     */
    static Node atEach(String who, Node yTrue, Node yPred, double[] thresholds, Node weights) {
        Node y = binaryTargets(who, yTrue, yPred);
        Node t = SourceOp.constant(Tensor.of(yPred.dtype(), Shape.of(thresholds.length), thresholds));
        Node predicted = BinaryOp.greater(MovementOp.unsqueeze(yPred, -1), t).cast(yPred.dtype()); // [..., T]
        Node label = MovementOp.unsqueeze(y, -1);                                     // [..., 1]
        Node negative = label.neg().add(1.0);
        Node notPredicted = predicted.neg().add(1.0);
        if (weights != null) {
            Node w = leading(who, weights, yPred, yPred.rank() + 1);
            predicted = predicted.mul(w);
            notPredicted = notPredicted.mul(w);
        }
        int[] axes = new int[yPred.rank()];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = a;
        }
        return MovementOp.concat(0, label.mul(predicted).sum(axes), negative.mul(predicted).sum(axes),
                negative.mul(notPredicted).sum(axes), label.mul(notPredicted).sum(axes));
    }

    /** Rank-0 counts as one rank-1 node. */
    static Node vector(Node... counts) {
        Node[] parts = new Node[counts.length];
        for (int i = 0; i < counts.length; i++) {
            parts[i] = counts[i].reshape(1);
        }
        return MovementOp.concat(0, parts);
    }

    /** Element {@code i} of a rank-1 node, rank 0. */
    static Node element(Node counts, int i) {
        return MovementOp.slice(counts, 0, i, i + 1).reshape();
    }

    /** {@code c0 / (c0 + c1)} of counts {@code [c0, c1]}, 0 when both are 0: precision and recall. */
    static Node shareOfFirst(Node counts) {
        Node first = element(counts, 0);
        return divideNoNan(first, first.add(element(counts, 1)));
    }

    /** {@code a / b}, and 0 where {@code b = 0} (Keras's {@code divide_no_nan}). */
    static Node divideNoNan(Node a, Node b) {
        Node zero = SourceOp.scalar(0.0, b.dtype());
        Node isZero = BinaryOp.equal(b, zero);
        Node safe = WhereOp.where(isZero, SourceOp.scalar(1.0, b.dtype()), b);
        return WhereOp.where(isZero, zero, a.div(safe));
    }

    /**
     * Checks that every target is 0 or 1, naming the metric and the row.
     *
     * @throws IllegalArgumentException at the first other value
     */
    static void checkBinary(String who, Tensor yTrue) {
        int perRow = yTrue.rank() == 0 || yTrue.shape().dim(0) == 0 ? 1 : yTrue.size() / yTrue.shape().dim(0);
        for (int i = 0; i < yTrue.size(); i++) {
            double v = yTrue.flat(i);
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException(who + ": yTrue must hold binary labels 0 or 1, got " + v
                        + " at row " + i / perRow);
            }
        }
    }
}
