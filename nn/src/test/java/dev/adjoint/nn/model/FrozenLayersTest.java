package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Frozen;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.AdamW;
import dev.adjoint.optim.Optimizer;
import dev.adjoint.optim.Sgd;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Frozen layers, as Keras's {@code layer.trainable = False}: fit leaves their weights bit for bit (under Adam,
 * AdamW's weight decay and L2 penalties), the optimizer keeps no slots for them, their penalties leave the
 * objective, a frozen batch normalization normalizes with its moving statistics and keeps them, the summary
 * counts them as non-trainable, files round-trip them, and the same weights load into the model unfrozen.
 */
class FrozenLayersTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(2)
            .batchSize(10).seed(3);

    @TempDir
    Path dir;

    /** 2 -> 8 tanh (L2 on the kernel) -> batch normalization -> 3; {@code freeze} applied to the first two. */
    private static Sequential model(UnaryOperator<Layer> freeze, Optimizer optimizer) {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 5);
        model.add(freeze.apply(Dense.of(8, new Tanh()).kernelRegularizer(new L2(0.1))));
        model.add(freeze.apply(BatchNormalization.of()));
        model.add(Dense.of(3));
        model.compile(optimizer, new SparseCategoricalCrossEntropy(true));
        return model;
    }

    private static void assertUnchanged(Map<String, Tensor> before, Map<String, Tensor> after, String prefix) {
        before.forEach((name, w) -> {
            if (name.startsWith(prefix)) {
                assertTrue(w.sameValues(after.get(name)), name + ": " + w + " became " + after.get(name));
            }
        });
    }

    @Test
    void fitLeavesFrozenWeightsBitForBitAndTrainsTheRest() {
        Tensor[] data = Blobs.of(40, 1);
        for (Optimizer optimizer : List.of(Adam.defaults().withLearningRate(0.05),
                AdamW.defaults().withLearningRate(0.05).withWeightDecay(0.5), Sgd.defaults().withLearningRate(0.1))) {
            Sequential model = model(Frozen::of, optimizer);
            Map<String, Tensor> before = model.weights();
            model.fit(data[0], data[1], QUIET);
            Map<String, Tensor> after = model.weights();
            assertUnchanged(before, after, "dense/");
            assertUnchanged(before, after, "batch_normalization/");
            assertFalse(before.get("dense_1/kernel").sameValues(after.get("dense_1/kernel")), optimizer.name());
            assertTrue(model.state().optimizer().keySet().forAll(k -> k.startsWith("dense_1/")),
                    optimizer.name() + ": slots only for the trainable layer, got " + model.state().optimizer()
                            .keySet());
        }
    }

    @Test
    void gradientsFlowThroughAFrozenLayerToTheLayersBefore() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 5);
        model.add(Dense.of(4, new Tanh())).add(Frozen.of(Dense.of(4, new Tanh()))).add(Dense.of(3));
        model.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        Map<String, Tensor> before = model.weights();
        Tensor[] data = Blobs.of(30, 2);
        model.fit(data[0], data[1], QUIET);
        assertFalse(before.get("dense/kernel").sameValues(model.weights().get("dense/kernel")));
        assertUnchanged(before, model.weights(), "dense_1/");
    }

    /**
     * A frozen batch normalization computes {@code gamma (x - m) / sqrt(v + eps) + beta} with its moving
     * averages {@code m, v} while training: the dense layer after it trains as on inputs normalized by hand
     * (to rounding), and the moving averages stay as they were.
     */
    @Test
    void aFrozenBatchNormalizationUsesAndKeepsItsMovingStatistics() {
        Tensor[] data = Blobs.of(40, 4);
        Sequential frozen = new Sequential(Shape.of(2), DType.FLOAT64, 5);
        frozen.add(Frozen.of(BatchNormalization.of())).add(Dense.of(3));
        frozen.compile(Sgd.defaults().withLearningRate(0.1), new SparseCategoricalCrossEntropy(true));
        Tensor mean = Tensor.of(DType.FLOAT64, Shape.of(2), 0.5, -1);
        Tensor variance = Tensor.of(DType.FLOAT64, Shape.of(2), 4, 9);
        frozen.setWeights(Map.of("batch_normalization/moving_mean", mean,
                "batch_normalization/moving_variance", variance));
        Sequential plain = new Sequential(Shape.of(2), DType.FLOAT64, 5);
        plain.add(Dense.of(3));
        plain.compile(Sgd.defaults().withLearningRate(0.1), new SparseCategoricalCrossEntropy(true));
        plain.setWeights(Map.of("dense/kernel", frozen.weights().get("dense/kernel"), "dense/bias",
                frozen.weights().get("dense/bias")));
        double[] x = data[0].toDoubleArray();
        double[] m = {0.5, -1};
        double[] v = {4, 9};
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - m[i % 2]) / Math.sqrt(v[i % 2] + 1e-3);
        }
        Tensor normalized = Tensor.of(DType.FLOAT64, data[0].shape(), x);
        frozen.fit(data[0], data[1], QUIET);
        plain.fit(normalized, data[1], QUIET);
        assertTrue(frozen.weights().get("batch_normalization/moving_mean").sameValues(mean));
        assertTrue(frozen.weights().get("batch_normalization/moving_variance").sameValues(variance));
        for (String name : List.of("dense/kernel", "dense/bias")) {
            assertTrue(plain.weights().get(name).allClose(frozen.weights().get(name), 1e-12, 1e-12),
                    name + ": " + plain.weights().get(name) + " vs " + frozen.weights().get(name));
        }
    }

    /** Keras sums the penalties of trainable weights only: a frozen layer's L2 leaves the loss as it is. */
    @Test
    void aFrozenLayersPenaltyIsNotPartOfTheLoss() {
        Tensor[] data = Blobs.of(40, 1);
        Sequential penalized = model(Frozen::of, Adam.defaults());
        Sequential free = new Sequential(Shape.of(2), DType.FLOAT64, 5);
        free.add(Frozen.of(Dense.of(8, new Tanh()))).add(Frozen.of(BatchNormalization.of())).add(Dense.of(3));
        free.compile(Adam.defaults(), new SparseCategoricalCrossEntropy(true));
        assertEquals(free.weights().keySet(), penalized.weights().keySet());
        free.weights().forEach((name, w) -> assertTrue(w.sameValues(penalized.weights().get(name)), name));
        History a = penalized.fit(data[0], data[1], QUIET);
        History b = free.fit(data[0], data[1], QUIET);
        assertEquals(b.metric("loss"), a.metric("loss"));
    }

    @Test
    void theSummaryCountsFrozenWeightsAsNonTrainable() {
        Sequential model = model(Frozen::of, Adam.defaults());
        // dense 2*8+8 = 24 and batch normalization 4*8 = 32 frozen; dense_1 8*3+3 = 27 trainable
        assertEquals(27, model.trainableParameterCount());
        assertEquals(83, model.parameterCount());
        String summary = model.summary();
        assertTrue(summary.contains("Trainable params: 27\nNon-trainable params: 56"), summary);
        assertTrue(summary.contains("dense (dense)"), summary);
        Sequential unfrozen = model(l -> l, Adam.defaults());
        assertEquals(83 - 16, unfrozen.trainableParameterCount());
    }

    @Test
    void filesRoundTripFrozenLayersAndOldBehaviourIsKept() throws Exception {
        Tensor[] data = Blobs.of(40, 1);
        Sequential model = model(Frozen::of, Adam.defaults());
        model.fit(data[0], data[1], QUIET);
        Path file = dir.resolve("frozen.adj");
        ModelFiles.save(model, file);
        Model loaded = ModelFiles.load(file);
        assertEquals(model.summary(), loaded.summary());
        assertEquals(model.weights().keySet(), loaded.weights().keySet());
        model.weights().forEach((name, w) -> assertTrue(w.sameValues(loaded.weights().get(name)), name));
        Map<String, Tensor> before = loaded.weights();
        loaded.fit(data[0], data[1], QUIET);
        assertUnchanged(before, loaded.weights(), "dense/");
        assertUnchanged(before, loaded.weights(), "batch_normalization/");
        assertFalse(before.get("dense_1/kernel").sameValues(loaded.weights().get("dense_1/kernel")));
    }

    /** Freezing keeps the weights' names, so the model rebuilt unfrozen takes the same weights and fine-tunes them. */
    @Test
    void unfreezingLoadsTheSameWeightsAndTrainsThem() {
        Tensor[] data = Blobs.of(40, 1);
        Sequential model = model(Frozen::of, Adam.defaults());
        model.fit(data[0], data[1], QUIET);
        Sequential unfrozen = model(l -> l, Adam.defaults().withLearningRate(1e-3));
        unfrozen.setWeights(model.weights());
        assertTrue(model.predict(data[0]).sameValues(unfrozen.predict(data[0])));
        Map<String, Tensor> before = unfrozen.weights();
        unfrozen.fit(data[0], data[1], QUIET);
        for (String name : List.of("dense/kernel", "batch_normalization/gamma", "batch_normalization/moving_mean")) {
            assertFalse(before.get(name).sameValues(unfrozen.weights().get(name)), name);
        }
    }

    /** A sharded step trains the same model as the whole batch: frozen weights kept, the rest to rounding. */
    @Test
    void shardedFitKeepsFrozenWeightsAndMatchesTheWholeBatch() {
        Tensor[] data = Blobs.of(40, 1);
        Sequential whole = model(Frozen::of, Adam.defaults().withLearningRate(0.05));
        Sequential split = model(Frozen::of, Adam.defaults().withLearningRate(0.05));
        Map<String, Tensor> before = split.weights();
        whole.fit(data[0], data[1], QUIET);
        split.fit(data[0], data[1], QUIET.shards(2));
        assertUnchanged(before, split.weights(), "dense/");
        assertUnchanged(before, split.weights(), "batch_normalization/");
        whole.weights().forEach((name, w) -> assertTrue(w.allClose(split.weights().get(name), 1e-9, 1e-12), name));
    }
}
