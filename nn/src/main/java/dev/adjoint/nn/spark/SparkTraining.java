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
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Training data spread over a Spark cluster, with one Spark job per step (synchronous data parallelism on
 * {@code K} shards):
 *
 * <ul>
 *   <li>at the start of each epoch, one shuffle moves every example to the partition of its shard (see
 *       {@link EpochLayout}; the epoch's order is the one {@code fit} drew from the seed, broadcast as each
 *       example's position) and caches the {@code K} partitions as {@link ShardData};
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
    private final JavaPairRDD<Example, Long> indexed;
    private final int rows;
    private final int shards;
    private final ShardedStep step;
    private final Broadcast<ShardProgram> program;
    private final dev.adjoint.core.tensor.DType dtype;
    private JavaRDD<ShardData> epochData;
    private Broadcast<int[]> epochPositions;
    private EpochLayout layout;
    private StepTimings timings = StepTimings.NONE;

    SparkTraining(JavaSparkContext spark, JavaPairRDD<Example, Long> indexed, int rows, int shards, Model model,
            Broadcast<ShardProgram> program) {
        this.spark = spark;
        this.indexed = indexed;
        this.rows = rows;
        this.shards = shards;
        this.step = model.shardedStep(ShardData.withRows(dev.adjoint.core.tensor.Shape.BATCH,
                program.value().targetFeatures()));
        this.program = program;
        this.dtype = model.dtype();
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void beginEpoch(int epoch, int[] order, int batchSize) {
        int[] position = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        EpochLayout epochLayout = new EpochLayout(rows, batchSize, shards);
        Broadcast<int[]> positions = spark.broadcast(position);
        int xSize = program.value().inputFeatures().size();
        int ySize = program.value().targetFeatures().size();
        JavaRDD<ShardData> data = indexed
                .mapToPair(e -> new Tuple2<>(positions.value()[(int) (long) e._2()], e))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(epochLayout))
                .mapPartitionsWithIndex((k, it) -> single(ShardData.gather(k, it, epochLayout, xSize, ySize)), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        data.count();
        close();
        epochData = data;
        epochPositions = positions;
        layout = epochLayout;
    }

    @Override
    public TrainStep.Result step(ModelState state, int batch, int[] rows, Key key, double lrFactor) {
        long start = System.nanoTime();
        List<Tensor> values = new ArrayList<>(state.params().values().toJavaList());
        Broadcast<PackedTensors> params = spark.broadcast(PackedTensors.pack(values, dtype));
        Broadcast<ShardProgram> shardProgram = program;
        long keySeed = key.seed();
        int batchRows = layout.batchRows(batch);
        List<ShardPart> collected = epochData.mapPartitions(it -> {
            ShardPart part = shardProgram.value().part(it.next(), batch, params.value(), keySeed, batchRows);
            return part == null ? Collections.emptyIterator() : single(part);
        }).collect();
        params.destroy(false);
        ShardPart[] byShard = new ShardPart[shards];
        long slowest = 0;
        for (ShardPart part : collected) {
            byShard[part.shard()] = part;
            slowest = Math.max(slowest, part.computeNanos());
        }
        long reduce = System.nanoTime();
        List<ShardGradient.Part> parts = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            boolean expected = layout.shardRows(batch, k) > 0;
            if (expected != (byShard[k] != null)) {
                throw new IllegalStateException("spark fit: batch " + batch + " expected " + (expected ? "a" : "no")
                        + " part from shard " + k + ", got " + collected.size() + " parts");
            }
            if (expected) {
                parts.add(byShard[k].part(step.gradient()));
            }
        }
        TrainStep.Result result = step.apply(state, parts, lrFactor);
        long end = System.nanoTime();
        timings = timings.plus(end - start, slowest, end - reduce);
        return result;
    }

    /** The time the steps took so far. */
    StepTimings timings() {
        return timings;
    }

    /**
     * Drops the cached partitions of the last epoch and the positions they were shuffled by (kept until now so
     * that Spark can recompute a lost partition from its lineage).
     */
    void close() {
        if (epochData != null) {
            epochData.unpersist(false);
            epochPositions.destroy(false);
            epochData = null;
            epochPositions = null;
        }
    }

    private static <T> Iterator<T> single(T value) {
        return Collections.singletonList(value).iterator();
    }
}
