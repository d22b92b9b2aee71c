package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * He normal initialization (He et al., 2015; Keras {@code "he_normal"}), for ReLU networks: a normal
 * truncated at two standard deviations with variance {@code 2 / fanIn}, i.e.
 * {@code stddev = sqrt(2 / fanIn) / 0.87962566103423978} before truncation. See {@link VarianceScaling}.
 */
public record HeNormal() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 2.0, {@code FAN_IN}, {@code TRUNCATED_NORMAL}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("HeNormal", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "he_normal";
    }
}
