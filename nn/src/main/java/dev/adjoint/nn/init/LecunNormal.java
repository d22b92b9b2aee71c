package dev.adjoint.nn.init;

/**
 * LeCun normal initialization (LeCun et al., 1998; Keras {@code "lecun_normal"}, the one SELU needs): a
 * normal truncated at two standard deviations with variance {@code 1 / fanIn}, i.e.
 * {@code stddev = sqrt(1 / fanIn) / 0.87962566103423978} before truncation. See {@link VarianceScaling}.
 */
public record LecunNormal() implements VarianceScalingPreset {

    /** Scale 1.0, {@code FAN_IN}, {@code TRUNCATED_NORMAL}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public String name() {
        return "lecun_normal";
    }
}
