package dev.adjoint.core.kernel;

import dev.adjoint.core.tensor.Shape;

/** Shapes of channels-last tensors for the convolution and pooling tests (kernels and ops). */
public final class ChannelsLast {

    private ChannelsLast() {
    }

    /** {@code [n, spatial..., c]}. */
    public static Shape shape(int n, int[] spatial, int c) {
        int[] dims = new int[spatial.length + 2];
        dims[0] = n;
        System.arraycopy(spatial, 0, dims, 1, spatial.length);
        dims[spatial.length + 1] = c;
        return Shape.of(dims);
    }
}
