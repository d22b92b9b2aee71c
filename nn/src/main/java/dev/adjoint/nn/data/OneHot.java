package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * One-hot encoding of integer class labels, for losses and metrics that take a distribution per example
 * ({@code CategoricalCrossEntropy}, {@code CategoricalAccuracy}): label {@code c} of {@code C} classes becomes
 * the row {@code e_c}, with 1 at position {@code c} and 0 elsewhere (Keras's {@code to_categorical}).
 */
public final class OneHot {

    private OneHot() {
    }

    /**
     * Labels {@code [N]} (or {@code [N, 1]}) to rows {@code [N, classes]}, in the labels' dtype.
     *
     * @throws IllegalArgumentException naming the row when a label is not an integer in {@code [0, classes)},
     *     or when the result would have more than {@link Integer#MAX_VALUE} elements (a tensor's limit)
     */
    public static Tensor encode(Tensor labels, int classes) {
        Objects.requireNonNull(labels, "OneHot.encode: labels is null");
        if (classes < 1) {
            throw new IllegalArgumentException("OneHot: classes must be >= 1, got " + classes);
        }
        if (labels.rank() < 1 || labels.size() != labels.shape().dim(0)) {
            throw new IllegalArgumentException("OneHot: labels must be [N] or [N, 1], got " + labels.shape());
        }
        int n = labels.size();
        long elements = (long) n * classes; // an int product overflows (65,537 labels x 65,536 classes)
        if (elements > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("OneHot: " + n + " labels x " + classes + " classes = " + elements
                    + " elements, expected at most " + Integer.MAX_VALUE + " (a tensor's limit); encode fewer labels at"
                    + " a time, or use sparse labels (SparseCategoricalCrossEntropy)");
        }
        double[] rows = new double[(int) elements];
        for (int i = 0; i < n; i++) {
            double label = labels.flat(i);
            if (!(label >= 0 && label < classes && label == Math.rint(label))) {
                throw new IllegalArgumentException("OneHot: labels must be integers in [0, " + classes + "), got "
                        + label + " at row " + i);
            }
            rows[i * classes + (int) label] = 1;
        }
        return Tensor.of(labels.dtype(), Shape.of(n, classes), rows);
    }
}
