package dev.adjoint.examples.data;

import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Examples as rows: inputs {@code x} and targets {@code y} with the same number of rows.
 *
 * @param x the inputs, rows first
 * @param y the targets, rows first
 */
public record Dataset(Tensor x, Tensor y) {

    /** Validates that x and y have the same number of rows. */
    public Dataset {
        Objects.requireNonNull(x, "x is null");
        Objects.requireNonNull(y, "y is null");
        if (x.rank() < 1 || y.rank() < 1 || x.shape().dim(0) != y.shape().dim(0)) {
            throw new IllegalArgumentException("dataset: x and y must have the same number of rows, got "
                    + x.shape() + " and " + y.shape());
        }
    }

    /** The number of rows. */
    public int rows() {
        return x.shape().dim(0);
    }

    /** The given rows, in order. */
    public Dataset take(int[] rows) {
        return new Dataset(x.takeRows(rows), y.takeRows(rows));
    }

    /** The first {@code n} rows. */
    public Dataset head(int n) {
        return new Dataset(x.rowRange(0, Math.min(n, rows())), y.rowRange(0, Math.min(n, rows())));
    }
}
