package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/** All zeros (Keras {@code "zeros"}): the usual bias initializer. The key is not used. */
public record Zeros() implements Initializer {

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("Zeros", key, shape, dtype);
        return Tensor.zeros(dtype, shape);
    }

    @Override
    public String name() {
        return "zeros";
    }
}
