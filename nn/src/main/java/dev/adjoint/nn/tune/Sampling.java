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
        if (this == LOG) {
            double ratio = max / min;
            // max / min overflows for a range such as [1e-300, 1e300]: then the difference of the logarithms.
            return Double.isInfinite(ratio) ? (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))
                    : Math.log(v / min) / Math.log(ratio);
        }
        double span = max - min;
        // max - min overflows for a range such as [-1e308, 1e308]: then measured in halves, which do not.
        return Double.isInfinite(span) ? (v / 2 - min / 2) / (max / 2 - min / 2) : (v - min) / span;
    }

    /** The value at position {@code u} (clamped to {@code [0, 1]}) of {@code [min, max]} on this scale. */
    double fromUnit(double u, double min, double max) {
        double clamped = Math.min(1, Math.max(0, u));
        if (this == LOG) {
            double ratio = max / min;
            if (Double.isInfinite(ratio)) { // min * exp(u ln(max / min)) would overflow on the way
                if (clamped == 0 || clamped == 1) {
                    return clamped == 0 ? min : max;
                }
                double logMin = Math.log(min);
                return Math.min(max, Math.max(min, Math.exp(logMin + clamped * (Math.log(max) - logMin))));
            }
            return min * Math.exp(clamped * Math.log(ratio));
        }
        double span = max - min;
        if (Double.isInfinite(span)) { // min + u (max - min) would overflow on the way: computed in halves
            return Math.min(max, Math.max(min, 2 * (min / 2 + clamped * (max / 2 - min / 2))));
        }
        return min + clamped * span;
    }
}
