package dev.adjoint.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.core.graph.CustomOp;
import dev.adjoint.core.graph.Node;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.Blobs;
import dev.adjoint.nn.callback.ModelCheckpoint;
import dev.adjoint.nn.io.ModelFiles;
import dev.adjoint.nn.layer.Layer;
import dev.adjoint.nn.layer.LayerContext;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.FitProgress;
import dev.adjoint.nn.model.History;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.Verbosity;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on {@code local[2,2]} (two threads, a task may fail once): a task Spark retries, and a job resumed
 * from its last checkpoint, give the bits of the run that never failed.
 */
class SparkRetryTest {

    private static final FitOptions OPTIONS = FitOptions.defaults().verbosity(Verbosity.SILENT).batchSize(16)
            .seed(21).shards(2);
    /** How many more forward passes inside Spark tasks run before one throws; negative when disarmed. */
    static final AtomicInteger COUNTDOWN = new AtomicInteger(-1);
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkModels.context("local[2,2]");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The identity, except that the forward pass of the armed countdown's last call throws in a Spark task. */
    record FailOnce() implements CustomOp {
        @Override
        public String name() {
            return "fail_once";
        }

        @Override
        public Shape shape(List<Node> inputs) {
            return inputs.get(0).shape();
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Shape out) {
            TaskContext task = TaskContext.get();
            if (task != null && task.attemptNumber() == 0 && COUNTDOWN.getAndDecrement() == 0) {
                throw new IllegalStateException("injected failure in stage " + task.stageId() + ", partition "
                        + task.partitionId());
            }
            return inputs.get(0);
        }

        @Override
        public List<Node> vjp(Node y, Node yBar) {
            return List.of(yBar);
        }
    }

    /** A layer applying {@link FailOnce}. */
    record FailingLayer(String name) implements Layer {
        @Override
        public String kind() {
            return "fail_once";
        }

        @Override
        public Shape outputShape(Shape input) {
            return input;
        }

        @Override
        public Node apply(Node x, LayerContext context) {
            return Node.apply(new FailOnce(), x);
        }
    }

    /** A failed task of a job per step is retried alone; a failed task of a barrier stage restarts the stage. */
    @Test
    void aTaskThatFailsOnceIsRetriedAndTheResultKeepsItsBits() {
        Tensor[] data = Blobs.of(48, 8);
        Model reference = SparkModels.classifier(new FailingLayer(null));
        History expected = reference.fit(data[0], data[1], OPTIONS.epochs(1));
        // a barrier stage's steps each wait up to a second in allGather: one epoch of 3 steps, one stage
        for (int stepsPerStage : new int[] {1, 3}) {
            SparkModel distributed = SparkModel.of(spark, () -> SparkModels.classifier(new FailingLayer(null)),
                    stepsPerStage);
            COUNTDOWN.set(3);
            History actual = distributed.fit(SparkModels.examples(spark, data[0], data[1], 2), OPTIONS.epochs(1));
            assertEquals(-1, Integer.signum(COUNTDOWN.get()), "the failure was injected");
            COUNTDOWN.set(-1);

            assertEquals(expected.epochs(), actual.epochs(), stepsPerStage + " steps per stage");
            SparkModels.assertSameState(reference, distributed.model());
        }
    }

    @Test
    void aJobResumedFromItsLastCheckpointContinuesBitForBit() throws Exception {
        Tensor[] data = Blobs.of(64, 9);
        SparkModel straight = SparkModel.of(spark, () -> SparkModels.classifier(null));
        History full = straight.fit(SparkModels.examples(spark, data[0], data[1], 2), OPTIONS.epochs(3));

        SparkModel first = SparkModel.of(spark, () -> SparkModels.classifier(null));
        first.fit(SparkModels.examples(spark, data[0], data[1], 2), OPTIONS.epochs(2)
                .callbacks(ModelCheckpoint.everyEpoch(dir.resolve("spark-{epoch}.safetensors").toString())));
        Path checkpoint = dir.resolve("spark-2.safetensors");
        FitProgress progress = ModelFiles.progress(checkpoint).orElseThrow();

        SparkModel resumed = SparkModel.of(spark, () -> SparkModels.classifier(null));
        resumed.model().setState(ModelFiles.load(checkpoint).state());
        History rest = resumed.fit(SparkModels.examples(spark, data[0], data[1], 3),
                OPTIONS.epochs(3).resumingFrom(progress));
        assertEquals(full.epochs().subList(2, 3), rest.epochs());
        SparkModels.assertSameState(straight.model(), resumed.model());
    }
}
