package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float micro-kernels of {@link VectorGemm}, one per register tile of {@link GemmBlocking}: for a packed
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
final class FloatMicroKernels {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final int FL = FS.length();

    private FloatMicroKernels() {
    }

    /** The 6 × 4-vector tile: 24 accumulators, 29 registers. */
    static void tile6x4(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] s, int sOff, int sld, float[] c,
            int cOff, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, s, sOff);
        FloatVector c01 = FloatVector.fromArray(FS, s, sOff + 1 * FL);
        FloatVector c02 = FloatVector.fromArray(FS, s, sOff + 2 * FL);
        FloatVector c03 = FloatVector.fromArray(FS, s, sOff + 3 * FL);
        FloatVector c10 = FloatVector.fromArray(FS, s, sOff + 1 * sld);
        FloatVector c11 = FloatVector.fromArray(FS, s, sOff + 1 * sld + 1 * FL);
        FloatVector c12 = FloatVector.fromArray(FS, s, sOff + 1 * sld + 2 * FL);
        FloatVector c13 = FloatVector.fromArray(FS, s, sOff + 1 * sld + 3 * FL);
        FloatVector c20 = FloatVector.fromArray(FS, s, sOff + 2 * sld);
        FloatVector c21 = FloatVector.fromArray(FS, s, sOff + 2 * sld + 1 * FL);
        FloatVector c22 = FloatVector.fromArray(FS, s, sOff + 2 * sld + 2 * FL);
        FloatVector c23 = FloatVector.fromArray(FS, s, sOff + 2 * sld + 3 * FL);
        FloatVector c30 = FloatVector.fromArray(FS, s, sOff + 3 * sld);
        FloatVector c31 = FloatVector.fromArray(FS, s, sOff + 3 * sld + 1 * FL);
        FloatVector c32 = FloatVector.fromArray(FS, s, sOff + 3 * sld + 2 * FL);
        FloatVector c33 = FloatVector.fromArray(FS, s, sOff + 3 * sld + 3 * FL);
        FloatVector c40 = FloatVector.fromArray(FS, s, sOff + 4 * sld);
        FloatVector c41 = FloatVector.fromArray(FS, s, sOff + 4 * sld + 1 * FL);
        FloatVector c42 = FloatVector.fromArray(FS, s, sOff + 4 * sld + 2 * FL);
        FloatVector c43 = FloatVector.fromArray(FS, s, sOff + 4 * sld + 3 * FL);
        FloatVector c50 = FloatVector.fromArray(FS, s, sOff + 5 * sld);
        FloatVector c51 = FloatVector.fromArray(FS, s, sOff + 5 * sld + 1 * FL);
        FloatVector c52 = FloatVector.fromArray(FS, s, sOff + 5 * sld + 2 * FL);
        FloatVector c53 = FloatVector.fromArray(FS, s, sOff + 5 * sld + 3 * FL);
        int aEnd = aOff + kc * 6;
        for (int aa = aOff, bb = bOff; aa < aEnd; aa += 6, bb += 4 * FL) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bb);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bb + 1 * FL);
            FloatVector b2 = FloatVector.fromArray(FS, bp, bb + 2 * FL);
            FloatVector b3 = FloatVector.fromArray(FS, bp, bb + 3 * FL);
            FloatVector x = FloatVector.broadcast(FS, ap[aa]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01); c02 = b2.fma(x, c02); c03 = b3.fma(x, c03);
            x = FloatVector.broadcast(FS, ap[aa + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11); c12 = b2.fma(x, c12); c13 = b3.fma(x, c13);
            x = FloatVector.broadcast(FS, ap[aa + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21); c22 = b2.fma(x, c22); c23 = b3.fma(x, c23);
            x = FloatVector.broadcast(FS, ap[aa + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31); c32 = b2.fma(x, c32); c33 = b3.fma(x, c33);
            x = FloatVector.broadcast(FS, ap[aa + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41); c42 = b2.fma(x, c42); c43 = b3.fma(x, c43);
            x = FloatVector.broadcast(FS, ap[aa + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51); c52 = b2.fma(x, c52); c53 = b3.fma(x, c53);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 1 * FL);
        c02.intoArray(c, cOff + 2 * FL);
        c03.intoArray(c, cOff + 3 * FL);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 1 * FL);
        c12.intoArray(c, cOff + 1 * ldc + 2 * FL);
        c13.intoArray(c, cOff + 1 * ldc + 3 * FL);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 1 * FL);
        c22.intoArray(c, cOff + 2 * ldc + 2 * FL);
        c23.intoArray(c, cOff + 2 * ldc + 3 * FL);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 1 * FL);
        c32.intoArray(c, cOff + 3 * ldc + 2 * FL);
        c33.intoArray(c, cOff + 3 * ldc + 3 * FL);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 1 * FL);
        c42.intoArray(c, cOff + 4 * ldc + 2 * FL);
        c43.intoArray(c, cOff + 4 * ldc + 3 * FL);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 1 * FL);
        c52.intoArray(c, cOff + 5 * ldc + 2 * FL);
        c53.intoArray(c, cOff + 5 * ldc + 3 * FL);
    }

    /** The 6 × 2-vector tile: 12 accumulators, 15 registers. */
    static void tile6x2(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] s, int sOff, int sld, float[] c,
            int cOff, int ldc) {
        FloatVector c00 = FloatVector.fromArray(FS, s, sOff);
        FloatVector c01 = FloatVector.fromArray(FS, s, sOff + 1 * FL);
        FloatVector c10 = FloatVector.fromArray(FS, s, sOff + 1 * sld);
        FloatVector c11 = FloatVector.fromArray(FS, s, sOff + 1 * sld + 1 * FL);
        FloatVector c20 = FloatVector.fromArray(FS, s, sOff + 2 * sld);
        FloatVector c21 = FloatVector.fromArray(FS, s, sOff + 2 * sld + 1 * FL);
        FloatVector c30 = FloatVector.fromArray(FS, s, sOff + 3 * sld);
        FloatVector c31 = FloatVector.fromArray(FS, s, sOff + 3 * sld + 1 * FL);
        FloatVector c40 = FloatVector.fromArray(FS, s, sOff + 4 * sld);
        FloatVector c41 = FloatVector.fromArray(FS, s, sOff + 4 * sld + 1 * FL);
        FloatVector c50 = FloatVector.fromArray(FS, s, sOff + 5 * sld);
        FloatVector c51 = FloatVector.fromArray(FS, s, sOff + 5 * sld + 1 * FL);
        int aEnd = aOff + kc * 6;
        for (int aa = aOff, bb = bOff; aa < aEnd; aa += 6, bb += 2 * FL) {
            FloatVector b0 = FloatVector.fromArray(FS, bp, bb);
            FloatVector b1 = FloatVector.fromArray(FS, bp, bb + 1 * FL);
            FloatVector x = FloatVector.broadcast(FS, ap[aa]);
            c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(FS, ap[aa + 1]);
            c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(FS, ap[aa + 2]);
            c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(FS, ap[aa + 3]);
            c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(FS, ap[aa + 4]);
            c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(FS, ap[aa + 5]);
            c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + 1 * FL);
        c10.intoArray(c, cOff + 1 * ldc);
        c11.intoArray(c, cOff + 1 * ldc + 1 * FL);
        c20.intoArray(c, cOff + 2 * ldc);
        c21.intoArray(c, cOff + 2 * ldc + 1 * FL);
        c30.intoArray(c, cOff + 3 * ldc);
        c31.intoArray(c, cOff + 3 * ldc + 1 * FL);
        c40.intoArray(c, cOff + 4 * ldc);
        c41.intoArray(c, cOff + 4 * ldc + 1 * FL);
        c50.intoArray(c, cOff + 5 * ldc);
        c51.intoArray(c, cOff + 5 * ldc + 1 * FL);
    }
}
