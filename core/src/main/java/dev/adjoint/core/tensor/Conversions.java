package dev.adjoint.core.tensor;

import java.util.Arrays;

/**
 * The storage arrays of the five dtypes and the conversions between them: the semantics of
 * {@link Tensor#cast}, in one place.
 *
 * <ul>
 *   <li>float64 to float32, and an integer to a float: rounded to nearest, ties to even ({@code (float) x},
 *       {@code (double) n}; an int64 goes to float32 in one rounding, never through float64);</li>
 *   <li>float to integer: truncated toward zero, as C and NumPy's {@code astype}; a NaN, an infinity or a value
 *       whose truncation lies outside the integer type is an {@link ArithmeticException} naming the element
 *       (NumPy's result is platform-dependent there, Java's saturates silently: neither is a number anyone
 *       meant);</li>
 *   <li>int64 to int32: the low 32 bits, wrapping around as Java's {@code (int)} and NumPy's {@code astype};</li>
 *   <li>to bool: {@code x != 0} (so NaN is true, {@code -0.0} false); from bool: 1 or 0.</li>
 * </ul>
 */
final class Conversions {

    /** The smallest double above every int32 truncation, and the largest below: truncation stays in range. */
    private static final double INT32_ABOVE = 0x1p31;
    private static final double INT32_BELOW = -0x1p31 - 1;
    private static final double INT64_ABOVE = 0x1p63;

    private Conversions() {
    }

    /** A fresh, zeroed storage array of {@code n} elements of {@code dtype}. */
    static Object allocate(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT64 -> new double[n];
            case FLOAT32 -> new float[n];
            case INT64 -> new long[n];
            case INT32 -> new int[n];
            case BOOL -> new boolean[n];
        };
    }

    /** The dtype a storage array holds, or null when it is no tensor storage. */
    static DType dtypeOf(Object data) {
        if (data instanceof double[]) {
            return DType.FLOAT64;
        }
        if (data instanceof float[]) {
            return DType.FLOAT32;
        }
        if (data instanceof long[]) {
            return DType.INT64;
        }
        if (data instanceof int[]) {
            return DType.INT32;
        }
        return data instanceof boolean[] ? DType.BOOL : null;
    }

    /** The element count of a storage array. */
    static int length(Object data) {
        return switch (dtypeOf(data)) {
            case FLOAT64 -> ((double[]) data).length;
            case FLOAT32 -> ((float[]) data).length;
            case INT64 -> ((long[]) data).length;
            case INT32 -> ((int[]) data).length;
            case BOOL -> ((boolean[]) data).length;
        };
    }

    /** Element {@code i} as a double (an int64 rounded to nearest, a bool as 1 or 0). */
    static double toDouble(Object data, int i) {
        if (data instanceof double[] d) {
            return d[i];
        }
        if (data instanceof float[] f) {
            return f[i];
        }
        if (data instanceof long[] l) {
            return l[i];
        }
        if (data instanceof int[] n) {
            return n[i];
        }
        return ((boolean[]) data)[i] ? 1.0 : 0.0;
    }

    /** Element {@code i} of integer or bool storage, exactly. */
    static long toLong(Object data, int i) {
        if (data instanceof long[] l) {
            return l[i];
        }
        if (data instanceof int[] n) {
            return n[i];
        }
        return ((boolean[]) data)[i] ? 1L : 0L;
    }

    /**
     * Storage of {@code dtype} holding {@code data}: rounded to nearest for FLOAT32; for an integer or bool dtype
     * each value must be exactly representable (an integer in range; 0 or 1), else an
     * {@link IllegalArgumentException} from {@code op} naming the element.
     */
    static Object fromDoubles(DType dtype, double[] data, String op) {
        switch (dtype) {
            case FLOAT64:
                return data;
            case FLOAT32: {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) data[i];
                }
                return f;
            }
            case BOOL: {
                boolean[] b = new boolean[data.length];
                for (int i = 0; i < b.length; i++) {
                    if (data[i] != 0 && data[i] != 1) {
                        throw new IllegalArgumentException(op + ": a bool element must be 0 or 1, got " + data[i]
                                + " at index " + i);
                    }
                    b[i] = data[i] == 1;
                }
                return b;
            }
            default: {
                Object out = allocate(dtype, data.length);
                for (int i = 0; i < data.length; i++) {
                    double v = data[i];
                    if (v != Math.rint(v) || !inRange(v, dtype)) {
                        throw new IllegalArgumentException(op + ": an " + dtype.shortName() + " element must be an"
                                + " integer in the range of " + dtype.shortName() + ", got " + v + " at index " + i);
                    }
                    set(out, i, (long) v);
                }
                return out;
            }
        }
    }

    /**
     * Storage of {@code n} elements of {@code dtype} all equal to {@code value}, held exactly as in
     * {@link #fromDoubles}.
     */
    static Object filled(DType dtype, int n, double value, String op) {
        Object one = fromDoubles(dtype, new double[] {value}, op);
        Object data = allocate(dtype, n);
        switch (dtype) {
            case FLOAT64 -> Arrays.fill((double[]) data, value);
            case FLOAT32 -> Arrays.fill((float[]) data, ((float[]) one)[0]);
            case INT64 -> Arrays.fill((long[]) data, ((long[]) one)[0]);
            case INT32 -> Arrays.fill((int[]) data, ((int[]) one)[0]);
            case BOOL -> Arrays.fill((boolean[]) data, ((boolean[]) one)[0]);
        }
        return data;
    }

    /** True when the truncation of {@code v} (not NaN) fits in the integer {@code dtype}. */
    private static boolean inRange(double v, DType dtype) {
        return dtype == DType.INT32 ? v > INT32_BELOW && v < INT32_ABOVE : v >= -INT64_ABOVE && v < INT64_ABOVE;
    }

    private static void set(Object integers, int i, long v) {
        if (integers instanceof long[] l) {
            l[i] = v;
        } else {
            ((int[]) integers)[i] = (int) v;
        }
    }

    /**
     * {@code dst[i] = src[i]} converted to {@code dst}'s dtype with the semantics of this class; {@code shape}
     * names the source in messages.
     *
     * @throws ArithmeticException for a float that has no value in an integer {@code dst}
     */
    static void convert(Object src, Object dst, Shape shape) {
        DType from = dtypeOf(src);
        DType to = dtypeOf(dst);
        int n = length(src);
        if (from == to) {
            System.arraycopy(src, 0, dst, 0, n);
        } else if (dst instanceof double[] d) {
            if (src instanceof float[] f) {
                for (int i = 0; i < n; i++) {
                    d[i] = f[i];
                }
            } else {
                for (int i = 0; i < n; i++) {
                    d[i] = toDouble(src, i);
                }
            }
        } else if (dst instanceof float[] f) {
            toFloats(src, f, n);
        } else if (dst instanceof boolean[] b) {
            for (int i = 0; i < n; i++) {
                b[i] = toDouble(src, i) != 0;
            }
        } else if (from.isFloating()) {
            for (int i = 0; i < n; i++) {
                double v = toDouble(src, i);
                if (!inRange(v, to)) {
                    throw new ArithmeticException("cast(" + to.shortName() + "): element " + i + " of "
                            + from.shortName() + shape + " is " + v + ", which has no " + to.shortName()
                            + " value (NaN, infinite, or outside the range after truncation toward zero); clip the"
                            + " values into range first, or replace non-finite ones with where(x.isFinite(), x, 0)");
                }
                set(dst, i, (long) v);
            }
        } else {
            for (int i = 0; i < n; i++) {
                set(dst, i, toLong(src, i));
            }
        }
    }

    /** Each element rounded once to float: a long goes to float directly, never through a double. */
    private static void toFloats(Object src, float[] f, int n) {
        if (src instanceof double[] d) {
            for (int i = 0; i < n; i++) {
                f[i] = (float) d[i];
            }
        } else if (src instanceof long[] l) {
            for (int i = 0; i < n; i++) {
                f[i] = (float) l[i];
            }
        } else if (src instanceof int[] m) {
            for (int i = 0; i < n; i++) {
                f[i] = (float) m[i];
            }
        } else {
            boolean[] b = (boolean[]) src;
            for (int i = 0; i < n; i++) {
                f[i] = b[i] ? 1f : 0f;
            }
        }
    }

    /** True when both arrays hold the same dtype and equal bits. */
    static boolean sameBits(Object a, Object b) {
        if (a instanceof double[] x && b instanceof double[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof float[] x && b instanceof float[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof long[] x && b instanceof long[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof int[] x && b instanceof int[] y) {
            return Arrays.equals(x, y);
        }
        return a instanceof boolean[] x && b instanceof boolean[] y && Arrays.equals(x, y);
    }
}
