package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Independent samples of {@code Uniform[min, max)} (Keras {@code "random_uniform"}, whose {@code minval} and
 * {@code maxval} default to -0.05 and 0.05), by {@code Tensor.uniform}. Mean {@code (min + max) / 2},
 * variance {@code (max - min)^2 / 12}. In float32 a sample just below {@code max} may round to {@code max}.
 *
 * @param min the lower bound; finite
 * @param max the upper bound; finite and {@code > min}
 */
public record RandomUniform(double min, double max) implements Initializer {

    /** Validates the bounds. */
    public RandomUniform {
        Arguments.requireFinite("RandomUniform", "min", min);
        Arguments.requireFinite("RandomUniform", "max", max);
        if (!(min < max)) {
            throw new IllegalArgumentException("RandomUniform: min must be < max, got min " + min + " and max "
                    + max);
        }
    }

    /** Keras's defaults: [-0.05, 0.05). */
    public RandomUniform() {
        this(-0.05, 0.05);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("RandomUniform", key, shape, dtype);
        return Tensor.uniform(key, dtype, shape, min, max);
    }

    @Override
    public String name() {
        return "random_uniform";
    }
}
