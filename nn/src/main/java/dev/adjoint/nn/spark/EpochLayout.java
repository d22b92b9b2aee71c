package dev.adjoint.nn.spark;

import dev.adjoint.nn.model.ShardedStep;
import java.io.Serializable;

/**
 * Where each example of an epoch goes: with the epoch's order of {@code n} examples cut into batches of
 * {@code B}, the example at position {@code p} of the order is in batch {@code p / B}, at row {@code p mod B}
 * of it, and so in the shard {@link ShardedStep#bounds} gives that row. {@code fit} on one machine with
 * {@code shards(K)} splits every batch the same way.
 */
record EpochLayout(int examples, int batchSize, int shards) implements Serializable {

    /** The number of batches (steps) of the epoch. */
    int batches() {
        return (examples + batchSize - 1) / batchSize;
    }

    /** The number of examples in batch {@code b}: {@code B}, or fewer in the last one. */
    int batchRows(int b) {
        return Math.min(batchSize, examples - b * batchSize);
    }

    /** The shard of the example at position {@code p} of the epoch's order. */
    int shardOf(int p) {
        int[] bounds = ShardedStep.bounds(batchRows(p / batchSize), shards);
        int row = p % batchSize;
        int k = 0;
        while (row >= bounds[k + 1]) {
            k++;
        }
        return k;
    }

    /** How many rows shard {@code k} holds in batch {@code b}. */
    int shardRows(int b, int k) {
        int[] bounds = ShardedStep.bounds(batchRows(b), shards);
        return bounds[k + 1] - bounds[k];
    }
}
