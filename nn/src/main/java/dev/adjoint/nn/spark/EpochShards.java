package dev.adjoint.nn.spark;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The examples of the current epoch placed where their shards are computed: at the start of each epoch one
 * shuffle moves every example to the partition of its shard ({@link EpochLayout}; the epoch's order is the
 * one {@code fit} drew from the seed, broadcast as each example's position), sorted by position, and the
 * {@code K} partitions are cached as {@link ShardData}.
 */
final class EpochShards {

    private final JavaSparkContext spark;
    private final JavaPairRDD<Example, Long> indexed;
    private final int shards;
    private final ShardProgram program;
    private JavaRDD<ShardData> data;
    private Broadcast<int[]> positions;
    private EpochLayout layout;

    EpochShards(JavaSparkContext spark, JavaPairRDD<Example, Long> indexed, int shards, ShardProgram program) {
        this.spark = spark;
        this.indexed = indexed;
        this.shards = shards;
        this.program = program;
    }

    /** Places the examples for an epoch visiting them in {@code order}, in batches of {@code batchSize}. */
    void place(int[] order, int batchSize) {
        int[] position = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        EpochLayout epochLayout = new EpochLayout(order.length, batchSize, shards);
        Broadcast<int[]> epochPositions = spark.broadcast(position);
        int xSize = program.inputFeatures().size();
        int ySize = program.targetFeatures().size();
        JavaRDD<ShardData> placed = indexed
                .mapToPair(e -> new Tuple2<>(epochPositions.value()[(int) (long) e._2()], e))
                .repartitionAndSortWithinPartitions(new ShardPartitioner(epochLayout))
                .mapPartitionsWithIndex((k, it) -> single(ShardData.gather(k, it, epochLayout, xSize, ySize)), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        placed.count();
        close();
        data = placed;
        positions = epochPositions;
        layout = epochLayout;
    }

    /** The cached shards of the epoch, partition {@code k} holding shard {@code k}. */
    JavaRDD<ShardData> data() {
        return data;
    }

    /** How the epoch's batches are cut into shards. */
    EpochLayout layout() {
        return layout;
    }

    /**
     * Drops the cached partitions and the positions they were shuffled by (kept until now so that Spark can
     * recompute a lost partition from its lineage).
     */
    void close() {
        if (data != null) {
            data.unpersist(false);
            positions.destroy(false);
            data = null;
            positions = null;
        }
    }

    static <T> Iterator<T> single(T value) {
        return Collections.singletonList(value).iterator();
    }
}
