package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Glorot (Xavier) uniform initialization (Glorot and Bengio, 2010; Keras {@code "glorot_uniform"}, the
 * default kernel initializer of Keras's {@code Dense}): {@code Uniform[-limit, limit)} with
 * {@code limit = sqrt(6 / (fanIn + fanOut))}, variance {@code 2 / (fanIn + fanOut)}. See
 * {@link VarianceScaling} and {@link Fans}.
 */
public record GlorotUniform() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 1.0, {@code FAN_AVG}, {@code UNIFORM}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("GlorotUniform", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "glorot_uniform";
    }
}
