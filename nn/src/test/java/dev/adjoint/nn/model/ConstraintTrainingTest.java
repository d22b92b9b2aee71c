package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.GradientAccumulation;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constraints in every training path: after each step the kernel of {@code Dense(3, kernel_constraint=MaxNorm(0.3),
 * bias_constraint=NonNeg())} has column norms at most 0.3 and a bias without negative entries, and its weights are
 * the projection, computed here by a naive loop over Keras's formula, of the weights the same step gives the same
 * model without constraints ({@code fit}, a hand-written loop, gradient accumulation, sharded steps).
 */
class ConstraintTrainingTest {

    @TempDir
    Path dir;

    private static final int N = 4;
    private static final int IN = 3;
    private static final int U = 3;
    private static final double MAX = 0.3;
    private static final double LR = 0.5;

    private static final Tensor X = Tensor.of(Shape.of(N, IN), 0.5, -1.0, 1.5, 2.0, -0.3, 0.8, 1.1, -2.2, 0.4, -0.6,
            0.9, 1.3);
    private static final Tensor Y = Tensor.of(Shape.of(N, U), 4, -3, 5, -2, 4.5, 3, -5, 1, 2, 3.5, -4, 2.5);

    private static Sequential model(boolean constrained, Optimizer optimizer) {
        Sequential model = new Sequential(Shape.of(IN), DType.FLOAT64, 11);
        Dense dense = Dense.of(U);
        model.add(constrained ? dense.kernelConstraint(new MaxNorm(MAX, 0)).biasConstraint(new NonNeg()) : dense);
        model.compile(optimizer, new MeanSquaredError());
        return model;
    }

    private static Sequential model(boolean constrained) {
        return model(constrained, Sgd.defaults().withLearningRate(LR));
    }

    private static FitOptions oneEpochOfOneBatch() {
        return FitOptions.defaults().epochs(1).batchSize(N).shuffle(false).verbosity(Verbosity.SILENT);
    }

    /** Keras's MaxNorm on the columns (axis 0) of a [IN, U] kernel: w * (min(n, max) / (1e-7 + n)). */
    private static double[] maxNormColumns(Tensor w) {
        double[] out = new double[IN * U];
        for (int j = 0; j < U; j++) {
            double n = columnNorm(w.toDoubleArray(), j);
            double factor = Math.min(n, MAX) / (1e-7 + n);
            for (int i = 0; i < IN; i++) {
                out[i * U + j] = w.flat(i * U + j) * factor;
            }
        }
        return out;
    }

    /** Keras's NonNeg: w * (w >= 0). */
    private static double[] nonNeg(Tensor b) {
        double[] out = new double[U];
        for (int j = 0; j < U; j++) {
            out[j] = b.flat(j) * (b.flat(j) >= 0 ? 1 : 0);
        }
        return out;
    }

    private static double columnNorm(double[] w, int j) {
        double squares = 0;
        for (int i = 0; i < IN; i++) {
            squares += w[i * U + j] * w[i * U + j];
        }
        return Math.sqrt(squares);
    }

    /** The constrained weights are the projection of the unconstrained ones, and the projection binds. */
    private static void assertProjected(Map<String, Tensor> unconstrained, Map<String, Tensor> constrained) {
        Tensor w = unconstrained.get("dense/kernel");
        double largest = 0;
        for (int j = 0; j < U; j++) {
            largest = Math.max(largest, columnNorm(w.toDoubleArray(), j));
        }
        assertTrue(largest > MAX, "the step must leave a column above the bound for the test to mean anything, got "
                + largest);
        // 1e-15 (a few ulps of entries below 1): the library's sum of squares may add in another order than the loop
        assertArrayEquals(maxNormColumns(w), constrained.get("dense/kernel").toDoubleArray(), 1e-15);
        assertArrayEquals(nonNeg(unconstrained.get("dense/bias")), constrained.get("dense/bias").toDoubleArray(),
                0.0);
        assertWithinBounds(constrained);
    }

    private static void assertWithinBounds(Map<String, Tensor> weights) {
        double[] w = weights.get("dense/kernel").toDoubleArray();
        for (int j = 0; j < U; j++) {
            assertTrue(columnNorm(w, j) <= MAX, "column " + j + " has norm " + columnNorm(w, j));
        }
        for (double b : weights.get("dense/bias").toDoubleArray()) {
            assertTrue(b >= 0, "bias entry " + b);
        }
    }

    @Test
    void fitProjectsEveryStepOntoTheConstraints() {
        Sequential free = model(false);
        Sequential bound = model(true);
        assertArrayEquals(free.weights().get("dense/kernel").toDoubleArray(),
                bound.weights().get("dense/kernel").toDoubleArray(), 0.0, "same seed, same weights; no projection yet");
        for (int step = 0; step < 5; step++) {
            free.setWeights(bound.weights()); // the unconstrained step from the constrained weights
            free.fit(X, Y, oneEpochOfOneBatch());
            bound.fit(X, Y, oneEpochOfOneBatch());
            assertProjected(free.weights(), bound.weights());
        }
    }

    @Test
    void aHandWrittenLoopOfTrainStepsProjectsAsFitDoes() {
        Sequential free = model(false);
        Sequential bound = model(true);
        TrainStep freeStep = free.trainStep(Shape.of(Shape.BATCH, U));
        TrainStep boundStep = bound.trainStep(Shape.of(Shape.BATCH, U));
        ModelState state = bound.state();
        for (int step = 0; step < 3; step++) {
            ModelState next = boundStep.apply(state, X, Y, Key.of(step), 1.0).state();
            Map<String, Tensor> unconstrained = freeStep.apply(state, X, Y, Key.of(step), 1.0).state().params()
                    .toJavaMap(java.util.LinkedHashMap::new, t -> t);
            assertProjected(unconstrained, next.params().toJavaMap(java.util.LinkedHashMap::new, t -> t));
            state = next;
        }
    }

    /**
     * With gradient accumulation the projection runs on every small step, as Keras applies constraints after every
     * {@code optimizer.apply}: the first step of two does not update, yet the weights leave it projected.
     */
    @Test
    void gradientAccumulationProjectsAfterEverySmallStep() {
        Optimizer accumulating = GradientAccumulation.of(Sgd.defaults().withLearningRate(LR), 2);
        TrainStep freeStep = model(false, accumulating).trainStep(Shape.of(Shape.BATCH, U));
        Sequential bound = model(true, accumulating);
        TrainStep boundStep = bound.trainStep(Shape.of(Shape.BATCH, U));
        ModelState state = bound.state();
        Tensor initial = state.param("dense/kernel");
        ModelState accumulated = freeStep.apply(state, X, Y, Key.of(0), 1.0).state();
        assertArrayEquals(initial.toDoubleArray(), accumulated.param("dense/kernel").toDoubleArray(), 0.0,
                "without a constraint the first step changes nothing");
        state = boundStep.apply(state, X, Y, Key.of(0), 1.0).state();
        assertArrayEquals(maxNormColumns(initial), state.param("dense/kernel").toDoubleArray(), 1e-15);
        for (int step = 1; step < 5; step++) { // from the same state (weights and accumulator), with and without
            ModelState next = boundStep.apply(state, X, Y, Key.of(step), 1.0).state();
            Map<String, Tensor> unconstrained = freeStep.apply(state, X, Y, Key.of(step), 1.0).state().params()
                    .toJavaMap(java.util.LinkedHashMap::new, t -> t);
            Map<String, Tensor> constrained = next.params().toJavaMap(java.util.LinkedHashMap::new, t -> t);
            if (step % 2 == 1) {
                assertProjected(unconstrained, constrained);
            } else {
                assertWithinBounds(constrained);
            }
            state = next;
        }
        bound.fit(X, Y, oneEpochOfOneBatch().epochs(3));
        assertWithinBounds(bound.weights());
    }

    @Test
    void shardedStepsProjectAfterTheirOneUpdate() {
        Sequential free = model(false);
        Sequential bound = model(true);
        ShardedStep freeStep = free.shardedStep(Shape.of(Shape.BATCH, U));
        ShardedStep boundStep = bound.shardedStep(Shape.of(Shape.BATCH, U));
        int[] rows = TrainStep.positions(N);
        ModelState state = bound.state();
        for (int step = 0; step < 3; step++) {
            ModelState next = boundStep.apply(state, X, Y, rows, 2, Key.of(step), 1.0).state();
            Map<String, Tensor> unconstrained = freeStep.apply(state, X, Y, rows, 2, Key.of(step), 1.0).state()
                    .params().toJavaMap(java.util.LinkedHashMap::new, t -> t);
            assertProjected(unconstrained, next.params().toJavaMap(java.util.LinkedHashMap::new, t -> t));
            state = next;
        }
        Sequential fitted = model(true);
        fitted.fit(X, Y, oneEpochOfOneBatch().shards(2));
        assertWithinBounds(fitted.weights());
    }

    @Test
    void aFrozenLayerIsNeverProjected() {
        Sequential model = new Sequential(Shape.of(IN), DType.FLOAT64, 11);
        model.add(Frozen.of(Dense.of(U).kernelConstraint(new MaxNorm(1e-3, 0))));
        model.add(Dense.of(1));
        model.compile(Sgd.defaults().withLearningRate(LR), new MeanSquaredError());
        Tensor kernel = model.weights().get("dense/kernel");
        model.fit(X, Tensor.of(Shape.of(N, 1), 1, 2, 3, 4), oneEpochOfOneBatch());
        assertArrayEquals(kernel.toDoubleArray(), model.weights().get("dense/kernel").toDoubleArray(), 0.0);
        assertTrue(columnNorm(kernel.toDoubleArray(), 0) > 1e-3, "the constraint would have changed it");
    }

    @Test
    void aSavedModelKeepsItsConstraintsAndTrainsOnAsTheOriginalDoes() throws IOException {
        Sequential model = model(true);
        model.fit(X, Y, oneEpochOfOneBatch());
        Path file = dir.resolve("constrained.safetensors");
        ModelFiles.save(model, file);
        Sequential loaded = (Sequential) ModelFiles.load(file);
        assertEquals(model.stack(), loaded.stack(), "the layers, constraints included");
        model.fit(X, Y, oneEpochOfOneBatch());
        loaded.fit(X, Y, oneEpochOfOneBatch());
        for (String name : model.weights().keySet()) {
            assertArrayEquals(model.weights().get(name).toDoubleArray(), loaded.weights().get(name).toDoubleArray(),
                    0.0, name);
        }
        assertWithinBounds(loaded.weights());
    }

    /** The norms of {@code w : [..., k]} over every axis but the last, one per slice {@code j < k}. */
    private static double[] sliceNorms(Tensor w) {
        int k = w.shape().dim(-1);
        double[] squares = new double[k];
        double[] values = w.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            squares[i % k] += values[i] * values[i];
        }
        for (int j = 0; j < k; j++) {
            squares[j] = Math.sqrt(squares[j]);
        }
        return squares;
    }

    /**
     * A Conv2D kernel {@code [2, 2, 2, 3]} under {@code MaxNorm(0.1, axis=[0, 1, 2])} (each filter's norm, as Keras
     * documents for convolutions), and, in a bidirectional LSTM, a recurrent kernel under {@code UnitNorm(0)} and an
     * input kernel under {@code NonNeg()}: after each step every filter's norm is at most 0.1, every recurrent column
     * has norm {@code n / (1e-7 + n)}, 1 within 1e-6, and no input weight is negative, in both directions.
     */
    @Test
    void convolutionFiltersAndRecurrentKernelsAreProjectedInEveryDirection() {
        Sequential cnn = new Sequential(Shape.of(4, 4, 2), DType.FLOAT64, 5);
        cnn.add(dev.adjoint.nn.layer.conv.Conv2D.of(3, 2).kernelConstraint(new MaxNorm(0.1, java.util.List.of(0, 1,
                2))));
        cnn.add(dev.adjoint.nn.layer.Flatten.of());
        cnn.add(Dense.of(1));
        cnn.compile(Sgd.defaults().withLearningRate(LR), new MeanSquaredError());
        double[] images = new double[N * 32];
        for (int i = 0; i < images.length; i++) {
            images[i] = Math.sin(0.7 * i);
        }
        Tensor x = Tensor.of(Shape.of(N, 4, 4, 2), images);
        Tensor y = Tensor.of(Shape.of(N, 1), 1, -2, 3, -4);
        assertTrue(sliceNorms(cnn.weights().get("conv2d/kernel"))[0] > 0.1, "the bound must bind");
        Sequential rnn = new Sequential(Shape.of(3, 2), DType.FLOAT64, 5);
        rnn.add(dev.adjoint.nn.layer.Bidirectional.of(dev.adjoint.nn.layer.LSTM.of(2)
                .recurrentConstraint(new dev.adjoint.nn.constraint.UnitNorm(0)).kernelConstraint(new NonNeg())));
        rnn.add(Dense.of(1));
        rnn.compile(Sgd.defaults().withLearningRate(LR), new MeanSquaredError());
        Tensor sequences = Tensor.of(Shape.of(N, 3, 2), java.util.Arrays.copyOf(images, N * 6));
        for (int step = 0; step < 3; step++) {
            cnn.fit(x, y, oneEpochOfOneBatch());
            for (double n : sliceNorms(cnn.weights().get("conv2d/kernel"))) {
                assertTrue(n <= 0.1, "filter norm " + n);
            }
            rnn.fit(sequences, y, oneEpochOfOneBatch());
            for (String direction : java.util.List.of("forward", "backward")) {
                String prefix = "bidirectional/" + direction + "/";
                Tensor recurrent = rnn.weights().get(prefix + "recurrent_kernel"); // [2, 8]
                double[] columns = new double[8];
                for (int i = 0; i < 16; i++) {
                    columns[i % 8] += recurrent.flat(i) * recurrent.flat(i);
                }
                for (double squares : columns) {
                    assertEquals(1.0, Math.sqrt(squares), 1e-6, prefix + "recurrent_kernel");
                }
                for (double w : rnn.weights().get(prefix + "kernel").toDoubleArray()) {
                    assertTrue(w >= 0, prefix + "kernel entry " + w);
                }
            }
        }
    }

    @Test
    void anAxisOutOfRangeIsRefusedWhenTheModelIsBuiltNamingTheLayerAndTheWeight() {
        Sequential model = new Sequential(Shape.of(IN), DType.FLOAT64, 11);
        Layer dense = Dense.of(U).kernelConstraint(new MaxNorm(2, 2)).named("hidden");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            model.add(dense);
            model.weights();
        });
        assertEquals("MaxNorm: axis must be in [-2, 2) for the weight 'kernel' of layer 'hidden' of shape [3, 3],"
                + " got 2 (adding layer 1 of the Sequential model, onto its input [N, 3])", e.getMessage());
    }
}
