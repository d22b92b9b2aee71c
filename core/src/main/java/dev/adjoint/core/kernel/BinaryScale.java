package dev.adjoint.core.kernel;

/**
 * Scaling by a power of two that keeps a matrix's squared entries inside float64's range, for the decompositions
 * that sum squares (one-sided Jacobi SVD, Jacobi eigendecomposition, Householder QR). Multiplying by {@code 2^-e}
 * is exact (short of subnormal results), and each decomposition is homogeneous: {@code 2^-e A = U·diag(2^-e s)·Vᵀ}
 * for the SVD, {@code V·diag(2^-e w)·Vᵀ} for the eigendecomposition, {@code Q·(2^-e R)} for QR. So the vectors of
 * the scaled matrix are those of A, and its values scale back exactly. Without it, an entry of 1e155 squared to
 * +inf (every column then looked orthogonal, or the QR reflector was NaN) and one of 1e-170 squared to 0 (a column
 * then looked like null-space noise).
 *
 * <p>A matrix whose largest entry lies in {@code [2^-480, 2^480]} (or is 0, or not finite) is not scaled: its
 * squares, summed over fewer than {@code 2^40} terms, stay normal and finite, and its results keep their bits.
 */
final class BinaryScale {

    private static final int SAFE = 480;

    private BinaryScale() {
    }

    /**
     * The exponent {@code e} to divide the matrix by, given its largest magnitude: 0 inside the safe range, else
     * the binary exponent of {@code largest}, which brings it into {@code [1, 2)}.
     */
    static int exponent(double largest) {
        if (!(largest > 0) || Double.isInfinite(largest)) {
            return 0;
        }
        int e = Math.getExponent(largest);
        return e >= -SAFE && e < SAFE ? 0 : e;
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
