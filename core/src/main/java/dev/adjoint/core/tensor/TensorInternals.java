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

    /** The storage as doubles: the tensor's own array for FLOAT64 (do not write), a widened copy for FLOAT32. */
    public static double[] doubles(Tensor t) {
        return t.f64 != null ? t.f64 : widen(t.f32);
    }

    /** The FLOAT32 storage itself (do not write), or null for FLOAT64. */
    public static float[] floats(Tensor t) {
        return t.f32;
    }

    /** A tensor owning {@code data}, rounded to FLOAT32 when asked; the caller gives the array up. */
    public static Tensor adopt(DType dtype, Shape shape, double[] data) {
        return Tensor.adopt(dtype, shape, data);
    }

    /** A FLOAT32 tensor owning {@code data}; the caller gives the array up. */
    public static Tensor adopt(Shape shape, float[] data) {
        return new Tensor(shape, null, data);
    }

    /** The storage array itself (a {@code float[]} or a {@code double[]}), for identity checks only. */
    public static Object storage(Tensor t) {
        return t.f32 != null ? t.f32 : t.f64;
    }

    /** The length of the storage array: the element count. */
    public static int length(Tensor t) {
        return t.f32 != null ? t.f32.length : t.f64.length;
    }

    static double[] widen(float[] f) {
        double[] out = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = f[i];
        }
        return out;
    }
}
