package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.Tensor;
import java.io.Serializable;
import java.util.Objects;

/**
 * One training example as an RDD holds it: the inputs and the targets, each flattened row-major. Values are
 * float64 so that float32 data (converted exactly) and float64 data both arrive unchanged; the model casts
 * them to its dtype, as {@code fit} on tensors does.
 *
 * @param x the inputs, {@code prod(input features)} values
 * @param y the targets: one value (a class label or a scalar target) or {@code prod(target features)}
 */
public record Example(double[] x, double[] y) implements Serializable {

    /** Checks for nulls (the arrays are kept, not copied: an RDD holds many examples). */
    public Example {
        Objects.requireNonNull(x, "Example: x is null");
        Objects.requireNonNull(y, "Example: y is null");
    }

    /** Row {@code row} of the tensors {@code x} and {@code y} (rows first). */
    public static Example of(Tensor x, Tensor y, int row) {
        Objects.requireNonNull(x, "Example.of: x is null");
        Objects.requireNonNull(y, "Example.of: y is null");
        return new Example(x.rowRange(row, row + 1).toDoubleArray(), y.rowRange(row, row + 1).toDoubleArray());
    }
}
