package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/** All ones (Keras {@code "ones"}), e.g. a normalization layer's scale. The key is not used. */
public record Ones() implements Initializer {

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("Ones", key, shape, dtype);
        return Tensor.ones(dtype, shape);
    }

    @Override
    public String name() {
        return "ones";
    }
}
