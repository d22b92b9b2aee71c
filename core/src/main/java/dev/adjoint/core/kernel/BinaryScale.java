package dev.adjoint.core.kernel;

/**
 * Scaling by a power of two that keeps a matrix's squared entries inside float64's range, for the decompositions
 * that sum squares: one-sided Jacobi SVD and the Jacobi eigendecomposition (Householder QR scales each reflector
 * instead, {@link #unit}). Multiplying by {@code 2^-e} is exact (short of subnormal results), and both are
 * homogeneous: {@code 2^-e A = U·diag(2^-e s)·Vᵀ}, {@code V·diag(2^-e w)·Vᵀ}. So the vectors of the scaled matrix
 * are those of A, and its values scale back exactly. Without it, an entry of 1e155 squared to +inf (every column
 * then looked orthogonal, every off-diagonal entry negligible) and one of 1e-170 squared to 0 (a column then looked
 * like null-space noise).
 *
 * <p>A matrix whose largest entry lies in {@code [2^-480, 2^480)} (or is 0, or not finite) is not scaled: its
 * squares, summed over fewer than {@code 2^40} terms, stay normal and finite, and its results keep their bits.
 * The SVD leaves a matrix unscaled also when it spans more than about {@code 2^980} between its largest and
 * smallest nonzero entries: no single scale keeps all its squares normal, and scaled, its ordinary columns' norms
 * would underflow (the eigendecomposition scales it all the same: it needs the Frobenius norm finite).
 */
final class BinaryScale {

    private static final int SAFE = 480;
    private static final int FLOOR = 500;

    private BinaryScale() {
    }

    /**
     * The exponent {@code e} to divide the matrix by, given its largest and its smallest nonzero magnitude: 0 inside
     * the safe range, else the one that brings {@code largest} to {@code [2^(SAFE-1), 2^SAFE)}, the top of the range,
     * which leaves the most room below it. Not scaled either (0) when scaling down would take the smallest nonzero
     * entry below {@code 2^-FLOOR}: a matrix holding 1e300 and 1 cannot have both squares in range.
     */
    static int exponent(double largest, double smallest) {
        if (!(largest > 0) || Double.isInfinite(largest)) {
            return 0;
        }
        int e = Math.getExponent(largest);
        if (e >= -SAFE && e < SAFE) {
            return 0;
        }
        int shift = e - (SAFE - 1);
        // scaled down, the smallest nonzero entry must keep a normal square; else the matrix spans more than
        // float64's squares can hold, and it is left as it is (its huge squares overflow, as before)
        return shift > 0 && Math.getExponent(smallest) - shift < -FLOOR ? 0 : shift;
    }

    /** The exponent for the {@code count} elements of {@code x} from {@code o} ({@link #exponent(double, double)}). */
    static int exponent(double[] x, int o, int count) {
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double v = Math.abs(x[o + i]);
            largest = Math.max(largest, v);
            smallest = v > 0 ? Math.min(smallest, v) : smallest;
        }
        return exponent(largest, smallest);
    }

    /**
     * The exponent that brings {@code largest} into {@code [1, 2)} when it lies outside the safe range, else 0: for
     * a vector whose own scale is all that matters (a Householder vector, whose reflection {@code vvᵀ / vᵀv} does not
     * change with it).
     */
    static int unit(double largest) {
        if (!(largest > 0) || Double.isInfinite(largest)) {
            return 0;
        }
        int e = Math.getExponent(largest);
        return e >= -SAFE && e < SAFE ? 0 : e;
    }

    /**
     * {@code ⌊log2 |x|⌋} of a nonzero finite x, subnormals included: the e with {@code 2^e <= |x| < 2^(e+1)}
     * ({@link Math#getExponent} gives {@code Double.MIN_EXPONENT - 1} for every subnormal; scaled up by
     * {@code 2^54}, a subnormal is normal and its exponent exact).
     */
    static int floorLog2(double x) {
        int e = Math.getExponent(x);
        return e >= Double.MIN_EXPONENT ? e : Math.getExponent(x * 0x1p54) - 54;
    }

    /** The largest {@code |x|} of {@code count} elements from {@code o}; NaN if any is NaN. */
    static double largest(double[] x, int o, int count) {
        double max = 0;
        for (int i = 0; i < count; i++) {
            max = Math.max(max, Math.abs(x[o + i]));
        }
        return max;
    }
}
