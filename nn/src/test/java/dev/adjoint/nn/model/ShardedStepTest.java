package dev.adjoint.nn.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.activation.Tanh;
import dev.adjoint.nn.layer.BatchNormalization;
import dev.adjoint.nn.layer.Dense;
import dev.adjoint.nn.layer.Dropout;
import dev.adjoint.nn.layer.Flatten;
import dev.adjoint.nn.layer.GaussianDropout;
import dev.adjoint.nn.layer.GaussianNoise;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.augment.RandomFlip;
import dev.adjoint.nn.layer.augment.RandomTranslation;
import dev.adjoint.nn.layer.augment.RandomZoom;
import dev.adjoint.nn.layer.conv.SpatialDropout2D;
import dev.adjoint.nn.loss.MeanSquaredError;
import dev.adjoint.nn.loss.SparseCategoricalCrossEntropy;
import dev.adjoint.nn.metric.SparseCategoricalAccuracy;
import dev.adjoint.nn.regularizer.L2;
import dev.adjoint.optim.Adam;
import dev.adjoint.optim.Schedule;
import dev.adjoint.optim.Sgd;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardedStepTest {

    private static final FitOptions QUIET = FitOptions.defaults().verbosity(Verbosity.SILENT);

    /** 2 -> 16 tanh (L2 on the kernel) -> dropout 0.2 -> 3, Adam, sparse cross-entropy from logits. */
    static Sequential classifier(DType dtype) {
        Sequential model = new Sequential(Shape.of(2), dtype, 5);
        model.add(Dense.of(16, new Tanh()).kernelRegularizer(new L2(1e-3)));
        model.add(Dropout.of(0.2));
        model.add(Dense.of(3));
        model.compile(Adam.defaults().withLearningRate(Schedule.constant(0.01)),
                new SparseCategoricalCrossEntropy(true), new SparseCategoricalAccuracy());
        return model;
    }

    @Test
    void boundsCutABatchIntoContiguousShardsThatDifferByAtMostOneRow() {
        assertArrayEquals(new int[] {0, 4, 8}, ShardedStep.bounds(8, 2));
        assertArrayEquals(new int[] {0, 3, 5, 7}, ShardedStep.bounds(7, 3));
        assertArrayEquals(new int[] {0, 1, 2, 2, 2}, ShardedStep.bounds(2, 4),
                "a small last batch leaves shards empty");
        assertThrows(IllegalArgumentException.class, () -> ShardedStep.bounds(8, 0));
    }

    /**
     * The split step sums {@code w_k ∇L_k} over the shards where the whole batch sums the examples' gradients in
     * one reduction, so the two runs differ by rounding only: in float64, over 21 Adam steps, by about 1e-15
     * relative. The tolerance 1e-9 leaves room for Adam's division by {@code sqrt(v)}, which magnifies a
     * rounding difference where a gradient is near zero; a wrong weight, a lost penalty, or a dropout mask that
     * depended on the shard would move the weights by far more (1e-3 and up).
     */
    @Test
    void aShardedFitEqualsTheUnsplitFitToRoundingWithDropoutAndPenalties() {
        Tensor[] data = Blobs.of(70, 3);
        for (int shards : new int[] {2, 3}) {
            Sequential whole = classifier(DType.FLOAT64);
            Sequential split = classifier(DType.FLOAT64);
            FitOptions options = QUIET.epochs(3).batchSize(10).seed(7);
            History a = whole.fit(data[0], data[1], options);
            History b = split.fit(data[0], data[1], options.shards(shards));
            whole.weights().forEach((name, w) -> assertTrue(w.allClose(split.weights().get(name), 1e-9, 1e-12),
                    shards + " shards, " + name + ": " + w + " vs " + split.weights().get(name)));
            for (String metric : a.names()) {
                for (int e = 0; e < 3; e++) {
                    assertEquals(a.metric(metric).get(e), b.metric(metric).get(e), 1e-9, metric + " epoch " + e);
                }
            }
            assertFalse(whole.weights().get("dense/kernel").sameValues(classifier(DType.FLOAT64).weights()
                    .get("dense/kernel")), "the model trained");
        }
    }

    /** A counting metric's value comes from the shards' counts added up: the whole batch's precision. */
    @Test
    void aCountingMetricOfAShardedFitIsTheWholeBatchs() {
        Tensor[] data = Blobs.of(60, 9);
        double[] labels = new double[60];
        for (int i = 0; i < 60; i++) {
            labels[i] = data[1].flat(i) == 0 ? 1 : 0;
        }
        Tensor y = Tensor.of(Shape.of(60, 1), labels);
        History[] histories = new History[2];
        for (int k = 1; k <= 2; k++) {
            Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 3);
            model.add(Dense.of(4, new Tanh())).add(Dense.of(1));
            model.compile(Sgd.defaults().withLearningRate(Schedule.constant(0.05)),
                    new dev.adjoint.nn.loss.BinaryCrossEntropy(true), new dev.adjoint.nn.metric.Precision(0.0));
            histories[k - 1] = model.fit(data[0], y, QUIET.epochs(2).batchSize(12).seed(1).shards(k));
        }
        for (int e = 0; e < 2; e++) {
            assertEquals(histories[0].metric("precision").get(e), histories[1].metric("precision").get(e), 1e-12);
        }
        assertTrue(histories[1].metric("precision").get(1) > 0, histories[1].toString());
    }

    @Test
    void aShardedFitIsBitReproducibleInFloat32() {
        Tensor[] data = Blobs.of(50, 4);
        Sequential a = Blobs.classifier(2);
        Sequential b = Blobs.classifier(2);
        FitOptions options = QUIET.epochs(2).batchSize(8).seed(3).shards(2);
        History ha = a.fit(data[0], data[1], options);
        History hb = b.fit(data[0], data[1], options);
        assertEquals(ha.epochs(), hb.epochs());
        a.weights().forEach((name, w) -> assertTrue(w.sameValues(b.weights().get(name)), name));
        a.state().optimizer().forEach(s -> assertTrue(s._2.sameValues(b.state().optimizer().get(s._1).get()),
                s._1));
    }

    @Test
    void batchNormalizationNormalizesPerShardAndUpdatesItsMovingAveragesOnce() {
        Sequential model = new Sequential(Shape.of(2), DType.FLOAT64, 0);
        model.add(new BatchNormalization(-1, 0.5, 1e-3, true, true, null));
        model.compile(Sgd.defaults().withLearningRate(Schedule.constant(1e-9)), new MeanSquaredError());
        Tensor x = Tensor.matrix(new double[][] {{1, 10}, {3, 20}, {5, 60}, {11, 30}});
        ShardedStep step = model.shardedStep(Shape.of(Shape.BATCH, 2));
        ModelState next = step.apply(model.state(), x, Tensor.zeros(Shape.of(4, 2)), new int[] {0, 1, 2, 3}, 2,
                Key.of(0), 1.0).state();
        // shard means (2, 15) and (8, 45): their weighted mean is the batch mean (5, 30)
        assertEquals(0.5 * 0 + 0.5 * 5.0, next.param("batch_normalization/moving_mean").flat(0), 1e-12);
        assertEquals(0.5 * 30.0, next.param("batch_normalization/moving_mean").flat(1), 1e-12);
        // shard variances 1 and 9 (feature 0): the moving variance follows their mean, 5, not the batch's 13
        assertEquals(0.5 * 1 + 0.5 * 5.0, next.param("batch_normalization/moving_variance").flat(0), 1e-12);
        assertEquals(1, next.step());
    }

    @Test
    void aBatchSmallerThanTheShardCountComputesOnlyItsNonEmptyShards() {
        Sequential model = classifier(DType.FLOAT64);
        Tensor[] data = Blobs.of(3, 1);
        ShardedStep sharded = model.shardedStep(Shape.of(Shape.BATCH));
        TrainStep whole = model.trainStep(Shape.of(Shape.BATCH));
        int[] rows = {4, 9, 2};
        TrainStep.Result a = sharded.apply(model.state(), data[0], data[1], rows, 5, Key.of(8), 1.0);
        TrainStep.Result b = whole.apply(model.state(), data[0], data[1], rows, Key.of(8), 1.0);
        assertEquals(b.loss(), a.loss(), 1e-12);
        b.state().params().forEach(p -> assertTrue(p._2.allClose(a.state().param(p._1), 1e-12, 1e-14), p._1));
    }

    /**
     * Spatial dropout, the Gaussian noise layers and the augmentation layers draw per example from the step's key and
     * the example's index in the training data, as dropout does, so one training step on a batch of 8 split into 2
     * shards gives the loss and weights of the whole batch, to rounding. Drawn by position in the batch, each shard
     * would repeat the first shard's masks and transforms and the losses would differ in the first digit.
     */
    @Test
    void aShardedStepEqualsTheWholeBatchsWithSpatialDropoutGaussianNoiseAndAugmentation() {
        Tensor x = Tensor.uniform(Key.of(9), DType.FLOAT64, Shape.of(8, 4, 4, 2), -1, 1);
        Tensor y = Tensor.uniform(Key.of(10), DType.FLOAT64, Shape.of(8, 1), -1, 1);
        int[] rows = {12, 3, 7, 0, 25, 9, 4, 18};
        Key key = Key.of(123).fold(1); // a step's key is the top 53 bits of its seed: Key.of(123) would be key 0
        for (Layer noise : List.of(SpatialDropout2D.of(0.5), GaussianNoise.of(0.5), GaussianDropout.of(0.4),
                RandomFlip.of(), RandomTranslation.of(0.3, 0.3), RandomZoom.of(0.3))) {
            Sequential model = new Sequential(Shape.of(4, 4, 2), DType.FLOAT64, 5);
            model.add(noise).add(Flatten.of()).add(Dense.of(1));
            model.compile(Sgd.defaults(), new MeanSquaredError());
            Shape targets = Shape.of(Shape.BATCH, 1);
            TrainStep.Result whole = model.trainStep(targets).apply(model.state(), x, y, rows, key, 1.0);
            TrainStep.Result split = model.shardedStep(targets).apply(model.state(), x, y, rows, 2, key, 1.0);
            assertEquals(whole.loss(), split.loss(), 1e-12, noise.toString());
            whole.state().params().forEach(p -> assertTrue(p._2.allClose(split.state().param(p._1), 1e-12, 1e-14),
                    noise + ", " + p._1 + ": " + p._2 + " vs " + split.state().param(p._1)));
            TrainStep.Result other = model.trainStep(targets).apply(model.state(), x, y, rows, key.fold(2), 1.0);
            assertTrue(Math.abs(other.loss() - whole.loss()) > 1e-6, noise + " draws from the key while training");
        }
    }

    @Test
    void shardsAreCheckedBeforeTraining() {
        assertEquals("fit: shards must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> QUIET.shards(0)).getMessage());
        Sequential model = classifier(DType.FLOAT32);
        Tensor[] data = Blobs.of(20, 1);
        Tensor before = model.weights().get("dense/kernel");
        String message = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.batchSize(8).shards(2).detectAnomalies(true))).getMessage();
        assertTrue(message.contains("shards(1)"), message);
        assertTrue(model.weights().get("dense/kernel").sameValues(before));
        ShardGradient.Part part = new ShardGradient.Part(java.util.Map.of(), java.util.Map.of(), 1, java.util.Map.of(
                "a", 1.0), java.util.Map.of());
        assertThrows(IllegalArgumentException.class, () -> part.plus(new ShardGradient.Part(java.util.Map.of(),
                java.util.Map.of(), 1, java.util.Map.of(), java.util.Map.of())));
        String weighted = assertThrows(IllegalArgumentException.class, () -> model.fit(data[0], data[1],
                QUIET.batchSize(8).shards(2).sampleWeights(Tensor.ones(Shape.of(20))))).getMessage();
        assertTrue(weighted.contains("sample or class weights"), weighted);
        assertThrows(IllegalArgumentException.class, () -> ShardGradient.Part.sum(List.of()));
    }
}
