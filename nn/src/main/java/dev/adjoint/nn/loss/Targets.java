package dev.adjoint.nn.loss;

import dev.adjoint.core.graph.DTypeSet;
import dev.adjoint.core.graph.MovementOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The argument checks shared by losses and metrics, with messages naming the caller: dense targets of
 * {@code yPred}'s shape, returned cast to {@code yPred}'s dtype (as Keras casts {@code y_true}), so targets held
 * in float64 or as integers work with a float32 model; and sparse integer labels, returned as INT32 or INT64
 * (Keras users pass integer labels), or, as a legacy, exact integers in a float dtype, cast to {@code yPred}'s.
 */
public final class Targets {

    /**
     * The losses and metrics of one-hot targets and their counterparts for integer labels, so that a refusal
     * of targets [N] where [N, C] was expected, or the reverse, names the one that takes them.
     */
    private static final Map<String, String> SPARSE = Map.of("CategoricalCrossEntropy",
            "SparseCategoricalCrossEntropy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
            "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy");

    private Targets() {
    }

    /**
     * {@code yTrue} cast to {@code yPred}'s dtype, after checking that both have the same shape. As in Keras,
     * targets that differ from {@code yPred} only by a trailing axis of size 1 are reshaped to it: labels
     * {@code [N]} serve an output {@code [N, 1]}, and {@code [N, 1]} an output {@code [N]}.
     *
     * @param who the loss or metric, for messages
     * @throws IllegalArgumentException e.g. {@code MeanSquaredError: yTrue and yPred must have equal shapes,
     *     got [N, 3] and [N, 2]}
     */
    public static Node dense(String who, Node yTrue, Node yPred) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        if (yTrue.rank() + 1 == yPred.rank() && yPred.shape().dim(-1) == 1
                && yTrue.shape().equals(yPred.shape().drop(-1))) {
            yTrue = MovementOp.unsqueeze(yTrue, -1);
        } else if (yTrue.rank() == yPred.rank() + 1 && yTrue.shape().dim(-1) == 1
                && yTrue.shape().drop(-1).equals(yPred.shape())) {
            yTrue = MovementOp.squeeze(yTrue, -1);
        }
        if (!yTrue.shape().equals(yPred.shape())) {
            boolean labels = yTrue.rank() + 1 == yPred.rank() && yTrue.shape().equals(yPred.shape().drop(-1));
            String sparse = SPARSE.get(who);
            throw new IllegalArgumentException(who + ": yTrue and yPred must have equal shapes, got "
                    + yTrue.shape() + " and " + yPred.shape() + (labels && sparse != null ? "; integer class labels "
                    + yTrue.shape() + " take " + sparse + " (one-hot targets take " + who + ")" : ""));
        }
        return yTrue.cast(yPred.dtype());
    }

    /**
     * Integer class labels for scores {@code yPred : [..., C]}: {@code yTrue} must have {@code yPred}'s shape
     * without the last axis, or, as Keras also accepts, that shape followed by 1 (which is squeezed). Returns
     * the labels, of shape {@code [...]}: integer labels as they are; float labels (a legacy, exact only below
     * 2^24 in float32) cast to {@code yPred}'s dtype. Label values are checked at evaluation (each must be an
     * integer in {@code [0, C)}).
     *
     * @param who the loss or metric, for messages
     * @throws IllegalArgumentException e.g. {@code SparseCategoricalCrossEntropy: yTrue must have shape [N]
     *     (integer labels) for yPred [N, 10], got [N, 10]}, or for bool labels
     */
    public static Node sparse(String who, Node yTrue, Node yPred) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        DTypeSet.INDEX.require(who, "yTrue", yTrue);
        requireClassAxis(who, yPred);
        int[] scores = yPred.shape().dims();
        Shape expected = Shape.of(Arrays.copyOf(scores, scores.length - 1));
        Node labels = yTrue;
        if (yTrue.rank() == yPred.rank() && yTrue.shape().dim(-1) == 1) {
            labels = MovementOp.squeeze(yTrue, -1);
        }
        if (!labels.shape().equals(expected)) {
            String dense = SPARSE.entrySet().stream().filter(e -> e.getValue().equals(who)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            throw new IllegalArgumentException(who + ": yTrue must have shape " + expected
                    + " (integer labels) for yPred " + yPred.shape() + ", got " + yTrue.shape()
                    + (yTrue.shape().equals(yPred.shape()) && dense != null ? "; one-hot targets " + yTrue.shape()
                    + " take " + dense + " (integer labels take " + who + ")" : ""));
        }
        return labels.dtype().isFloating() ? labels.cast(yPred.dtype()) : labels;
    }

    /**
     * Checks that every value of {@code yTrue} is a probability in {@code [0, 1]} (0 or 1, or a smoothed label):
     * outside it a cross-entropy is not one, and has no minimum in yPred.
     *
     * @param who the loss, for messages
     * @throws IllegalArgumentException naming {@code who}, the row and the value
     */
    public static void checkProbabilities(String who, Tensor yTrue) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        int perRow = yTrue.rank() == 0 || yTrue.shape().dim(0) == 0 ? 1 : yTrue.size() / yTrue.shape().dim(0);
        for (int i = 0; i < yTrue.size(); i++) {
            double v = yTrue.flat(i);
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException(who + ": yTrue must hold probabilities in [0, 1], got " + v
                        + " at row " + i / perRow);
            }
        }
    }

    /**
     * Checks that every value of {@code yTrue} is an integer class label in {@code [0, C)}, where {@code C}
     * is the last dimension of {@code yPred}; nothing is checked when {@code C} is the symbolic {@code N}.
     *
     * @param who the loss or metric, for messages
     * @throws IllegalArgumentException naming {@code who}, the row (and the position within it for labels of
     *     rank above 1), the value and the range, e.g. {@code SparseCategoricalCrossEntropy: yTrue must hold
     *     integer class labels in [0, 3), got 3.0 at row 17}
     */
    public static void checkLabels(String who, Tensor yTrue, Shape yPred) {
        Objects.requireNonNull(yTrue, "yTrue is null");
        Objects.requireNonNull(yPred, "yPred is null");
        int classes = yPred.rank() == 0 ? Shape.BATCH : yPred.dim(-1);
        if (classes == Shape.BATCH || yTrue.size() == 0) {
            return;
        }
        int perRow = yTrue.rank() == 0 ? 1 : yTrue.size() / yTrue.shape().dim(0);
        boolean floating = yTrue.dtype().isFloating();
        for (int i = 0; i < yTrue.size(); i++) {
            double v = floating ? yTrue.flat(i) : 0;
            long n = floating ? 0 : yTrue.flatLong(i);
            if (floating ? !(v >= 0 && v < classes && v == Math.rint(v)) : n < 0 || n >= classes) {
                throw new IllegalArgumentException(who + ": yTrue must hold integer class labels in [0, " + classes
                        + "), got " + (floating ? Double.toString(v) : Long.toString(n)) + " at row " + i / perRow
                        + (perRow > 1 ? ", position " + i % perRow : ""));
            }
        }
    }

    /**
     * Per-value losses {@code [N, ...]} averaged over every axis but the first: the per-example losses
     * {@code [N]} of {@link Loss#perExample}.
     *
     * @throws IllegalArgumentException naming {@code who} when the values have no batch axis
     */
    public static Node perExample(String who, Node values) {
        if (values.rank() < 1) {
            throw new IllegalArgumentException(who + ": per-example losses need a batch axis, got " + values.shape());
        }
        if (values.rank() == 1) {
            return values;
        }
        int[] axes = new int[values.rank() - 1];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = a + 1;
        }
        return values.mean(axes);
    }

    /**
     * Per-value losses {@code [N, T, ...]} averaged over every axis after the second: the per-step losses
     * {@code [N, T]} of {@link Loss#perStep}.
     *
     * @throws IllegalArgumentException naming {@code who} when the values have no time axis
     */
    public static Node perStep(String who, Node values) {
        if (values.rank() < 2) {
            throw new IllegalArgumentException(who + ": per-step losses need a batch and a time axis [N, T, ...], got "
                    + values.shape());
        }
        if (values.rank() == 2) {
            return values;
        }
        int[] axes = new int[values.rank() - 2];
        for (int a = 0; a < axes.length; a++) {
            axes[a] = a + 2;
        }
        return values.mean(axes);
    }

    /**
     * Checks that {@code yPred} has at least rank 1, for losses and metrics along a class axis.
     *
     * @throws IllegalArgumentException naming {@code who} and the shape otherwise
     */
    public static void requireClassAxis(String who, Node yPred) {
        if (yPred.rank() < 1) {
            throw new IllegalArgumentException(who + ": yPred must have rank >= 1 (a class axis), got "
                    + yPred.shape());
        }
    }
}
