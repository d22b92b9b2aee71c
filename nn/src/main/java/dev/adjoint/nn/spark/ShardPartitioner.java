package dev.adjoint.nn.spark;

import org.apache.spark.Partitioner;

/**
 * Sends the example at position {@code p} of an epoch's order (the key) to the partition of its shard, so
 * that Spark's shuffle puts shard {@code k} of every step of the epoch in partition {@code k}.
 */
final class ShardPartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final EpochLayout layout;

    ShardPartitioner(EpochLayout layout) {
        this.layout = layout;
    }

    @Override
    public int numPartitions() {
        return layout.shards();
    }

    @Override
    public int getPartition(Object key) {
        return layout.shardOf((Integer) key);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ShardPartitioner p && p.layout.equals(layout);
    }

    @Override
    public int hashCode() {
        return layout.hashCode();
    }
}
