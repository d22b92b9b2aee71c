package dev.adjoint.core.check;

/**
 * The outcome of a gradient check: how many comparisons were made and the worst one, measured by how far
 * it is past (or within) its tolerance.
 *
 * @param mode what was compared ("per-element", "random-direction", "second-order")
 * @param comparisons the number of comparisons
 * @param passed true when every comparison agreed
 * @param worstInput the input of the worst comparison ("" when there was none)
 * @param worstIndex the flat (row-major) index in that input (-1 for a direction, or when there was none)
 * @param analytic the symbolic value there
 * @param numeric the central-difference value there
 * @param tolerance the tolerance used
 */
public record GradCheckReport(String mode, int comparisons, boolean passed, String worstInput, int worstIndex,
        double analytic, double numeric, Tolerance tolerance) {

    /** The absolute error of the worst comparison. */
    public double absoluteError() {
        return Math.abs(analytic - numeric);
    }

    /** Throws an {@link AssertionError} with this report when the check failed. */
    public GradCheckReport assertPassed() {
        if (!passed) {
            throw new AssertionError(toString());
        }
        return this;
    }

    @Override
    public String toString() {
        if (comparisons == 0) {
            return "gradcheck " + mode + ": passed (0 comparisons: every input in wrt has size 0)";
        }
        return "gradcheck " + mode + ": " + (passed ? "passed" : "FAILED") + " (" + comparisons + " comparisons);"
                + " worst at input '" + worstInput + "'" + (worstIndex >= 0 ? " element " + worstIndex : "")
                + ": analytic " + analytic + ", numeric " + numeric + ", |error| " + absoluteError()
                + " (atol " + tolerance.atol() + ", rtol " + tolerance.rtol() + ", eps " + tolerance.eps() + ")";
    }
}
