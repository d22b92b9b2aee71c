package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide float register tile of the direct convolution ({@link ConvKernels}) for 32-register vector files
 * (x86 AVX-512, AArch64): 6 rows by 4 vectors of C in 24 accumulators, 29 registers with the four kernel vectors
 * and the broadcast, as {@link GemmBlocking#TILE_6X4}: twice the multiply-adds of {@link FloatConvTiles}' 6 × 2
 * tile for each element read, each bounds check and each loop step. Each element is the same chain of fused
 * multiply-adds as there, in ascending order from +0, so the two tiles give the same bits; the operands are
 * read as there (see {@link FloatConvTiles}).
 */
final class FloatWideConvTiles {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector; the tile is {@code 4·L} columns wide. */
    static final int L = S.length();

    private FloatWideConvTiles() {
    }

    /**
     * {@code C[r, j] = sum_q a[aOff + r·kk + q] · wp[wOff + q·4L + j]} for the 6 rows r and 4L columns j, q
     * ascending: 6 rows of a convolution's forward or input gradient, over its patches packed row by row ({@link
     * FloatConvTiles#pack}; q is {@code t·chans + ch}, padding packed as zeros), against the kernel packed in a
     * panel of 4L columns; written to {@code c[cOff + r·ldc + j]}. The loop reads one array at offsets linear in q,
     * so its bounds checks are hoisted out of it.
     */
    static void packedRows(int kk, float[] a, int aOff, float[] wp, int wOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00,
                c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00, c40 = c00,
                c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        int wb = wOff;
        int a0 = aOff + 0 * kk;
        int a1 = aOff + 1 * kk;
        int a2 = aOff + 2 * kk;
        int a3 = aOff + 3 * kk;
        int a4 = aOff + 4 * kk;
        int a5 = aOff + 5 * kk;
        for (int q = 0; q < kk; q++) {
            FloatVector b0 = FloatVector.fromArray(S, wp, wb + 0 * L);
            FloatVector b1 = FloatVector.fromArray(S, wp, wb + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, wp, wb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, wp, wb + 3 * L);
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            c02 = b2.fma(x, c02);
            c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            c12 = b2.fma(x, c12);
            c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            c22 = b2.fma(x, c22);
            c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            c32 = b2.fma(x, c32);
            c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            c42 = b2.fma(x, c42);
            c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(S, a[a5 + q]);
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
