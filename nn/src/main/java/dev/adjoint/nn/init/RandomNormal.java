package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Independent samples of {@code Normal(mean, stddev^2)} (Keras {@code "random_normal"}, defaults mean 0 and
 * stddev 0.05), by {@code Tensor.normal}: Box-Muller on the key's SplitMix64 stream.
 *
 * @param mean the mean; finite
 * @param stddev the standard deviation; finite and {@code >= 0}
 */
public record RandomNormal(double mean, double stddev) implements Initializer {

    /** Validates the parameters. */
    public RandomNormal {
        Arguments.requireFinite("RandomNormal", "mean", mean);
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("RandomNormal: stddev must be finite and >= 0, got " + stddev);
        }
    }

    /** Keras's defaults: mean 0, stddev 0.05. */
    public RandomNormal() {
        this(0.0, 0.05);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("RandomNormal", key, shape, dtype);
        return Tensor.normal(key, dtype, shape, mean, stddev);
    }

    @Override
    public String name() {
        return "random_normal";
    }
}
