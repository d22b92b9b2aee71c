package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.constraint.MaxNorm;
import dev.adjoint.nn.constraint.NonNeg;
import dev.adjoint.nn.constraint.UnitNorm;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.MultiHeadAttention;
import dev.adjoint.nn.layer.PReLU;
import dev.adjoint.nn.layer.conv.ConvLSTM1D;
import dev.adjoint.nn.layer.conv.ConvLSTM2D;
import dev.adjoint.nn.layer.conv.DepthwiseConv1D;
import dev.adjoint.nn.layer.conv.SeparableConv1D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.optim.Sgd;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constraints on the 1-D depthwise and separable convolutions, the convolutional LSTMs, PReLU and multi-head
 * attention, as {@link ConstraintTrainingTest} checks Dense's: from the same weights, one {@code fit} step of the
 * constrained model gives the projection, computed here by a naive loop over Keras's formulas, of the weights the step
 * gives the same model without constraints, and the projection binds (it changes the unconstrained weights). Every
 * kernel is constrained over all its axes but the last, one norm per output slice: {@code MaxNorm}
 * ({@code w · min(n, max) / (1e-7 + n)}) or {@code UnitNorm} ({@code w / (1e-7 + n)}); every bias and PReLU's alpha
 * under {@code NonNeg} ({@code w · [w ≥ 0]}).
 */
class LayerConstraintTrainingTest {

    @TempDir
    Path dir;

    private static final int N = 4;
    private static final double MAX = 0.2;
    private static final double LR = 0.5;

    /** What a constraint of the test does to a weight, by name within the layer. */
    private enum Projection { MAX_NORM, UNIT_NORM, NON_NEG }

    /** The kernels' axes but the last, for a weight of {@code rank} axes. */
    private static List<Integer> allButLast(int rank) {
        return java.util.stream.IntStream.range(0, rank - 1).boxed().toList();
    }

    private static Sequential model(Shape input, Layer layer) {
        Sequential model = new Sequential(input, DType.FLOAT64, 7);
        model.add(layer);
        model.add(Flatten.of());
        model.add(Dense.of(1).named("head"));
        model.compile(Sgd.defaults().withLearningRate(LR), new MeanSquaredError());
        return model;
    }

    /** Inputs of {@code shape} (without the batch axis) for N examples, and targets far from the start. */
    private static Tensor inputs(Shape shape) {
        int size = N * (int) shape.size();
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = 2 * Math.sin(0.7 * i + 0.3);
        }
        int[] dims = new int[shape.rank() + 1];
        dims[0] = N;
        System.arraycopy(shape.dims(), 0, dims, 1, shape.rank());
        return Tensor.of(Shape.of(dims), values);
    }

    private static final Tensor Y = Tensor.of(Shape.of(N, 1), 3, -4, 5, -2);

    /** The norms of {@code w : [..., k]} over every axis but the last, one per slice {@code j < k}. */
    private static double[] sliceNorms(double[] w, int k) {
        double[] squares = new double[k];
        for (int i = 0; i < w.length; i++) {
            squares[i % k] += w[i] * w[i];
        }
        for (int j = 0; j < k; j++) {
            squares[j] = Math.sqrt(squares[j]);
        }
        return squares;
    }

    /** Keras's formula of the projection on {@code w}, by a loop. */
    private static double[] projected(Projection p, Tensor w) {
        double[] values = w.toDoubleArray();
        int k = w.shape().dim(-1);
        double[] norms = sliceNorms(values, k);
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double n = norms[i % k];
            out[i] = switch (p) {
                case MAX_NORM -> values[i] * Math.min(n, MAX) / (1e-7 + n);
                case UNIT_NORM -> values[i] / (1e-7 + n);
                case NON_NEG -> values[i] >= 0 ? values[i] : 0;
            };
        }
        return out;
    }

    /**
     * Five steps of {@code fit} of {@code bound}, each checked against the step of {@code free} (the same layer without
     * constraints) from the same weights: the constrained weights are the projections, every other weight is the
     * unconstrained step's, and each projection changed the unconstrained weights at some step, but on the weights
     * {@code inert} names, which no step changes.
     */
    private static void projectsEveryStep(Shape input, Layer free, Layer bound, Map<String, Projection> weights,
            java.util.Set<String> inert) {
        Sequential freeModel = model(input, free);
        Sequential boundModel = model(input, bound);
        Tensor x = inputs(input);
        Map<String, Boolean> bound0 = new java.util.HashMap<>();
        FitOptions step = FitOptions.defaults().epochs(1).batchSize(N).shuffle(false).verbosity(Verbosity.SILENT);
        for (int s = 0; s < 5; s++) {
            freeModel.setWeights(boundModel.weights());
            freeModel.fit(x, Y, step);
            boundModel.fit(x, Y, step);
            Map<String, Tensor> unconstrained = freeModel.weights();
            Map<String, Tensor> constrained = boundModel.weights();
            assertEquals(unconstrained.keySet(), constrained.keySet());
            for (String name : unconstrained.keySet()) {
                Projection p = weights.get(name.substring(name.indexOf('/') + 1));
                if (!name.startsWith("c/") || p == null) {
                    assertArrayEquals(unconstrained.get(name).toDoubleArray(), constrained.get(name).toDoubleArray(),
                            0.0, name + " is not constrained");
                    continue;
                }
                double[] expected = projected(p, unconstrained.get(name));
                // 1e-15 (a few ulps of entries below 1): the library's sum of squares may add in another order
                assertArrayEquals(expected, constrained.get(name).toDoubleArray(), 1e-15, name + " at step " + s);
                double change = 0;
                for (int i = 0; i < expected.length; i++) {
                    change = Math.max(change, Math.abs(expected[i] - unconstrained.get(name).flat(i)));
                }
                bound0.merge(name, change > 1e-6, Boolean::logicalOr);
            }
        }
        for (String name : weights.keySet()) {
            if (inert.contains(name)) {
                continue;
            }
            assertEquals(Boolean.TRUE, bound0.get("c/" + name), "the constraint on c/" + name + " must bind for the"
                    + " test to mean anything");
        }
    }

    @Test
    void depthwiseConv1DProjectsItsKernelAndBias() {
        DepthwiseConv1D layer = DepthwiseConv1D.of(3).depthMultiplier(2).named("c");
        projectsEveryStep(Shape.of(6, 2), layer, layer.depthwiseConstraint(new MaxNorm(MAX, allButLast(3)))
                .biasConstraint(new NonNeg()), Map.of("depthwise_kernel", Projection.MAX_NORM, "bias",
                Projection.NON_NEG), java.util.Set.of());
    }

    @Test
    void separableConv1DProjectsBothKernelsAndBias() {
        SeparableConv1D layer = SeparableConv1D.of(3, 3).named("c");
        projectsEveryStep(Shape.of(6, 2), layer, layer.depthwiseConstraint(new MaxNorm(MAX, allButLast(3)))
                .pointwiseConstraint(new UnitNorm(allButLast(3))).biasConstraint(new NonNeg()),
                Map.of("depthwise_kernel", Projection.MAX_NORM, "pointwise_kernel", Projection.UNIT_NORM, "bias",
                        Projection.NON_NEG), java.util.Set.of());
    }

    @Test
    void convLstm1DProjectsItsKernelRecurrentKernelAndBias() {
        ConvLSTM1D layer = ConvLSTM1D.of(2, 3).named("c");
        projectsEveryStep(Shape.of(3, 5, 2), layer, layer.kernelConstraint(new MaxNorm(MAX, allButLast(3)))
                .recurrentConstraint(new UnitNorm(allButLast(3))).biasConstraint(new NonNeg()),
                Map.of("kernel", Projection.MAX_NORM, "recurrent_kernel", Projection.UNIT_NORM, "bias",
                        Projection.NON_NEG), java.util.Set.of());
    }

    @Test
    void convLstm2DProjectsItsKernelRecurrentKernelAndBias() {
        ConvLSTM2D layer = ConvLSTM2D.of(2, 2).named("c");
        projectsEveryStep(Shape.of(2, 4, 4, 2), layer, layer.kernelConstraint(new MaxNorm(MAX, allButLast(4)))
                .recurrentConstraint(new UnitNorm(allButLast(4))).biasConstraint(new NonNeg()),
                Map.of("kernel", Projection.MAX_NORM, "recurrent_kernel", Projection.UNIT_NORM, "bias",
                        Projection.NON_NEG), java.util.Set.of());
    }

    @Test
    void pReLUProjectsItsSlopes() {
        PReLU layer = PReLU.of().named("c");
        projectsEveryStep(Shape.of(6, 2), layer, layer.alphaConstraint(new NonNeg()), Map.of("alpha",
                Projection.NON_NEG), java.util.Set.of());
    }

    /**
     * Every kernel and bias of the four projections of a self-attention; the key's bias adds the same score to every
     * key of a query, which the softmax cancels, so its gradient is 0 and it stays at its projection, 0.
     */
    @Test
    void multiHeadAttentionProjectsItsFourKernelsAndBiases() {
        MultiHeadAttention layer = MultiHeadAttention.of(2, 3).named("c");
        Map<String, Projection> weights = new java.util.HashMap<>();
        for (String part : List.of("query", "key", "value", "attention_output")) {
            weights.put(part + "/kernel", Projection.MAX_NORM);
            weights.put(part + "/bias", Projection.NON_NEG);
        }
        projectsEveryStep(Shape.of(3, 4), layer, layer.kernelConstraint(new MaxNorm(MAX, allButLast(3)))
                .biasConstraint(new NonNeg()), weights, java.util.Set.of("key/bias"));
    }

    /** A saved ConvLSTM1D keeps its constraints and trains on to the bits of the original. */
    @Test
    void aSavedConvLstmKeepsItsConstraintsAndTrainsOnAsTheOriginalDoes() throws IOException {
        Shape input = Shape.of(3, 5, 2);
        Sequential model = model(input, ConvLSTM1D.of(2, 3).kernelConstraint(new MaxNorm(MAX, allButLast(3)))
                .recurrentConstraint(new UnitNorm(allButLast(3))).biasConstraint(new NonNeg()).named("c"));
        FitOptions step = FitOptions.defaults().epochs(1).batchSize(N).shuffle(false).verbosity(Verbosity.SILENT);
        model.fit(inputs(input), Y, step);
        Path file = dir.resolve("conv_lstm.safetensors");
        ModelFiles.save(model, file);
        Sequential loaded = (Sequential) ModelFiles.load(file);
        assertEquals(model.stack(), loaded.stack(), "the layers, constraints included");
        model.fit(inputs(input), Y, step);
        loaded.fit(inputs(input), Y, step);
        for (String name : model.weights().keySet()) {
            assertArrayEquals(model.weights().get(name).toDoubleArray(), loaded.weights().get(name).toDoubleArray(),
                    0.0, name);
        }
        for (double n : sliceNorms(loaded.weights().get("c/kernel").toDoubleArray(), 8)) {
            assertTrue(n <= MAX, "kernel slice norm " + n);
        }
    }
}
