package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link UniformFill} on the Vector API, one vector of counters at a time (float32 rounds blocks of float64
 * draws); loaded reflectively by {@link RandomKernels}. Lane {@code i} of the vector for draws
 * {@code j .. j + L - 1} holds the counter {@code s + (j + i + 1)·γ}, and each step adds {@code L·γ} to all
 * lanes. The 53 top bits {@code x} of a draw become a double without a long-to-double conversion (which AVX2
 * lacks): with {@code m = x >>> 1} and {@code b = x & 1}, the double whose exponent is that of 1 and whose 52
 * mantissa bits are {@code m} is {@code 1 + m·2^-52}, so {@code u = ((1 + m·2^-52) - 1) + b·2^-53}; both
 * operations are exact, since every partial result is a multiple of {@code 2^-53} below 1, so {@code u} has the
 * bits of {@code x·2^-53}.
 */
final class VectorUniformFill implements UniformFill {

    private static final VectorSpecies<Long> LS = LongVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int L = LS.length();
    /** Lane i holds {@code (i + 1)·γ}. */
    private static final LongVector OFFSETS = LongVector.fromArray(LS, offsets(L), 0);
    /** The bits of 1.0: a 52-bit integer m or-ed into them reads as {@code 1 + m·2^-52}. */
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);
    private static final long ULP_53_BITS = Double.doubleToRawLongBits(ULP_53);
    /**
     * Draws per block of the float32 fill (a multiple of every vector length), in scratch slot 0: the fill is a
     * kernel of its own, never called while another holds a slot.
     */
    private static final int BLOCK = 512;

    @Override
    public void uniform(long state, double[] dst, int from, int count) {
        LongVector counter = OFFSETS.add(state);
        long step = L * GOLDEN_GAMMA;
        int j = 0;
        for (int end = LS.loopBound(count); j < end; j += L) {
            toUnit(mix64(counter)).intoArray(dst, from + j);
            counter = counter.add(step);
        }
        UniformFill.scalar(state, dst, from, j, count);
    }

    /**
     * The draws in float64 on vectors, a block at a time into scratch, then rounded to float32 in a plain loop:
     * {@code (float) u_j} rounds the same 53-bit integer times {@code 2^-53} as the scalar fill, so the bits are
     * the same. The move below 1 happens before the rounding, as {@code min(u_j, 1 - 2^-24)}: the doubles that
     * round to float 1 are those from {@code 1 - 2^-25} up, all above {@code 1 - 2^-24}, the largest float below
     * 1, where the minimum puts them; the others either stay or round to that float anyway. (A float vector as
     * wide as the long one would be a second {@code FloatVector} shape in the JVM, and once one is loaded C2 no
     * longer inlines the calls of the float kernels written for the preferred shape, the GEMM's among them, which
     * then box every vector.)
     */
    @Override
    public void uniform(long state, float[] dst, int from, int count) {
        double[] block = Scratch.doubles(0, BLOCK);
        LongVector counter = OFFSETS.add(state);
        long step = L * GOLDEN_GAMMA;
        int j = 0;
        for (int end = LS.loopBound(count); j < end; ) {
            int n = Math.min(BLOCK, end - j);
            for (int i = 0; i < n; i += L) {
                toUnit(mix64(counter)).min(BELOW_ONE).intoArray(block, i);
                counter = counter.add(step);
            }
            for (int i = 0; i < n; i++) {
                dst[from + j + i] = (float) block[i];
            }
            j += n;
        }
        UniformFill.scalar(state, dst, from, j, count);
    }

    @Override
    public int lanes() {
        return L;
    }

    /** {@link UniformFill#mix64} lane by lane. */
    private static LongVector mix64(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(MIX1);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(MIX2);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    /** {@code (z >>> 11)·2^-53} lane by lane, as {@code ((1 + m·2^-52) - 1) + b·2^-53} (see the class comment). */
    private static DoubleVector toUnit(LongVector z) {
        DoubleVector high = (DoubleVector) z.lanewise(VectorOperators.LSHR, 12).or(ONE_BITS)
                .reinterpretShape(DS, 0);
        LongVector b = z.lanewise(VectorOperators.LSHR, 11).and(1L);
        DoubleVector low = (DoubleVector) b.neg().and(ULP_53_BITS).reinterpretShape(DS, 0);
        return high.sub(1.0).add(low);
    }

    private static long[] offsets(int n) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i + 1) * GOLDEN_GAMMA;
        }
        return a;
    }
}
