package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;
import java.util.List;

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

    /** Rows {@code [r0, r1)} of {@code x[t]}: {@code x[t, r0:r1]}, of shape {@code [r1 - r0, ...]}. */
    public static Tensor slice(Tensor x, int t, int r0, int r1) {
        Shape step = x.shape().drop(0);
        int row = step.drop(0).size();
        int n = (r1 - r0) * row;
        Object out = storageForOverwrite(x.dtype(), n);
        System.arraycopy(TensorInternals.storage(x), t * step.size() + r0 * row, out, 0, n);
        return TensorInternals.adoptStorage(rows(step, r1 - r0), out);
    }

    /** Rows {@code [r0, r1)} of {@code x}: {@code x[r0:r1]}. */
    public static Tensor rows(Tensor x, int r0, int r1) {
        int row = x.shape().drop(0).size();
        int n = (r1 - r0) * row;
        Object out = storageForOverwrite(x.dtype(), n);
        System.arraycopy(TensorInternals.storage(x), r0 * row, out, 0, n);
        return TensorInternals.adoptStorage(rows(x.shape(), r1 - r0), out);
    }

    /** The blocks of rows {@code parts} one above the other: their concatenation along the leading axis. */
    public static Tensor joinRows(List<Tensor> parts) {
        Tensor first = parts.get(0);
        int total = 0;
        for (Tensor part : parts) {
            total += part.shape().dim(0);
        }
        Shape shape = rows(first.shape(), total);
        Object out = storageForOverwrite(first.dtype(), shape.size());
        int at = 0;
        for (Tensor part : parts) {
            System.arraycopy(TensorInternals.storage(part), 0, out, at, part.size());
            at += part.size();
        }
        return TensorInternals.adoptStorage(shape, out);
    }

    /** {@code shape} with {@code count} rows along its leading axis. */
    private static Shape rows(Shape shape, int count) {
        int[] dims = shape.dims().clone();
        dims[0] = count;
        return Shape.of(dims);
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

        /**
         * Writes rows {@code [r0, r0 + y's rows)} of slice {@code t}.
         *
         * @throws IllegalStateException if {@code y}'s rows do not fit the slice's
         */
        public void setRows(int t, int r0, Tensor y) {
            Shape slice = shape.drop(0);
            if (y.dtype() != dtype || y.rank() != slice.rank() || y.rank() == 0
                    || !y.shape().drop(0).equals(slice.drop(0)) || r0 + y.shape().dim(0) > slice.dim(0)) {
                throw new IllegalStateException("stack: rows from " + r0 + " of slice " + t + " must be "
                        + dtype.shortName() + "[rows" + slice.drop(0) + "] within " + slice + ", got "
                        + y.dtype().shortName() + y.shape());
            }
            int row = slice.drop(0).size();
            System.arraycopy(TensorInternals.storage(y), 0, data, t * sliceSize + r0 * row, y.size());
        }

        /** The stacked tensor {@code [count, slice...]}; the stack must not be written afterwards. */
        public Tensor result() {
            return TensorInternals.adoptStorage(shape, data);
        }
    }
}
