package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Examples as rows: inputs {@code x} and targets {@code y} with the same number of rows, and, for class
 * labels read from names (a CSV column of strings), the name of each class index.
 *
 * @param x the inputs, rows first
 * @param y the targets, rows first
 * @param classNames the name of class {@code c} at index {@code c}, or empty when the labels were numbers
 */
public record Dataset(Tensor x, Tensor y, List<String> classNames) {

    /** Validates that x and y have the same number of rows. */
    public Dataset {
        Objects.requireNonNull(x, "Dataset: x is null");
        Objects.requireNonNull(y, "Dataset: y is null");
        Objects.requireNonNull(classNames, "Dataset: classNames is null");
        classNames = List.copyOf(classNames);
        if (x.rank() < 1 || y.rank() < 1 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("dataset: x and y must have the same number of rows, got "
                    + x.shape() + " and " + y.shape());
        }
    }

    /** A dataset without class names. */
    public Dataset(Tensor x, Tensor y) {
        this(x, y, List.of());
    }

    /** The number of rows. */
    public int rows() {
        return x.shape().dim(0);
    }

    /**
     * The given rows, in order.
     *
     * @throws IndexOutOfBoundsException naming the first row out of range
     */
    public Dataset take(int[] rows) {
        return new Dataset(x.takeRows(rows), y.takeRows(rows), classNames);
    }

    /** The first {@code n} rows (all of them when there are fewer). */
    public Dataset head(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("dataset: head needs n >= 0, got " + n);
        }
        return new Dataset(x.rowRange(0, Math.min(n, rows())), y.rowRange(0, Math.min(n, rows())), classNames);
    }

    /** The same rows with inputs and targets in {@code dtype} (a model's dtype, cast once rather than per batch). */
    public Dataset cast(DType dtype) {
        Objects.requireNonNull(dtype, "Dataset.cast: dtype is null");
        return new Dataset(x.cast(dtype), y.cast(dtype), classNames);
    }

    /**
     * The same rows with the targets as INT64 class labels, the form the sparse losses and metrics take (as Keras
     * users pass them); {@link #cast} to a float dtype turns them back into floats.
     *
     * @throws IllegalArgumentException naming the element when a target is not an integer (NaN included)
     */
    public Dataset integerLabels() {
        if (y.dtype().isFloating()) {
            for (int i = 0; i < y.size(); i++) {
                double v = y.flat(i);
                if (v != Math.rint(v) || Double.isInfinite(v)) {
                    throw new IllegalArgumentException("dataset: integer labels need integer targets, got " + v
                            + " at element " + i);
                }
            }
        }
        return new Dataset(x, y.cast(DType.INT64), classNames);
    }

    /** The same targets with other inputs (scaled, say) of the same number of rows. */
    public Dataset withX(Tensor newX) {
        return new Dataset(newX, y, classNames);
    }

    /** {@code dataset [1797, 64] -> [1797]}. */
    @Override
    public String toString() {
        return "dataset " + x.dtype().shortName() + x.shape() + " -> " + y.dtype().shortName() + y.shape()
                + (classNames.isEmpty() ? "" : " classes " + classNames);
    }
}
