package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double register tile of a convolution's forward or input gradient that reads its patches from
 * the source's zero-padded copy ({@link PaddedPatches}) where they lie, nothing packed: 6 rows by 2
 * vectors of C in 12 accumulators,
 *
 * <pre>
 *   C[r, j] = sum over q of xp[bases[r] + columns[q]] · wp[wOff + q·2L + j]
 * </pre>
 *
 * over {@code q = (t, ch)} ascending from +0: the chain of fused multiply-adds of {@link DoubleConvTiles#packedRows}
 * on the same patches packed, so the same bits. For a source of few channels (one grey or three colour channels)
 * the packing cost as much as the multiply-adds it served; here the tile reads the patches in place.
 */
final class DoublePaddedTiles {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    /** Lanes per vector; the tile is {@code 2·L} columns wide. */
    static final int L = S.length();

    private DoublePaddedTiles() {
    }

    /**
     * {@code C[r, j]} above for the 6 rows r (the row bases {@code bases[0..5]}) and 2L columns j, written to
     * {@code c[cOff + r·ldc + j]}; {@code columns[q]} ({@code q < kk}) is column q's offset from a row's base.
     */
    static void paddedRows(int kk, int[] columns, double[] xp, int[] bases, double[] wp, int wOff, double[] c, int cOff,
            int ldc) {
        DoubleVector c00 = DoubleVector.zero(S);
        DoubleVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00,
                c41 = c00, c50 = c00, c51 = c00;
        int r0 = bases[0];
        int r1 = bases[1];
        int r2 = bases[2];
        int r3 = bases[3];
        int r4 = bases[4];
        int r5 = bases[5];
        int wb = wOff;
        for (int q = 0; q < kk; q++) {
            int k = columns[q];
            DoubleVector b0 = DoubleVector.fromArray(S, wp, wb + 0 * L);
            DoubleVector b1 = DoubleVector.fromArray(S, wp, wb + 1 * L);
            DoubleVector x;
            x = DoubleVector.broadcast(S, xp[r0 + k]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(S, xp[r1 + k]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(S, xp[r2 + k]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(S, xp[r3 + k]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(S, xp[r4 + k]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(S, xp[r5 + k]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            wb += 2 * L;
        }
        c00.intoArray(c, cOff + 0 * ldc + 0 * L);
        c01.intoArray(c, cOff + 0 * ldc + 1 * L);
        c10.intoArray(c, cOff + 1 * ldc + 0 * L);
        c11.intoArray(c, cOff + 1 * ldc + 1 * L);
        c20.intoArray(c, cOff + 2 * ldc + 0 * L);
        c21.intoArray(c, cOff + 2 * ldc + 1 * L);
        c30.intoArray(c, cOff + 3 * ldc + 0 * L);
        c31.intoArray(c, cOff + 3 * ldc + 1 * L);
        c40.intoArray(c, cOff + 4 * ldc + 0 * L);
        c41.intoArray(c, cOff + 4 * ldc + 1 * L);
        c50.intoArray(c, cOff + 5 * ldc + 0 * L);
        c51.intoArray(c, cOff + 5 * ldc + 1 * L);
    }
}
