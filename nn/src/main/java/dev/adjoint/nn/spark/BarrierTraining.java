package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Tensor;
import dev.adjoint.nn.model.FitOptions;
import dev.adjoint.nn.model.Model;
import dev.adjoint.nn.model.ModelState;
import dev.adjoint.nn.model.ShardGradient;
import dev.adjoint.nn.model.ShardedStep;
import dev.adjoint.nn.model.TrainStep;
import dev.adjoint.nn.model.TrainingData;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Training data spread over a Spark cluster, with one barrier stage for up to {@code S} steps: the {@code K}
 * shard tasks start together ({@code RDD.barrier()}) from the broadcast state and, for each step, compute
 * their {@link ShardGradient} part, exchange the parts with {@link BarrierTaskContext#allGather}, place them
 * by shard index, sum them in shard order and apply the same update to their replicas of the state (the same
 * function on the same values: the replicas stay bit-identical). Task 0 returns each step's sum; the driver
 * replays the updates from those sums with its one authoritative copy of the state and the optimizer's
 * state, so {@code fit} sees every step's state, loss and metrics as with one job per step.
 *
 * <p>The precomputed steps are used while {@code fit} asks for them from the states they produced and with
 * the same learning-rate factor; a callback that changes either (or restores weights) makes the next step
 * start a new stage from the state it was given. The stage's results pass through a shuffle, so the barrier
 * stage is a map stage, which Spark restarts as a whole when one of its tasks fails (it does not retry a
 * barrier result stage): from the same broadcast state, with the same sums.
 */
final class BarrierTraining implements TrainingData {

    private final JavaSparkContext spark;
    private final int rows;
    private final int stepsPerStage;
    private final ShardedStep step;
    private final Broadcast<ShardProgram> program;
    private final FitOptions options;
    private final dev.adjoint.core.tensor.DType dtype;
    private final EpochShards epoch;
    private final List<Ahead> ahead = new ArrayList<>();
    private ModelState aheadFrom;
    private int aheadBatch;
    private double aheadFactor;
    private StepTimings timings = StepTimings.NONE;

    BarrierTraining(JavaSparkContext spark, JavaPairRDD<Example, Long> indexed, int rows, Model model,
            Broadcast<ShardProgram> program, FitOptions options, int stepsPerStage) {
        this.spark = spark;
        this.rows = rows;
        this.stepsPerStage = stepsPerStage;
        this.step = program.value().step(model);
        this.program = program;
        this.options = options;
        this.dtype = model.dtype();
        this.epoch = new EpochShards(spark, indexed, options.shards(), program.value());
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void beginEpoch(int epochIndex, int[] order, int batchSize) {
        ahead.clear();
        epoch.place(order, batchSize);
    }

    @Override
    public TrainStep.Result step(ModelState state, int batch, int[] indices, Key key, double lrFactor) {
        if (ahead.isEmpty() || state != aheadFrom || batch != aheadBatch || lrFactor != aheadFactor
                || !key.equals(options.stepKey(state.step()))) {
            runStage(state, batch, lrFactor);
        }
        Ahead next = ahead.remove(0);
        timings = timings.plus(next.wallNanos(), next.slowestShardNanos(), next.updateNanos());
        aheadFrom = next.result().state();
        aheadBatch = batch + 1;
        return next.result();
    }

    /** A step computed ahead, with its share of the stage's time. */
    private record Ahead(TrainStep.Result result, long wallNanos, long slowestShardNanos, long updateNanos) {
    }

    /** Computes the steps from {@code batch} to the end of the epoch (at most {@code S}) in one barrier stage. */
    private void runStage(ModelState state, int batch, double lrFactor) {
        long start = System.nanoTime();
        EpochLayout layout = epoch.layout();
        int count = Math.min(stepsPerStage, layout.batches() - batch);
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = options.stepKey(state.step() + i).seed();
        }
        List<Tensor> values = new ArrayList<>(state.params().values().toJavaList());
        values.addAll(state.optimizer().values().toJavaList());
        Broadcast<PackedTensors> start0 = spark.broadcast(PackedTensors.pack(values, dtype));
        Broadcast<ShardProgram> shardProgram = program;
        Stage stage = new Stage(batch, keys, state.step(), lrFactor, layout);
        scala.reflect.ClassTag<StageResult> tag = scala.reflect.ClassTag$.MODULE$.apply(StageResult.class);
        // The shuffle after the barrier stage makes it a map stage, which Spark restarts as a whole when a task
        // fails (a failed barrier result stage is not retried).
        List<StageResult> returned = new org.apache.spark.api.java.JavaRDD<>(epoch.data().rdd().barrier()
                .mapPartitions(new StageTask(shardProgram, start0, stage), false, tag), tag).repartition(1).collect();
        start0.destroy(false);
        if (returned.size() != 1 || returned.get(0).sums().size() != count) {
            throw new IllegalStateException("spark fit: a stage of " + count + " steps must return their sums from"
                    + " task 0, got " + returned.size() + " results");
        }
        long stageEnd = System.nanoTime();
        ahead.clear();
        ModelState current = state;
        for (int i = 0; i < count; i++) {
            long t0 = System.nanoTime();
            ShardGradient.Part sum = returned.get(0).sums().get(i).part(step.gradient());
            TrainStep.Result result = step.apply(current, List.of(sum), lrFactor);
            current = result.state();
            long t1 = System.nanoTime();
            ahead.add(new Ahead(result, (stageEnd - start) / count + (t1 - t0), returned.get(0).slowest()[i],
                    t1 - t0));
        }
        aheadFrom = state;
        aheadBatch = batch;
        aheadFactor = lrFactor;
    }

    /** What every task of a stage needs besides its shard and the starting state. */
    private record Stage(int firstBatch, long[] keys, long steps, double lrFactor, EpochLayout layout)
            implements Serializable {
    }

    /** Each step's sum of parts (as shard -1), and the slowest shard's computing time of each step. */
    private record StageResult(List<ShardPart> sums, long[] slowest) implements Serializable {
    }

    /** A stage's task as the Scala function {@code RDDBarrier.mapPartitions} takes. */
    private static final class StageTask extends scala.runtime.AbstractFunction1<scala.collection.Iterator<ShardData>,
            scala.collection.Iterator<StageResult>> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ShardProgram> program;
        private final Broadcast<PackedTensors> start;
        private final Stage stage;

        StageTask(Broadcast<ShardProgram> program, Broadcast<PackedTensors> start, Stage stage) {
            this.program = program;
            this.start = start;
            this.stage = stage;
        }

        @Override
        public scala.collection.Iterator<StageResult> apply(scala.collection.Iterator<ShardData> shards) {
            return scala.jdk.javaapi.CollectionConverters.asScala(run(program.value(), shards.next(), start.value(),
                    stage));
        }
    }

    /** One shard task of a stage: its part of every step, exchanged, summed in shard order, applied. */
    private static Iterator<StageResult> run(ShardProgram program, ShardData data, PackedTensors start,
            Stage stage) {
        BarrierTaskContext context = BarrierTaskContext.get();
        ShardedStep step = program.step();
        ModelState state = program.state(start, stage.steps());
        List<ShardPart> sums = new ArrayList<>();
        long[] slowest = new long[stage.keys().length];
        for (int i = 0; i < stage.keys().length; i++) {
            int batch = stage.firstBatch() + i;
            ShardPart mine = program.part(data, batch, state.params().toJavaMap(java.util.LinkedHashMap::new,
                    t -> t), stage.keys()[i], stage.layout().batchRows(batch));
            String[] messages = context.allGather(mine == null ? "" : mine.toMessage());
            List<ShardPart> received = new ArrayList<>();
            for (String message : messages) {
                if (!message.isEmpty()) {
                    ShardPart part = ShardPart.fromMessage(message);
                    received.add(part);
                    slowest[i] = Math.max(slowest[i], part.computeNanos());
                }
            }
            ShardGradient.Part sum = ShardGradient.Part.sum(ShardPart.inShardOrder(received, stage.layout(), batch,
                    step.gradient()));
            state = step.apply(state, List.of(sum), stage.lrFactor()).state();
            if (context.partitionId() == 0) {
                sums.add(ShardPart.of(-1, sum, state.params().head()._2.dtype(), 0));
            }
        }
        return context.partitionId() == 0 ? EpochShards.single(new StageResult(sums, slowest))
                : Collections.emptyIterator();
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
