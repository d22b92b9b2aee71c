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
     * A stratified split that keeps the class proportions (the label in {@code y}, which must be an integer per
     * row), with scikit-learn's counts ({@code train_test_split(stratify=y)}, {@code StratifiedShuffleSplit}):
     *
     * <ul>
     *   <li>the test set holds {@code nTest = ceil(testFraction · n)} of the {@code n} rows, the product taken
     *       in double precision;</li>
     *   <li>class {@code c} of {@code n_c} rows has the share {@code s_c = nTest · n_c / n}; it gets
     *       {@code floor(s_c)} test rows, and the {@code nTest - sum_c floor(s_c)} rows left over go one each to
     *       the classes with the largest remainders {@code s_c - floor(s_c)} (equal remainders in an order drawn
     *       from {@code key.fold(1)}), so every class gets {@code floor(s_c)} or {@code ceil(s_c)} and the counts
     *       add up to {@code nTest} exactly.</li>
     * </ul>
     *
     * Within a class the test rows are chosen at random; both sets are then shuffled. Everything random is drawn
     * from {@code key}, so the same key gives the same split. Rounding each class's count on its own instead
     * would not add up: two classes of 3 rows at 0.5 would give 4 test rows, where this rule gives 3.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1), a label is not an integer, or the
     *     test set would take every row
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
        int n = data.rows();
        int nTest = (int) Math.ceil(testFraction * n);
        if (n > 0 && nTest == n) {
            throw new IllegalArgumentException("split: the test set must leave training rows, got ceil(" + testFraction
                    + " * " + n + ") = " + nTest + " test rows of " + n + "; lower testFraction");
        }
        List<List<Integer>> classes = new ArrayList<>(byClass.values());
        int[] testCounts = largestRemainders(classes, nTest, n, key.fold(1).stream());
        Key.Stream stream = key.stream();
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Integer> rows = classes.get(c);
            shuffle(rows, stream);
            test.addAll(rows.subList(0, testCounts[c]));
            train.addAll(rows.subList(testCounts[c], rows.size()));
        }
        shuffle(train, stream);
        shuffle(test, stream);
        return new Split(data.take(toArray(train)), data.take(toArray(test)));
    }

    /**
     * The test rows per class: {@code floor(nTest · n_c / n)}, plus one for each of the classes with the largest
     * remainders until the counts add up to {@code nTest}; ties in an order drawn from {@code stream}. The
     * shares are compared as exact integers {@code nTest · n_c mod n}, so no rounding decides a tie.
     */
    private static int[] largestRemainders(List<List<Integer>> classes, int nTest, int n, Key.Stream stream) {
        int[] counts = new int[classes.size()];
        long[] remainders = new long[classes.size()];
        List<Integer> order = new ArrayList<>();
        int left = nTest;
        for (int c = 0; c < classes.size(); c++) {
            long share = (long) nTest * classes.get(c).size();
            counts[c] = (int) (share / n);
            remainders[c] = share % n;
            left -= counts[c];
            order.add(c);
        }
        shuffle(order, stream);
        order.sort((a, b) -> Long.compare(remainders[b], remainders[a])); // stable: ties keep the drawn order
        for (int k = 0; k < left; k++) {
            counts[order.get(k)]++;
        }
        return counts;
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
