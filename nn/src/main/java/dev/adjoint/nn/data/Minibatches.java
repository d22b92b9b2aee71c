package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Key;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * One pass over a dataset in batches, in a row order drawn from a key: every row is visited exactly once,
 * in {@code ceil(rows / batchSize)} batches of {@code batchSize} rows (the last one shorter). The same key
 * gives the same batches; a hand-written loop passes {@code key.fold(epoch)} for a new order per epoch, as
 * {@code fit} does.
 *
 * <pre>{@code
 * for (Dataset batch : Minibatches.shuffled(train, 32, Key.of(seed).fold(epoch))) {
 *     state = step.apply(state, batch.x(), batch.y(), ...).state();
 * }
 * }</pre>
 *
 * @param data the rows
 * @param batchSize rows per batch, {@code >= 1}
 * @param order the order in which rows are visited, a permutation of {@code 0 .. rows-1}
 */
public record Minibatches(Dataset data, int batchSize, int[] order) implements Iterable<Dataset> {

    /** Validates the batch size and that {@code order} is a permutation of the rows. */
    public Minibatches {
        Objects.requireNonNull(data, "Minibatches: data is null");
        Objects.requireNonNull(order, "Minibatches: order is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("Minibatches: batchSize must be >= 1, got " + batchSize);
        }
        order = order.clone();
        boolean[] seen = new boolean[data.rows()];
        if (order.length != data.rows()) {
            throw new IllegalArgumentException("Minibatches: order must list each of the " + data.rows()
                    + " rows once, got " + order.length + " entries");
        }
        for (int i = 0; i < order.length; i++) {
            int r = order[i];
            if (r < 0 || r >= seen.length || seen[r]) {
                throw new IllegalArgumentException("Minibatches: order must list each row once, got row " + r
                        + " at position " + i);
            }
            seen[r] = true;
        }
    }

    /** The rows in an order drawn from {@code key}, in batches of {@code batchSize}. */
    public static Minibatches shuffled(Dataset data, int batchSize, Key key) {
        Objects.requireNonNull(data, "Minibatches.shuffled: data is null");
        Objects.requireNonNull(key, "Minibatches.shuffled: key is null");
        return new Minibatches(data, batchSize, key.permutation(data.rows()));
    }

    /** The rows in their order, in batches of {@code batchSize}. */
    public static Minibatches inOrder(Dataset data, int batchSize) {
        Objects.requireNonNull(data, "Minibatches.inOrder: data is null");
        int[] order = new int[data.rows()];
        Arrays.setAll(order, i -> i);
        return new Minibatches(data, batchSize, order);
    }

    /** The order (a copy). */
    @Override
    public int[] order() {
        return order.clone();
    }

    /** The number of batches, {@code ceil(rows / batchSize)}. */
    public int count() {
        // In long: rows + batchSize - 1 overflows an int for a batch size near Integer.MAX_VALUE.
        return (int) (((long) order.length + batchSize - 1) / batchSize);
    }

    /** Batch {@code b}, {@code 0 <= b < count()}. */
    public Dataset batch(int b) {
        if (b < 0 || b >= count()) {
            throw new IndexOutOfBoundsException("Minibatches: batch must be in [0, " + count() + "), got " + b);
        }
        long from = (long) b * batchSize; // < rows, as b < count(); from + batchSize may exceed an int
        return data.take(Arrays.copyOfRange(order, (int) from, (int) Math.min(order.length, from + batchSize)));
    }

    @Override
    public Iterator<Dataset> iterator() {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public Dataset next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("Minibatches: all " + count() + " batches were visited");
                }
                return batch(next++);
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Minibatches other && data.equals(other.data) && batchSize == other.batchSize
                && Arrays.equals(order, other.order);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * data.hashCode() + batchSize) + Arrays.hashCode(order);
    }

    @Override
    public String toString() {
        return "Minibatches[" + count() + " batches of " + batchSize + " from " + data + "]";
    }
}
