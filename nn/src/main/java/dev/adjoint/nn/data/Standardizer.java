package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Normalization;
import java.util.Arrays;

/**
 * Per-feature standardization {@code (x - mean) / std} (scikit-learn's {@code StandardScaler}), with the
 * mean and the (population) standard deviation measured on the training rows only, so that nothing leaks
 * from validation or test data. A feature of variance at most {@code 1e-12} gets {@code std = 1}: it is centred, not blown up.
 *
 * <p>{@link #asLayer()} turns the fitted statistics into a {@link Normalization} layer, the first layer of
 * a model that then takes raw inputs and is saved with its preprocessing:
 *
 * <pre>{@code
 * Standardizer scaling = Standardizer.fit(split.train().x());
 * model.add(scaling.asLayer());                                     // saved and loaded with the model
 * }</pre>
 *
 * @param mean per-feature means
 * @param std per-feature standard deviations (1 for constant features)
 */
public record Standardizer(double[] mean, double[] std) {

    /** Copies the statistics. */
    public Standardizer {
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Measures the features of {@code x : [rows, ...]}.
     *
     * @throws IllegalArgumentException when {@code x} has no rows or a non-finite value (named by row and
     *     feature)
     */
    public static Standardizer fit(Tensor x) {
        int features = Features.count("Standardizer", x);
        int rows = x.shape().dim(0);
        double[] data = x.toDoubleArray();
        double[] mean = new double[features];
        double[] std = new double[features];
        for (int i = 0; i < data.length; i++) {
            mean[i % features] += data[i];
        }
        for (int j = 0; j < features; j++) {
            mean[j] /= rows;
        }
        for (int i = 0; i < data.length; i++) {
            double d = data[i] - mean[i % features];
            std[i % features] += d * d;
        }
        for (int j = 0; j < features; j++) {
            double variance = std[j] / rows;
            std[j] = variance > 1e-12 ? Math.sqrt(variance) : 1.0;
        }
        return new Standardizer(mean, std);
    }

    /** The means (a copy). */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** The standard deviations (a copy). */
    @Override
    public double[] std() {
        return std.clone();
    }

    /** The standardized inputs, in {@code x}'s dtype. */
    public Tensor transform(Tensor x) {
        return Features.scale("Standardizer", x, mean, std, false);
    }

    /** {@code y * std + mean}: back to the original units (e.g. a regression's predictions). */
    public Tensor inverse(Tensor y) {
        return Features.scale("Standardizer", y, mean, std, true);
    }

    /** The same scaling as the first layer of a model. */
    public Normalization asLayer() {
        return new Normalization(mean, std, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Standardizer other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Standardizer[features=" + mean.length + "]";
    }
}
