package dev.adjoint.nn.metric;

import dev.adjoint.core.graph.BinaryOp;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.graph.SourceOp;
import dev.adjoint.core.graph.WhereOp;
import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.nn.loss.Targets;
import java.util.Objects;

/**
 * The coefficient of determination R² (Keras {@code "r2_score"}, {@code R2Score}) of predictions {@code [N, D]}
 * against targets of the same shape, per output column {@code d} over everything seen so far:
 *
 * <pre>{@code
 * S_d = sum_n w_n y_nd,   Q_d = sum_n w_n y_nd^2,   R_d = sum_n w_n (y_nd - p_nd)^2,   W_d = sum_n w_n
 * T_d = Q_d - S_d^2 / W_d                    (the total sum of squares about the mean S_d / W_d)
 * r_d = 1 - R_d / T_d                        (0 where that is infinite: a constant column predicted wrong)
 * }</pre>
 *
 * aggregated over the columns by {@link ClassAggregation}: the mean {@code (1/D) sum_d r_d} (Keras's default
 * {@code "uniform_average"}), or {@code sum_d T_d r_d / sum_d T_d} ({@code "variance_weighted_average"}). With
 * {@code numRegressors = k > 0} it is the adjusted R², {@code 1 - (1 - R²)(n - 1) / (n - k - 1)}, where {@code n} is
 * the number of target values seen ({@code N D}, as Keras counts them); when {@code k >= n - 1} the plain R² is
 * returned (Keras warns). {@code w_n} is 1, or a weight per row ({@link #counts(Node, Node, Node)}).
 *
 * <p>As Keras's metric accumulates the sums {@code S, Q, R, W} and {@code n}, these are the counts
 * ({@link CountingMetric}) that add up over batches, so an epoch's R² is exactly that of all its data at once
 * (the batches' R²s have different means and would not average to it). The counts are float64 whatever the model's
 * dtype. A column whose targets are all equal has {@code T_d = 0}: its score is 0 if any prediction misses and NaN
 * (0/0) if none does, as in Keras; since {@code Q - S²/W} cancels, a {@code T_d} within its rounding error of 0,
 * {@code |T_d| <= 8 ε Q_d}, counts as 0 (a constant column of 0.1 leaves about {@code -4e-18} there, which Keras
 * turns into a score of order {@code 1e11}). Keras's
 * {@code class_aggregation=None}, a score per column, is not offered: a metric here is one number.
 *
 * @param classAggregation how the columns' scores are combined
 * @param numRegressors the number {@code k >= 0} of independent regressors for the adjusted R², 0 for the plain R²
 */
public record R2Score(ClassAggregation classAggregation, int numRegressors) implements CountingMetric {

    private static final String WHO = "R2Score";
    /** {@code |T_d| <= 8 ε Q_d} counts as {@code T_d = 0}: the rounding of {@code Q - S²/W} is a few {@code ε Q}. */
    private static final double CANCELLATION = 8;

    /** How the scores of the output columns are combined, Keras's {@code class_aggregation}. */
    public enum ClassAggregation {
        /** The mean of the columns' scores, Keras's {@code "uniform_average"} (the default). */
        UNIFORM_AVERAGE,
        /** The columns' scores weighted by their total sums of squares, {@code "variance_weighted_average"}. */
        VARIANCE_WEIGHTED_AVERAGE
    }

    /** Validates the fields. */
    public R2Score {
        Objects.requireNonNull(classAggregation, "classAggregation is null");
        if (numRegressors < 0) {
            throw new IllegalArgumentException(WHO + ": numRegressors must be >= 0, got " + numRegressors);
        }
    }

    /** Keras's defaults: the uniform average of the columns' plain R². */
    public R2Score() {
        this(ClassAggregation.UNIFORM_AVERAGE, 0);
    }

    /** {@code [S(D), Q(D), R(D), W(D), n]}, shape {@code [4D + 1]}, every row weighing 1. */
    @Override
    public Node counts(Node yTrue, Node yPred) {
        return counts(yTrue, yPred, null, true);
    }

    /**
     * The counts with each row weighing its weight ({@code [N]}); {@code n} still counts every target value, as
     * Keras's {@code num_samples} does.
     */
    @Override
    public Node counts(Node yTrue, Node yPred, Node weights) {
        return counts(yTrue, yPred, Objects.requireNonNull(weights, "weights is null"), false);
    }

    private static Node counts(Node yTrue, Node yPred, Node weights, boolean unweighted) {
        Node target = Targets.dense(WHO, yTrue, yPred);
        if (yPred.rank() != 2 || yPred.shape().dim(1) == Shape.BATCH) {
            throw new IllegalArgumentException(WHO + ": yPred must have shape [N, D] with D fixed, got "
                    + yPred.shape());
        }
        // float64 whatever the model's dtype: T = Q - S²/W cancels, and float32 sums of squares would lose it
        Node y = target.cast(DType.FLOAT64);
        Node p = yPred.cast(DType.FLOAT64);
        Node ones = SourceOp.onesLike(y);
        Node w = unweighted ? ones : Confusion.leading(WHO, weights, yPred, 2).cast(DType.FLOAT64).mul(ones);
        Node wy = y.mul(w);
        Node error = y.sub(p);
        Node n = ones.sum().reshape(1);
        return MovementOp.concat(0, wy.sum(0), y.mul(wy).sum(0), error.mul(error).mul(w).sum(0), w.sum(0), n);
    }

    @Override
    public Node fromCounts(Node counts) {
        int d = (counts.shape().dim(0) - 1) / 4;
        Node sum = MovementOp.slice(counts, 0, 0, d);
        Node squares = MovementOp.slice(counts, 0, d, 2 * d);
        Node residual = MovementOp.slice(counts, 0, 2 * d, 3 * d);
        Node weight = MovementOp.slice(counts, 0, 3 * d, 4 * d);
        Node n = Confusion.element(counts, 4 * d);
        Node total = squares.sub(sum.mul(sum.div(weight)));
        // within rounding of 0 (the cancellation of Q - S²/W): a constant column, whatever its value
        Node rounding = squares.mul(CANCELLATION * Math.ulp(1.0));
        total = WhereOp.where(BinaryOp.lessEqual(total.abs(), rounding), SourceOp.zerosLike(total), total);
        Node raw = residual.div(total).neg().add(1.0);
        raw = WhereOp.where(raw.isInf(), SourceOp.scalar(0.0, raw.dtype()), raw);
        Node r2 = classAggregation == ClassAggregation.UNIFORM_AVERAGE ? raw.mean()
                : total.mul(raw).sum().div(total.sum());
        if (numRegressors == 0) {
            return r2;
        }
        Node k = SourceOp.scalar(numRegressors, counts.dtype());
        Node nMinusOne = n.sub(1.0);
        Node enough = BinaryOp.greater(nMinusOne, k);
        Node denominator = WhereOp.where(enough, nMinusOne.sub(k), SourceOp.scalar(1.0, counts.dtype()));
        Node adjusted = r2.neg().add(1.0).mul(nMinusOne).div(denominator).neg().add(1.0);
        return WhereOp.where(enough, adjusted, r2);
    }

    /** {@code r2_score}. */
    @Override
    public String name() {
        return "r2_score";
    }
}
