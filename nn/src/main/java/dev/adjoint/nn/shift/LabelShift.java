package dev.adjoint.nn.shift;

import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Label shift correction by black-box shift estimation (Lipton, Wang and Smola 2018; the notes'
 * "environment and distribution shift"): the label distribution differs between training (source,
 * {@code p(y)}) and use (target, {@code q(y)}) while {@code p(x | y)} stays. For any fixed classifier
 * {@code f}, the target's distribution of predictions is {@code μ(ŷ = i) = sum_j C[i][j] w_j} with
 * {@code C[i][j] = p(ŷ = i, y = j)}, the joint confusion matrix on labeled source (validation) data, and
 * {@code w_j = q(y = j) / p(y = j)}. So {@code w = C⁻¹ μ}, from the validation set's confusion matrix and the
 * classifier's predictions on unlabeled target data, solved in float64 by Gaussian elimination with partial
 * pivoting. Negative solutions (sampling noise) are set to 0, as in the paper; then {@code q = w ∘ p},
 * renormalized.
 *
 * <p>The estimate corrects a model two ways: {@link #classWeights()} for {@code FitOptions.classWeights}
 * (retraining), and {@link #reweight(Tensor)} of predicted probabilities without retraining,
 * {@code q(y | x) ∝ w_y p(y | x)} (Saerens, Latinne and Decaestecker 2002).
 *
 * <p>The estimate needs {@code C} invertible and well conditioned: a class with no validation example, or a
 * classifier that cannot tell two classes apart, makes it unreliable, and {@link #estimate} refuses it with
 * the classes involved.
 *
 * @param weights {@code w_j = q(y = j) / p(y = j)} per class
 * @param source {@code p(y)}, the validation labels' distribution
 * @param target the estimated {@code q(y)}
 * @param conditionNumber the 1-norm condition number {@code ‖C‖₁ ‖C⁻¹‖₁} of the confusion matrix
 */
public record LabelShift(double[] weights, double[] source, double[] target, double conditionNumber) {

    /**
     * The largest condition number {@link #estimate} accepts by default. A perfect classifier's confusion
     * matrix is {@code diag(p(y))}, of condition number {@code max p / min p}; beyond 1e4 the estimate's error
     * (which grows with {@code ‖C⁻¹‖}) swamps any useful correction.
     */
    public static final double MAX_CONDITION = 1e4;

    /** Copies the arrays. */
    public LabelShift {
        weights = weights.clone();
        source = source.clone();
        target = target.clone();
    }

    /**
     * Estimates the shift with the default bound on the condition number.
     *
     * @param validationLabels the true classes of the source validation rows, integers {@code [n]} or
     *     {@code [n, 1]}
     * @param validationPredictions the classifier's outputs on them: class scores {@code [n, C]} (the argmax is
     *     the prediction), predicted classes {@code [n]}, or, for 2 classes, a binary model's sigmoid output
     *     {@code [n, 1]}, the probability {@code p} of class 1 in [0, 1] (the prediction is class 1 when
     *     {@code p > 0.5}, Keras's {@code BinaryAccuracy} threshold; class indices 0 and 1 read the same)
     * @param targetPredictions its outputs on unlabeled target rows, in the same form
     * @param classes the number of classes {@code C}
     * @throws IllegalArgumentException when a shape or label is wrong, a class has no validation example, or
     *     the confusion matrix is singular or worse conditioned than {@link #MAX_CONDITION}
     */
    public static LabelShift estimate(Tensor validationLabels, Tensor validationPredictions, Tensor targetPredictions,
            int classes) {
        return estimate(validationLabels, validationPredictions, targetPredictions, classes, MAX_CONDITION);
    }

    /** Estimates the shift, refusing confusion matrices with a condition number above {@code maxCondition}. */
    public static LabelShift estimate(Tensor validationLabels, Tensor validationPredictions, Tensor targetPredictions,
            int classes, double maxCondition) {
        Objects.requireNonNull(validationLabels, "LabelShift.estimate: validationLabels is null");
        Objects.requireNonNull(validationPredictions, "LabelShift.estimate: validationPredictions is null");
        Objects.requireNonNull(targetPredictions, "LabelShift.estimate: targetPredictions is null");
        if (classes < 2) {
            throw new IllegalArgumentException("label shift: needs at least 2 classes, got " + classes);
        }
        int[] y = labels("validationLabels", validationLabels, classes);
        int[] yHat = predicted("validationPredictions", validationPredictions, classes);
        int[] tHat = predicted("targetPredictions", targetPredictions, classes);
        if (y.length != yHat.length) {
            throw new IllegalArgumentException("label shift: validation labels and predictions must have one row each,"
                    + " got " + y.length + " labels and " + yHat.length + " predictions");
        }
        int n = y.length;
        double[][] confusion = new double[classes][classes];
        double[] source = new double[classes];
        for (int r = 0; r < n; r++) {
            confusion[yHat[r]][y[r]] += 1.0 / n;
            source[y[r]] += 1.0 / n;
        }
        for (int j = 0; j < classes; j++) {
            if (source[j] == 0) {
                throw new IllegalArgumentException("label shift: class " + j + " has no example in the source"
                        + " (validation) labels, got counts " + Arrays.toString(counts(y, classes))
                        + "; its column of the confusion matrix is zero, so its weight cannot be estimated");
            }
        }
        double[] mu = new double[classes];
        for (int i : tHat) {
            mu[i] += 1.0 / tHat.length;
        }
        double[][] inverse = Solve.inverse(confusion, "label shift");
        double condition = Solve.norm1(confusion) * Solve.norm1(inverse);
        if (!(condition <= maxCondition)) {
            throw new IllegalArgumentException("label shift: the confusion matrix is ill-conditioned, condition number "
                    + String.format(java.util.Locale.ROOT, "%.3g", condition) + " > " + maxCondition + "; the"
                    + " classifier barely tells " + Solve.closestColumns(confusion) + " apart: use more validation"
                    + " data or a better classifier, or merge those classes");
        }
        double[] w = Solve.multiply(inverse, mu);
        double[] q = new double[classes];
        double total = 0;
        for (int j = 0; j < classes; j++) {
            q[j] = Math.max(0, w[j]) * source[j];
            total += q[j];
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("label shift: every estimated weight is <= 0, got " + Arrays.toString(w)
                    + "; the target predictions do not fit the confusion matrix");
        }
        for (int j = 0; j < classes; j++) {
            q[j] /= total;
            w[j] = q[j] / source[j];
        }
        return new LabelShift(w, source, q, condition);
    }

    /** The weights (a copy). */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** {@code p(y)} (a copy). */
    @Override
    public double[] source() {
        return source.clone();
    }

    /** The estimated {@code q(y)} (a copy). */
    @Override
    public double[] target() {
        return target.clone();
    }

    /** {@code class -> w_class}, for {@code FitOptions.classWeights} when retraining on the source data. */
    public Map<Integer, Double> classWeights() {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int j = 0; j < weights.length; j++) {
            out.put(j, weights[j]);
        }
        return out;
    }

    /**
     * Predicted source probabilities {@code [n, C]} corrected to the target: each row times {@code w},
     * renormalized to sum 1 (a row the weights zero out entirely is left as it was). For 2 classes a binary
     * model's {@code [n, 1]} probabilities {@code p} of class 1 are corrected the same way and stay {@code [n, 1]}:
     * {@code w_1 p / (w_0 (1 − p) + w_1 p)}.
     *
     * @throws IllegalArgumentException when the rows do not have {@code C} non-negative entries, or a binary
     *     probability lies outside [0, 1]
     */
    public Tensor reweight(Tensor probabilities) {
        Objects.requireNonNull(probabilities, "LabelShift.reweight: probabilities is null");
        int c = weights.length;
        if (c == 2 && probabilities.rank() == 2 && probabilities.shape().dim(1) == 1) {
            return reweightBinary(probabilities);
        }
        if (probabilities.rank() != 2 || probabilities.shape().dim(1) != c) {
            throw new IllegalArgumentException("label shift: probabilities must be [rows, " + c + "], got "
                    + probabilities.shape());
        }
        double[] p = probabilities.toDoubleArray();
        for (int r = 0; r < p.length / c; r++) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                if (!(p[r * c + j] >= 0)) {
                    throw new IllegalArgumentException("label shift: probabilities must be >= 0, got " + p[r * c + j]
                            + " at row " + r + ", class " + j);
                }
                sum += weights[j] * p[r * c + j];
            }
            if (sum > 0) {
                for (int j = 0; j < c; j++) {
                    p[r * c + j] = weights[j] * p[r * c + j] / sum;
                }
            }
        }
        return Tensor.of(probabilities.dtype(), probabilities.shape(), p);
    }

    /** {@link #reweight} of a binary model's {@code [n, 1]} probabilities of class 1. */
    private Tensor reweightBinary(Tensor probabilities) {
        double[] p = probabilities.toDoubleArray();
        for (int r = 0; r < p.length; r++) {
            if (!(p[r] >= 0 && p[r] <= 1)) {
                throw new IllegalArgumentException("label shift: probabilities [n, 1] with 2 classes are the"
                        + " probability of class 1 and must lie in [0, 1], got " + p[r] + " at row " + r);
            }
            double sum = weights[0] * (1 - p[r]) + weights[1] * p[r];
            if (sum > 0) {
                p[r] = weights[1] * p[r] / sum;
            }
        }
        return Tensor.of(probabilities.dtype(), probabilities.shape(), p);
    }

    private static int[] labels(String what, Tensor t, int classes) {
        if (t.rank() < 1 || t.rank() > 2 || t.size() != t.shape().dim(0)) {
            throw new IllegalArgumentException("label shift: " + what + " must be [n] or [n, 1], got " + t.shape());
        }
        int[] out = new int[t.size()];
        for (int r = 0; r < out.length; r++) {
            double v = t.flat(r);
            if (!(v >= 0 && v < classes && v == Math.rint(v))) {
                String hint = classes == 2 && what.endsWith("Predictions") && v > 0 && v < 1
                        ? " ([n] holds predicted classes; a binary model's probabilities of class 1 are read from"
                                + " [n, 1], as it predicts them)" : "";
                throw new IllegalArgumentException("label shift: " + what + " must hold classes in [0, " + classes
                        + "), got " + v + " at row " + r + hint);
            }
            out[r] = (int) v;
        }
        if (out.length == 0) {
            throw new IllegalArgumentException("label shift: " + what + " has no rows");
        }
        return out;
    }

    private static int[] predicted(String what, Tensor t, int classes) {
        if (t.rank() == 2 && t.shape().dim(1) == 1 && classes == 2) {
            return thresholded(what, t);
        }
        if (t.rank() == 2 && t.shape().dim(1) == classes && classes > 1) {
            int n = t.shape().dim(0);
            int[] out = new int[n];
            for (int r = 0; r < n; r++) {
                int best = 0;
                for (int j = 1; j < classes; j++) {
                    if (t.flat(r * classes + j) > t.flat(r * classes + best)) {
                        best = j;
                    }
                }
                out[r] = best;
            }
            if (n == 0) {
                throw new IllegalArgumentException("label shift: " + what + " has no rows");
            }
            return out;
        }
        return labels(what, t, classes);
    }

    /** A binary model's {@code [n, 1]} probabilities of class 1 as classes: 1 where {@code p > 0.5}. */
    private static int[] thresholded(String what, Tensor t) {
        int n = t.shape().dim(0);
        if (n == 0) {
            throw new IllegalArgumentException("label shift: " + what + " has no rows");
        }
        int[] out = new int[n];
        for (int r = 0; r < n; r++) {
            double p = t.flat(r);
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("label shift: " + what + " [n, 1] with 2 classes is read as the"
                        + " probability of class 1 (a sigmoid output) and must lie in [0, 1], got " + p + " at row " + r
                        + "; pass sigmoid(logits) for a model that outputs logits");
            }
            out[r] = p > 0.5 ? 1 : 0;
        }
        return out;
    }

    private static long[] counts(int[] y, int classes) {
        long[] c = new long[classes];
        for (int v : y) {
            c[v]++;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelShift other && Arrays.equals(weights, other.weights)
                && Arrays.equals(source, other.source) && Arrays.equals(target, other.target)
                && conditionNumber == other.conditionNumber;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "LabelShift[target=" + Arrays.toString(target) + ", weights=" + Arrays.toString(weights)
                + ", condition=" + conditionNumber + "]";
    }
}
