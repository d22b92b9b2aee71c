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
        Objects.requireNonNull(train, "train is null");
        Objects.requireNonNull(test, "test is null");
    }

    /**
     * A stratified split: within every class (the label in {@code y}, which must be an integer per row), a
     * {@code testFraction} of the rows, rounded, chosen at random, goes to the test set, so both sets keep
     * the class proportions (as scikit-learn's {@code train_test_split(stratify=y)}). Both sets are then
     * shuffled.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1) or a label is not an integer
     */
    public static Split stratified(Dataset data, double testFraction, Key key) {
        check(data, testFraction, key);
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
        shuffle(train, stream);
        shuffle(test, stream);
        return new Split(data.take(toArray(train)), data.take(toArray(test)));
    }

    /**
     * A plain random split with {@code round(testFraction * rows)} rows in the test set.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1)
     */
    public static Split random(Dataset data, double testFraction, Key key) {
        check(data, testFraction, key);
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < data.rows(); i++) {
            rows.add(i);
        }
        shuffle(rows, key.stream());
        int nTest = (int) Math.round(rows.size() * testFraction);
        return new Split(data.take(toArray(rows.subList(nTest, rows.size()))), data.take(toArray(rows.subList(0, nTest))));
    }

    private static void check(Dataset data, double testFraction, Key key) {
        Objects.requireNonNull(data, "data is null");
        Objects.requireNonNull(key, "key is null");
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
