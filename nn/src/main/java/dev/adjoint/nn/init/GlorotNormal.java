package dev.adjoint.nn.init;

/**
 * Glorot (Xavier) normal initialization (Glorot and Bengio, 2010; Keras {@code "glorot_normal"}): a
 * normal truncated at two standard deviations with variance {@code 2 / (fanIn + fanOut)}, i.e.
 * {@code stddev = sqrt(2 / (fanIn + fanOut)) / 0.87962566103423978} before truncation. See
 * {@link VarianceScaling} and {@link Fans}.
 */
public record GlorotNormal() implements VarianceScalingPreset {

    /** Scale 1.0, {@code FAN_AVG}, {@code TRUNCATED_NORMAL}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.TRUNCATED_NORMAL);
    }

    @Override
    public String name() {
        return "glorot_normal";
    }
}
