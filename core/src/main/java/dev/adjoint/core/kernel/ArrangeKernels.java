package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.core.tensor.internal.TensorInternals;

/** Kernels that rearrange elements beyond the textbook movement: flip. */
public final class ArrangeKernels {

    private ArrangeKernels() {
    }

    /** {@code y[..., i_a, ...] = x[..., d_a - 1 - i_a, ...]} for each flipped axis {@code a}, any dtype. */
    public static Tensor flip(Tensor x, boolean[] flipped) {
        int[] dims = x.shape().dims();
        int[] strides = x.shape().strides();
        int base = 0;
        for (int a = 0; a < dims.length; a++) {
            if (flipped[a] && dims[a] > 0) {
                base += (dims[a] - 1) * strides[a];
                strides[a] = -strides[a];
            }
        }
        int[] offsets = Strides.offsets(dims, strides);
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] += base;
        }
        Object ys = BufferPool.forOverwrite(x.dtype(), offsets.length);
        Storage.gather(TensorInternals.storage(x), offsets, ys);
        return TensorInternals.adoptStorage(x.shape(), ys);
    }
}
