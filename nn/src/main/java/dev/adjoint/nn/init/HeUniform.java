package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * He uniform initialization (He et al., 2015; Keras {@code "he_uniform"}): {@code Uniform[-limit, limit)}
 * with {@code limit = sqrt(6 / fanIn)}, variance {@code 2 / fanIn}. See {@link VarianceScaling}.
 */
public record HeUniform() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 2.0, {@code FAN_IN}, {@code UNIFORM}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("HeUniform", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "he_uniform";
    }
}
