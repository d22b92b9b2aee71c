package dev.adjoint.core.tensor.internal;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

/**
 * Not API: the door of Adjoint's own code (the kernels, file reading) to a tensor's storage.
 *
 * <p>Tensors are immutable and never expose their arrays through their own API. The kernels in
 * {@code dev.adjoint.core.kernel} must read storage without copying and hand over freshly computed arrays
 * without copying them again; this class is the one place where that happens. An array obtained here must
 * never be written to, and an array adopted here must never be touched again by its former owner.
 *
 * <p>The package is not exported to users: {@code dev.adjoint.core}'s module descriptor exports it only to
 * Adjoint's own modules, so code in a user's named module neither compiles nor links against this class, and
 * cannot reach it by reflection. On the class path there are no modules and so no such barrier. The class
 * reaches the tensor's package-private storage through a private lookup within the core module, so that the
 * {@code tensor} package does not depend on this one.
 */
public final class TensorInternals {

    private static final VarHandle F64;
    private static final VarHandle F32;
    private static final MethodHandle ADOPT;
    private static final MethodHandle NEW;

    static {
        try {
            MethodHandles.Lookup tensor = MethodHandles.privateLookupIn(Tensor.class, MethodHandles.lookup());
            F64 = tensor.findVarHandle(Tensor.class, "f64", double[].class);
            F32 = tensor.findVarHandle(Tensor.class, "f32", float[].class);
            ADOPT = tensor.findStatic(Tensor.class, "adopt",
                    MethodType.methodType(Tensor.class, DType.class, Shape.class, double[].class));
            NEW = tensor.findConstructor(Tensor.class,
                    MethodType.methodType(void.class, Shape.class, double[].class, float[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TensorInternals() {
    }

    /** The storage as doubles: the tensor's own array for FLOAT64 (do not write), a widened copy for FLOAT32. */
    public static double[] doubles(Tensor t) {
        double[] f64 = (double[]) F64.get(t);
        return f64 != null ? f64 : t.toDoubleArray();
    }

    /** The FLOAT32 storage itself (do not write), or null for FLOAT64. */
    public static float[] floats(Tensor t) {
        return (float[]) F32.get(t);
    }

    /** A tensor owning {@code data}, rounded to FLOAT32 when asked; the caller gives the array up. */
    public static Tensor adopt(DType dtype, Shape shape, double[] data) {
        try {
            return (Tensor) ADOPT.invokeExact(dtype, shape, data);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("adopt: unexpected " + e, e);
        }
    }

    /** A FLOAT32 tensor owning {@code data}; the caller gives the array up. */
    public static Tensor adopt(Shape shape, float[] data) {
        try {
            return (Tensor) NEW.invokeExact(shape, (double[]) null, data);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("adopt: unexpected " + e, e);
        }
    }

    /** The storage array itself (a {@code float[]} or a {@code double[]}), for identity checks only. */
    public static Object storage(Tensor t) {
        float[] f32 = floats(t);
        return f32 != null ? f32 : (Object) F64.get(t);
    }

    /** The length of the storage array: the element count. */
    public static int length(Tensor t) {
        return t.size();
    }
}
