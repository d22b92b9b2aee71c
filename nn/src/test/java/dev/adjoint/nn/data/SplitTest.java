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

    /** Four classes of one row each: every class's share rounds to all or none, so one set would be empty. */
    @Test
    void aStratifiedSplitLeavingASetEmptyIsRefused() {
        Dataset singles = new Dataset(Tensor.zeros(Shape.of(4, 2)), Tensor.vector(0, 1, 2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.stratified(singles, 0.6, Key.of(1)));
        assertTrue(e.getMessage().contains("puts 4 rows in the test set and 0 in the training set"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(singles, 0.4, Key.of(1)));
        assertTrue(e.getMessage().contains("puts 0 rows in the test set and 4 in the training set"), e.getMessage());
        assertTrue(e.getMessage().contains("raise testFraction"), e.getMessage());
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

    /** {@code n} rows, row i holding feature i and label 0. */
    private static Dataset rows(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.zeros(Shape.of(n)));
    }

    /**
     * scikit-learn's {@code train_test_split} puts {@code ceil(test_size * n)} rows in the test set, where rounding
     * gave fewer: 0.2 of 442 rows (the diabetes data) is 89 test rows (88.4), 0.25 of 9 rows 3 (2.25), 0.01 of 10
     * rows 1 (0.1; rounding gave an empty test set), and 0.07 of 100 rows 8, since
     * {@code 0.07 * 100 = 7.000000000000001} in double precision, as in Python. Exact products stay: 0.25 of 100
     * is 25, 0.5 of 3 is 2 (1.5).
     */
    @Test
    void theTestSetHasTheCeilingOfTheFractionTimesTheRowsAsInScikitLearn() {
        int[] rows = {442, 9, 10, 100, 100, 3};
        double[] fractions = {0.2, 0.25, 0.01, 0.07, 0.25, 0.5};
        int[] tests = {89, 3, 1, 8, 25, 2};
        for (int k = 0; k < rows.length; k++) {
            Split s = Split.random(rows(rows[k]), fractions[k], Key.of(7));
            String what = rows[k] + " rows, testFraction " + fractions[k];
            assertEquals(tests[k], s.test().rows(), what);
            assertEquals(rows[k] - tests[k], s.train().rows(), what);
            Set<Double> seen = new HashSet<>();
            for (Dataset part : new Dataset[] {s.train(), s.test()}) {
                for (double v : part.x().toDoubleArray()) {
                    assertTrue(seen.add(v), what + ": row " + v + " appears twice");
                }
            }
            assertEquals(rows[k], seen.size(), what + ": every row lands in one part");
        }
    }

    /**
     * A fraction whose ceiling takes every row would leave the training set empty: scikit-learn raises, and so
     * does the split (rounding gave 0.9 of 3 rows, 2.7, three test rows and no training rows without a word).
     */
    @Test
    void aSplitThatWouldLeaveNoTrainingRowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.random(rows(3), 0.9, Key.of(1)));
        assertEquals("split: testFraction 0.9 of 3 rows puts ceil(0.9 * 3) = 3 rows in the test set and none in the"
                + " training set; expected testFraction * rows <= rows - 1 (scikit-learn's train_test_split refuses"
                + " an empty training set too)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Split.random(rows(1), 0.5, Key.of(1)), "one row");
        assertThrows(IllegalArgumentException.class, () -> Split.random(rows(10), 0.95, Key.of(1)), "ceil(9.5)");
        assertEquals(9, Split.random(rows(10), 0.9, Key.of(1)).test().rows(), "0.9 * 10 = 9 leaves one row");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Split.random(rows(0), 0.5, Key.of(1)));
        assertEquals("split: the dataset has no rows; expected at least 2 rows to split", none.getMessage());
    }
}
