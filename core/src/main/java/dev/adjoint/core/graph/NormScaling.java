package dev.adjoint.core.graph;

import dev.adjoint.core.tensor.DType;
import java.util.List;

/**
 * The scaling of LAPACK's {@code dnrm2}, shared by the norms that sum squares or powers ({@link StatisticOp#normL2},
 * {@link StatisticOp#normP}, optim's gradient norms): with m the largest {@code |x|}, the entries are divided by
 * {@code s = 2^k}, {@code k = ⌊log2 m⌋}, before they are raised to a power, and the norm multiplied by s after. A
 * power of two divides exactly, so where the plain powers neither overflow nor underflow the scaled norm has their
 * bits, and where they do it is finite and not 0. The exponent is clamped to the dtype's normal range, where
 * {@code 2^k} and every division by it are exact, and is a constant to autodiff: the scaled norm's gradient is the
 * same function of x without it.
 */
public final class NormScaling {

    private NormScaling() {
    }

    /**
     * {@code max |x|} over the axes (all when none are given; negative ones count from the end), kept as size 1 if
     * {@code keepDims}. Over an axis of size 0 it is {@code -inf}, the maximum's identity, for which
     * {@link #exponent} gives 0: an empty tensor has nothing to scale (where {@link ReduceOp#max} refuses it).
     */
    public static Node largestMagnitude(Node x, boolean keepDims, int... axes) {
        List<Integer> reduced = ReduceOp.normalize(x, axes, "largestMagnitude");
        return Node.apply(new ReduceOp.Extremum(reduced, keepDims, true), x.abs());
    }

    /**
     * {@code k = ⌊log2 m⌋}, clamped to the normal exponents of m's dtype ({@link #clampedToNormal}), and 0 where m
     * is 0, infinite or NaN (nothing to scale; {@code 2^0 = 1}); its gradient is stopped.
     *
     * @param m the largest {@code |x|} ({@link #largestMagnitude}), floating-point
     */
    public static Node exponent(Node m) {
        Node usable = m.isFinite().logicalAnd(m.greater(SourceOp.zerosLike(m)));
        return usable.where(clampedToNormal(m.log2().floor(), m.dtype()), SourceOp.zerosLike(m)).stopGradient();
    }

    /** k clamped to the exponents of {@code dtype}'s normal numbers: {@code [-126, 127]} or {@code [-1022, 1023]}. */
    public static Node clampedToNormal(Node k, DType dtype) {
        return dtype == DType.FLOAT32 ? k.clip(-126, 127) : k.clip(-1022, 1023);
    }

    /** {@code 2^k} in {@code dtype}, exact for an integer k among {@code dtype}'s normal exponents. */
    public static Node powerOfTwo(Node k, DType dtype) {
        return SourceOp.scalar(2.0, dtype).pow(k.cast(dtype));
    }
}
