package dev.adjoint.examples.data;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Per-column standardization {@code (x - mean) / std}, with mean and standard deviation measured on the
 * training rows only (so no information leaks from the test set). Constant columns are left centred.
 *
 * @param mean per-column means
 * @param std per-column standard deviations (1 for constant columns)
 */
public record Standardizer(double[] mean, double[] std) {

    /** Measures the columns of a {@code [rows, columns]} tensor. */
    public static Standardizer fit(Tensor x) {
        int rows = x.shape().dim(0);
        int cols = x.shape().dim(1);
        double[] data = x.toDoubleArray();
        double[] mean = new double[cols];
        double[] std = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                mean[j] += data[i * cols + j] / rows;
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double d = data[i * cols + j] - mean[j];
                std[j] += d * d / rows;
            }
        }
        for (int j = 0; j < cols; j++) {
            std[j] = std[j] > 1e-12 ? Math.sqrt(std[j]) : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /** The standardized columns. */
    public Tensor apply(Tensor x) {
        int cols = mean.length;
        double[] data = x.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            data[i] = (data[i] - mean[i % cols]) / std[i % cols];
        }
        return Tensor.of(x.dtype(), x.shape(), data);
    }

    /** A column vector {@code [rows, 1]} standardized by its own statistics. */
    public static Tensor column(Tensor y) {
        return fit(y.reshape(Shape.of(y.size(), 1))).apply(y.reshape(Shape.of(y.size(), 1)));
    }
}
