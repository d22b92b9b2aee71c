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

    private static final VarHandle DATA;
    private static final MethodHandle NEW;
    private static final MethodHandle ADOPT;
    private static final MethodHandle CONVERT;
    private static final MethodHandle ALLOCATE;

    static {
        try {
            MethodHandles.Lookup tensor = MethodHandles.privateLookupIn(Tensor.class, MethodHandles.lookup());
            DATA = tensor.findVarHandle(Tensor.class, "data", Object.class);
            NEW = tensor.findConstructor(Tensor.class, MethodType.methodType(void.class, Shape.class, Object.class));
            ADOPT = tensor.findStatic(Tensor.class, "adopt",
                    MethodType.methodType(Tensor.class, DType.class, Shape.class, double[].class));
            Class<?> conversions = tensor.findClass("dev.adjoint.core.tensor.Conversions");
            CONVERT = tensor.findStatic(conversions, "convert",
                    MethodType.methodType(void.class, Object.class, Object.class, Shape.class));
            ALLOCATE = tensor.findStatic(conversions, "allocate",
                    MethodType.methodType(Object.class, DType.class, int.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TensorInternals() {
    }

    /**
     * The storage as doubles: the tensor's own array for FLOAT64 (do not write), a converted copy for the other
     * dtypes (an int64 beyond 2^53 rounded to nearest, a bool as 1 or 0).
     */
    public static double[] doubles(Tensor t) {
        return storage(t) instanceof double[] d ? d : t.toDoubleArray();
    }

    /** The FLOAT32 storage itself (do not write), or null for another dtype. */
    public static float[] floats(Tensor t) {
        return storage(t) instanceof float[] f ? f : null;
    }

    /** The INT64 storage itself (do not write), or null for another dtype. */
    public static long[] longs(Tensor t) {
        return storage(t) instanceof long[] l ? l : null;
    }

    /** The INT32 storage itself (do not write), or null for another dtype. */
    public static int[] ints(Tensor t) {
        return storage(t) instanceof int[] n ? n : null;
    }

    /** The BOOL storage itself (do not write), or null for another dtype. */
    public static boolean[] booleans(Tensor t) {
        return storage(t) instanceof boolean[] b ? b : null;
    }

    /** A float tensor owning {@code data}, rounded to FLOAT32 when asked; the caller gives the array up. */
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
        return adoptStorage(shape, data);
    }

    /**
     * A tensor owning {@code data}, a {@code double[]}, {@code float[]}, {@code long[]}, {@code int[]} or
     * {@code boolean[]} whose type gives the dtype; the caller gives the array up.
     */
    public static Tensor adoptStorage(Shape shape, Object data) {
        try {
            return (Tensor) NEW.invokeExact(shape, data);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("adopt: unexpected " + e, e);
        }
    }

    /** The storage array itself, of the dtype's Java type (do not write). */
    public static Object storage(Tensor t) {
        return (Object) DATA.get(t);
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
        try {
            CONVERT.invokeExact(src, dst, shape);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("convert: unexpected " + e, e);
        }
    }

    /** A fresh, zeroed storage array of {@code n} elements of {@code dtype}. */
    public static Object allocate(DType dtype, int n) {
        try {
            return (Object) ALLOCATE.invokeExact(dtype, n);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("allocate: unexpected " + e, e);
        }
    }
}
