package dev.adjoint.core.check;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a gradient check: how many comparisons were made, how many disagreed, and the worst one,
 * measured by how far it is past (or within) its tolerance, with where it was: the input, the element (flat
 * and per axis) and the input's value there, which with the same bindings is all it takes to look at it again.
 *
 * @param mode what was compared ("per-element", "random-direction", "second-order")
 * @param comparisons the number of comparisons
 * @param disagreements the number of comparisons outside the tolerance (0: the check passed)
 * @param worstInput the input of the worst comparison (the inputs joined by commas for a direction; "" when there
 *     was no comparison)
 * @param worstIndex the flat (row-major) index in that input (-1 for a direction, or when there was none)
 * @param worstPosition the same element as one index per axis (empty for a direction, and for a scalar input)
 * @param worstPoint the input's value at that element (NaN for a direction)
 * @param analytic the symbolic value there
 * @param numeric the central-difference value there
 * @param tolerance the tolerance used
 */
public record GradCheckReport(String mode, int comparisons, int disagreements, String worstInput, int worstIndex,
        List<Integer> worstPosition, double worstPoint, double analytic, double numeric, Tolerance tolerance) {

    /** Validates the counts and copies the position. */
    public GradCheckReport {
        Objects.requireNonNull(mode, "gradcheck report: mode is null");
        Objects.requireNonNull(worstInput, "gradcheck report: worstInput is null");
        Objects.requireNonNull(tolerance, "gradcheck report: tolerance is null");
        worstPosition = List.copyOf(Objects.requireNonNull(worstPosition, "gradcheck report: worstPosition is null"));
        if (comparisons < 0 || disagreements < 0 || disagreements > comparisons) {
            throw new IllegalArgumentException("gradcheck report: needs 0 <= disagreements <= comparisons, got "
                    + disagreements + " of " + comparisons);
        }
    }

    /** True when every comparison agreed. */
    public boolean passed() {
        return disagreements == 0;
    }

    /** The absolute error of the worst comparison. */
    public double absoluteError() {
        return Math.abs(analytic - numeric);
    }

    /** Throws an {@link AssertionError} with this report when the check failed. */
    public GradCheckReport assertPassed() {
        if (!passed()) {
            throw new AssertionError(toString());
        }
        return this;
    }

    /**
     * {@code gradcheck per-element: FAILED (2 of 6 comparisons disagree); worst at input 'x' element 4 [1, 1]
     * (value 1.5): analytic 3.1, numeric 2.0, |error| 1.1 (atol 1.0E-5, rtol 0.001, eps 1.0E-6)}.
     */
    @Override
    public String toString() {
        if (comparisons == 0) {
            return "gradcheck " + mode + ": passed (0 comparisons: every input in wrt has size 0)";
        }
        String counts = passed() ? "passed (" + comparisons + " comparisons)"
                : "FAILED (" + disagreements + " of " + comparisons + " comparisons disagree)";
        String where = worstIndex < 0 ? "" : " element " + worstIndex + (worstPosition.size() > 1 ? " " + worstPosition
                : "") + " (value " + worstPoint + ")";
        return "gradcheck " + mode + ": " + counts + "; worst at input '" + worstInput + "'" + where + ": analytic "
                + analytic + ", numeric " + numeric + ", |error| " + absoluteError() + " (atol " + tolerance.atol()
                + ", rtol " + tolerance.rtol() + ", eps " + tolerance.eps() + ")";
    }
}
