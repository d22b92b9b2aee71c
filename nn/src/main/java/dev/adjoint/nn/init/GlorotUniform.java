package dev.adjoint.nn.init;

/**
 * Glorot (Xavier) uniform initialization (Glorot and Bengio, 2010; Keras {@code "glorot_uniform"}, the
 * default kernel initializer of Keras's {@code Dense}): {@code Uniform[-limit, limit)} with
 * {@code limit = sqrt(6 / (fanIn + fanOut))}, variance {@code 2 / (fanIn + fanOut)}. See
 * {@link VarianceScaling} and {@link Fans}.
 */
public record GlorotUniform() implements VarianceScalingPreset {

    /** Scale 1.0, {@code FAN_AVG}, {@code UNIFORM}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_AVG, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public String name() {
        return "glorot_uniform";
    }
}
