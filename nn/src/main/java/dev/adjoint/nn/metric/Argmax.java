package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.IndexOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.ReduceOp;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/** Class-axis selections built from comparisons, for the accuracies. */
final class Argmax {

    private Argmax() {
    }

    /**
     * The first index of the maximum along the last axis, as NumPy's and Keras's {@code argmax}:
     * {@code min_c where(x_c = max_c' x_c', c, C)}, of x's shape without the last axis and x's dtype. A row
     * containing NaN has no element equal to its maximum (NaN), so its index is {@code C}, matching no class.
     */
    static Node lastAxis(String who, Node x) {
        int classes = x.shape().dim(-1);
        if (classes == Shape.BATCH || classes < 1) {
            throw new IllegalArgumentException(who + ": the class axis must be concrete and non-empty, got "
                    + x.shape());
        }
        requireClasses(who, x);
        double[] index = new double[classes];
        for (int c = 0; c < classes; c++) {
            index[c] = c;
        }
        Node positions = SourceOp.constant(Tensor.of(x.dtype(), Shape.of(classes), index));
        Node isMax = BinaryOp.equal(x, ReduceOp.max(x, true, -1));
        Node candidates = WhereOp.where(isMax, positions, SourceOp.scalar(classes, x.dtype()));
        return ReduceOp.min(candidates, false, -1);
    }

    /**
     * {@code [argmax_c scores_c = label]} per position, for scores {@code [..., C]} and labels {@code [...]}, as 1
     * or 0 in the scores' dtype: the indicator of the first maximum read at the label, so a label that is not an
     * integer in {@code [0, C)} is an error at evaluation (it would otherwise match no class and count as wrong).
     */
    static Node atLabel(String who, Node scores, Node labels) {
        Node predicted = lastAxis(who, scores);
        int classes = scores.shape().dim(-1);
        double[] index = new double[classes];
        for (int c = 0; c < classes; c++) {
            index[c] = c;
        }
        Node positions = SourceOp.constant(Tensor.of(scores.dtype(), Shape.of(classes), index));
        Node isPredicted = BinaryOp.equal(positions, MovementOp.unsqueeze(predicted, -1)).cast(scores.dtype());
        return MovementOp.squeeze(readAt(who, isPredicted, labels), -1);
    }

    /**
     * {@code values[..., label]} as {@code [..., 1]}, a takeAlongAxis whose out-of-range label is reported under
     * {@code who}, the metric the user asked for, not the op inside.
     */
    private static Node readAt(String who, Node values, Node labels) {
        return Node.apply(new IndexOp.TakeAlongAxis(values.rank() - 1, who), values, MovementOp.unsqueeze(labels, -1));
    }

    /**
     * Checks that the last axis of {@code scores} holds at least two classes: over one class every argmax
     * and every top-k matches, so a categorical metric would report 1.0 whatever the labels.
     *
     * @throws IllegalArgumentException naming the metric and the shape, with the binary alternative
     */
    static void requireClasses(String who, Node scores) {
        if (scores.rank() >= 1 && scores.shape().dim(-1) == 1) {
            throw new IllegalArgumentException(who + ": a categorical metric needs a class axis of at least 2, got"
                    + " yPred " + scores.shape() + "; one output unit is a binary problem: use binary_accuracy, or"
                    + " \"accuracy\", which compile resolves to it");
        }
    }

    /**
     * {@link #inTopK} at every position of scores {@code [N, T, ..., C]} with labels {@code [N, T, ...]}, the
     * indicators shaped as the labels: the score at the label read along the class axis (a label outside
     * {@code [0, C)} is an error at evaluation), compared as in inTopK (for scores {@code [N, C]}, inTopK).
     */
    static Node inTopKAtEachPosition(String who, Node scores, Node labels, int k) {
        if (scores.rank() <= 2) {
            return inTopK(who, scores, labels, k);
        }
        requireClasses(who, scores);
        Node picked = readAt(who, scores, labels); // [..., 1]
        Node higher = ReduceOp.sum(BinaryOp.greater(scores, picked).cast(scores.dtype()), false, -1);
        Node inTop = BinaryOp.less(higher, SourceOp.scalar(k, scores.dtype()));
        return inTop.logicalAnd(MovementOp.squeeze(picked, -1).isNaN().logicalNot()).cast(scores.dtype());
    }

    /**
     * {@code [#{c : scores_c > scores_label} < k]} per row, for scores {@code [N, C]} and labels {@code [N]}:
     * whether the label is among the top k, counting ties in its favour (Keras's {@code in_top_k}), as 1 or 0 in
     * the scores' dtype. A NaN score at the label is never in the top k (no comparison with it is true, so the
     * count alone would put it first), as in Keras on every backend.
     */
    static Node inTopK(String who, Node scores, Node labels, int k) {
        if (scores.rank() != 2) {
            throw new IllegalArgumentException(who + ": yPred must have shape [N, C] or [N, ..., C], got "
                    + scores.shape());
        }
        requireClasses(who, scores);
        Node picked = MovementOp.squeeze(readAt(who, scores, labels), -1);
        Node higher = ReduceOp.sum(BinaryOp.greater(scores, MovementOp.unsqueeze(picked, 1)).cast(scores.dtype()),
                false, -1);
        Node inTop = BinaryOp.less(higher, SourceOp.scalar(k, scores.dtype()));
        return inTop.logicalAnd(picked.isNaN().logicalNot()).cast(scores.dtype());
    }
}
