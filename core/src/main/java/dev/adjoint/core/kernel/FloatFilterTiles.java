package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float register tile of the filter gradient of a source of few channels ({@link PaddedFilterGradient}), read
 * straight from its operands with nothing packed: 6 rows q of the patches' columns by 2 vectors of ȳ's columns in
 * 12 accumulators,
 *
 * <pre>
 *   T[q, j] += sum over p of xp[bases[p] + columns[q]] · y[yo + p·ldy + j],   p = 0, 1, …, rows - 1 in order,
 * </pre>
 *
 * each element one chain of fused multiply-adds continued from the value {@code t} holds, as in {@link
 * FloatMicroKernels} (the products are exact and commute, so the bits are those of the packed product {@link
 * DirectConv#columns} computes).
 */
final class FloatFilterTiles {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector; the tile is {@code 2·L} columns wide. */
    static final int L = S.length();

    private FloatFilterTiles() {
    }

    /**
     * {@code t[tOff + r·ldt + j] += sum_p xp[bases[p] + columns[q0 + r]] · y[yo + p·ldy + j]} for the 6 rows r,
     * {@code 2L} columns j and {@code p < rows} ascending.
     */
    static void accumulate(float[] xp, int[] bases, int rows, int[] columns, int q0, float[] y, int yo, int ldy,
            float[] t, int tOff, int ldt) {
        int k0 = columns[q0];
        int k1 = columns[q0 + 1];
        int k2 = columns[q0 + 2];
        int k3 = columns[q0 + 3];
        int k4 = columns[q0 + 4];
        int k5 = columns[q0 + 5];
        FloatVector c00 = FloatVector.fromArray(S, t, tOff);
        FloatVector c01 = FloatVector.fromArray(S, t, tOff + L);
        FloatVector c10 = FloatVector.fromArray(S, t, tOff + ldt);
        FloatVector c11 = FloatVector.fromArray(S, t, tOff + ldt + L);
        FloatVector c20 = FloatVector.fromArray(S, t, tOff + 2 * ldt);
        FloatVector c21 = FloatVector.fromArray(S, t, tOff + 2 * ldt + L);
        FloatVector c30 = FloatVector.fromArray(S, t, tOff + 3 * ldt);
        FloatVector c31 = FloatVector.fromArray(S, t, tOff + 3 * ldt + L);
        FloatVector c40 = FloatVector.fromArray(S, t, tOff + 4 * ldt);
        FloatVector c41 = FloatVector.fromArray(S, t, tOff + 4 * ldt + L);
        FloatVector c50 = FloatVector.fromArray(S, t, tOff + 5 * ldt);
        FloatVector c51 = FloatVector.fromArray(S, t, tOff + 5 * ldt + L);
        for (int p = 0, yb = yo; p < rows; p++, yb += ldy) {
            FloatVector b0 = FloatVector.fromArray(S, y, yb);
            FloatVector b1 = FloatVector.fromArray(S, y, yb + L);
            int base = bases[p];
            FloatVector x;
            x = FloatVector.broadcast(S, xp[base + k0]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, xp[base + k1]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, xp[base + k2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, xp[base + k3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, xp[base + k4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, xp[base + k5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        c00.intoArray(t, tOff);
        c01.intoArray(t, tOff + L);
        c10.intoArray(t, tOff + ldt);
        c11.intoArray(t, tOff + ldt + L);
        c20.intoArray(t, tOff + 2 * ldt);
        c21.intoArray(t, tOff + 2 * ldt + L);
        c30.intoArray(t, tOff + 3 * ldt);
        c31.intoArray(t, tOff + 3 * ldt + L);
        c40.intoArray(t, tOff + 4 * ldt);
        c41.intoArray(t, tOff + 4 * ldt + L);
        c50.intoArray(t, tOff + 5 * ldt);
        c51.intoArray(t, tOff + 5 * ldt + L);
    }
}
