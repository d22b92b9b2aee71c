package dev.adjoint.nn;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;

/** Test data: three well-separated Gaussian blobs in the plane, labels 0..2. */
public final class Blobs {

    private Blobs() {
    }

    /** {@code [x, y]} with x : [n, 2] and y : [n]. */
    public static Tensor[] of(int n, long seed) {
        Key.Stream s = Key.of(seed).stream();
        double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[2 * i] = centres[c][0] + 0.5 * s.nextGaussian();
            x[2 * i + 1] = centres[c][1] + 0.5 * s.nextGaussian();
            y[i] = c;
        }
        return new Tensor[] {Tensor.of(Shape.of(n, 2), x), Tensor.of(Shape.of(n), y)};
    }
}
