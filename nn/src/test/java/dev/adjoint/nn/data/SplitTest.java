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

    /** Rows {@code i} with feature {@code i}, {@code counts[c]} rows of each class {@code c} in turn. */
    private static Dataset classes(int... counts) {
        int n = Arrays.stream(counts).sum();
        double[] x = new double[n];
        double[] y = new double[n];
        int i = 0;
        for (int c = 0; c < counts.length; c++) {
            for (int k = 0; k < counts[c]; k++, i++) {
                x[i] = i;
                y[i] = c;
            }
        }
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n), y));
    }

    private static int[] testCounts(Split split, int classes) {
        int[] out = new int[classes];
        for (int c = 0; c < classes; c++) {
            out[c] = count(split.test(), c);
        }
        return out;
    }

    /**
     * The test set's size and its classes' shares as scikit-learn's: {@code train_test_split(x, y, test_size=f,
     * stratify=y, random_state=0)}, then {@code len(y_test)} and {@code np.bincount(y_test)} (scikit-learn 1.2.1).
     * Rounding each class's share gave 20 test rows of 50 at 0.3 (10 classes of 5), 20 of 150 at 0.1 (10 of 15),
     * 9 of 15 at 0.5 (3 of 5), 8 of 12 at 0.5 (4 of 3) and 179 of the digits' 1797 at 0.1. With equal remainders
     * scikit-learn picks the classes at random, so those cases compare the sorted counts.
     */
    @Test
    void stratifiedSizesAndClassSharesAreScikitLearns() {
        int[] digits = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
        Object[][] exact = {
            {digits, 0.1, new int[] {18, 18, 18, 18, 18, 18, 18, 18, 18, 18}},
            {digits, 0.25, new int[] {45, 46, 44, 46, 45, 46, 45, 45, 43, 45}},
            {digits, 0.5, new int[] {89, 91, 88, 92, 91, 91, 91, 89, 87, 90}},
            {new int[] {10, 7, 4, 2}, 0.4, new int[] {4, 3, 2, 1}},
            {new int[] {7, 5, 3}, 0.25, new int[] {2, 1, 1}},
            {new int[] {50, 30, 20}, 0.3, new int[] {15, 9, 6}},
        };
        for (Object[] c : exact) {
            int[] counts = (int[]) c[0];
            Split split = Split.stratified(classes(counts), (double) c[1], Key.of(3));
            int[] expected = (int[]) c[2];
            String what = Arrays.toString(counts) + " at " + c[1];
            assertArrayEquals(expected, testCounts(split, counts.length), what);
            assertEquals(Arrays.stream(counts).sum() - Arrays.stream(expected).sum(), split.train().rows(), what);
        }
        Object[][] tied = {
            {new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, 0.3, new int[] {1, 1, 1, 1, 1, 2, 2, 2, 2, 2}},
            {new int[] {15, 15, 15, 15, 15, 15, 15, 15, 15, 15}, 0.1, new int[] {1, 1, 1, 1, 1, 2, 2, 2, 2, 2}},
            {new int[] {5, 5, 5}, 0.5, new int[] {2, 3, 3}},
            {new int[] {3, 3, 3, 3}, 0.5, new int[] {1, 1, 2, 2}},
        };
        for (Object[] c : tied) {
            int[] counts = (int[]) c[0];
            int[] expected = (int[]) c[2];
            String what = Arrays.toString(counts) + " at " + c[1];
            for (long seed = 0; seed < 5; seed++) {
                Split split = Split.stratified(classes(counts), (double) c[1], Key.of(seed));
                int[] got = testCounts(split, counts.length);
                Arrays.sort(got);
                assertArrayEquals(expected, got, what);
                assertEquals(Arrays.stream(expected).sum(), split.test().rows(), what);
            }
        }
    }

    /** Equal remainders are resolved by the key, not by the labels: over keys every class gets the extra row. */
    @Test
    void tiedClassesAreOrderedByTheKeyNotByTheirLabels() {
        int[] extra = new int[10];
        for (long seed = 0; seed < 40; seed++) {
            int[] got = testCounts(Split.stratified(classes(5, 5, 5, 5, 5, 5, 5, 5, 5, 5), 0.3, Key.of(seed)), 10);
            for (int c = 0; c < 10; c++) {
                extra[c] += got[c] == 2 ? 1 : 0;
            }
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(extra[c] > 5 && extra[c] < 35, "class " + c + " had 2 test rows in " + extra[c] + " of 40");
        }
        assertArrayEquals(testCounts(Split.stratified(classes(5, 5, 5), 0.5, Key.of(9)), 3),
                testCounts(Split.stratified(classes(5, 5, 5), 0.5, Key.of(9)), 3), "the same key, the same split");
    }

    /**
     * A class of one row cannot be in both sets: scikit-learn raises "The least populated class in y has only 1
     * member", and so does the split, naming the class. Too few test or training rows for the classes is refused
     * as scikit-learn refuses it.
     */
    @Test
    void aSingleRowClassOrFewerRowsThanClassesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.stratified(classes(5, 1, 4), 0.3, Key.of(1)));
        assertEquals("split: stratifying needs at least 2 rows of every class, got 1 row of class 1 (row 5);"
                + " scikit-learn's train_test_split(stratify=y) refuses it too: drop or merge the class, or use"
                + " Split.random", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(classes(4, 4, 4), 0.1, Key.of(1)));
        assertEquals("split: stratified testFraction 0.1 of 12 rows puts ceil(0.1 * 12) = 2 rows in the test set and"
                + " 10 in the training set; expected at least one row per class in each, 3 classes (scikit-learn"
                + " refuses it too): raise testFraction, or use Split.random", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Split.stratified(classes(4, 4, 4), 0.9, Key.of(1)));
        assertTrue(e.getMessage().contains("= 11 rows in the test set and 1 in the training set"), e.getMessage());
        assertTrue(e.getMessage().contains("lower testFraction"), e.getMessage());
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
