package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.TensorInternals;

/**
 * Slices along the leading axis and their stacking: what a loop over a sequence reads at each step
 * ({@code x[t]}) and how it collects its per-step outputs into {@code y[0 .. T)}. Copies only, no arithmetic.
 */
public final class Stacking {

    private Stacking() {
    }

    /** {@code x[t]}, a tensor of {@code x}'s shape without its leading axis. */
    public static Tensor slice(Tensor x, int t) {
        Shape shape = x.shape().drop(0);
        int n = shape.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] out = BufferPool.floatsForOverwrite(n);
            System.arraycopy(TensorInternals.floats(x), t * n, out, 0, n);
            return TensorInternals.adopt(shape, out);
        }
        double[] out = BufferPool.doublesForOverwrite(n);
        System.arraycopy(TensorInternals.doubles(x), t * n, out, 0, n);
        return TensorInternals.adopt(DType.FLOAT64, shape, out);
    }

    /** A stack of {@code count} slices of one type being filled, slice by slice, in any order. */
    public static final class Stack {
        private final DType dtype;
        private final Shape shape;
        private final int sliceSize;
        private final float[] f32;
        private final double[] f64;

        /** An empty stack of {@code count} slices of type {@code dtype[slice]}. */
        public Stack(DType dtype, Shape slice, int count) {
            this.dtype = dtype;
            int[] dims = new int[slice.rank() + 1];
            dims[0] = count;
            System.arraycopy(slice.dims(), 0, dims, 1, slice.rank());
            this.shape = Shape.of(dims);
            this.sliceSize = slice.size();
            this.f32 = dtype == DType.FLOAT32 ? BufferPool.floatsForOverwrite(shape.size()) : null;
            this.f64 = dtype == DType.FLOAT32 ? null : BufferPool.doublesForOverwrite(shape.size());
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
            if (f32 != null) {
                System.arraycopy(TensorInternals.floats(y), 0, f32, t * sliceSize, sliceSize);
            } else {
                System.arraycopy(TensorInternals.doubles(y), 0, f64, t * sliceSize, sliceSize);
            }
        }

        /** The stacked tensor {@code [count, slice...]}; the stack must not be written afterwards. */
        public Tensor result() {
            return f32 != null ? TensorInternals.adopt(shape, f32) : TensorInternals.adopt(DType.FLOAT64, shape, f64);
        }
    }
}
