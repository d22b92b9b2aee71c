package dev.adjoint.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.model.Callback;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.TrainingContext;
import dev.adjoint.nn.model.Verbosity;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spark on {@code local[2]} (tasks serialized as on a cluster) against the one-machine reference. */
class SparkFitTest {

    private static final FitOptions OPTIONS = FitOptions.defaults().verbosity(Verbosity.SILENT).epochs(3)
            .batchSize(16).seed(11);
    private static JavaSparkContext spark;

    @BeforeAll
    static void start() {
        spark = SparkModels.context("local[2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void sparkOnTwoShardsEqualsTheLocalTwoShardFitBitForBit() {
        Tensor[] data = Blobs.of(90, 5);
        Model reference = SparkModels.classifier(null);
        History expected = reference.fit(data[0], data[1], OPTIONS.shards(2));

        SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(null));
        History actual = distributed.fit(SparkModels.examples(spark, data[0], data[1], 3), OPTIONS.shards(2));

        assertEquals(expected.epochs(), actual.epochs(), "the same losses and metrics, to the bit");
        SparkModels.assertSameState(reference, distributed.model());
        assertEquals(18, distributed.timings().steps());
        assertTrue(actual.last("sparse_categorical_accuracy") > 0.8, actual.toString());
    }

    /**
     * A layer under Keras constraints ({@code MaxNorm(0.2)} on its kernel, {@code NonNeg()} on its bias) trains on
     * Spark to the bits of the local two-shard fit, and its weights end within the constraints.
     */
    @Test
    void constraintsProjectOnSparkAsInTheLocalTwoShardFit() {
        Tensor[] data = Blobs.of(48, 5);
        FitOptions options = OPTIONS.epochs(2).shards(2);
        Model reference = SparkModels.classifier(SparkModels.constrained());
        History expected = reference.fit(data[0], data[1], options);
        SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(SparkModels.constrained()));
        History actual = distributed.fit(SparkModels.examples(spark, data[0], data[1], 2), options);
        assertEquals(expected.epochs(), actual.epochs());
        SparkModels.assertSameState(reference, distributed.model());
        double[] kernel = distributed.model().state().param("dense_1/kernel").toDoubleArray(); // [16, 4]
        for (int j = 0; j < 4; j++) {
            double squares = 0;
            for (int i = 0; i < 16; i++) {
                squares += kernel[i * 4 + j] * kernel[i * 4 + j];
            }
            // 0.2 n / (1e-7 + n) in float32: a rounding above 0.2 is possible, 1e-6 is several float32 ulps
            assertTrue(Math.sqrt(squares) <= 0.2 + 1e-6, "column " + j + " has norm " + Math.sqrt(squares));
        }
        for (double b : distributed.model().state().param("dense_1/bias").toDoubleArray()) {
            assertTrue(b >= 0, "bias entry " + b);
        }
    }

    /** Halves the learning rate after the second step of every epoch: a mid-epoch change of the factor. */
    private static final class HalveMidEpoch implements Callback {
        @Override
        public void onBatchEnd(int batch, Map<String, Double> logs, TrainingContext context) {
            if (batch == 1) {
                context.setLearningRateFactor(context.learningRateFactor() / 2);
            }
        }
    }

    /**
     * Barrier stages of 2 steps over epochs of 4: stages end inside an epoch, and the callback's change of the
     * learning rate after the second step discards what a stage computed ahead. (Each step of a barrier stage
     * waits up to a second in {@code allGather}: few steps.)
     */
    @Test
    void barrierStagesGiveTheSameBitsAsTheLocalFit() {
        Tensor[] data = Blobs.of(64, 15);
        FitOptions options = OPTIONS.epochs(2).shards(2).callbacks(new HalveMidEpoch());
        Model reference = SparkModels.classifier(null);
        History expected = reference.fit(data[0], data[1], options);
        SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(null), 2);
        History actual = distributed.fit(SparkModels.examples(spark, data[0], data[1], 2), options);
        assertEquals(expected.epochs(), actual.epochs());
        SparkModels.assertSameState(reference, distributed.model());
        assertEquals(8, distributed.timings().steps());
    }

    @Test
    void evaluateAndPredictRunWhereTheRowsLive() {
        Tensor[] data = Blobs.of(60, 6);
        SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(null));
        distributed.fit(SparkModels.examples(spark, data[0], data[1], 2), OPTIONS.epochs(2).shards(2));
        Model local = distributed.model();
        // partitions of 20 rows instead of one batch of 60: the same per-example figures, summed in another order
        Map<String, Double> expected = local.evaluate(data[0], data[1]);
        Map<String, Double> actual = distributed.evaluate(SparkModels.examples(spark, data[0], data[1], 3));
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((name, v) -> assertEquals(v, actual.get(name), 1e-6, name));

        Tensor predicted = local.predict(data[0]);
        List<Example> rows = SparkModels.examples(spark, data[0], data[1], 1).collect();
        JavaRDD<double[]> inputs = spark.parallelize(rows.stream().map(Example::x).toList(), 3);
        List<double[]> outputs = distributed.predict(inputs).collect();
        assertEquals(60, outputs.size());
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(predicted.get(i, j), outputs.get(i)[j], 1e-5, "row " + i);
            }
        }
    }

    @Test
    void aBadExampleIsReportedByItsIndexBeforeAnyStep() {
        Tensor[] data = Blobs.of(40, 7);
        List<Example> rows = new java.util.ArrayList<>(SparkModels.examples(spark, data[0], data[1], 1).collect());
        rows.set(23, new Example(new double[] {1, Double.NaN}, new double[] {0}));
        SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(null));
        Tensor before = distributed.model().weights().get("dense/kernel");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> distributed.fit(spark.parallelize(rows, 2), OPTIONS.shards(2)));
        assertEquals("spark fit: example 23: x must be finite, got NaN at 1", e.getMessage());
        rows.set(23, new Example(new double[] {1, 2}, new double[] {7}));
        e = assertThrows(IllegalArgumentException.class,
                () -> distributed.fit(spark.parallelize(rows, 2), OPTIONS.shards(2)));
        assertTrue(e.getMessage().startsWith("spark fit: example 23: "), e.getMessage());
        assertTrue(distributed.model().weights().get("dense/kernel").sameValues(before));
        assertEquals(0, distributed.model().state().step());
        assertFalse(e.getMessage().isEmpty());
    }
}
