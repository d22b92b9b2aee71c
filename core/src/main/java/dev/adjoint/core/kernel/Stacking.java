package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/**
 * Slices along the leading axis and their stacking: what a loop over a sequence reads at each step
 * ({@code x[t]}) and how it collects its per-step outputs into {@code y[0 .. T)}. Copies only, no arithmetic,
 * so every dtype (floating, integer, bool) is stacked as it is.
 */
public final class Stacking {

    private Stacking() {
    }

    /** {@code x[t]}, a tensor of {@code x}'s shape without its leading axis, in {@code x}'s dtype. */
    public static Tensor slice(Tensor x, int t) {
        Shape shape = x.shape().drop(0);
        int n = shape.size();
        Object out = storageForOverwrite(x.dtype(), n);
        System.arraycopy(TensorInternals.storage(x), t * n, out, 0, n);
        return TensorInternals.adoptStorage(shape, out);
    }

    /** A storage array of {@code n} elements of {@code dtype} that the caller overwrites entirely. */
    private static Object storageForOverwrite(DType dtype, int n) {
        return switch (dtype) {
            case FLOAT32 -> BufferPool.floatsForOverwrite(n);
            case FLOAT64 -> BufferPool.doublesForOverwrite(n);
            default -> TensorInternals.allocate(dtype, n);
        };
    }

    /** A stack of {@code count} slices of one type being filled, slice by slice, in any order. */
    public static final class Stack {
        private final DType dtype;
        private final Shape shape;
        private final int sliceSize;
        private final Object data;

        /** An empty stack of {@code count} slices of type {@code dtype[slice]}. */
        public Stack(DType dtype, Shape slice, int count) {
            this.dtype = dtype;
            int[] dims = new int[slice.rank() + 1];
            dims[0] = count;
            System.arraycopy(slice.dims(), 0, dims, 1, slice.rank());
            this.shape = Shape.of(dims);
            this.sliceSize = slice.size();
            this.data = storageForOverwrite(dtype, shape.size());
        }

        /**
         * Writes slice {@code t}.
         *
         * @throws IllegalStateException if {@code y} does not have the slice's type
         */
        public void set(int t, Tensor y) {
            if (y.dtype() != dtype || y.size() != sliceSize || !y.shape().equals(shape.drop(0))) {
                throw new IllegalStateException("stack: slice " + t + " must be " + dtype.shortName() + shape.drop(0)
                        + ", got " + y.dtype().shortName() + y.shape());
            }
            System.arraycopy(TensorInternals.storage(y), 0, data, t * sliceSize, sliceSize);
        }

        /** The stacked tensor {@code [count, slice...]}; the stack must not be written afterwards. */
        public Tensor result() {
            return TensorInternals.adoptStorage(shape, data);
        }
    }
}
