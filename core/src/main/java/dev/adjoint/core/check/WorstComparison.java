package dev.adjoint.core.check;

import dev.adjoint.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a gradient check's comparisons into a {@link GradCheckReport}: how many there were, how many
 * disagreed, and the one furthest past its tolerance, {@code |a - n| - (atol + rtol * max(|a|, |n|))}, where
 * a NaN on either side (or infinities of one sign, whose difference is NaN) counts as infinitely far.
 */
final class WorstComparison {

    private final String mode;
    private final Tolerance tolerance;
    private int comparisons;
    private int disagreements;
    private double worstExcess = Double.NEGATIVE_INFINITY;
    private String input = "";
    private int index = -1;
    private List<Integer> position = List.of();
    private double point = Double.NaN;
    private double analytic = Double.NaN;
    private double numeric = Double.NaN;

    WorstComparison(String mode, Tolerance tolerance) {
        this.mode = mode;
        this.tolerance = tolerance;
    }

    /**
     * One comparison of an analytic value {@code a} with a numeric one {@code n}, at element {@code j} of the
     * input {@code x} named {@code name} (x null and j = -1 for a comparison along a direction).
     */
    void compare(String name, Tensor x, int j, double a, double n) {
        comparisons++;
        boolean agree = tolerance.agree(a, n);
        double excess = Math.abs(a - n) - tolerance.atol() - tolerance.rtol() * Math.max(Math.abs(a), Math.abs(n));
        if (Double.isNaN(excess)) {
            excess = Double.POSITIVE_INFINITY;
        }
        if (!agree) {
            disagreements++;
        }
        if (excess > worstExcess || comparisons == 1) {
            worstExcess = excess;
            input = name;
            index = j;
            position = x == null ? List.of() : position(x, j);
            point = x == null ? Double.NaN : x.flat(j);
            analytic = a;
            numeric = n;
        }
    }

    GradCheckReport report() {
        return new GradCheckReport(mode, comparisons, disagreements, input, index, position, point, analytic, numeric,
                tolerance);
    }

    /** The row-major flat index {@code j} of {@code x} as one index per axis. */
    private static List<Integer> position(Tensor x, int j) {
        int[] dims = x.shape().dims();
        Integer[] at = new Integer[dims.length];
        int rest = j;
        for (int axis = dims.length - 1; axis >= 0; axis--) {
            at[axis] = rest % dims[axis];
            rest /= dims[axis];
        }
        return List.of(at);
    }
}
