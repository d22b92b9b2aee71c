package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/**
 * LeCun normal initialization (LeCun et al., 1998; Keras {@code "lecun_normal"}, the one SELU needs): a
 * normal truncated at two standard deviations with variance {@code 1 / fanIn}, i.e.
 * {@code stddev = sqrt(1 / fanIn) / 0.87962566103423978} before truncation. See {@link VarianceScaling}.
 */
public record LecunNormal() implements Initializer {

    /** The equivalent {@link VarianceScaling}: scale 1.0, {@code FAN_IN}, {@code TRUNCATED_NORMAL}. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("LecunNormal", key, shape, dtype);
        return asVarianceScaling().initialize(key, shape, dtype);
    }

    @Override
    public String name() {
        return "lecun_normal";
    }
}
