package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float wide register tile of a convolution's forward or input gradient that reads its patches from
 * the source's zero-padded copy ({@link PaddedPatches}) where they lie, nothing packed: 6 rows by 4
 * vectors of C in 24 accumulators,
 *
 * <pre>
 *   C[r, j] = sum over q of xp[bases[r] + columns[q]] · wp[wOff + q·4L + j]
 * </pre>
 *
 * over {@code q = (t, ch)} ascending from +0: the chain of fused multiply-adds of {@link
 * FloatWideConvTiles#packedRows} on the same patches packed, so the same bits. For a source of few channels (one
 * grey or three colour channels) the packing cost as much as the multiply-adds it served; here the tile reads the
 * patches in place.
 */
final class FloatWidePaddedTiles {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector; the tile is {@code 4·L} columns wide. */
    static final int L = S.length();

    private FloatWidePaddedTiles() {
    }

    /**
     * {@code C[r, j]} above for the 6 rows r (the row bases {@code bases[0..5]}) and 4L columns j, written to
     * {@code c[cOff + r·ldc + j]}; {@code columns[q]} ({@code q < kk}) is column q's offset from a row's base.
     */
    static void paddedRows(int kk, int[] columns, float[] xp, int[] bases, float[] wp, int wOff, float[] c, int cOff,
            int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00, c21 = c00,
                c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00, c40 = c00, c41 = c00, c42 = c00,
                c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        int r0 = bases[0];
        int r1 = bases[1];
        int r2 = bases[2];
        int r3 = bases[3];
        int r4 = bases[4];
        int r5 = bases[5];
        int wb = wOff;
        for (int q = 0; q < kk; q++) {
            int k = columns[q];
            FloatVector b0 = FloatVector.fromArray(S, wp, wb + 0 * L);
            FloatVector b1 = FloatVector.fromArray(S, wp, wb + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, wp, wb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, wp, wb + 3 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, xp[r0 + k]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, xp[r1 + k]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, xp[r2 + k]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, xp[r3 + k]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, xp[r4 + k]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, xp[r5 + k]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            c52 = b2.fma(x, c52);
            c53 = b3.fma(x, c53);
            wb += 4 * L;
        }
        c00.intoArray(c, cOff + 0 * ldc + 0 * L);
        c01.intoArray(c, cOff + 0 * ldc + 1 * L);
        c02.intoArray(c, cOff + 0 * ldc + 2 * L);
        c03.intoArray(c, cOff + 0 * ldc + 3 * L);
        c10.intoArray(c, cOff + 1 * ldc + 0 * L);
        c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c12.intoArray(c, cOff + 1 * ldc + 2 * L);
        c13.intoArray(c, cOff + 1 * ldc + 3 * L);
        c20.intoArray(c, cOff + 2 * ldc + 0 * L);
        c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c22.intoArray(c, cOff + 2 * ldc + 2 * L);
        c23.intoArray(c, cOff + 2 * ldc + 3 * L);
        c30.intoArray(c, cOff + 3 * ldc + 0 * L);
        c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c32.intoArray(c, cOff + 3 * ldc + 2 * L);
        c33.intoArray(c, cOff + 3 * ldc + 3 * L);
        c40.intoArray(c, cOff + 4 * ldc + 0 * L);
        c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c42.intoArray(c, cOff + 4 * ldc + 2 * L);
        c43.intoArray(c, cOff + 4 * ldc + 3 * L);
        c50.intoArray(c, cOff + 5 * ldc + 0 * L);
        c51.intoArray(c, cOff + 5 * ldc + 1 * L);
        c52.intoArray(c, cOff + 5 * ldc + 2 * L);
        c53.intoArray(c, cOff + 5 * ldc + 3 * L);
    }
}
