package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinibatchesTest {

    private static Dataset rows(int n) {
        double[] x = new double[n];
        Arrays.setAll(x, i -> i);
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n), x));
    }

    private static double[] visited(Minibatches batches) {
        List<Double> all = new ArrayList<>();
        for (Dataset b : batches) {
            for (double v : b.x().toDoubleArray()) {
                all.add(v);
            }
            assertArrayEquals(b.x().toDoubleArray(), b.y().toDoubleArray(), "x and y stay paired");
        }
        return all.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void everyRowIsVisitedOnceInBatchesOfTheGivenSizeInTheKeysOrder() {
        Minibatches batches = Minibatches.shuffled(rows(10), 4, Key.of(5));
        assertEquals(3, batches.count());
        assertEquals(List.of(4, 4, 2), List.of(batches.batch(0).rows(), batches.batch(1).rows(),
                batches.batch(2).rows()));
        double[] order = visited(batches);
        double[] sorted = order.clone();
        Arrays.sort(sorted);
        assertArrayEquals(rows(10).x().toDoubleArray(), sorted);
        assertArrayEquals(Arrays.stream(Key.of(5).permutation(10)).asDoubleStream().toArray(), order);
        assertArrayEquals(order, visited(Minibatches.shuffled(rows(10), 4, Key.of(5))));
        assertFalse(Arrays.equals(order, visited(Minibatches.shuffled(rows(10), 4, Key.of(6)))));
        assertArrayEquals(rows(10).x().toDoubleArray(), visited(Minibatches.inOrder(rows(10), 3)));
    }

    @Test
    void anOrderThatIsNotAPermutationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Minibatches(rows(3), 2, new int[] {0, 2, 2}));
        assertEquals("Minibatches: order must list each row once, got row 2 at position 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Minibatches.shuffled(rows(3), 0, Key.of(1)));
        assertEquals("Minibatches: batchSize must be >= 1, got 0", e.getMessage());
    }

    @Test
    void aBatchSizeNearIntegerMaxValueIsOneBatchOfEveryRow() {
        // (rows + batchSize - 1) overflowed an int: count() was -1 or 0 and an epoch visited no row.
        for (int size : new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE - 1, Integer.MAX_VALUE - 2}) {
            Minibatches inOrder = Minibatches.inOrder(rows(3), size);
            assertEquals(1, inOrder.count());
            assertArrayEquals(new double[] {0, 1, 2}, inOrder.batch(0).x().toDoubleArray());
            assertArrayEquals(new double[] {0, 1, 2}, visited(inOrder));
            assertEquals(3, visited(Minibatches.shuffled(rows(3), size, Key.of(1))).length);
        }
    }
}
