package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * A random orthogonal matrix (Saxe et al. 2014; Keras {@code "orthogonal"}, the default recurrent kernel of
 * Keras's recurrent layers), scaled by {@code gain}. The parameter is read as a matrix of {@code rows} = the
 * product of all axes but the last and {@code cols} = the last axis. A {@code max x min} matrix A of standard
 * normal samples is factored {@code A = Q R} with R's diagonal positive (the unique such factorization, here by
 * Gram-Schmidt with a second orthogonalization pass); the result is Q when {@code rows >= cols} (orthonormal
 * columns) and Q's transpose otherwise (orthonormal rows). A recurrence {@code h U} with such a U keeps the norm
 * of h, so gradients through many steps neither vanish nor explode at the start of training.
 *
 * @param gain the factor applied to the orthogonal matrix; finite
 */
public record Orthogonal(double gain) implements Initializer {

    /** Validates the gain. */
    public Orthogonal {
        Arguments.requireFinite("Orthogonal", "gain", gain);
    }

    /** Keras's default: gain 1. */
    public Orthogonal() {
        this(1.0);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("Orthogonal", key, shape, dtype);
        if (shape.rank() < 2) {
            throw new IllegalArgumentException("Orthogonal: needs a matrix (rank >= 2), got " + shape);
        }
        int cols = shape.dim(-1);
        int rows = shape.size() / Math.max(cols, 1);
        int m = Math.max(rows, cols);
        int n = Math.min(rows, cols);
        double[] a = Tensor.normal(key, DType.FLOAT64, Shape.of(m, n), 0, 1).toDoubleArray(); // row-major m x n
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int i = 0; i < j; i++) {
                    double dot = 0;
                    for (int k = 0; k < m; k++) {
                        dot += a[k * n + i] * a[k * n + j];
                    }
                    for (int k = 0; k < m; k++) {
                        a[k * n + j] -= dot * a[k * n + i];
                    }
                }
            }
            double norm = 0;
            for (int k = 0; k < m; k++) {
                norm += a[k * n + j] * a[k * n + j];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < m; k++) {
                a[k * n + j] /= norm;
            }
        }
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r * cols + c] = gain * (rows >= cols ? a[r * n + c] : a[c * n + r]);
            }
        }
        return Tensor.of(dtype, shape, out);
    }

    @Override
    public String name() {
        return "orthogonal";
    }
}
