package dev.adjoint.nn.data;

import dev.adjoint.core.tensor.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
     * A stratified split, sized as scikit-learn's {@code train_test_split(test_size=testFraction, stratify=y)}: the
     * test set has {@code nTest = ceil(testFraction * rows)} rows (as {@link #random}) and the training set
     * {@code nTrain = rows - nTest}; the training rows are shared among the classes (the integer labels in
     * {@code y}) in proportion to their sizes by the largest-remainder rule (scikit-learn's
     * {@code _approximate_mode}): class {@code c} of {@code n_c} rows gets {@code floor(n_c / rows * nTrain)}
     * training rows, and the rows still missing go one each to the classes of largest remainder
     * {@code n_c / rows * nTrain - floor(...)}. Classes of equal remainder are taken in an order drawn from
     * {@code key} (scikit-learn draws them from its {@code random_state}), so the split stays a function of the
     * key and no class is favoured by its label. The rest of each class goes to the test set; which rows, and
     * the order of both sets, are drawn from {@code key}.
     *
     * <p>As in scikit-learn, a class of a single row is refused (it cannot be in both sets), and so is a split
     * with fewer test or training rows than there are classes.
     *
     * @throws IllegalArgumentException when the fraction is outside (0, 1), a label is not an integer, a class
     *     has a single row, or the test or training set would have fewer rows than there are classes
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
        for (Map.Entry<Integer, List<Integer>> c : byClass.entrySet()) {
            if (c.getValue().size() < 2) {
                throw new IllegalArgumentException("split: stratifying needs at least 2 rows of every class, got 1 row"
                        + " of class " + c.getKey() + " (row " + c.getValue().get(0) + "); scikit-learn's"
                        + " train_test_split(stratify=y) refuses it too: drop or merge the class, or use Split.random");
            }
        }
        int n = data.rows();
        int nTest = (int) Math.ceil(testFraction * n);
        int nTrain = n - nTest;
        int classes = byClass.size();
        if (nTest < classes || nTrain < classes) {
            boolean fewTest = nTest < classes;
            throw new IllegalArgumentException("split: stratified testFraction " + testFraction + " of " + n
                    + " rows puts ceil(" + testFraction + " * " + n + ") = " + nTest + " rows in the test set and "
                    + nTrain + " in the training set; expected at least one row per class in each, " + classes
                    + " classes (scikit-learn refuses it too): " + (fewTest ? "raise" : "lower")
                    + " testFraction, or use Split.random");
        }
        int[] counts = byClass.values().stream().mapToInt(List::size).toArray();
        int[] trainCounts = largestRemainder(counts, nTrain, key.fold(STRATA_TIES));
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        Key.Stream stream = key.stream();
        int c = 0;
        for (List<Integer> rows : byClass.values()) {
            shuffle(rows, stream);
            int classTest = rows.size() - trainCounts[c++];
            test.addAll(rows.subList(0, classTest));
            train.addAll(rows.subList(classTest, rows.size()));
        }
        shuffle(train, stream);
        shuffle(test, stream);
        return new Split(data.take(toArray(train)), data.take(toArray(test)));
    }

    /** The fold of a stratified split's key that orders classes of equal remainder. */
    private static final int STRATA_TIES = 0x5717;

    /**
     * {@code draws} shared among classes of {@code counts} rows in proportion to them: each gets the floor of
     * {@code counts[c] / total * draws} (computed in that order, in double precision, as scikit-learn does), and
     * the draws still missing go one each in decreasing order of the remainders, equal remainders in an order drawn
     * from {@code key}.
     */
    static int[] largestRemainder(int[] counts, int draws, Key key) {
        long total = 0;
        for (int count : counts) {
            total += count;
        }
        int k = counts.length;
        int[] out = new int[k];
        double[] remainder = new double[k];
        int missing = draws;
        for (int c = 0; c < k; c++) {
            double share = (double) counts[c] / total * draws;
            out[c] = (int) Math.floor(share);
            remainder[c] = share - out[c];
            missing -= out[c];
        }
        int[] tieOrder = key.permutation(k);
        int[] rank = new int[k];
        for (int r = 0; r < k; r++) {
            rank[tieOrder[r]] = r;
        }
        Integer[] order = new Integer[k];
        Arrays.setAll(order, c -> c);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(c -> -remainder[c]).thenComparingInt(c -> rank[c]));
        for (int r = 0; r < Math.min(missing, k); r++) {
            out[order[r]]++;
        }
        return out;
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
