package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * Glorot (Xavier) normal initialization (Glorot and Bengio, 2010; Keras {@code "glorot_normal"}): a
 * normal truncated at two standard deviations with variance {@code 2 / (fanIn + fanOut)}, i.e.
 * {@code stddev = sqrt(2 / (fanIn + fanOut)) / 0.87962566103423978} before truncation. See
 * {@link VarianceScaling} and {@link Fans}.
 */
public record GlorotNormal() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 1.0, {@code FAN_AVG}, {@code TRUNCATED_NORMAL}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("GlorotNormal", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "glorot_normal";
    }
}
