package dev.adjoint.core.kernel;

/**
 * The sign convention of eigenvectors and singular vectors, which are defined only up to sign: a vector is
 * turned so that its component of largest magnitude (the first of them on ties) is positive. The choice is
 * deterministic and, where that component is unique, locally constant, so the vectors are smooth functions of
 * the matrix wherever the decomposition itself is.
 */
final class SignConvention {

    private SignConvention() {
    }

    /** +1 or -1: the sign that makes the vector {@code x[o], x[o + stride], ...} of {@code count} elements conform. */
    static double of(double[] x, int o, int stride, int count) {
        double best = -1;
        double sign = 1;
        for (int r = 0; r < count; r++) {
            double value = x[o + r * stride];
            if (Math.abs(value) > best) {
                best = Math.abs(value);
                sign = value < 0 ? -1 : 1;
            }
        }
        return sign;
    }
}
