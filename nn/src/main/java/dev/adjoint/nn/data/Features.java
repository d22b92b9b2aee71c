package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Per-feature views of a dataset's inputs for the scalers: the features of an example are its elements in
 * row-major order ({@code d1 * ... * dk} of them for inputs {@code [N, d1, ..., dk]}).
 */
final class Features {

    private Features() {
    }

    /** The number of features of {@code x : [N, ...]}, checked to have rows and finite values. */
    static int count(String who, Tensor x) {
        Objects.requireNonNull(x, "x is null");
        if (x.rank() < 2) {
            throw new IllegalArgumentException(who + ": x must be [rows, features...], got " + x.shape());
        }
        int rows = x.shape().dim(0);
        if (rows == 0) {
            throw new IllegalArgumentException(who + ": x has no rows to measure, got " + x.shape());
        }
        int features = x.size() / rows;
        for (int i = 0; i < x.size(); i++) {
            double v = x.flat(i);
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(who + ": x must be finite, got " + v + " at row " + i / features
                        + ", feature " + i % features);
            }
        }
        return features;
    }

    /**
     * {@code (x - center) / scale} per feature, or its inverse {@code x * scale + center}, in {@code x}'s dtype.
     *
     * @throws IllegalArgumentException when {@code x} has another number of features
     */
    static Tensor scale(String who, Tensor x, double[] center, double[] scale, boolean inverse) {
        Objects.requireNonNull(x, "x is null");
        int rows = x.rank() < 1 ? 0 : x.shape().dim(0);
        if (x.rank() < 2 || (rows > 0 ? x.size() / rows : x.shape().drop(0).size()) != center.length) {
            throw new IllegalArgumentException(who + ": x must be [rows, ...] with " + center.length
                    + " features per row, got " + x.shape());
        }
        double[] data = x.toDoubleArray();
        for (int i = 0; i < data.length; i++) {
            int j = i % center.length;
            data[i] = inverse ? data[i] * scale[j] + center[j] : (data[i] - center[j]) / scale[j];
        }
        return Tensor.of(x.dtype(), x.shape(), data);
    }
}
