package dev.adjoint.nn.shift;

import java.util.Arrays;
import java.util.Comparator;

/** Rank statistics of scores. */
final class Ranks {

    private Ranks() {
    }

    /**
     * The exact ROC AUC of {@code scores} for the {@code positive} rows: the Mann-Whitney statistic
     * {@code (R+ − n+(n+ + 1)/2) / (n+ n−)}, {@code R+} the sum of the positives' ranks (ties get their average
     * rank, so a tied pair counts 1/2). Sorting makes it {@code O(n log n)}.
     *
     * @throws IllegalArgumentException when there are no positives or no negatives
     */
    static double auc(double[] scores, boolean[] positive) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double rankSum = 0;
        long positives = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;          // the average of ranks start+1 .. end+1
            for (int k = start; k <= end; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("auc: needs positives and negatives, got " + positives + " and "
                    + negatives);
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
