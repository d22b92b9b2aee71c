package dev.adjoint.core.check;

/**
 * How a gradient check compares: central differences with step {@code eps}; an analytic value {@code a}
 * and a numeric one {@code n} agree when {@code |a - n| <= atol + rtol * max(|a|, |n|)}.
 *
 * <p>{@link #FLOAT64} is the default (eps 1e-6, atol 1e-5, rtol 1e-3): the central-difference error is
 * O(eps²) ≈ 1e-12 times the third derivative plus rounding ≈ 1e-16 / 1e-6 = 1e-10 relative, far inside the
 * tolerance. {@link #FLOAT32} uses eps 1e-2, atol 1e-2, rtol 2e-2: float32 rounding (≈ 6e-8 relative) divided
 * by the step gives ≈ 1e-5 of noise per unit of loss, and the truncation error O(eps²) ≈ 1e-4 times the third
 * derivative; the tolerance leaves a factor of about 10 above both.
 *
 * @param eps the central-difference step
 * @param atol the absolute tolerance
 * @param rtol the relative tolerance
 */
public record Tolerance(double eps, double atol, double rtol) {

    /** For float64 graphs. */
    public static final Tolerance FLOAT64 = new Tolerance(1e-6, 1e-5, 1e-3);
    /** For float32 graphs. */
    public static final Tolerance FLOAT32 = new Tolerance(1e-2, 1e-2, 2e-2);

    /** Validates the parameters. */
    public Tolerance {
        if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0) || Double.isInfinite(eps) || Double.isInfinite(atol)
                || Double.isInfinite(rtol)) {
            throw new IllegalArgumentException("tolerance: needs finite eps > 0, atol >= 0, rtol >= 0, got eps " + eps
                    + ", atol " + atol + ", rtol " + rtol);
        }
    }

    /** The tolerance matching a dtype. */
    public static Tolerance of(dev.adjoint.core.tensor.DType dtype) {
        return dtype == dev.adjoint.core.tensor.DType.FLOAT32 ? FLOAT32 : FLOAT64;
    }

    /** True when {@code analytic} and {@code numeric} agree. */
    public boolean agree(double analytic, double numeric) {
        if (Double.isNaN(analytic) || Double.isNaN(numeric)) {
            return false;
        }
        return Math.abs(analytic - numeric) <= atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
    }
}
