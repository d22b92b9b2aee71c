package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.layer.Normalization;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * Per-feature scaling measured on the training rows only, so that nothing leaks from validation or test
 * data: standardization {@code (x - mean) / std} (scikit-learn's {@code StandardScaler}) and min-max scaling
 * {@code (x - min) / (max - min)} to {@code [0, 1]} (its {@code MinMaxScaler}). Both give a
 * {@link Normalization}, which scales tensors ({@link Normalization#transform}, {@link Normalization#inverse})
 * and is a model's first layer, so that the model takes raw inputs and is saved with its preprocessing:
 *
 * <pre>{@code
 * Normalization scaling = Scaling.standardize(split.train().x());
 * model.add(scaling);                                       // saved and loaded with the model
 * }</pre>
 *
 * <p>The features of an example are its elements in row-major order ({@link #standardize(Tensor, int)} measures
 * per index along one axis instead, Keras's {@code Normalization(axis)}). A constant feature (scikit-learn's test:
 * a variance within the rounding error of computing it, relative to the feature's scale) gets {@code std = 1},
 * and range 1 for min-max scaling: it is centred, not blown up. A feature of small units is scaled like any other
 * (until 2026-12-05 a variance at most {@code 1e-12} counted as constant, which left features of std 1e-6 as
 * they were).
 */
public final class Scaling {

    private Scaling() {
    }

    /**
     * Standardization with the mean and the (population) standard deviation of each feature of
     * {@code x : [rows, ...]}.
     *
     * @throws IllegalArgumentException when {@code x} has no rows or a non-finite value (named by row and
     *     feature)
     */
    public static Normalization standardize(Tensor x) {
        int features = count("Scaling.standardize", x);
        double[][] stats = moments(x.toDoubleArray(), features, i -> i % features);
        return new Normalization(stats[0], stats[1], null);
    }

    /**
     * Standardization with statistics per index along {@code axis}, shared over the rows and every other axis:
     * Keras's {@code Normalization(axis=axis)} (its default {@code axis=-1} is the last), for images or sequences
     * {@code [rows, ..., d]} whose features are the {@code d} channels or embeddings. The layer it gives still
     * scales element by element: each element by the statistics of its index along {@code axis}. For an input
     * {@code [rows, d]}, {@code standardize(x, -1)} is {@link #standardize(Tensor)}.
     *
     * @throws IllegalArgumentException when {@code axis} is the rows' axis 0 or not an axis of {@code x}, or as
     *     {@link #standardize(Tensor)}
     */
    public static Normalization standardize(Tensor x, int axis) {
        int features = count("Scaling.standardize", x);
        int rank = x.rank();
        int a = axis < 0 ? axis + rank : axis;
        if (a < 1 || a >= rank) {
            throw new IllegalArgumentException("Scaling.standardize: axis must be an axis of x other than the rows'"
                    + " axis 0, in [1, " + rank + ") or [" + (1 - rank) + ", -1], got " + axis + " for x " + x.shape());
        }
        int stride = x.shape().strides()[a];
        int size = x.shape().dim(a);
        double[][] stats = moments(x.toDoubleArray(), size, i -> (i / stride) % size);
        double[] center = new double[features];
        double[] scale = new double[features];
        for (int e = 0; e < features; e++) {
            center[e] = stats[0][(e / stride) % size];
            scale[e] = stats[1][(e / stride) % size];
        }
        return new Normalization(center, scale, null);
    }

    /**
     * The mean and the (population) standard deviation of each of {@code features} statistics, element {@code i}
     * of {@code data} counting toward {@code featureOf(i)}; a constant feature's std is 1.
     */
    private static double[][] moments(double[] data, int features, IntUnaryOperator featureOf) {
        // Each feature is measured in units of a power of two near its largest magnitude, so that neither the
        // sum nor the squares overflow ({1e200, -1e200} has a finite mean and std but a sum of squares of 8e400).
        // Scaling by a power of two is exact: in-range data gets the same bits as an unscaled computation.
        double[] largest = new double[features];
        for (int i = 0; i < data.length; i++) {
            int f = featureOf.applyAsInt(i);
            largest[f] = Math.max(largest[f], Math.abs(data[i]));
        }
        int[] exponent = new int[features];
        for (int j = 0; j < features; j++) {
            exponent[j] = largest[j] == 0 ? 0 : Math.getExponent(largest[j]);
        }
        double[] mean = new double[features]; // in units of 2^exponent until the end
        double[] std = new double[features];
        for (int i = 0; i < data.length; i++) {
            int f = featureOf.applyAsInt(i);
            mean[f] += Math.scalb(data[i], -exponent[f]);
        }
        int perFeature = data.length / features; // rows times the positions of one feature in a row
        for (int j = 0; j < features; j++) {
            mean[j] /= perFeature;
        }
        for (int i = 0; i < data.length; i++) {
            int f = featureOf.applyAsInt(i);
            double d = Math.scalb(data[i], -exponent[f]) - mean[f];
            std[f] += d * d;
        }
        for (int j = 0; j < features; j++) {
            double scaledVariance = std[j] / perFeature;
            std[j] = constant(scaledVariance, mean[j], perFeature) ? 1.0
                    : Math.scalb(Math.sqrt(scaledVariance), exponent[j]);
            mean[j] = Math.scalb(mean[j], exponent[j]);
        }
        return new double[][] {mean, std};
    }

    /**
     * scikit-learn's test of a constant feature: a variance within the rounding error of computing it,
     * {@code var <= n ε var + (n |mean| ε)²} with ε the double's machine epsilon. Relative to the feature's own
     * scale, so a feature measured in small units (a std of 1e-6) is standardized like any other; the same in
     * units of a power of two, as the caller measures.
     */
    private static boolean constant(double variance, double mean, int rows) {
        double eps = Math.ulp(1.0);
        double rounding = rows * Math.abs(mean) * eps;
        return variance <= rows * eps * variance + rounding * rounding;
    }

    /**
     * Min-max scaling to {@code [0, 1]} with the extremes of each feature of {@code x : [rows, ...]}; other
     * rows may fall outside {@code [0, 1]}.
     *
     * @throws IllegalArgumentException when {@code x} has no rows or a non-finite value (named by row and
     *     feature), or a feature whose range {@code max - min} is larger than the largest double (named by
     *     feature; {@link #standardize} scales such a feature)
     */
    public static Normalization minMax(Tensor x) {
        int features = count("Scaling.minMax", x);
        double[] min = new double[features];
        double[] max = new double[features];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < x.size(); i++) {
            double v = x.flat(i);
            min[i % features] = Math.min(min[i % features], v);
            max[i % features] = Math.max(max[i % features], v);
        }
        double[] range = new double[features];
        for (int j = 0; j < features; j++) {
            range[j] = max[j] > min[j] ? max[j] - min[j] : 1.0;
            if (Double.isInfinite(range[j])) {
                throw new IllegalArgumentException("Scaling.minMax: feature " + j + " ranges from " + min[j] + " to "
                        + max[j] + "; its range max - min, the divisor of min-max scaling, must be at most "
                        + Double.MAX_VALUE + " (the largest double), got one beyond it; standardize the feature"
                        + " instead, or rescale it first");
            }
        }
        return new Normalization(min, range, null);
    }

    /** The number of features of {@code x : [N, ...]}, checked to have rows and finite values. */
    private static int count(String who, Tensor x) {
        Objects.requireNonNull(x, who + ": x is null");
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
}
