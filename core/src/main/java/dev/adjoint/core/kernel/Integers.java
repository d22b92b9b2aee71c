package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Integer and bool storage read and written as 64-bit values, for the kernels on integers: an int32 is widened,
 * a bool read as 1 or 0; a result is narrowed to its dtype (int32 keeps the low 32 bits, exactly Java's
 * {@code int} arithmetic; bool is {@code != 0}).
 */
final class Integers {

    private Integers() {
    }

    /** Element i as a long. */
    interface Reader {
        long get(int i);
    }

    /** Sets element i from a long; {@link #storage} is the array written. */
    interface Writer {
        void set(int i, long v);

        Object storage();
    }

    /** A reader of an integer or bool tensor. */
    static Reader reader(Tensor t) {
        long[] l = TensorInternals.longs(t);
        if (l != null) {
            return i -> l[i];
        }
        int[] n = TensorInternals.ints(t);
        if (n != null) {
            return i -> n[i];
        }
        boolean[] b = TensorInternals.booleans(t);
        if (b != null) {
            return i -> b[i] ? 1L : 0L;
        }
        throw new IllegalArgumentException("integer kernel: operands must be integer or bool, got "
                + t.dtype().shortName());
    }

    /** A writer of {@code n} elements of the integer or bool {@code dtype}, its array from the buffer pool. */
    static Writer writer(DType dtype, int n) {
        Object data = BufferPool.forOverwrite(dtype, n);
        if (data instanceof long[] l) {
            return writer(data, (i, v) -> l[i] = v);
        }
        if (data instanceof int[] m) {
            return writer(data, (i, v) -> m[i] = (int) v);
        }
        if (data instanceof boolean[] b) {
            return writer(data, (i, v) -> b[i] = v != 0);
        }
        throw new IllegalArgumentException("integer kernel: the result must be integer or bool, got "
                + dtype.shortName());
    }

    private interface Setter {
        void set(int i, long v);
    }

    private static Writer writer(Object data, Setter setter) {
        return new Writer() {
            @Override
            public void set(int i, long v) {
                setter.set(i, v);
            }

            @Override
            public Object storage() {
                return data;
            }
        };
    }
}
