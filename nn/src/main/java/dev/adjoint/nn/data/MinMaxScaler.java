package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Normalization;
import java.util.Arrays;

/**
 * Per-feature min-max scaling {@code (x - min) / (max - min)} to {@code [0, 1]} (scikit-learn's
 * {@code MinMaxScaler}), with the extremes measured on the training rows only; other rows may fall outside
 * {@code [0, 1]}. A constant feature gets range 1: it is shifted to 0, not divided by zero.
 * {@link #asLayer()} makes it the first layer of a model, saved and loaded with it.
 *
 * @param min per-feature minima
 * @param max per-feature maxima
 */
public record MinMaxScaler(double[] min, double[] max) {

    /** Copies the extremes. */
    public MinMaxScaler {
        min = min.clone();
        max = max.clone();
    }

    /**
     * Measures the features of {@code x : [rows, ...]}.
     *
     * @throws IllegalArgumentException when {@code x} has no rows or a non-finite value (named by row and
     *     feature)
     */
    public static MinMaxScaler fit(Tensor x) {
        int features = Features.count("MinMaxScaler", x);
        double[] min = new double[features];
        double[] max = new double[features];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.size(); i++) {
            double v = x.flat(i);
            min[i % features] = Math.min(min[i % features], v);
            max[i % features] = Math.max(max[i % features], v);
        }
        return new MinMaxScaler(min, max);
    }

    /** The minima (a copy). */
    @Override
    public double[] min() {
        return min.clone();
    }

    /** The maxima (a copy). */
    @Override
    public double[] max() {
        return max.clone();
    }

    private double[] range() {
        double[] range = new double[min.length];
        for (int j = 0; j < range.length; j++) {
            double r = max[j] - min[j];
            range[j] = r > 0 ? r : 1.0;
        }
        return range;
    }

    /** The scaled inputs, in {@code x}'s dtype. */
    public Tensor transform(Tensor x) {
        return Features.scale("MinMaxScaler", x, min, range(), false);
    }

    /** {@code y * (max - min) + min}: back to the original units. */
    public Tensor inverse(Tensor y) {
        return Features.scale("MinMaxScaler", y, min, range(), true);
    }

    /** The same scaling as the first layer of a model. */
    public Normalization asLayer() {
        return new Normalization(min, range(), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinMaxScaler other && Arrays.equals(min, other.min) && Arrays.equals(max, other.max);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(min) + Arrays.hashCode(max);
    }

    @Override
    public String toString() {
        return "MinMaxScaler[features=" + min.length + "]";
    }
}
