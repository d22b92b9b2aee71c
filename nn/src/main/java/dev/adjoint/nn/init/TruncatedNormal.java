package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Samples of {@code Normal(mean, stddev^2)} truncated to {@code [mean - 2 stddev, mean + 2 stddev]} (Keras
 * {@code "truncated_normal"}, defaults mean 0 and stddev 0.05).
 *
 * <p>Truncation is by resampling, as in Keras and TensorFlow: standard normal draws {@code z} are taken from
 * the key's stream in order, and each one with {@code |z| > 2} is discarded and redrawn (about 4.6% of draws).
 * The result is deterministic in the key. Because the tails are cut, the standard deviation of the samples is
 * {@code 0.87962566103423978 stddev}, not {@code stddev}; {@link VarianceScaling} divides by that factor to
 * get the variance it wants.
 *
 * @param mean the mean; finite
 * @param stddev the standard deviation before truncation; finite and {@code >= 0}
 */
public record TruncatedNormal(double mean, double stddev) implements Initializer {

    /** Samples beyond this many standard deviations are redrawn. */
    public static final double BOUND = 2.0;

    /**
     * The standard deviation of a standard normal truncated to {@code [-2, 2]}, the constant Keras divides by:
     * {@code sqrt(1 - 4 phi(2) / (2 Phi(2) - 1))} with the normal density {@code phi} and distribution
     * {@code Phi}.
     */
    public static final double STDDEV_OF_TRUNCATED_STANDARD = 0.87962566103423978;

    /** Validates the parameters. */
    public TruncatedNormal {
        Arguments.requireFinite("TruncatedNormal", "mean", mean);
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("TruncatedNormal: stddev must be finite and >= 0, got " + stddev);
        }
    }

    /** Keras's defaults: mean 0, stddev 0.05. */
    public TruncatedNormal() {
        this(0.0, 0.05);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("TruncatedNormal", key, shape, dtype);
        Key.Stream stream = key.stream();
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
            double z = stream.nextGaussian();
            while (Math.abs(z) > BOUND) {
                z = stream.nextGaussian();
            }
            data[i] = mean + stddev * z;
        }
        return Tensor.of(dtype, shape, data);
    }

    @Override
    public String name() {
        return "truncated_normal";
    }
}
