package dev.adjoint.core.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float register tiles of the direct convolution ({@link ConvKernels}): 6 rows by 2 vectors of C in 12
 * accumulators (15 registers with the two kernel vectors and the broadcast, so the tile fits AVX2's 16 as well
 * as AVX-512's 32), each element one chain of fused multiply-adds in ascending order from +0, as in
 * {@link GemmKernel}. The forward and the input gradient ({@link #packedRows}) read a tile's patches packed
 * row by row ({@link #pack}: one array, read at offsets linear in the loop counter, so its bounds checks leave
 * the loop). (The filter gradient, a product over many rows p of two short matrices, runs on the GEMM's own
 * micro-kernels over packed slices: {@link DirectConv#columns}.) The multiply-adds are written out by hand, one
 * local per accumulator, as in {@link FloatMicroKernels}.
 */
final class FloatConvTiles {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Lanes per vector; a tile is {@code 2·L} columns wide. */
    static final int L = S.length();

    private FloatConvTiles() {
    }

    /**
     * {@code C[r, j] = sum_q a[aOff + r·kk + q] · wp[wOff + q·2L + j]} for the 6 rows r and 2L columns j, q
     * ascending: 6 rows of a convolution's forward or input gradient, over its patches packed row by row
     * ({@link #pack}; q is {@code t·chans + ch}, padding packed as zeros), against the kernel packed in a
     * panel of 2L columns; written to {@code c[cOff + r·ldc + j]}. The loop reads one array at offsets
     * linear in q, so its bounds checks are hoisted out of it.
     */
    static void packedRows(int kk, float[] a, int aOff, float[] wp, int wOff, float[] c, int cOff, int ldc) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00,
                c41 = c00, c50 = c00, c51 = c00;
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
            FloatVector x;
            x = FloatVector.broadcast(S, a[a0 + q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + q]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + q]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + q]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + q]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + q]);
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

    /**
     * A panel of {@code rows} table rows, in {@code runs} runs of channels per row, each a multiple of L long:
     * run r ({@code run[3r..3r+2] = (tap, first channel, length)}) of row p is {@code x[tab[tabOff + p·taps + tap]
     * + ch + j]} for {@code j < length}, or zeros where the entry is -1, and the runs follow each other in
     * {@code dst} row after row; whole vectors (a run of 16 to 64 floats copied by {@link System#arraycopy} spent as
     * long in the call as in the copy).
     */
    static void copyRuns(float[] x, int[] tab, int tabOff, int taps, int[] run, int runs, int rows, float[] dst) {
        FloatVector zero = FloatVector.zero(S);
        for (int p = 0, e = tabOff, at = 0; p < rows; p++, e += taps) {
            for (int r = 0; r < runs; r++) {
                int o = tab[e + run[3 * r]];
                int len = run[3 * r + 2];
                if (o < 0) {
                    for (int j = 0; j < len; j += L) {
                        zero.intoArray(dst, at + j);
                    }
                } else {
                    for (int j = 0, from = o + run[3 * r + 1]; j < len; j += L) {
                        FloatVector.fromArray(S, x, from + j).intoArray(dst, at + j);
                    }
                }
                at += len;
            }
        }
    }

    /**
     * The patches of 6 table rows packed row by row into {@code a}: {@code a[r·taps·chans + t·chans + ch] =
     * x[tab[tabOff + r·taps + t] + ch]}, or 0 where the entry is -1; whole vectors of channels on the Vector API.
     */
    static void pack(float[] x, int[] tab, int tabOff, int taps, int chans, float[] a) {
        int bound = S.loopBound(chans);
        for (int e = 0; e < 6 * taps; e++) {
            int o = tab[tabOff + e];
            int at = e * chans;
            if (o < 0) {
                java.util.Arrays.fill(a, at, at + chans, 0);
                continue;
            }
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromArray(S, x, o + j).intoArray(a, at + j);
            }
            for (; j < chans; j++) {
                a[at + j] = x[o + j];
            }
        }
    }

    /** {@code c[co + k] = fma(a, b[bo + k], c[co + k])} for {@code k < len}: one rounding each, whole vectors first. */
    static void fmaRow(float a, float[] b, int bo, float[] c, int co, int len) {
        FloatVector av = FloatVector.broadcast(S, a);
        int k = 0;
        for (; k <= len - L; k += L) {
            FloatVector.fromArray(S, b, bo + k).fma(av, FloatVector.fromArray(S, c, co + k)).intoArray(c, co + k);
        }
        for (; k < len; k++) {
            c[co + k] = Math.fma(a, b[bo + k], c[co + k]);
        }
    }

    /** {@code c[co + k] = fma(a[ao + k], b[bo + k], c[co + k])} for {@code k < len}. */
    static void fmaRow(float[] a, int ao, float[] b, int bo, float[] c, int co, int len) {
        int k = 0;
        for (; k <= len - L; k += L) {
            FloatVector ak = FloatVector.fromArray(S, a, ao + k);
            ak.fma(FloatVector.fromArray(S, b, bo + k), FloatVector.fromArray(S, c, co + k)).intoArray(c, co + k);
        }
        for (; k < len; k++) {
            c[co + k] = Math.fma(a[ao + k], b[bo + k], c[co + k]);
        }
    }
}
