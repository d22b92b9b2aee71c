package dev.adjoint.nn.init;

/**
 * LeCun uniform initialization (Keras {@code "lecun_uniform"}): {@code Uniform[-limit, limit)} with
 * {@code limit = sqrt(3 / fanIn)}, variance {@code 1 / fanIn}. See {@link VarianceScaling}.
 */
public record LecunUniform() implements VarianceScalingPreset {

    /** Scale 1.0, {@code FAN_IN}, {@code UNIFORM}. */
    @Override
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, VarianceScaling.Mode.FAN_IN, VarianceScaling.Distribution.UNIFORM);
    }

    @Override
    public String name() {
        return "lecun_uniform";
    }
}
