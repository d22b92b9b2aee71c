package dev.adjoint.nn.tune;

/** How a numeric hyperparameter's range is sampled and encoded for the Gaussian process. */
public enum Sampling {
    /** Uniform in the value: {@code u = (v - min) / (max - min)}. */
    LINEAR,
    /** Uniform in the logarithm, for scales such as learning rates: {@code u = ln(v / min) / ln(max / min)}. */
    LOG;

    /** The position {@code u} of {@code v} in {@code [min, max]} on this scale, 0.5 for a one-point range. */
    double toUnit(double v, double min, double max) {
        if (max == min) {
            return 0.5;
        }
        return this == LOG ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min);
    }

    /** The value at position {@code u} (clamped to {@code [0, 1]}) of {@code [min, max]} on this scale. */
    double fromUnit(double u, double min, double max) {
        double clamped = Math.min(1, Math.max(0, u));
        return this == LOG ? min * Math.exp(clamped * Math.log(max / min)) : min + clamped * (max - min);
    }
}
