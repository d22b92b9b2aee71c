package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Train/test splits driven by an explicit key: the same key gives the same split on every JDK.
 *
 * @param train the training rows
 * @param test the held-out rows
 */
public record Split(Dataset train, Dataset test) {

    /** Checks for nulls. */
    public Split {
        Objects.requireNonNull(train, "Split: train is null");
        Objects.requireNonNull(test, "Split: test is null");
    }

    /**
     * A stratified split: within every class (the label in {@code y}, which must be an integer per row), a
     * {@code testFraction} of the rows, rounded, chosen at random, goes to the test set, so both sets keep
     * the class proportions (as scikit-learn's {@code train_test_split(stratify=y)}). Both sets are then
     * shuffled.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1), a label is not an integer, or the
     *     rounded shares leave the test or the training set empty (as scikit-learn refuses empty sets)
     */
    public static Split stratified(Dataset data, double testFraction, Key key) {
        check("Split.stratified", data, testFraction, key);
        if (data.y().size() != data.rows()) {
            throw new IllegalArgumentException("split: stratifying needs one label per row, got y " + data.y().shape());
        }
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < data.rows(); i++) {
            double label = data.y().flat(i);
            if (label != Math.rint(label) || Math.abs(label) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("split: stratifying needs integer labels, got " + label + " at row "
                        + i);
            }
            byClass.computeIfAbsent((int) label, c -> new ArrayList<>()).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Key.Stream stream = key.stream();
        for (List<Integer> rows : byClass.values()) {
            shuffle(rows, stream);
            int nTest = (int) Math.round(rows.size() * testFraction);
            test.addAll(rows.subList(0, nTest));
            train.addAll(rows.subList(nTest, rows.size()));
        }
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("split: stratified testFraction " + testFraction + " of "
                    + data.rows() + " rows in " + byClass.size() + " class(es) puts " + test.size() + " rows in the"
                    + " test set and " + train.size() + " in the training set (each class's share rounded); expected"
                    + " both non-empty: " + (test.isEmpty() ? "raise testFraction" : "lower testFraction")
                    + ", or use Split.random");
        }
        shuffle(train, stream);
        shuffle(test, stream);
        return new Split(data.take(toArray(train)), data.take(toArray(test)));
    }

    /**
     * A plain random split, sized as scikit-learn's {@code train_test_split(test_size=testFraction)}: the test set
     * has {@code nTest = ceil(testFraction * rows)} rows (the product taken in double precision, as sklearn takes
     * it: {@code 0.07 * 100 = 7.000000000000001} gives 8) and the training set the other {@code rows - nTest}; which
     * rows go where is drawn from {@code key}. As in sklearn, a split that would leave the training set empty
     * ({@code nTest = rows}, e.g. 1 row, or 3 rows and a fraction above 2/3) is refused; the ceiling gives at least
     * one test row whenever there is a row.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1), when there are no rows, or when the
     *     training set would be empty
     */
    public static Split random(Dataset data, double testFraction, Key key) {
        check("Split.random", data, testFraction, key);
        int n = data.rows();
        int nTest = (int) Math.ceil(testFraction * n);
        if (n == 0) {
            throw new IllegalArgumentException("split: the dataset has no rows; expected at least 2 rows to split");
        }
        if (nTest >= n) {
            throw new IllegalArgumentException("split: testFraction " + testFraction + " of " + n + " rows puts ceil("
                    + testFraction + " * " + n + ") = " + nTest + " rows in the test set and none in the training"
                    + " set; expected testFraction * rows <= rows - 1 (scikit-learn's train_test_split refuses an"
                    + " empty training set too)");
        }
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(i);
        }
        shuffle(rows, key.stream());
        return new Split(data.take(toArray(rows.subList(nTest, n))), data.take(toArray(rows.subList(0, nTest))));
    }

    private static void check(String who, Dataset data, double testFraction, Key key) {
        Objects.requireNonNull(data, who + ": data is null");
        Objects.requireNonNull(key, who + ": key is null");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("split: testFraction must be in (0, 1), got " + testFraction);
        }
    }

    private static void shuffle(List<Integer> rows, Key.Stream stream) {
        for (int i = rows.size() - 1; i > 0; i--) {
            int j = stream.nextInt(i + 1);
            Integer t = rows.get(i);
            rows.set(i, rows.get(j));
            rows.set(j, t);
        }
    }

    private static int[] toArray(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
