package dev.adjoint.core.kernel;

/**
 * Copies between storage arrays of any dtype ({@code double[]}, {@code float[]}, {@code long[]},
 * {@code int[]}, {@code boolean[]}): the loops of the kernels that move elements without arithmetic, one typed
 * loop per storage type.
 */
final class Storage {

    private Storage() {
    }

    /** {@code dst[i] = src[offsets[i]]} for every i. */
    static void gather(Object src, int[] offsets, Object dst) {
        int n = offsets.length;
        if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] = s[offsets[i]];
            }
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] = s[offsets[i]];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] = s[offsets[i]];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] = s[offsets[i]];
            }
        } else {
            boolean[] s = (boolean[]) src;
            boolean[] d = (boolean[]) dst;
            for (int i = 0; i < n; i++) {
                d[i] = s[offsets[i]];
            }
        }
    }

    /** {@code dst[offsets[i]] = src[i]} for every i. */
    static void scatter(Object src, Object dst, int[] offsets) {
        int n = offsets.length;
        if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[offsets[i]] = s[i];
            }
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[offsets[i]] = s[i];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) {
                d[offsets[i]] = s[i];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) {
                d[offsets[i]] = s[i];
            }
        } else {
            boolean[] s = (boolean[]) src;
            boolean[] d = (boolean[]) dst;
            for (int i = 0; i < n; i++) {
                d[offsets[i]] = s[i];
            }
        }
    }

    /** {@code dst[from .. to) = src[at]}. */
    static void fill(Object dst, int from, int to, Object src, int at) {
        if (src instanceof double[] s) {
            java.util.Arrays.fill((double[]) dst, from, to, s[at]);
        } else if (src instanceof float[] s) {
            java.util.Arrays.fill((float[]) dst, from, to, s[at]);
        } else if (src instanceof long[] s) {
            java.util.Arrays.fill((long[]) dst, from, to, s[at]);
        } else if (src instanceof int[] s) {
            java.util.Arrays.fill((int[]) dst, from, to, s[at]);
        } else {
            java.util.Arrays.fill((boolean[]) dst, from, to, ((boolean[]) src)[at]);
        }
    }

    /** {@code y[i] = c[i] ? a[i] : b[i]} for storage arrays a, b, y of one type. */
    static void select(boolean[] c, Object a, Object b, Object y) {
        int n = c.length;
        if (a instanceof double[] as) {
            double[] bs = (double[]) b;
            double[] ys = (double[]) y;
            for (int i = 0; i < n; i++) {
                ys[i] = c[i] ? as[i] : bs[i];
            }
        } else if (a instanceof float[] as) {
            float[] bs = (float[]) b;
            float[] ys = (float[]) y;
            for (int i = 0; i < n; i++) {
                ys[i] = c[i] ? as[i] : bs[i];
            }
        } else if (a instanceof long[] as) {
            long[] bs = (long[]) b;
            long[] ys = (long[]) y;
            for (int i = 0; i < n; i++) {
                ys[i] = c[i] ? as[i] : bs[i];
            }
        } else if (a instanceof int[] as) {
            int[] bs = (int[]) b;
            int[] ys = (int[]) y;
            for (int i = 0; i < n; i++) {
                ys[i] = c[i] ? as[i] : bs[i];
            }
        } else {
            boolean[] as = (boolean[]) a;
            boolean[] bs = (boolean[]) b;
            boolean[] ys = (boolean[]) y;
            for (int i = 0; i < n; i++) {
                ys[i] = c[i] ? as[i] : bs[i];
            }
        }
    }
}
