package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Every element equal to {@code value} (Keras {@code Constant}, default 0), rounded to the dtype. The key is
 * not used. For weights this is the textbook failure: all units of a layer stay identical (see the package
 * notes).
 *
 * @param value the constant; finite
 */
public record Constant(double value) implements Initializer {

    /** Validates the value. */
    public Constant {
        Arguments.requireFinite("Constant", "value", value);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("Constant", key, shape, dtype);
        return Tensor.full(dtype, shape, value);
    }

    @Override
    public String name() {
        return "constant";
    }
}
