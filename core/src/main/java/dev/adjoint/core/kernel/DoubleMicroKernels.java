package dev.adjoint.core.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The double micro-kernels of {@link VectorGemm}, one per register tile of {@link GemmBlocking}: for a packed
 * panel of A ({@code rows} elements per step of k) and of B ({@code vectors} vectors per step),
 * <pre>
 *   C[r, j] = fma(A[r, p], B[p, j], C[r, j])    for p = 0 .. kc-1 in ascending order
 * </pre>
 * on a tile of C held in registers. The tile starts from {@code s[sOff + r·sld ..]}: the sum so far, from
 * earlier slices of k (then {@code s} is {@code c} itself), or a tile of +0 for the first slice; it is
 * written to {@code c[cOff + r·ldc ..]} at the end. Each tile's fused multiply-adds are written out by hand,
 * one local variable per accumulator, because only named locals are kept in registers by the JIT; the k loop
 * counts along packed A ({@code aa}), the index the JIT can prove in bounds once for the whole loop. The
 * kernels have no branch but the loop's: the JIT compiles them once, from any profile, into the same loop.
 */
final class DoubleMicroKernels {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final int DL = DS.length();

    private DoubleMicroKernels() {
    }

    /** The 6 × 4-vector tile: 24 accumulators, 29 registers. */
    static void tile6x4(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] s, int sOff, int sld, double[] c,
            int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(DS, s, sOff);
        DoubleVector c01 = DoubleVector.fromArray(DS, s, sOff + 1 * DL);
        DoubleVector c02 = DoubleVector.fromArray(DS, s, sOff + 2 * DL);
        DoubleVector c03 = DoubleVector.fromArray(DS, s, sOff + 3 * DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, s, sOff + 1 * sld);
        DoubleVector c11 = DoubleVector.fromArray(DS, s, sOff + 1 * sld + 1 * DL);
        DoubleVector c12 = DoubleVector.fromArray(DS, s, sOff + 1 * sld + 2 * DL);
        DoubleVector c13 = DoubleVector.fromArray(DS, s, sOff + 1 * sld + 3 * DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, s, sOff + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(DS, s, sOff + 2 * sld + 1 * DL);
        DoubleVector c22 = DoubleVector.fromArray(DS, s, sOff + 2 * sld + 2 * DL);
        DoubleVector c23 = DoubleVector.fromArray(DS, s, sOff + 2 * sld + 3 * DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, s, sOff + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(DS, s, sOff + 3 * sld + 1 * DL);
        DoubleVector c32 = DoubleVector.fromArray(DS, s, sOff + 3 * sld + 2 * DL);
        DoubleVector c33 = DoubleVector.fromArray(DS, s, sOff + 3 * sld + 3 * DL);
        DoubleVector c40 = DoubleVector.fromArray(DS, s, sOff + 4 * sld);
        DoubleVector c41 = DoubleVector.fromArray(DS, s, sOff + 4 * sld + 1 * DL);
        DoubleVector c42 = DoubleVector.fromArray(DS, s, sOff + 4 * sld + 2 * DL);
        DoubleVector c43 = DoubleVector.fromArray(DS, s, sOff + 4 * sld + 3 * DL);
        DoubleVector c50 = DoubleVector.fromArray(DS, s, sOff + 5 * sld);
        DoubleVector c51 = DoubleVector.fromArray(DS, s, sOff + 5 * sld + 1 * DL);
        DoubleVector c52 = DoubleVector.fromArray(DS, s, sOff + 5 * sld + 2 * DL);
        DoubleVector c53 = DoubleVector.fromArray(DS, s, sOff + 5 * sld + 3 * DL);
        int aEnd = aOff + kc * 6;
        for (int aa = aOff, bb = bOff; aa < aEnd; aa += 6, bb += 4 * DL) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bb);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bb + 1 * DL);
            DoubleVector b2 = DoubleVector.fromArray(DS, bp, bb + 2 * DL);
            DoubleVector b3 = DoubleVector.fromArray(DS, bp, bb + 3 * DL);
            DoubleVector x = DoubleVector.broadcast(DS, ap[aa]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = DoubleVector.broadcast(DS, ap[aa + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = DoubleVector.broadcast(DS, ap[aa + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = DoubleVector.broadcast(DS, ap[aa + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = DoubleVector.broadcast(DS, ap[aa + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = DoubleVector.broadcast(DS, ap[aa + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 1 * DL);
        c02.intoArray(c, cOff + 2 * DL);
        c03.intoArray(c, cOff + 3 * DL);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 1 * DL);
        c12.intoArray(c, cOff + 1 * ldc + 2 * DL);
        c13.intoArray(c, cOff + 1 * ldc + 3 * DL);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 1 * DL);
        c22.intoArray(c, cOff + 2 * ldc + 2 * DL);
        c23.intoArray(c, cOff + 2 * ldc + 3 * DL);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 1 * DL);
        c32.intoArray(c, cOff + 3 * ldc + 2 * DL);
        c33.intoArray(c, cOff + 3 * ldc + 3 * DL);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 1 * DL);
        c42.intoArray(c, cOff + 4 * ldc + 2 * DL);
        c43.intoArray(c, cOff + 4 * ldc + 3 * DL);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 1 * DL);
        c52.intoArray(c, cOff + 5 * ldc + 2 * DL);
        c53.intoArray(c, cOff + 5 * ldc + 3 * DL);
    }

    /** The 6 × 2-vector tile: 12 accumulators, 15 registers. */
    static void tile6x2(int kc, double[] ap, int aOff, double[] bp, int bOff, double[] s, int sOff, int sld, double[] c,
            int cOff, int ldc) {
        DoubleVector c00 = DoubleVector.fromArray(DS, s, sOff);
        DoubleVector c01 = DoubleVector.fromArray(DS, s, sOff + 1 * DL);
        DoubleVector c10 = DoubleVector.fromArray(DS, s, sOff + 1 * sld);
        DoubleVector c11 = DoubleVector.fromArray(DS, s, sOff + 1 * sld + 1 * DL);
        DoubleVector c20 = DoubleVector.fromArray(DS, s, sOff + 2 * sld);
        DoubleVector c21 = DoubleVector.fromArray(DS, s, sOff + 2 * sld + 1 * DL);
        DoubleVector c30 = DoubleVector.fromArray(DS, s, sOff + 3 * sld);
        DoubleVector c31 = DoubleVector.fromArray(DS, s, sOff + 3 * sld + 1 * DL);
        DoubleVector c40 = DoubleVector.fromArray(DS, s, sOff + 4 * sld);
        DoubleVector c41 = DoubleVector.fromArray(DS, s, sOff + 4 * sld + 1 * DL);
        DoubleVector c50 = DoubleVector.fromArray(DS, s, sOff + 5 * sld);
        DoubleVector c51 = DoubleVector.fromArray(DS, s, sOff + 5 * sld + 1 * DL);
        int aEnd = aOff + kc * 6;
        for (int aa = aOff, bb = bOff; aa < aEnd; aa += 6, bb += 2 * DL) {
            DoubleVector b0 = DoubleVector.fromArray(DS, bp, bb);
            DoubleVector b1 = DoubleVector.fromArray(DS, bp, bb + 1 * DL);
            DoubleVector x = DoubleVector.broadcast(DS, ap[aa]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = DoubleVector.broadcast(DS, ap[aa + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = DoubleVector.broadcast(DS, ap[aa + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = DoubleVector.broadcast(DS, ap[aa + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = DoubleVector.broadcast(DS, ap[aa + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = DoubleVector.broadcast(DS, ap[aa + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 1 * DL);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 1 * DL);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 1 * DL);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 1 * DL);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 1 * DL);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 1 * DL);
    }
}
