package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * LeCun uniform initialization (Keras {@code "lecun_uniform"}): {@code Uniform[-limit, limit)} with
 * {@code limit = sqrt(3 / fanIn)}, variance {@code 1 / fanIn}. See {@link VarianceScaling}.
 */
public record LecunUniform() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 1.0, {@code FAN_IN}, {@code UNIFORM}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("LecunUniform", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "lecun_uniform";
    }
}
