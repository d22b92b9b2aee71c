package dev.adjoint.nn;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.model.Sequential;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;

/** Test data: three well-separated Gaussian blobs in the plane, labels 0..2, and a small classifier for them. */
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

    /** A compiled 2 -> 16 tanh -> dropout -> 3 classifier (float32, Adam, sparse cross-entropy, accuracy). */
    public static Sequential classifier(long seed) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT32, seed);
        model.add(Dense.of(16, new Tanh()));
        model.add(Dropout.of(0.1));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.01)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }
}
