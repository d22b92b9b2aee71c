package dev.adjoint.nn.spark;

import dev.adjoint.core.tensor.DType;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.io.Serializable;
import java.util.Iterator;
import scala.Tuple2;

/**
 * One shard's examples for every step of an epoch, as a partition holds them after the epoch's shuffle: for
 * batch {@code b}, the shard's inputs, targets and the examples' indices in the training data (which key
 * their dropout masks), in the order of the epoch.
 */
final class ShardData implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int shard;
    private final double[][] x;
    private final double[][] y;
    private final int[][] rows;

    private ShardData(int shard, double[][] x, double[][] y, int[][] rows) {
        this.shard = shard;
        this.x = x;
        this.y = y;
        this.rows = rows;
    }

    /**
     * Gathers shard {@code k}'s examples from its partition, sorted by position in the epoch's order.
     *
     * @param examples (position, (example, index)) pairs
     */
    static ShardData gather(int k, Iterator<Tuple2<Integer, Tuple2<Example, Long>>> examples, EpochLayout layout,
            int xSize, int ySize) {
        int batches = layout.batches();
        double[][] x = new double[batches][];
        double[][] y = new double[batches][];
        int[][] rows = new int[batches][];
        int[] filled = new int[batches];
        for (int b = 0; b < batches; b++) {
            int n = layout.shardRows(b, k);
            x[b] = new double[n * xSize];
            y[b] = new double[n * ySize];
            rows[b] = new int[n];
        }
        while (examples.hasNext()) {
            Tuple2<Integer, Tuple2<Example, Long>> next = examples.next();
            int b = next._1() / layout.batchSize();
            Example e = next._2()._1();
            int i = filled[b]++;
            System.arraycopy(e.x(), 0, x[b], i * xSize, xSize);
            System.arraycopy(e.y(), 0, y[b], i * ySize, ySize);
            rows[b][i] = (int) (long) next._2()._2();
        }
        for (int b = 0; b < batches; b++) {
            if (filled[b] != rows[b].length) {
                throw new IllegalStateException("spark fit: shard " + k + " of batch " + b + " must hold "
                        + rows[b].length + " examples, got " + filled[b]);
            }
        }
        return new ShardData(k, x, y, rows);
    }

    /** The shard's index. */
    int shard() {
        return shard;
    }

    /** The number of the shard's examples in batch {@code b} (0 when the batch is smaller than the shards). */
    int rows(int b) {
        return rows[b].length;
    }

    /** The examples' indices in batch {@code b}. */
    int[] indices(int b) {
        return rows[b];
    }

    /** The inputs of batch {@code b}, shaped {@code [rows, features...]} in {@code dtype}. */
    Tensor x(int b, Shape features, DType dtype) {
        return Tensor.of(dtype, withRows(rows(b), features), x[b]);
    }

    /** The targets of batch {@code b}, shaped {@code [rows, target features...]} in {@code dtype}. */
    Tensor y(int b, Shape features, DType dtype) {
        return Tensor.of(dtype, withRows(rows(b), features), y[b]);
    }

    /** {@code [rows, dims...]}. */
    static Shape withRows(int rows, Shape features) {
        int[] dims = new int[features.rank() + 1];
        dims[0] = rows;
        System.arraycopy(features.dims(), 0, dims, 1, features.rank());
        return Shape.of(dims);
    }
}
