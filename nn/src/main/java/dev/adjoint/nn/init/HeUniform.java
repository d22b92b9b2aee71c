package dev.adjoint.nn.init;

/**
 * He uniform initialization (He et al., 2015; Keras {@code "he_uniform"}): {@code Uniform[-limit, limit)}
 * with {@code limit = sqrt(6 / fanIn)}, variance {@code 2 / fanIn}. See {@link VarianceScaling}.
 */
public record HeUniform() implements VarianceScalingPreset {

    /** Scale 2.0, {@code FAN_IN}, {@code UNIFORM}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public String name() {
        return "he_uniform";
    }
}
