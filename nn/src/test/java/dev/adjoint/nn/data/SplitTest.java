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

    /** Rows {@code i} with feature {@code i}, {@code counts[c]} of them labelled {@code c}, classes interleaved. */
    private static Dataset mix(int... counts) {
        int n = Arrays.stream(counts).sum();
        double[] x = new double[n];
        double[] y = new double[n];
        int[] left = counts.clone();
        for (int i = 0, c = 0; i < n; c = (c + 1) % counts.length) {
            if (left[c] > 0) {
                left[c]--;
                x[i] = i;
                y[i++] = c;
            }
        }
        return new Dataset(Tensor.of(Shape.of(n, 1), x), Tensor.of(Shape.of(n), y));
    }

    @Test
    void stratifiedTestCountIsCeilOfFractionTimesRowsAndEachClassGetsFloorOrCeilOfItsShare() {
        // Before: each class's count was rounded alone: 3 + 3 rows at 0.5 gave 2 + 2 = 4 test rows
        // (scikit-learn: ceil(0.5 * 6) = 3), 5 + 5 + 5 at 0.3 gave 6 (ceil(4.5) = 5), 13 + 8 + 4 at 0.2 gave 6.
        int[][] mixes = {{3, 3}, {5, 5, 5}, {13, 8, 4}, {7, 2, 1}, {50, 30, 20}, {1, 1, 1, 1, 6}, {9, 1}, {11, 6, 2}};
        double[] fractions = {0.5, 0.3, 0.2, 0.3, 0.3, 0.25, 0.1, 0.4};
        int[] totals = {3, 5, 5, 3, 30, 3, 1, 8};
        for (int m = 0; m < mixes.length; m++) {
            int[] counts = mixes[m];
            int n = Arrays.stream(counts).sum();
            for (long seed = 0; seed < 6; seed++) {
                String what = Arrays.toString(counts) + " at " + fractions[m] + ", key " + seed;
                Split split = Split.stratified(mix(counts), fractions[m], Key.of(seed));
                assertEquals(totals[m], split.test().rows(), what);
                assertEquals(n - totals[m], split.train().rows(), what);
                for (int c = 0; c < counts.length; c++) {
                    long share = (long) totals[m] * counts[c];        // the share is share / n test rows
                    int got = count(split.test(), c);
                    assertTrue(got == share / n || got == (share + n - 1) / n,
                            what + ": class " + c + " must get floor or ceil of " + share + "/" + n + ", got " + got);
                    assertEquals(counts[c], got + count(split.train(), c), what + ": class " + c + " partitioned");
                }
            }
        }
        // where the remainders differ the largest ones win, whatever the key: shares 2.1, 0.6, 0.3 give 2, 1, 0
        Split split = Split.stratified(mix(7, 2, 1), 0.3, Key.of(4));
        assertArrayEquals(new int[] {2, 1, 0}, new int[] {count(split.test(), 0), count(split.test(), 1),
            count(split.test(), 2)});
    }

    @Test
    void stratifiedTiesBetweenEqualRemaindersAreBrokenByTheKey() {
        // 5 + 5 + 5 at 0.3: 5 test rows, shares 1.5 each, so two classes get 2 and one gets 1, chosen by the key
        Set<Integer> short1 = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            Split split = Split.stratified(mix(5, 5, 5), 0.3, Key.of(seed));
            Split again = Split.stratified(mix(5, 5, 5), 0.3, Key.of(seed));
            assertArrayEquals(split.test().x().toDoubleArray(), again.test().x().toDoubleArray(), "key " + seed);
            for (int c = 0; c < 3; c++) {
                if (count(split.test(), c) == 1) {
                    short1.add(c);
                }
            }
        }
        assertEquals(Set.of(0, 1, 2), short1, "every class is the one left with the smaller count for some key");
    }

    @Test
    void aStratifiedTestSetTakingEveryRowIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Split.stratified(mix(2, 1), 0.9, Key.of(1)));
        assertEquals("split: the test set must leave training rows, got ceil(0.9 * 3) = 3 test rows of 3; lower"
                + " testFraction", e.getMessage());
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
