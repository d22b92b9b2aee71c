package dev.adjoint.nn.metric;

/** The decision thresholds of the counting metrics. */
final class Thresholds {

    /** Keras's margin around the end thresholds of {@link Auc}, {@code backend.epsilon()}. */
    static final double EPSILON = 1e-7;

    private Thresholds() {
    }

    /** Checks that a threshold is finite. */
    static void check(String who, double threshold) {
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException(who + ": threshold must be finite, got " + threshold);
        }
    }

    /**
     * Keras's AUC thresholds: {@code -eps}, then {@code i / (T - 1)} for {@code i = 1 .. T-2}, then
     * {@code 1 + eps}, so that predictions of exactly 0 and 1 fall strictly between the ends.
     */
    static double[] uniform(int count) {
        double[] t = new double[count];
        t[0] = -EPSILON;
        for (int i = 1; i < count - 1; i++) {
            t[i] = i / (double) (count - 1);
        }
        t[count - 1] = 1 + EPSILON;
        return t;
    }
}
