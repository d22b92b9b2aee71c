package dev.adjoint.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.core.tensor.Key;
import dev.adjoint.core.tensor.Shape;
import dev.adjoint.core.tensor.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SplitTest {

    /** Rows {@code i} with feature {@code i} and label {@code class}: 50 of class 0, 30 of class 1, 20 of class 2. */
    private static Dataset unbalanced() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = i;
            y[i] = i < 50 ? 0 : i < 80 ? 1 : 2;
        }
        return new Dataset(Tensor.of(Shape.of(100, 1), x), Tensor.of(Shape.of(100), y));
    }

    private static int count(Dataset d, int label) {
        return (int) Arrays.stream(d.y().toDoubleArray()).filter(v -> v == label).count();
    }

    @Test
    void stratifiedSplitKeepsEveryClassProportionAndPartitionsTheRows() {
        Split split = Split.stratified(unbalanced(), 0.3, Key.of(1));
        assertEquals(15, count(split.test(), 0));
        assertEquals(9, count(split.test(), 1));
        assertEquals(6, count(split.test(), 2));
        assertEquals(70, split.train().rows());
        Set<Double> seen = new HashSet<>();
        for (Dataset part : new Dataset[] {split.train(), split.test()}) {
            for (int i = 0; i < part.rows(); i++) {
                double row = part.x().flat(i);
                assertTrue(seen.add(row), "row " + row + " appears twice");
                assertEquals(row < 50 ? 0 : row < 80 ? 1 : 2, part.y().flat(i), "label travels with its row");
            }
        }
        assertEquals(100, seen.size());
    }

    @Test
    void theSameKeyGivesTheSameSplitAndAnotherKeyAnother() {
        Split a = Split.stratified(unbalanced(), 0.3, Key.of(1));
        Split b = Split.stratified(unbalanced(), 0.3, Key.of(1));
        Split c = Split.stratified(unbalanced(), 0.3, Key.of(2));
        assertArrayEquals(a.test().x().toDoubleArray(), b.test().x().toDoubleArray());
        assertFalse(Arrays.equals(a.test().x().toDoubleArray(), c.test().x().toDoubleArray()));
        Split r = Split.random(unbalanced(), 0.25, Key.of(3));
        assertEquals(25, r.test().rows());
        assertEquals(75, r.train().rows());
        assertArrayEquals(r.test().x().toDoubleArray(), Split.random(unbalanced(), 0.25, Key.of(3)).test().x()
                .toDoubleArray());
    }

    @Test
    void badFractionsAndNonIntegerLabelsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.random(unbalanced(), 1.0, Key.of(1)));
        assertEquals("split: testFraction must be in (0, 1), got 1.0", e.getMessage());
        Dataset soft = new Dataset(Tensor.zeros(Shape.of(3, 1)), Tensor.vector(0, 0.5, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(soft, 0.5, Key.of(1)));
        assertEquals("split: stratifying needs integer labels, got 0.5 at row 1", e.getMessage());
    }
}
