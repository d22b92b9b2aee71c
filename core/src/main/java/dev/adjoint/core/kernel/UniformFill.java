package dev.adjoint.core.kernel;

/**
 * Fills a run of an array with the first {@code count} uniform draws of a SplitMix64 stream, as
 * {@link RandomKernels} defines them: the vector version ({@link VectorUniformFill}, loaded reflectively by
 * {@link RandomKernels}) or {@link #SCALAR}; both give the same bits. With the stream's state {@code s},
 * {@code dst[from + j]} is {@code u_j = (mix64(s + (j + 1)·γ) >>> 11)·2^-53}, in float32 {@code (float) u_j}
 * moved down to the largest float below 1 when it rounded to 1.
 */
interface UniformFill {

    /** SplitMix64's increment γ, the odd integer nearest {@code 2^64/φ}: the state advances by it per draw. */
    long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    /** The first multiplier of {@link #mix64}. */
    long MIX1 = 0xBF58476D1CE4E5B9L;

    /** The second multiplier of {@link #mix64}. */
    long MIX2 = 0x94D049BB133111EBL;

    /** {@code 2^-53}: a 53-bit integer times it is a double in {@code [0, 1)}. */
    double ULP_53 = 0x1.0p-53;

    /** {@code 2^-53} in float32. */
    float ULP_53_FLOAT = 0x1.0p-53f;

    /** The largest float below 1, where a float32 draw that rounded to 1 goes. */
    float BELOW_ONE = 0x1.fffffep-1f;

    /** {@code dst[from + j] = u_j} for {@code j < count}, in float64. */
    void uniform(long state, double[] dst, int from, int count);

    /** {@code dst[from + j] = u_j} in float32 for {@code j < count}. */
    void uniform(long state, float[] dst, int from, int count);

    /** How many draws the fill computes at once (1 in plain Java). */
    int lanes();

    /** The fill in plain Java. */
    UniformFill SCALAR = new UniformFill() {
        @Override
        public int lanes() {
            return 1;
        }

        @Override
        public void uniform(long state, double[] dst, int from, int count) {
            scalar(state, dst, from, 0, count);
        }

        @Override
        public void uniform(long state, float[] dst, int from, int count) {
            scalar(state, dst, from, 0, count);
        }
    };

    /**
     * SplitMix64's output function, a bijection on 64-bit values: {@code z ^= z >>> 30; z *= MIX1;
     * z ^= z >>> 27; z *= MIX2; z ^= z >>> 31} (wrapping), as in {@code Key}.
     */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * MIX1;
        z = (z ^ (z >>> 27)) * MIX2;
        return z ^ (z >>> 31);
    }

    /** {@code dst[from + j] = u_j} in float64 for {@code first <= j < count}: a whole fill or a vector loop's tail. */
    static void scalar(long state, double[] dst, int from, int first, int count) {
        long z = state + first * GOLDEN_GAMMA;
        for (int j = first; j < count; j++) {
            z += GOLDEN_GAMMA;
            dst[from + j] = (mix64(z) >>> 11) * ULP_53;
        }
    }

    /**
     * {@code dst[from + j] = u_j} in float32 for {@code first <= j < count}. With {@code x = x_j >>> 11}, the float
     * {@code (float) x·2^-53} is {@code (float) u_j}: rounding to float commutes with the exact scaling by a power
     * of two, the result being 0 or at least {@code 2^-53}, far from float's subnormals.
     */
    static void scalar(long state, float[] dst, int from, int first, int count) {
        long z = state + first * GOLDEN_GAMMA;
        for (int j = first; j < count; j++) {
            z += GOLDEN_GAMMA;
            float u = (float) (mix64(z) >>> 11) * ULP_53_FLOAT;
            dst[from + j] = u < 1f ? u : BELOW_ONE;
        }
    }
}
