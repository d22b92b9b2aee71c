package dev.adjoint.core.tensor;

/**
 * Not API: the kernel package's door to a tensor's storage.
 *
 * <p>Tensors are immutable and never expose their arrays through their own API. The kernels in
 * {@code dev.adjoint.core.kernel} must read storage without copying and hand over freshly computed arrays
 * without copying them again; this class is the one place where that happens. Code outside the kernels must
 * not call it: an array obtained here must never be written to, and an array adopted here must never be
 * touched again by its former owner.
 */
public final class TensorInternals {

    private TensorInternals() {
    }

    /**
     * The storage as doubles: the tensor's own array for FLOAT64 (do not write), a converted copy for the other
     * dtypes (an int64 beyond 2^53 rounded to nearest, a bool as 1 or 0).
     */
    public static double[] doubles(Tensor t) {
        return t.data instanceof double[] d ? d : t.toDoubleArray();
    }

    /** The FLOAT32 storage itself (do not write), or null for another dtype. */
    public static float[] floats(Tensor t) {
        return t.data instanceof float[] f ? f : null;
    }

    /** The INT64 storage itself (do not write), or null for another dtype. */
    public static long[] longs(Tensor t) {
        return t.data instanceof long[] l ? l : null;
    }

    /** The INT32 storage itself (do not write), or null for another dtype. */
    public static int[] ints(Tensor t) {
        return t.data instanceof int[] n ? n : null;
    }

    /** The BOOL storage itself (do not write), or null for another dtype. */
    public static boolean[] booleans(Tensor t) {
        return t.data instanceof boolean[] b ? b : null;
    }

    /** A float tensor owning {@code data}, rounded to FLOAT32 when asked; the caller gives the array up. */
    public static Tensor adopt(DType dtype, Shape shape, double[] data) {
        return Tensor.adopt(dtype, shape, data);
    }

    /** A FLOAT32 tensor owning {@code data}; the caller gives the array up. */
    public static Tensor adopt(Shape shape, float[] data) {
        return new Tensor(shape, data);
    }

    /**
     * A tensor owning {@code data}, a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} or
     * {@code boolean[]} whose type gives the dtype; the caller gives the array up.
     */
    public static Tensor adoptStorage(Shape shape, Object data) {
        return new Tensor(shape, data);
    }

    /** The storage array itself, of the dtype's Java type (do not write). */
    public static Object storage(Tensor t) {
        return t.data;
    }

    /** The length of the storage array: the element count. */
    public static int length(Tensor t) {
        return t.size();
    }

    /**
     * Converts every element of {@code src} into {@code dst}, a storage array of the target dtype and the same
     * length, with the semantics of {@link Tensor#cast}; {@code shape} names the source in messages.
     */
    public static void convert(Object src, Object dst, Shape shape) {
        Conversions.convert(src, dst, shape);
    }

    /** A fresh, zeroed storage array of {@code n} elements of {@code dtype}. */
    public static Object allocate(DType dtype, int n) {
        return Conversions.allocate(dtype, n);
    }
}
