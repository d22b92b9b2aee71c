package dev.adjoint.nn.init;

/**
 * He normal initialization (He et al., 2015; Keras {@code "he_normal"}), for ReLU networks: a normal
 * truncated at two standard deviations with variance {@code 2 / fanIn}, i.e.
 * {@code stddev = sqrt(2 / fanIn) / 0.87962566103423978} before truncation. See {@link VarianceScaling}.
 */
public record HeNormal() implements VarianceScalingPreset {

    /** Scale 2.0, {@code FAN_IN}, {@code TRUNCATED_NORMAL}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public String name() {
        return "he_normal";
    }
}
