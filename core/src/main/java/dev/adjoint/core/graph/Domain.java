package dev.adjoint.core.graph;

/**
 * Where an op's input is defined and differentiable, as a range to draw test values from
 * ({@link Op#domain}): an interval {@code [low, high]}, a simplest value that shrinking moves towards, and an
 * optional exclusion zone {@code |x - kink| < gap} around a point where the op is singular or not
 * differentiable (0 for {@code abs}, {@code relu} and a divisor).
 *
 * @param low the smallest value
 * @param high the largest value
 * @param simplest the value drawn by choice 0, inside the interval and outside the exclusion zone
 * @param kink the centre of the exclusion zone
 * @param gap the exclusion zone's half-width (0: none)
 */
public record Domain(double low, double high, double simplest, double kink, double gap) {

    /** Any value in [-3, 3]. */
    public static final Domain REAL = new Domain(-3, 3, 0, 0, 0);
    /** Positive values in [0.2, 4] (for log, sqrt, pow's base). */
    public static final Domain POSITIVE = new Domain(0.2, 4, 1, 0, 0);
    /** Values in [-4, 4] at least 0.2 away from 0 (for div's divisor, negative powers). */
    public static final Domain NONZERO = new Domain(-4, 4, 1, 0, 0.2);
    /** Values in [-3, 3] at least 0.1 away from 0 (for kinks at 0: abs, relu, leakyRelu, elu). */
    public static final Domain AWAY_FROM_ZERO = new Domain(-3, 3, 1, 0, 0.1);
    /** Values in [-0.8, 3] (for log1p, whose domain is x > -1). */
    public static final Domain ABOVE_MINUS_ONE = new Domain(-0.8, 3, 0, 0, 0);
    /** Values in [0.05, 0.95] (probabilities). */
    public static final Domain UNIT_INTERVAL = new Domain(0.05, 0.95, 0.5, 0, 0);

    /** Validates the parameters. */
    public Domain {
        if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(high - low)
                || !(simplest >= low && simplest <= high) || !Double.isFinite(kink) || !(gap >= 0)
                || Double.isInfinite(gap) || Math.abs(simplest - kink) < gap) {
            throw new IllegalArgumentException("domain: needs finite low < high, simplest in [low, high] and outside"
                    + " the finite gap, got low " + low + ", high " + high
                    + ", simplest " + simplest + ", kink " + kink + ", gap " + gap);
        }
    }

    /** An interval with its midpoint as the simplest value. */
    public static Domain between(double low, double high) {
        return new Domain(low, high, (low + high) / 2, 0, 0);
    }

    /** True when {@code x} lies in the domain. */
    public boolean contains(double x) {
        return x >= low && x <= high && Math.abs(x - kink) >= gap;
    }
}
