package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * A named case of {@link VarianceScaling} (Keras's {@code glorot_*}, {@code he_*} and {@code lecun_*}): the
 * record says which scale, fan and distribution it is, and initializes exactly as that
 * {@code VarianceScaling} does.
 */
public interface VarianceScalingPreset extends Initializer {

    /** The equivalent {@link VarianceScaling}. */
    VarianceScaling asVarianceScaling();

    @Override
    default Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check(getClass().getSimpleName(), key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }
}
