package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.ShardGradient;
import dev.adjoint.nn.model.ShardedStep;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.nn.model.TrainingData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training data spread over a Spark cluster, with one Spark job per step (synchronous data parallelism on
 * {@code K} shards), the simplest correct design:
 *
 * <ul>
 *   <li>at the start of each epoch, {@link EpochShards} moves every example to the partition of its shard;
 *   <li>each step broadcasts the parameters, runs one task per shard on the cached partitions (each computes
 *       its {@link ShardGradient} part), collects the parts, puts them in shard order and hands them to
 *       {@link ShardedStep#apply(ModelState, List, double)}: the sum and the optimizer update run once, on the
 *       driver, with the one copy of the optimizer's state.
 * </ul>
 *
 * <p>A task depends only on the broadcast parameters, its cached partition and the step's key, so a task that
 * Spark retries, or recomputes from lineage after losing an executor, returns the same part; the step is then
 * bit-identical to {@code fit} with {@code shards(K)} on one machine.
 */
final class SparkTraining implements TrainingData {

    private final JavaSparkContext spark;
    private final int rows;
    private final int shards;
    private final ShardedStep step;
    private final Broadcast<ShardProgram> program;
    private final dev.adjoint.core.tensor.DType dtype;
    private final EpochShards epoch;
    private StepTimings timings = StepTimings.NONE;

    SparkTraining(JavaSparkContext spark, JavaPairRDD<Example, Long> indexed, int rows, int shards, Model model,
            Broadcast<ShardProgram> program) {
        this.spark = spark;
        this.rows = rows;
        this.shards = shards;
        this.step = program.value().step(model);
        this.program = program;
        this.dtype = model.dtype();
        this.epoch = new EpochShards(spark, indexed, shards, program.value());
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void beginEpoch(int epochIndex, int[] order, int batchSize) {
        epoch.place(order, batchSize);
    }

    @Override
    public TrainStep.Result step(ModelState state, int batch, int[] indices, Key key, double lrFactor) {
        long start = System.nanoTime();
        List<Tensor> values = new ArrayList<>(state.params().values().toJavaList());
        Broadcast<PackedTensors> params = spark.broadcast(PackedTensors.pack(values, dtype));
        Broadcast<ShardProgram> shardProgram = program;
        long keySeed = key.seed();
        EpochLayout layout = epoch.layout();
        int batchRows = layout.batchRows(batch);
        List<ShardPart> collected = epoch.data().mapPartitions(it -> {
            ShardProgram p = shardProgram.value();
            ShardPart part = p.part(it.next(), batch, p.params(params.value()), keySeed, batchRows);
            return part == null ? Collections.emptyIterator() : EpochShards.single(part);
        }).collect();
        params.destroy(false);
        long slowest = 0;
        for (ShardPart part : collected) {
            slowest = Math.max(slowest, part.computeNanos());
        }
        long reduce = System.nanoTime();
        TrainStep.Result result = step.apply(state, ShardPart.inShardOrder(collected, layout, batch,
                step.gradient()), lrFactor);
        long end = System.nanoTime();
        timings = timings.plus(end - start, slowest, end - reduce);
        return result;
    }

    /** The time the steps took so far. */
    StepTimings timings() {
        return timings;
    }

    /** Drops the cached partitions of the last epoch. */
    void close() {
        epoch.close();
    }
}
