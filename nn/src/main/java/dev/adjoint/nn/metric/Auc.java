package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * The area under the ROC or the precision-recall curve of binary predictions, computed as Keras's
 * {@code AUC} computes it (approximately, not by sorting): confusion counts {@code tp, fp, tn, fn} at
 * {@code T} fixed thresholds ({@code -eps}, {@code 1/(T-1)}, ..., {@code (T-2)/(T-1)}, {@code 1 + eps}; a
 * prediction is positive above a threshold) are summed over batches ({@link CountingMetric}), then
 *
 * <ul>
 *   <li>ROC: the trapezoidal rule over the points {@code (fpr_i, tpr_i)}, {@code fpr = fp / (fp + tn)},
 *       {@code tpr = tp / (tp + fn)}: {@code sum_i (fpr_i - fpr_{i+1}) (tpr_i + tpr_{i+1}) / 2};</li>
 *   <li>PR: Davis and Goadrich's (2006) interpolation between thresholds, as Keras's
 *       {@code interpolate_pr_auc}: with {@code p = tp + fp}, on each interval precision follows
 *       {@code tp = slope * p + intercept}, whose area is
 *       {@code slope (dtp + intercept ln(p_i / p_{i+1})) / (tp_{i+1} + fn_{i+1})}.</li>
 * </ul>
 *
 * <p>The result is exact when no two predictions of different labels fall between the same pair of
 * adjacent thresholds (with predictions on a coarser grid than the thresholds, say); otherwise pairs inside
 * one interval count as ties. Predictions are probabilities in [0, 1], or logits with
 * {@code fromLogits} (a sigmoid is applied first). Targets are 0 or 1.
 *
 * @param curve which curve
 * @param thresholds the number {@code T >= 3} of thresholds (Keras's default 200)
 * @param fromLogits whether {@code yPred} holds logits
 */
public record Auc(Curve curve, int thresholds, boolean fromLogits) implements CountingMetric {

    /** Keras's default number of thresholds. */
    public static final int DEFAULT_THRESHOLDS = 200;

    /** Which curve's area. */
    public enum Curve {
        /** True-positive rate against false-positive rate. */
        ROC,
        /** Precision against recall. */
        PR
    }

    /** Validates the fields. */
    public Auc {
        Objects.requireNonNull(curve, "curve is null");
        if (thresholds < 3) {
            throw new IllegalArgumentException("Auc: thresholds must be >= 3, got " + thresholds);
        }
    }

    /** The ROC AUC with Keras's 200 thresholds, from probabilities. */
    public static Auc roc() {
        return new Auc(Curve.ROC, DEFAULT_THRESHOLDS, false);
    }

    /** The precision-recall AUC with Keras's 200 thresholds, from probabilities. */
    public static Auc pr() {
        return new Auc(Curve.PR, DEFAULT_THRESHOLDS, false);
    }

    /** {@code [tp(T), fp(T), tn(T), fn(T)]}, shape {@code [4T]}. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        Objects.requireNonNull(yPred, "yPred is null");
        Node p = fromLogits ? yPred.sigmoid() : yPred;
        return Confusion.atEach("Auc", yTrue, p, Thresholds.uniform(thresholds));
    }

    /** The counts with each prediction counting its weight (a masked output's mask). */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        Objects.requireNonNull(yPred, "yPred is null");
        Objects.requireNonNull(weights, "weights is null");
        Node p = fromLogits ? yPred.sigmoid() : yPred;
        return Confusion.atEach("Auc", yTrue, p, Thresholds.uniform(thresholds), weights);
    }

    @Override
    public Node fromCounts(Node counts) {
        int t = thresholds;
        Node tp = MovementOp.slice(counts, 0, 0, t);
        Node fp = MovementOp.slice(counts, 0, t, 2 * t);
        Node tn = MovementOp.slice(counts, 0, 2 * t, 3 * t);
        Node fn = MovementOp.slice(counts, 0, 3 * t, 4 * t);
        return curve == Curve.ROC ? roc(tp, fp, tn, fn) : pr(tp, fp, fn);
    }

    private Node roc(Node tp, Node fp, Node tn, Node fn) {
        Node tpr = Confusion.divideNoNan(tp, tp.add(fn));
        Node fpr = Confusion.divideNoNan(fp, fp.add(tn));
        Node width = head(fpr).sub(tail(fpr));
        Node height = head(tpr).add(tail(tpr)).mul(0.5);
        return width.mul(height).sum();
    }

    private Node pr(Node tp, Node fp, Node fn) {
        Node zero = SourceOp.scalar(0.0, tp.dtype());
        Node dtp = head(tp).sub(tail(tp));
        Node p = tp.add(fp);
        Node dp = head(p).sub(tail(p));
        Node slope = Confusion.divideNoNan(dtp, BinaryOp.maximum(dp, zero));
        Node intercept = tail(tp).sub(slope.mul(tail(p)));
        Node bothPositive = BinaryOp.greater(head(p), zero).logicalAnd(BinaryOp.greater(tail(p), zero));
        Node ratio = WhereOp.where(bothPositive, Confusion.divideNoNan(head(p), BinaryOp.maximum(tail(p), zero)),
                SourceOp.scalar(1.0, tp.dtype()));
        Node area = slope.mul(dtp.add(intercept.mul(ratio.log())));
        return Confusion.divideNoNan(area, BinaryOp.maximum(tail(tp).add(tail(fn)), zero)).sum();
    }

    /** Elements {@code 0 .. T-2}. */
    private Node head(Node x) {
        return MovementOp.slice(x, 0, 0, thresholds - 1);
    }

    /** Elements {@code 1 .. T-1}. */
    private Node tail(Node x) {
        return MovementOp.slice(x, 0, 1, thresholds);
    }

    @Override
    public void checkTargets(Tensor yTrue, Shape yPred) {
        Confusion.checkBinary("Auc", yTrue);
    }

    /** {@code auc} for the ROC curve, {@code pr_auc} for the precision-recall curve. */
    @Override
    public String name() {
        return curve == Curve.ROC ? "auc" : "pr_auc";
    }
}
