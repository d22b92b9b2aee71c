package dev.adjoint.nn.init;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Objects;

/**
 * Keras's {@code VarianceScaling}: zero-mean samples with variance {@code scale / n}, where {@code n} is the
 * parameter's fan-in, fan-out or their average ({@link Fans}; at least 1), so that activations (fan-in) or
 * gradients (fan-out) keep their variance from layer to layer.
 * <ul>
 *   <li>{@link Distribution#TRUNCATED_NORMAL}: {@link TruncatedNormal} with
 *       {@code stddev = sqrt(scale / n) / 0.87962566103423978}, so the truncated samples have variance
 *       {@code scale / n} and lie within {@code ±2 stddev};</li>
 *   <li>{@link Distribution#UNTRUNCATED_NORMAL}: {@code Normal(0, scale / n)};</li>
 *   <li>{@link Distribution#UNIFORM}: {@code Uniform[-limit, limit)} with {@code limit = sqrt(3 scale / n)}.</li>
 * </ul>
 * The named cases: {@link GlorotNormal}/{@link GlorotUniform} (scale 1, fan average; Glorot and Bengio
 * 2010), {@link HeNormal}/{@link HeUniform} (scale 2, fan-in; He et al. 2015, for ReLU),
 * {@link LecunNormal}/{@link LecunUniform} (scale 1, fan-in; for SELU). Keras's defaults are scale 1, fan-in,
 * truncated normal.
 *
 * @param scale the variance multiplier; finite and {@code > 0}
 * @param mode which fan divides the scale
 * @param distribution which distribution is sampled
 */
public record VarianceScaling(double scale, Mode mode, Distribution distribution) implements Initializer {

    /** Which fan {@code n} divides the scale. */
    public enum Mode {
        /** {@code n = fanIn}: preserves the variance of activations in the forward pass. */
        FAN_IN,
        /** {@code n = fanOut}: preserves the variance of gradients in the backward pass. */
        FAN_OUT,
        /** {@code n = (fanIn + fanOut) / 2}: Glorot's compromise. */
        FAN_AVG
    }

    /** Which distribution is sampled. */
    public enum Distribution {
        /** A normal truncated at two standard deviations, rescaled (Keras's default). */
        TRUNCATED_NORMAL,
        /** A plain normal. */
        UNTRUNCATED_NORMAL,
        /** A symmetric uniform. */
        UNIFORM
    }

    /** Validates the parameters. */
    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be finite and > 0, got " + scale);
        }
        Objects.requireNonNull(mode, "mode is null");
        Objects.requireNonNull(distribution, "distribution is null");
    }

    /** Keras's defaults: scale 1, fan-in, truncated normal. */
    public VarianceScaling() {
        this(1.0, Mode.FAN_IN, Distribution.TRUNCATED_NORMAL);
    }

    /** The variance of the samples for a parameter of this shape, {@code scale / max(1, n)}. */
    public double variance(Shape shape) {
        Fans fans = Fans.of(shape);
        double n = switch (mode) {
            case FAN_IN -> fans.fanIn();
            case FAN_OUT -> fans.fanOut();
            case FAN_AVG -> fans.average();
        };
        return scale / Math.max(1.0, n);
    }

    @Override
    public Tensor initialize(Key key, Shape shape, DType dtype) {
        Arguments.check("VarianceScaling", key, shape, dtype);
        double variance = variance(shape);
        return switch (distribution) {
            case TRUNCATED_NORMAL -> new TruncatedNormal(0.0,
                    Math.sqrt(variance) / TruncatedNormal.STDDEV_OF_TRUNCATED_STANDARD).initialize(key, shape, dtype);
            case UNTRUNCATED_NORMAL -> Tensor.normal(key, dtype, shape, 0.0, Math.sqrt(variance));
            case UNIFORM -> {
                double limit = Math.sqrt(3 * variance);
                yield Tensor.uniform(key, dtype, shape, -limit, limit);
            }
        };
    }

    @Override
    public String name() {
        return "variance_scaling";
    }
}
